import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { modelModule, strictFieldErrors } from './strict-fields';

/**
 * Validation of synthesized manifests against the real Kubernetes OpenAPI schema (1.33, from
 * kubernetes-models) and the CRD schemas of Argo Rollouts and the Prometheus operator, with
 * unknown fields refused as strict field validation does (strict-fields.ts), plus the rules the
 * API server enforces that a schema cannot express.
 */

function modelFor(apiVersion: string, kind: string): any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modelModule(apiVersion, kind));
  const model = mod[kind];
  if (!model) { throw new Error(`no schema model for ${apiVersion} ${kind}`); }
  return model;
}

/** Throws with the object's kind/name and the schema errors when a manifest is invalid. */
export function validateManifest(doc: any): void {
  const where = `${doc.kind} ${doc.metadata?.name}`;
  const Model = modelFor(doc.apiVersion, doc.kind);
  try {
    new Model(doc).validate();
  } catch (e: any) {
    throw new Error(`${where} does not validate against the ${doc.apiVersion} schema: ${e.message}`);
  }
  // The model validators ignore unknown fields; the API server refuses them (kubectl's default
  // --validate=strict) or, without it, drops them: either way the setting is lost.
  const strict = strictFieldErrors(doc);
  if (strict.length > 0) {
    throw new Error(strict.map(e => `${where}: ${e}`).join('\n'));
  }
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

/** Validates every manifest and returns them. */
export function validateAll(docs: any[]): any[] {
  docs.forEach(validateManifest);
  return docs;
}

/** A chart for one test. */
export function chart(): Chart {
  return Testing.chart();
}

/** Synthesizes a chart, validates every manifest and returns them. */
export function synthValid(c: Chart): any[] {
  return validateAll(Testing.synth(c));
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
