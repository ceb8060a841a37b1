import { State } from '../../src/check/model';
import { checkState as checkNextOnly } from '../../src/check/rules';
import { checkState } from '../../src/plugin/_rules';

/**
 * The zero-downtime invariants, checked on synthesized manifests (not on construct props), so
 * the same checks apply to every construct, every example and every generated input. What any
 * team's manifests must satisfy is the validation plugin's rules and the transition checker's,
 * run here as they are (no second copy); what follows them is only what this library promises
 * on top.
 */

/** Throws, naming the Deployment and the broken rule, unless it cannot drop requests on rollout. */
export function assertGracefulDeployment(doc: any): void {
  const where = `Deployment ${doc.metadata.name}`;
  const fail = (rule: string) => { throw new Error(`${where}: ${rule}`); };
  const errors = checkState(new State([doc])).filter(f => f.severity === 'error');
  if (errors.length > 0) { fail(errors.map(f => `${f.rule} at ${f.location}: ${f.message}`).join('\n')); }

  // Beyond the plugin's rules, which judge serving workloads: every Deployment of the library
  // rolls with maxUnavailable 0, reports a stuck rollout, runs pinned images and selects by
  // stable labels only.
  const spec = doc.spec;
  if (spec.strategy?.type !== 'RollingUpdate' || spec.strategy.rollingUpdate?.maxUnavailable !== 0) {
    fail('rolling update must have maxUnavailable 0');
  }
  if (!(spec.progressDeadlineSeconds > spec.minReadySeconds)) { fail('progressDeadlineSeconds must exceed minReadySeconds'); }
  for (const c of spec.template.spec.containers) {
    if (/(:latest$)/.test(c.image)) { fail(`container ${c.name} runs an unpinned image`); }
  }
  const selector = spec.selector?.matchLabels ?? {};
  if (Object.keys(selector).length === 0) { fail('empty selector'); }
  if (Object.keys(selector).some(k => k.startsWith('cdk8s.io/'))) { fail('selector depends on the construct path'); }
}

/**
 * Throws unless a PodDisruptionBudget allows at least one eviction of the pods it covers in
 * `objects` (the state it is part of: its workloads and their autoscalers), by the transition
 * checker's `pdb-blocks-drain` rule, and sets exactly one of its bounds (the API server refuses both).
 */
export function assertDrainableBudget(pdb: any, objects: readonly unknown[]): void {
  const { maxUnavailable, minAvailable } = pdb.spec;
  if ((maxUnavailable === undefined) === (minAvailable === undefined)) {
    throw new Error(`PodDisruptionBudget ${pdb.metadata.name}: exactly one of maxUnavailable and minAvailable`);
  }
  const blocked = checkNextOnly([...objects.filter(o => o !== pdb), pdb]).filter(f => f.rule === 'pdb-blocks-drain');
  if (blocked.length > 0) { throw new Error(`PodDisruptionBudget ${pdb.metadata.name} allows no eviction: ${blocked[0].message}`); }
}
