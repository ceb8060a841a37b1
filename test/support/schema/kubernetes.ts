import * as fs from 'fs';
import * as path from 'path';
import { closeObjects, Schema, SchemaSource } from './schema';
import { KubernetesVersion } from '../../../src';

/**
 * Kubernetes' own API, from the unmodified OpenAPI v2 definitions of each minor in
 * `../shared/k8s-openapi/` (cdk8s-team/cdk8s `kubernetes-schemas/v1.NN.0/_definitions.json`),
 * read in place. Each kind is found by its `x-kubernetes-group-version-kind`.
 */
export const OPENAPI_DIR = path.join(__dirname, '..', '..', '..', '..', 'shared', 'k8s-openapi');

const minor = (v: string) => Number(v.split('.')[1]);
const SUPPORTED = (Object.values(KubernetesVersion) as string[]).sort((a, b) => minor(a) - minor(b));

/**
 * The oldest and the newest Kubernetes minor the library supports (its KubernetesVersion enum):
 * every core object is validated against both, or, when it targets a newer minor through
 * `kubernetesVersion`, against that minor and the newest. Extending the enum moves the pair.
 */
export const KUBERNETES_RANGE: readonly [oldest: KubernetesVersion, newest: KubernetesVersion] =
  [SUPPORTED[0] as KubernetesVersion, SUPPORTED[SUPPORTED.length - 1] as KubernetesVersion];

/** The Kubernetes minors an object that targets `target` is validated against (one when they coincide). */
export function kubernetesVersionsFor(target: string = KUBERNETES_RANGE[0]): string[] {
  if (!SUPPORTED.includes(target)) {
    throw new Error(`Kubernetes ${target} is not a supported minor (${SUPPORTED.join(', ')})`);
  }
  return [...new Set([target, KUBERNETES_RANGE[1]])];
}

interface Definitions {
  readonly source: SchemaSource;
  readonly kinds: Map<string, Schema>;
}

const loaded = new Map<string, Definitions>();

function load(version: string): Definitions {
  let defs = loaded.get(version);
  if (!defs) {
    const file = path.join(OPENAPI_DIR, `v${version}.0-definitions.json`);
    const definitions: { [name: string]: Schema & { 'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }> } } =
      JSON.parse(fs.readFileSync(file, 'utf8')).definitions;
    const kinds = new Map<string, Schema>();
    const seen = new Set<Schema>();
    for (const definition of Object.values(definitions)) {
      closeObjects(definition, seen);
      for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
        // Only the object itself: list and option types share a GVK list with their kind.
        if (definition.properties?.kind && definition.properties?.metadata) {
          const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
          if (!kinds.has(`${apiVersion} ${gvk.kind}`)) { kinds.set(`${apiVersion} ${gvk.kind}`, definition); }
        }
      }
    }
    const prefix = '#/definitions/';
    defs = {
      kinds,
      source: {
        name: `Kubernetes ${version}`,
        structural: false,
        resolve(ref: string): Schema {
          const found = ref.startsWith(prefix) ? definitions[ref.slice(prefix.length)] : undefined;
          if (!found) { throw new Error(`Kubernetes ${version}: unresolvable $ref ${ref}`); }
          return found;
        },
      },
    };
    loaded.set(version, defs);
  }
  return defs;
}

/** The schema of a kind in a Kubernetes minor, with the source to resolve its references; undefined when that minor does not serve it. */
export function kubernetesSchema(version: string, apiVersion: string, kind: string): { schema?: Schema; source: SchemaSource } {
  const defs = load(version);
  return { schema: defs.kinds.get(`${apiVersion} ${kind}`), source: defs.source };
}

/** The definitions of a Kubernetes minor, to resolve `#/definitions/...` references (e.g. ObjectMeta). */
export function kubernetesDefinitions(version: string): SchemaSource {
  return load(version).source;
}
