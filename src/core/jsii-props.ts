import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { IConstruct } from 'constructs';
import { invalidPropAt, renderValue, Shown } from './errors';

/*
 * Props checked against the library's own jsii type system, at run time.
 *
 * TypeScript callers have a compiler; JavaScript, Python, Java, C# and Go callers reach the
 * constructs through the same JavaScript and get no such check. Without this a misspelled prop
 * is ignored (`weigth: 25` writes weight 0), and a plain object where a value class belongs ends
 * in a TypeError deep inside rendering. The assembly that jsii writes at the package root
 * (`.jsii`, shipped in the npm package; jsii-pacmak builds every other language's binding from it)
 * already describes every prop, so the checks here are read from it rather than written by hand:
 * a new prop is checked the moment it is compiled.
 *
 * What is checked, following the jsii type references (@jsii/spec `TypeReference`): primitives
 * (`string`, `number` (finite), `boolean`; `any` and `json` accept anything), enums (one of the
 * members' runtime values), classes (`instanceof` the exported class), structs (no unknown
 * keys, required props present, each prop recursively, inherited props through `interfaces`),
 * behavioural interfaces (an object with the required members), arrays and maps. `null` is
 * refused: an optional prop takes its default only when it is left out. The jsii kernel turns
 * null (Python's None, Java's null) from every other language into undefined before it calls us
 * (aws/jsii packages/@jsii/kernel/src/serialization.ts, the table at its top), so only JavaScript
 * callers can write null.
 */

const OWN = 'cdk8s-zero-downtime';

/** @jsii/spec TypeReference, as far as the checks read it. */
interface TypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: string; readonly elementtype: TypeRef };
  readonly union?: { readonly types: TypeRef[] };
  readonly intersection?: { readonly types: TypeRef[] };
}
interface Param { readonly name: string; readonly type: TypeRef; readonly optional?: boolean; readonly variadic?: boolean }
interface Prop {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional?: boolean;
  readonly static?: boolean;
  readonly docs?: { readonly summary?: string };
}
interface Method { readonly name: string; readonly static?: boolean; readonly parameters?: Param[]; readonly returns?: { readonly type: TypeRef } }
interface TypeDef {
  readonly kind: string;
  readonly fqn: string;
  readonly name: string;
  readonly assembly: string;
  readonly datatype?: boolean;
  readonly properties?: Prop[];
  readonly interfaces?: string[];
  readonly methods?: Method[];
  readonly members?: Array<{ readonly name: string }>;
  readonly base?: string;
  readonly initializer?: { readonly parameters?: Param[] };
  readonly abstract?: boolean;
}
interface Assembly { readonly name: string; readonly types?: { readonly [fqn: string]: TypeDef } }

/** A refusal: where (construct path or factory), prop path, value, rule and fix. */
type Fail = (prop: string, value: unknown, problem: string, fix: string) => never;

/**
 * Checks the props of a construct against the struct `type` (e.g. `CanaryIngressProps`) and
 * throws the library's usual error, at `scope`'s path, naming the prop as the user wrote it.
 * Call it first thing in a public constructor, after any check of removed props (their "moved"
 * message is more useful than "unknown").
 */
export function checkProps(scope: IConstruct, type: string, props: unknown): void {
  const fail: Fail = (prop, value, problem, fix) => { throw invalidPropAt(scope.node.path, { prop, value, problem, fix }); };
  new Walker(fail).value('', props, { fqn: qualify(type) }, false, 'props');
}

/**
 * Checks the arguments of a public method (`Probe.httpGet(path, options)`) against its jsii
 * signature. `where` is the construct for an instance method, or nothing for a static factory,
 * whose refusal is then located as `Probe.httpGet`.
 */
export function checkArgs(where: IConstruct | undefined, type: string, method: string, args: unknown[]): void {
  const def = typeDef(qualify(type));
  const m = def?.methods?.find(x => x.name === method);
  if (!def || !m) {
    throw new Error(`${OWN}: no method ${type}.${method} in the jsii assembly; run \`npx projen compile\``);
  }
  const at = where?.node.path ?? `${def.name}.${method}`;
  const fail: Fail = (prop, value, problem, fix) => { throw invalidPropAt(at, { prop, value, problem, fix }); };
  const walker = new Walker(fail);
  const params = m.parameters ?? [];
  params.forEach((p, i) => {
    const given = p.variadic ? args.slice(i) : [args[i]];
    given.forEach((arg, j) => walker.value(p.variadic ? `${p.name}[${j}]` : p.name, arg, p.type, !!p.optional || !!p.variadic, p.name));
  });
}

class Walker {
  constructor(private readonly fail: Fail) {}

  /** Checks `v` at prop path `at` (`''` for the props themselves); `name` is how a fix names it. */
  public value(at: string, v: unknown, t: TypeRef, optional: boolean, name: string, doc?: string): void {
    const what = () => doc ? ` (${lowerFirst(firstSentence(doc))})` : '';
    if (v === undefined) {
      if (optional) { return; }
      this.fail(at || name, v, `${lastName(at || name)} is required${what()}`, `give ${lastName(at || name)}: ${example(t)}`);
    }
    if (v === null) {
      if (optional) {
        this.fail(at, null, 'null is not a value here: an optional prop takes its default only when it is left out', `leave ${lastName(at)} out, or give ${example(t)}`);
      }
      this.fail(at || name, null, `${lastName(at || name)} is required, and null is no value${what()}`, `give ${lastName(at || name)}: ${example(t)}`);
    }
    if (t.primitive !== undefined) { return this.primitive(at, v, t.primitive); }
    if (t.collection !== undefined) { return this.collection(at, v, t.collection.kind, t.collection.elementtype); }
    if (t.union !== undefined) { return this.union(at, v, t.union.types, name); }
    if (t.fqn === undefined) { return; }
    // The common case first, without reading a dependency's assembly (cdk8s's is large):
    // an instance of the class named.
    const runtime = runtimeExport(t.fqn);
    if (typeof runtime === 'function' && v instanceof runtime) { return; }
    const def = typeDef(t.fqn);
    if (def === undefined) { return; }
    if (def.kind === 'enum') { return this.enumValue(at, v, def); }
    if (def.kind === 'class') { return this.instance(at, v, def); }
    if (def.kind === 'interface' && def.datatype) { return this.struct(at, v, def); }
    if (def.kind === 'interface') { return this.behaviour(at, v, def); }
  }

  private primitive(at: string, v: unknown, primitive: string) {
    switch (primitive) {
      case 'string':
        if (typeof v !== 'string') {
          this.fail(at, v, `a string is expected, not ${kindOf(v)}`, typeof v === 'number' || typeof v === 'boolean' ? `write it in quotes: ${JSON.stringify(String(v))}` : 'give a string');
        }
        return;
      case 'number':
        if (typeof v !== 'number') {
          const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
          this.fail(at, v, `a number is expected, not ${kindOf(v)}`, Number.isFinite(n) ? `write ${n} without quotes` : 'give a number');
        }
        if (!Number.isFinite(v as number)) {
          this.fail(at, v, `${v} is not a finite number, and no Kubernetes field takes it`, 'give a finite number');
        }
        return;
      case 'boolean':
        if (typeof v !== 'boolean') {
          this.fail(at, v, `true or false is expected, not ${kindOf(v)}`, v === 'true' || v === 'false' ? `write ${v} without quotes` : 'give true or false');
        }
        return;
      case 'date':
        if (!(v instanceof Date)) { this.fail(at, v, `a Date is expected, not ${kindOf(v)}`, 'give a Date'); }
        return;
      default: // any, json
        return;
    }
  }

  private collection(at: string, v: unknown, kind: string, element: TypeRef) {
    if (kind === 'array') {
      if (!Array.isArray(v)) {
        this.fail(at, v, `a list is expected, not ${kindOf(v)}`, `write it as a list: [${example(element)}, ...]`);
      }
      (v as unknown[]).forEach((e, i) => this.value(`${at}[${i}]`, e, element, false, `${lastName(at)}[${i}]`));
      return;
    }
    if (!isRecord(v)) {
      this.fail(at, v, `a map of names to values is expected, not ${kindOf(v)}`, `write it as an object: { NAME: ${example(element)} }`);
    }
    for (const [key, e] of Object.entries(v as object)) {
      this.value(`${at}[${JSON.stringify(key)}]`, e, element, false, key);
    }
  }

  private union(at: string, v: unknown, types: TypeRef[], name: string) {
    const problems: string[] = [];
    for (const t of types) {
      try {
        new Walker((_p, _v, problem) => { throw new Error(problem); }).value(at, v, t, false, name);
        return;
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    this.fail(at, v, `none of the accepted types fits (${problems.join('; ')})`, `give ${types.map(example).join(' or ')}`);
  }

  private enumValue(at: string, v: unknown, def: TypeDef) {
    const runtime = runtimeExport(def.fqn) as { [member: string]: unknown } | undefined;
    if (runtime === undefined) { return; }
    const members = (def.members ?? []).map(m => ({ name: `${def.name}.${m.name}`, value: runtime[m.name] }));
    if (members.some(m => m.value === v)) { return; }
    const wanted = String(v).toLowerCase().replace(/[-_ ]/g, '');
    const close = members.find(m => String(m.value).toLowerCase().replace(/[-_ ]/g, '') === wanted || m.name.split('.')[1].toLowerCase().replace(/_/g, '') === wanted);
    this.fail(at, v, `${def.name} has no such member`, close
      ? `use ${close.name}${from(def)} (did you mean ${close.name}?)`
      : `use ${orList(members.map(m => m.name))}${from(def)}`);
  }

  private instance(at: string, v: unknown, def: TypeDef) {
    const ctor = runtimeExport(def.fqn);
    if (typeof ctor !== 'function' || v instanceof ctor) { return; }
    const factories = factoriesOf(def);
    const listed = factories.length > 0
      ? `build one with ${orList(factories.map(f => signature(def, f)))}${from(def)}`
      : `give ${article(def.name)}${from(def)}${def.abstract ? '' : `: new ${def.name}(...)`}`;
    if (typeof v === 'function') {
      const uncalled = factories.find(f => (ctor as unknown as { [k: string]: unknown })[f.name] === v);
      if (uncalled) {
        this.fail(at, new Shown(`${def.name}.${uncalled.name}, not called`), `${def.name}.${uncalled.name} makes ${article(def.name)} when it is called; the function itself is not one`, `call it: ${signature(def, uncalled)}`);
      }
      this.fail(at, new Shown(`the function ${v.name || '(anonymous)'}`), `${article(def.name)} is expected, not a function`, listed);
    }
    if (typeof v !== 'object') {
      const fits = primitiveFactories(def, typeof v);
      this.fail(at, v, `${article(def.name)} is expected, not ${kindOf(v)}`, fits.length > 0
        ? `use ${orList(fits.map(f => `${def.name}.${f.name}(${renderValue(v)})`))}${from(def)}`
        : listed);
    }
    const other = (v as object).constructor;
    // jsii marks every class it compiles with its fully qualified name (the static
    // Symbol.for('jsii.rtti') that jsii emits). A value class of another library that bears the
    // same name, such as cdk8s-plus-33's EnvValue, is told apart from another copy of this one.
    const foreign = (other as unknown as { [k: symbol]: { fqn?: unknown } | undefined } | undefined)?.[Symbol.for('jsii.rtti')]?.fqn;
    if (typeof foreign === 'string' && foreign !== def.fqn && foreign.split('.').pop() === def.name) {
      const library = foreign.split('.')[0];
      this.fail(at, new Shown(`${article(def.name)} from ${library}`), `${article(def.name)} of ${def.assembly} is expected, and ${library}'s ${def.name} is another class, which this library does not read`,
        `import ${def.name} from '${def.assembly}' instead of '${library}': it has the same factories`);
    }
    if (other && other !== Object && other.name === def.name) {
      this.fail(at, new Shown(`${article(def.name)} of another copy of ${def.assembly}`), `${article(def.name)} is expected, and this one comes from another installed copy of ${def.assembly}, whose classes this copy cannot use`,
        `install one version (\`npm ls ${def.assembly}\` shows them) and import ${def.name} from it`);
    }
    if (other && other !== Object) {
      this.fail(at, new Shown(article(other.name)), `${article(def.name)} is expected, not ${article(other.name)}`, listed);
    }
    // The most specific options first (IngressNginxRouteOptions extends IngressRouteOptions).
    const wraps = factories.filter(f => fitsOptions(f, v as object)).sort((x, y) => optionCount(y) - optionCount(x));
    this.fail(at, v, `${article(def.name)} is expected; a plain object is not one, and none of its fields would be read`, wraps.length > 0
      ? `wrap it: ${orList(wraps.map(f => `${def.name}.${f.name}(${renderOptions(v as object)})`))}${from(def)}`
      : listed);
  }

  private struct(at: string, v: unknown, def: TypeDef) {
    if (!isRecord(v)) {
      this.fail(at, v, `${def.name} is expected: an object of props, not ${kindOf(v)}`, `write ${lastName(at) || 'the props'} as { ${requiredOf(def).map(p => `${p.name}: ...`).join(', ') || '...'} }`);
    }
    const props = propsOf(def);
    const record = v as { [key: string]: unknown };
    for (const key of Object.keys(record)) {
      if (props.has(key)) { continue; }
      const missing = requiredOf(def).filter(p => record[p.name] === undefined).map(p => `'${p.name}'`);
      const also = missing.length > 0 ? `; ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required and missing` : '';
      const near = nearest(key, [...props.keys()]);
      this.fail(join(at, key), shown(record[key]), `${def.name} has no prop '${key}', so it would be ignored${staleNote(def)}`, near
        ? `rename it to '${near}' (did you mean '${near}'?)${also}`
        : `remove it; ${def.name} takes ${[...props.keys()].map(k => `'${k}'`).join(', ')}${also}`);
    }
    for (const p of props.values()) {
      this.value(join(at, p.name), record[p.name], p.type, !!p.optional, p.name, p.docs?.summary);
    }
  }

  private behaviour(at: string, v: unknown, def: TypeDef) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      this.fail(at, v, `${article(def.name)} is expected, not ${kindOf(v)}`, `give a construct that implements ${def.name}`);
    }
    const record = v as { [key: string]: unknown };
    for (const d of lineage(def)) {
      const gaps = [
        ...(d.properties ?? []).filter(p => !p.optional && !p.static && record[p.name] === undefined).map(p => p.name),
        ...(d.methods ?? []).filter(m => !m.static && typeof record[m.name] !== 'function').map(m => `${m.name}()`),
      ];
      if (gaps.length > 0) {
        this.fail(at, new Shown(describe(v)), `${article(def.name)} is expected, and this has no ${gaps.join(', ')}`, `give a construct that implements ${def.name}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The assemblies: read once, lazily.

const assemblies = new Map<string, Assembly | null>();
const propsCache = new Map<string, Map<string, Prop>>();

function qualify(type: string): string {
  return type.includes('.') ? type : `${OWN}.${type}`;
}

function typeDef(fqn: string): TypeDef | undefined {
  const name = fqn.split('.')[0];
  return assembly(name)?.types?.[fqn];
}

function assembly(name: string): Assembly | undefined {
  if (!assemblies.has(name)) {
    assemblies.set(name, name === OWN ? loadOwn() : loadDependency(name));
  }
  return assemblies.get(name) ?? undefined;
}

/** `.jsii` sits at the package root: two levels above `src/core` (ts-node, ts-jest) and `lib/core`. */
function loadOwn(): Assembly {
  const root = path.join(__dirname, '..', '..');
  const file = path.join(root, '.jsii');
  if (!fs.existsSync(file)) {
    throw new Error(`${OWN}: the jsii assembly ${file} is missing, and props cannot be checked without it; run \`npx projen compile\` (a published package ships it)`);
  }
  return readAssembly(file);
}

/**
 * Running from the TypeScript sources (tests, examples), an assembly older than the sources may
 * lack a prop just added, which would then be refused as unknown: the refusal says so. Looked
 * up only when a prop is refused, so a stale assembly costs nothing until it matters.
 */
function staleNote(def: TypeDef): string {
  if (def.assembly !== OWN || path.extname(__filename) !== '.ts') { return ''; }
  const root = path.join(__dirname, '..', '..');
  const src = path.join(root, 'src');
  const built = fs.statSync(path.join(root, '.jsii')).mtimeMs;
  const newer = (fs.readdirSync(src, { recursive: true }) as string[])
    .filter(f => f.endsWith('.ts'))
    .find(f => fs.statSync(path.join(src, f)).mtimeMs > built);
  return newer === undefined ? '' : ` (the jsii assembly .jsii is older than src/${newer}: if the prop was just added, run \`npx projen compile\`)`;
}

/** A dependency's assembly (cdk8s, constructs), or undefined when not found. */
function loadDependency(name: string): Assembly | null {
  try {
    // The package root is the first folder above its main file with a package.json.
    let dir = path.dirname(require.resolve(name));
    while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) { dir = path.dirname(dir); }
    const file = path.join(dir, '.jsii');
    return fs.existsSync(file) ? readAssembly(file) : null;
  } catch {
    return null;
  }
}

/** Reads an assembly, following jsii's redirect to a compressed file (@jsii/spec `assembly-utils`). */
function readAssembly(file: string): Assembly {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (parsed.schema === 'jsii/file-redirect') {
    const target = path.join(path.dirname(file), parsed.filename);
    const data = fs.readFileSync(target);
    return JSON.parse((parsed.compression === 'gzip' ? zlib.gunzipSync(data) : data).toString('utf8'));
  }
  return parsed;
}

const exportsCache = new Map<string, unknown>();

/** The class or enum object that the fqn names, from the package's exports. */
function runtimeExport(fqn: string): unknown {
  if (!exportsCache.has(fqn)) {
    const [name, ...rest] = fqn.split('.');
    // Required lazily: this module is imported by the constructs that the index exports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported: unknown = name === OWN ? require('../index') : require(name);
    exportsCache.set(fqn, rest.reduce<unknown>((o, key) => (o as { [k: string]: unknown } | undefined)?.[key], exported));
  }
  return exportsCache.get(fqn);
}

/** The struct and the structs it extends, each once. */
function lineage(def: TypeDef): TypeDef[] {
  const seen = new Map<string, TypeDef>();
  const visit = (d: TypeDef) => {
    if (seen.has(d.fqn)) { return; }
    seen.set(d.fqn, d);
    for (const i of d.interfaces ?? []) {
      const parent = typeDef(i);
      if (parent) { visit(parent); }
    }
  };
  visit(def);
  return [...seen.values()];
}

function propsOf(def: TypeDef): Map<string, Prop> {
  let props = propsCache.get(def.fqn);
  if (!props) {
    props = new Map();
    for (const d of lineage(def)) {
      for (const p of d.properties ?? []) {
        if (!props.has(p.name)) { props.set(p.name, p); }
      }
    }
    propsCache.set(def.fqn, props);
  }
  return props;
}

function requiredOf(def: TypeDef): Prop[] {
  return [...propsOf(def).values()].filter(p => !p.optional);
}

/** Static methods that return the class: the ways to make one. */
function factoriesOf(def: TypeDef): Method[] {
  return (def.methods ?? []).filter(m => m.static && m.returns?.type.fqn === def.fqn);
}

/** Factories that make one from a single value of the given primitive kind (`EnvValue.fromValue`). */
function primitiveFactories(def: TypeDef, kind: string): Method[] {
  const takes = (m: Method) => (m.parameters ?? [])[0]?.type.primitive === kind;
  const factories = factoriesOf(def).filter(takes);
  const exact = factories.filter(m => (m.parameters ?? []).length === 1);
  return exact.length > 0 ? exact : factories.filter(m => (m.parameters ?? []).filter(p => !p.optional).length === 1);
}

/** Whether `v` would be a valid options struct of a factory whose only parameter is that struct. */
function fitsOptions(m: Method, v: object): boolean {
  const params = m.parameters ?? [];
  const fqn = params[0]?.type.fqn;
  const def = fqn ? typeDef(fqn) : undefined;
  if (params.length !== 1 || !def?.datatype) { return false; }
  const props = propsOf(def);
  return Object.keys(v).every(k => props.has(k)) && requiredOf(def).every(p => (v as { [k: string]: unknown })[p.name] !== undefined);
}

function optionCount(m: Method): number {
  const def = typeDef(m.parameters?.[0]?.type.fqn ?? '');
  return def ? propsOf(def).size : 0;
}

function signature(def: TypeDef, m: Method): string {
  return `${def.name}.${m.name}(${(m.parameters ?? []).map(p => p.name).join(', ')})`;
}

function from(def: TypeDef): string {
  return def.assembly === OWN ? '' : ` (${def.name} from ${def.assembly})`;
}

/** How a fix shows the expected type: `a number`, `EnvValue.fromValue(...)`, `Color.BLUE`. */
function example(t: TypeRef): string {
  if (t.primitive) { return t.primitive === 'any' || t.primitive === 'json' ? 'a value' : `a ${t.primitive}`; }
  if (t.collection) { return t.collection.kind === 'array' ? `[${example(t.collection.elementtype)}, ...]` : `{ NAME: ${example(t.collection.elementtype)} }`; }
  if (t.union) { return t.union.types.map(example).join(' or '); }
  const def = t.fqn ? typeDef(t.fqn) : undefined;
  if (!def) { return 'a value'; }
  if (def.kind === 'enum') { return orList((def.members ?? []).map(m => `${def.name}.${m.name}`)); }
  if (def.kind === 'class') {
    const f = factoriesOf(def)[0];
    return f ? signature(def, f) : article(def.name);
  }
  if (def.datatype) { return `{ ${requiredOf(def).map(p => `${p.name}: ...`).join(', ') || '...'} }`; }
  return article(def.name);
}

// ---------------------------------------------------------------------------------------------
// Words

/** The first sentence of a doc summary, without its full stop. */
function firstSentence(doc: string): string {
  return doc.replace(/\s+/g, ' ').replace(/^(.*?[^.]{2})\.( .*)?$/, '$1');
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

function join(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}

function lastName(at: string): string {
  return at.replace(/^.*[.\]]/, '').replace(/\[.*$/, '') || at;
}

/** `a Probe`, `an EnvValue`. */
function article(name: string): string {
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

function isRecord(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) { return 'null'; }
  if (Array.isArray(v)) { return 'a list'; }
  if (typeof v === 'object') { return v.constructor && v.constructor !== Object ? article(v.constructor.name) : 'an object'; }
  if (typeof v === 'function') { return 'a function'; }
  return `a ${typeof v}`;
}

/** A value class instance by its class (`a CanaryReplicas`), rather than by its private fields. */
function shown(v: unknown): unknown {
  const c = typeof v === 'object' && v !== null && !Array.isArray(v) ? v.constructor : undefined;
  return c && c !== Object && c.name !== 'Duration' ? new Shown(article(c.name)) : v;
}

function describe(v: unknown): string {
  const c = (v as object).constructor;
  return c && c !== Object ? article(c.name) : kindOf(v);
}

function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Options as a user would write them in code: `{ host: "shop.example.com" }`. */
function renderOptions(options: object): string {
  const entries = Object.entries(options).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${renderValue(v)}`).join(', ')} }`;
}

/**
 * The known name a misspelt one most likely meant: the same letters in another case or with
 * `_`/`-` (snake_case from Python habits), a prefix (`min` for `minReplicas`), or a small edit
 * distance with transpositions (`weigth`, `sizeForWieght`, `canaryReplica`).
 */
export function nearest(key: string, known: string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const same = known.find(k => norm(k) === norm(key));
  if (same) { return same; }
  const limit = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  const scored = known.map(k => ({ k, d: distance(norm(key), norm(k)) })).sort((a, b) => a.d - b.d || a.k.localeCompare(b.k, 'en'));
  if (scored.length > 0 && scored[0].d <= limit) { return scored[0].k; }
  const prefixed = known.filter(k => key.length >= 3 && (norm(k).startsWith(norm(key)) || norm(key).startsWith(norm(k))));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) { d[0][j] = j; }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
