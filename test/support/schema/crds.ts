import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { compileRule } from './cel';
import { KUBERNETES_RANGE, kubernetesDefinitions } from './kubernetes';
import { closeObjects, Schema, SchemaSource } from './schema';

/**
 * Custom resources, from the unmodified upstream CRDs in `../shared/crds/` (read in place; see its
 * README for the tags they come from): the `openAPIV3Schema` of each served version, with
 * structural-schema semantics (validate.ts) and the `x-kubernetes-validations` CEL rules.
 */
export const CRDS_DIR = path.join(__dirname, '..', '..', '..', '..', 'shared', 'crds');

/** The CRD releases we validate against: a set of CRDs from one upstream tag (and channel). */
export enum CrdRelease {
  ARGO_ROLLOUTS_1_9_1 = 'argo-rollouts-v1.9.1',
  PROMETHEUS_OPERATOR_0_93_0 = 'prometheus-operator-v0.93.0',
  /** The oldest Gateway API we promise to work with. */
  GATEWAY_API_1_2_1_STANDARD = 'gateway-api-v1.2.1/standard',
  /** The newest Gateway API standard channel. */
  GATEWAY_API_1_6_1_STANDARD = 'gateway-api-v1.6.1/standard',
  /** Only for output explicitly marked experimental (e.g. `sessionPersistence`). */
  GATEWAY_API_1_6_1_EXPERIMENTAL = 'gateway-api-v1.6.1/experimental',
}

const NAMES: { [release in CrdRelease]: string } = {
  [CrdRelease.ARGO_ROLLOUTS_1_9_1]: 'Argo Rollouts v1.9.1',
  [CrdRelease.PROMETHEUS_OPERATOR_0_93_0]: 'prometheus-operator v0.93.0',
  [CrdRelease.GATEWAY_API_1_2_1_STANDARD]: 'Gateway API v1.2.1 standard',
  [CrdRelease.GATEWAY_API_1_6_1_STANDARD]: 'Gateway API v1.6.1 standard',
  [CrdRelease.GATEWAY_API_1_6_1_EXPERIMENTAL]: 'Gateway API v1.6.1 experimental',
};

/** Every x-kubernetes-validations rule in a schema, each once. */
export function celRules(schema: Schema, seen = new Set<Schema>()): Array<{ rule: string; message?: string }> {
  if (seen.has(schema)) { return []; }
  seen.add(schema);
  const rules = [...(schema['x-kubernetes-validations'] ?? [])];
  const children = [
    ...Object.values(schema.properties ?? {}),
    ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
    ...(schema.items ? [schema.items] : []),
    ...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? []),
  ];
  for (const c of children) { rules.push(...celRules(c, seen)); }
  return rules;
}

/**
 * The CustomResourceDefinitions in a YAML file, as JSON. Parsing YAML is most of the cost of a
 * CRD (the Argo Rollouts ones are 200 kB each), so the parsed form is cached on disk between test
 * files and runs, keyed by the file's path, size and modification time.
 */
function readCrds(file: string): any[] {
  const stat = fs.statSync(file);
  const key = crypto.createHash('sha256').update(`${file}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 32);
  const cached = path.join(CACHE_DIR, `${key}.json`);
  try {
    return JSON.parse(fs.readFileSync(cached, 'utf8'));
  } catch {
    const crds = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS()).filter(d => d?.kind === 'CustomResourceDefinition');
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written whole, then renamed: parallel test workers never read half a file.
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, JSON.stringify(crds));
    fs.renameSync(partial, cached);
    return crds;
  }
}

const CACHE_DIR = path.join(os.tmpdir(), 'cdk8s-zero-downtime-crds');

/** `group kind` of the CRD a file defines, read without parsing it (controller-gen's layout). */
function definedKind(text: string): string | undefined {
  const group = /^ {2}group: (\S+)$/m.exec(text)?.[1];
  const kind = /^ {2}names:\n(?: {4}.*\n)*? {4}kind: (\w+)$/m.exec(text)?.[1];
  return group && kind ? `${group} ${kind}` : undefined;
}

/** The files of a release, by the `group kind` they define. */
const releaseFiles = new Map<CrdRelease, Map<string, string>>();

function filesOf(release: CrdRelease): Map<string, string> {
  let files = releaseFiles.get(release);
  if (!files) {
    files = new Map();
    const dir = path.join(CRDS_DIR, release);
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
      const kind = definedKind(fs.readFileSync(path.join(dir, file), 'utf8'));
      if (!kind) { throw new Error(`cannot tell which kind ${path.join(dir, file)} defines`); }
      files.set(kind, path.join(dir, file));
    }
    releaseFiles.set(release, files);
  }
  return files;
}

const METADATA_REF = '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Every served version of the CRDs in a file, by `apiVersion kind`, ready to validate with. */
function loadSchemas(file: string): Map<string, Schema> {
  const kinds = new Map<string, Schema>();
  for (const crd of readCrds(file)) {
    for (const version of crd.spec.versions) {
      if (!version.served) { continue; }
      const schema: Schema = closeObjects(version.schema.openAPIV3Schema);
      // The API server validates a custom resource's metadata as ObjectMeta, whatever the CRD
      // says (`metadata: {type: object}`): unknown metadata fields are refused too.
      schema.properties = { ...schema.properties, metadata: { $ref: METADATA_REF } };
      // Compile every rule now: a rule calling a function cel.ts lacks fails the first
      // validation against this CRD, not only a manifest whose values reach that call.
      celRules(schema).forEach(({ rule, message }) => compileRule(rule, message));
      kinds.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, schema);
    }
  }
  return kinds;
}

const schemas = new Map<string, Map<string, Schema>>();
const sources = new Map<CrdRelease, SchemaSource>();

function sourceOf(release: CrdRelease): SchemaSource {
  let source = sources.get(release);
  if (!source) {
    // Only the metadata refers to definitions: Kubernetes' ObjectMeta, of the newest minor.
    const core = kubernetesDefinitions(KUBERNETES_RANGE[1]);
    source = { name: NAMES[release], structural: true, resolve: (ref: string) => core.resolve(ref) };
    sources.set(release, source);
  }
  return source;
}

/** Every served `apiVersion kind` of a release with its schema (loads all its CRDs). */
export function crdRelease(release: CrdRelease): { source: SchemaSource; kinds: Map<string, Schema> } {
  const kinds = new Map<string, Schema>();
  for (const file of filesOf(release).values()) {
    if (!schemas.has(file)) { schemas.set(file, loadSchemas(file)); }
    schemas.get(file)!.forEach((s, k) => kinds.set(k, s));
  }
  return { source: sourceOf(release), kinds };
}

/** The schema of a kind in a CRD release; undefined when the release does not serve it. */
export function crdSchema(release: CrdRelease, apiVersion: string, kind: string): { schema?: Schema; source: SchemaSource } {
  const group = apiVersion.split('/')[0];
  const file = filesOf(release).get(`${group} ${kind}`);
  if (file && !schemas.has(file)) { schemas.set(file, loadSchemas(file)); }
  return { schema: file ? schemas.get(file)!.get(`${apiVersion} ${kind}`) : undefined, source: sourceOf(release) };
}
