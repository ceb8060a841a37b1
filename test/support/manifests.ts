import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { KubernetesVersion } from '../../src';
import { CrdRelease, crdSchema } from './schema/crds';
import { kubernetesSchema, kubernetesVersionsFor } from './schema/kubernetes';
import type { Schema, SchemaSource } from './schema/schema';
import { validateValue } from './schema/validate';

/**
 * Validation of synthesized manifests against the real upstream schemas, read in place from
 * `../shared/` (never copied into the repository), as the API server validates them with strict
 * field validation (the default of `kubectl apply` since 1.27; unknown fields refused):
 * - Kubernetes' own kinds: the OpenAPI definitions of the oldest and the newest supported minor
 *   (KUBERNETES_RANGE in schema/kubernetes.ts: 1.28 and the newest KubernetesVersion), or of the
 *   minor an object targets through `kubernetesVersion` and the newest;
 * - argoproj.io: the Argo Rollouts v1.9.1 CRDs; monitoring.coreos.com: prometheus-operator
 *   v0.93.0; gateway.networking.k8s.io: Gateway API v1.2.1 and v1.6.1 standard, or v1.6.1
 *   experimental when asked (CEL rules evaluated, OpenAPI defaults applied first);
 * plus the rules the API server enforces that a schema cannot express (empty selector,
 * selector versus pod template labels).
 */

/** The Gateway API channel a route is written for. */
export type GatewayChannel = 'standard' | 'experimental';

export interface ValidationOptions {
  /**
   * The Kubernetes minor the object targets, as the `kubernetesVersion` of the construct that
   * wrote it: Kubernetes kinds are validated against it and the newest supported minor.
   * @default the oldest supported minor (KUBERNETES_RANGE[0])
   */
  readonly kubernetesVersion?: KubernetesVersion | string;
  /**
   * Gateway API kinds: `standard` checks against both v1.2.1 and v1.6.1 standard CRDs,
   * `experimental` against the v1.6.1 experimental CRD only.
   * @default 'standard'
   */
  readonly gatewayChannel?: GatewayChannel;
}

export interface ValidateAllOptions extends ValidationOptions {
  /**
   * The construct tree that produced the manifests: each object then targets the
   * `kubernetesVersion` of its nearest enclosing construct that has one (a GracefulDeployment,
   * including those a BlueGreenService or canary creates), else `kubernetesVersion`.
   * @default - every object targets `kubernetesVersion`
   */
  readonly tree?: IConstruct;
}

/** The CRD releases each API group is checked against. */
function crdReleases(group: string, channel: GatewayChannel): CrdRelease[] | undefined {
  switch (group) {
    case 'argoproj.io': return [CrdRelease.ARGO_ROLLOUTS_1_9_1];
    case 'monitoring.coreos.com': return [CrdRelease.PROMETHEUS_OPERATOR_0_93_0];
    case 'gateway.networking.k8s.io': return channel === 'experimental'
      ? [CrdRelease.GATEWAY_API_1_6_1_EXPERIMENTAL]
      : [CrdRelease.GATEWAY_API_1_2_1_STANDARD, CrdRelease.GATEWAY_API_1_6_1_STANDARD];
    default: return undefined;
  }
}

/** The schemas a manifest must satisfy, one per upstream version it is checked against. */
function schemasFor(doc: any, options: ValidationOptions): Array<{ schema?: Schema; source: SchemaSource }> {
  const apiVersion = String(doc.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const releases = crdReleases(group, options.gatewayChannel ?? 'standard');
  if (releases) { return releases.map(r => crdSchema(r, apiVersion, doc.kind)); }
  return kubernetesVersionsFor(options.kubernetesVersion).map(v => kubernetesSchema(v, apiVersion, doc.kind));
}

/** Throws with the object's kind/name and every schema error when a manifest is invalid. */
export function validateManifest(doc: any, options: ValidationOptions = {}): void {
  const where = `${doc.kind} ${doc.metadata?.name}`;
  const failures: string[] = [];
  for (const { schema, source } of schemasFor(doc, options)) {
    if (!schema) {
      failures.push(`${where}: ${source.name} has no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    const errors = validateValue(doc, schema, source);
    if (errors.length > 0) {
      failures.push(`${where} does not validate against ${source.name}:\n  ${errors.join('\n  ')}`);
    }
  }
  if (failures.length > 0) { throw new Error(failures.join('\n')); }

  const spec = doc.spec ?? {};
  const matchLabels = spec.selector?.matchLabels;
  if (['Deployment', 'PodDisruptionBudget', 'ReplicaSet', 'StatefulSet'].includes(doc.kind)) {
    if (!matchLabels || Object.keys(matchLabels).length === 0) {
      throw new Error(`${where} has an empty selector, which the API server rejects or which selects every pod`);
    }
  }
  const templateLabels = spec.template?.metadata?.labels;
  if (doc.kind === 'Deployment') {
    for (const [k, v] of Object.entries(matchLabels)) {
      if (templateLabels?.[k] !== v) {
        throw new Error(`${where}: selector ${k}=${v} does not match its pod template labels, which the API server rejects`);
      }
    }
  }
}

/**
 * Validates an HTTPRoute or GRPCRoute for the Gateway API work: `standard` against both the
 * oldest (v1.2.1) and the newest (v1.6.1) standard CRDs, `experimental` against v1.6.1
 * experimental only. Throws like validateManifest.
 */
export function validateGatewayRoute(doc: any, options: { channel: GatewayChannel }): void {
  if (!String(doc.apiVersion).startsWith('gateway.networking.k8s.io/')) {
    throw new Error(`${doc.kind} ${doc.metadata?.name} is not a Gateway API object (apiVersion ${doc.apiVersion})`);
  }
  validateManifest(doc, { gatewayChannel: options.channel });
}

function isKubernetesVersion(v: unknown): v is KubernetesVersion {
  return (Object.values(KubernetesVersion) as unknown[]).includes(v);
}

const minor = (v: string) => Number(v.split('.')[1]);

/**
 * The Kubernetes minor each object of a tree targets, by `apiVersion kind name`: the
 * `kubernetesVersion` of its nearest enclosing construct that has one. Two objects of one name in
 * different namespaces keep the older target (the stricter check).
 */
export function targetVersions(tree: IConstruct): Map<string, KubernetesVersion> {
  const targets = new Map<string, KubernetesVersion>();
  for (const c of tree.node.findAll()) {
    if (!ApiObject.isApiObject(c)) { continue; }
    const owner = [...c.node.scopes].reverse().find(s => isKubernetesVersion((s as any).kubernetesVersion));
    if (!owner) { continue; }
    const version: KubernetesVersion = (owner as any).kubernetesVersion;
    const key = `${c.apiVersion} ${c.kind} ${c.name}`;
    const known = targets.get(key);
    if (!known || minor(version) < minor(known)) { targets.set(key, version); }
  }
  return targets;
}

/** Validates every manifest and returns them. */
export function validateAll(docs: any[], options: ValidateAllOptions = {}): any[] {
  const targets = options.tree ? targetVersions(options.tree) : undefined;
  for (const doc of docs) {
    const target = targets?.get(`${doc.apiVersion} ${doc.kind} ${doc.metadata?.name}`);
    validateManifest(doc, { ...options, kubernetesVersion: target ?? options.kubernetesVersion });
  }
  return docs;
}

/** A chart for one test. */
export function chart(): Chart {
  return Testing.chart();
}

/** Synthesizes a chart, validates every manifest against the versions its constructs target and returns them. */
export function synthValid(c: Chart): any[] {
  return validateAll(Testing.synth(c), { tree: c });
}

/** The single manifest of a kind (fails when there is not exactly one). */
export function only(docs: any[], kind: string): any {
  const found = docs.filter(d => d.kind === kind);
  if (found.length !== 1) { throw new Error(`expected one ${kind}, found ${found.length}`); }
  return found[0];
}

/** All manifests of a kind. */
export function allOf(docs: any[], kind: string): any[] {
  return docs.filter(d => d.kind === kind);
}

/** A fresh app with one chart, built by `build`, as YAML text. */
export function synthYaml(build: (scope: Construct) => void): string {
  const app = new App({ outdir: Testing.app().outdir });
  const c = new Chart(app, 'test');
  build(c);
  return app.synthYaml();
}
