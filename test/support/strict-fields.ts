import * as ts from 'typescript';

/**
 * Strict field validation, as `kubectl apply --validate=strict` does it: a manifest may contain
 * only the fields its schema declares (at any depth, in arrays, maps and metadata), and each
 * primitive must have the declared JSON type. Required fields, enums and patterns are left to
 * the kubernetes-models validators (see manifests.ts), which ignore unknown fields.
 *
 * The structure is read, with the TypeScript compiler API, from the declaration files of the
 * same packages whose validators manifests.ts runs; their generator wrote them from upstream:
 * - kubernetes-models 4.5.1: the Kubernetes 1.33 OpenAPI spec, ObjectMeta and the other meta
 *   types from @kubernetes-models/apimachinery (2.2.0; 1.2.2 for the Argo kinds);
 * - @kubernetes-models/argo-rollouts 0.3.2: the CRDs of Argo Rollouts v1.5.0;
 * - @kubernetes-models/prometheus-operator 4.4.4 (package.json asks ^4.4.2): the stripped-down
 *   CRDs of prometheus-operator v0.65.1.
 * How the generator wrote the schema in TypeScript, and how it is read here:
 * - `number | string` is IntOrString, Quantity or x-kubernetes-int-or-string;
 * - `{ [key: string]: T }` is a map (additionalProperties), e.g. labels;
 * - `{}` (no properties, no index signature) and `any` are free-form: RawExtension, FieldsV1,
 *   JSON and x-kubernetes-preserve-unknown-fields.
 * Not checked: CEL rules (x-kubernetes-validations) and the API server's other validation code,
 * and whether a field exists in the cluster's own Kubernetes or CRD version (these are 1.33,
 * Argo Rollouts v1.5.0 and prometheus-operator v0.65.1: fields added later are refused).
 */

/** The model package of each API group; the core groups are in kubernetes-models. */
const MODEL_PACKAGES: { [apiGroup: string]: string } = {
  'argoproj.io': '@kubernetes-models/argo-rollouts',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

/** The module that models a kind, e.g. `kubernetes-models/apps/v1/Deployment`. */
export function modelModule(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${MODEL_PACKAGES[group] ?? 'kubernetes-models'}/${apiVersion}/${kind}`;
}

/** The kinds the library emits: the program is built over these at once, as most tests need several. */
const EMITTED_KINDS: Array<[string, string]> = [
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['batch/v1', 'Job'],
  ['argoproj.io/v1alpha1', 'AnalysisTemplate'],
  ['monitoring.coreos.com/v1', 'PrometheusRule'],
];

// Stand-ins for files whose real text would be most of the parsing cost and none of the schema.
// The declarations need only Array from the standard library (the checker requires the other
// names to exist), and from @kubernetes-models/base only TypeMeta: the real one pulls in the
// declarations of ajv.
const LIB_FILE = '/__strict-fields__/lib.d.ts';
const BASE_FILE = '/__strict-fields__/base.d.ts';
const STAND_INS: { [file: string]: string } = {
  [LIB_FILE]: `
    interface Array<T> { length: number; [n: number]: T; }
    interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
    interface Boolean {} interface Function {} interface CallableFunction {} interface NewableFunction {}
    interface IArguments {} interface Number {} interface Object {} interface RegExp {} interface String {}`,
  [BASE_FILE]: `
    export interface TypeMeta { apiVersion: string; kind: string; }
    export declare class Model<T> { constructor(data?: T); }
    export type ModelData<T> = T;
    export type TypeMetaGuard<T> = (value: unknown) => value is T;`,
};

const OPTIONS: ts.CompilerOptions = {
  noEmit: true,
  // Optional fields read as `T`, not `T | undefined`.
  strictNullChecks: false,
  skipLibCheck: true,
  types: [],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
};

// One program per jest module registry (i.e. per test file). It is rebuilt only when a manifest
// of a kind outside EMITTED_KINDS turns up, from the files already parsed.
let program: ts.Program | undefined;
const rootFiles = new Set<string>();
const rootTypes = new Map<string, ts.Type>();
const parsedFiles = new Map<string, ts.SourceFile>();
let compilerHost: ts.CompilerHost | undefined;
// An import the compiler cannot resolve types its names as `any`, which would read as free-form
// and let everything below it pass: the build fails instead.
const unresolved: string[] = [];

function declarationFile(apiVersion: string, kind: string): string {
  // Resolved the way manifests.ts loads the validator, so both describe the same package version.
  return require.resolve(modelModule(apiVersion, kind)).replace(/\.js$/, '.d.ts');
}

function createHost(): ts.CompilerHost {
  const host = ts.createCompilerHost(OPTIONS);
  const readSourceFile = host.getSourceFile.bind(host);
  const cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), f => host.getCanonicalFileName(f), OPTIONS);
  host.getDefaultLibFileName = () => LIB_FILE;
  // Comments are most of the declarations' text, and carry no structure.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseNone;
  host.getSourceFile = (fileName, languageVersion, onError) => {
    let file = parsedFiles.get(fileName);
    if (!file) {
      file = fileName in STAND_INS
        ? ts.createSourceFile(fileName, STAND_INS[fileName], languageVersion)
        : readSourceFile(fileName, languageVersion, onError);
      if (file) { parsedFiles.set(fileName, file); }
    }
    return file;
  };
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, options) => literals.map(literal => {
    if (literal.text === '@kubernetes-models/base') {
      return { resolvedModule: { resolvedFileName: BASE_FILE, extension: ts.Extension.Dts } };
    }
    const resolution = ts.resolveModuleName(literal.text, containingFile, options, host, cache, redirectedReference);
    if (resolution.resolvedModule?.extension !== ts.Extension.Dts) { unresolved.push(`${literal.text} from ${containingFile}`); }
    return resolution;
  });
  return host;
}

function currentProgram(file: string): ts.Program {
  if (!program || !rootFiles.has(file)) {
    if (!program) { EMITTED_KINDS.forEach(([v, k]) => rootFiles.add(declarationFile(v, k))); }
    rootFiles.add(file);
    compilerHost ??= createHost();
    program = ts.createProgram({ rootNames: [...rootFiles], options: OPTIONS, host: compilerHost, oldProgram: program });
    rootTypes.clear(); // types belong to the old program's checker
  }
  if (unresolved.length > 0) { throw new Error(`cannot resolve the model declarations: ${unresolved.join(', ')}`); }
  return program;
}

/** The `I<Kind>` interface a model module exports, e.g. `IDeployment`. */
function rootType(apiVersion: string, kind: string): ts.Type {
  const file = declarationFile(apiVersion, kind);
  const checker = currentProgram(file).getTypeChecker();
  let type = rootTypes.get(file);
  if (!type) {
    const source = program!.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find(s => s.name === `I${kind}`);
    if (!symbol) { throw new Error(`no interface I${kind} in ${file}`); }
    type = checker.getDeclaredTypeOfSymbol(symbol);
    rootTypes.set(file, type);
  }
  return type;
}

type JsonKind = 'string' | 'number' | 'boolean' | 'object' | 'array';

function jsonKind(value: unknown): JsonKind {
  if (Array.isArray(value)) { return 'array'; }
  const kind = typeof value;
  if (kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'object') { return kind; }
  throw new Error(`not a JSON value: ${String(value)}`);
}

/** Whether a type has one of the flags; TypeFlags is a bit set. */
function hasFlag(type: ts.Type, ...flags: ts.TypeFlags[]): boolean {
  // eslint-disable-next-line no-bitwise
  return flags.some(flag => (type.flags & flag) !== 0);
}

/** The JSON kinds a declared type accepts; undefined for free-form (any). */
function acceptedKinds(checker: ts.TypeChecker, type: ts.Type): Set<JsonKind> | undefined {
  if (hasFlag(type, ts.TypeFlags.Any, ts.TypeFlags.Unknown)) { return undefined; }
  // `boolean` is the union `true | false`: one kind, not two members.
  if (type.isUnion() && !hasFlag(type, ts.TypeFlags.Boolean)) {
    const kinds = new Set<JsonKind>();
    for (const member of type.types) {
      const k = acceptedKinds(checker, member);
      if (!k) { return undefined; }
      k.forEach(x => kinds.add(x));
    }
    return kinds;
  }
  if (hasFlag(type, ts.TypeFlags.BooleanLike)) { return new Set(['boolean']); }
  if (hasFlag(type, ts.TypeFlags.StringLike)) { return new Set(['string']); }
  if (hasFlag(type, ts.TypeFlags.NumberLike)) { return new Set(['number']); }
  if (checker.isArrayType(type)) { return new Set(['array']); }
  if (hasFlag(type, ts.TypeFlags.Object, ts.TypeFlags.Intersection)) { return new Set(['object']); }
  // null, undefined, never: no JSON value (null itself is handled before the type is consulted).
  return new Set();
}

/** `a.b[0]` for identifiers, `labels["app.kubernetes.io/name"]` for other keys. */
function child(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) { return path ? `${path}.${key}` : key; }
  return `${path}[${JSON.stringify(key)}]`;
}

function checkValue(checker: ts.TypeChecker, value: unknown, type: ts.Type, path: string, errors: string[]): void {
  // The API server reads null as "not set", and the model validators accept it too.
  if (value === null || value === undefined) { return; }
  const kinds = acceptedKinds(checker, type);
  if (!kinds) { return; }
  const actual = jsonKind(value);
  if (!kinds.has(actual)) {
    errors.push(`${path} must be ${[...kinds].join(' or ') || checker.typeToString(type)}, got ${actual}`);
    return;
  }
  if (actual !== 'object' && actual !== 'array') { return; }
  // The members of a union that take this kind of value; a value passes if one of them takes it.
  const candidates = type.isUnion()
    ? type.types.filter(m => acceptedKinds(checker, m)?.has(actual) ?? true)
    : [type];
  let best: string[] | undefined;
  for (const candidate of candidates) {
    const found: string[] = [];
    if (actual === 'array') {
      const element = checker.getTypeArguments(candidate as ts.TypeReference)[0];
      (value as unknown[]).forEach((v, i) => checkValue(checker, v, element, `${path}[${i}]`, found));
    } else {
      checkObject(checker, value as Record<string, unknown>, candidate, path, found);
    }
    if (found.length === 0) { return; }
    if (!best || found.length < best.length) { best = found; }
  }
  errors.push(...best!);
}

function checkObject(checker: ts.TypeChecker, value: Record<string, unknown>, type: ts.Type, path: string, errors: string[]): void {
  const mapValues = checker.getIndexInfoOfType(type, ts.IndexKind.String)?.type;
  // How the generator writes a free-form object (RawExtension, x-kubernetes-preserve-unknown-fields).
  if (!mapValues && checker.getPropertiesOfType(type).length === 0) { return; }
  for (const [key, v] of Object.entries(value)) {
    const property = checker.getPropertyOfType(type, key);
    const declared = property ? checker.getTypeOfSymbol(property) : mapValues;
    if (declared) {
      checkValue(checker, v, declared, child(path, key), errors);
    } else {
      errors.push(`unknown field ${child(path, key)}`);
    }
  }
}

/**
 * The fields of a manifest that its kind's schema does not declare, and the values of the wrong
 * JSON type, as messages with the JSON path (e.g. `unknown field spec.progresDeadlineSeconds`).
 */
export function strictFieldErrors(doc: { apiVersion: string; kind: string }): string[] {
  const type = rootType(doc.apiVersion, doc.kind);
  const errors: string[] = [];
  checkValue(program!.getTypeChecker(), doc, type, '', errors);
  return errors;
}
