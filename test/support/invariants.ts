/**
 * The zero-downtime invariants, checked on synthesized manifests (not on construct props), so
 * the same checks apply to every construct, every example and every generated input.
 */

/** The preStop delay in seconds when the manifest states it (sleep actions), else undefined. */
export function preStopSeconds(container: any): number | undefined {
  const hook = container.lifecycle?.preStop;
  if (hook?.sleep) { return hook.sleep.seconds; }
  const cmd = hook?.exec?.command;
  if (Array.isArray(cmd) && cmd[0] === 'sleep') { return Number(cmd[1]); }
  return undefined;
}

/** Throws, naming the Deployment and the broken rule, unless it cannot drop requests on rollout. */
export function assertGracefulDeployment(doc: any): void {
  const where = `Deployment ${doc.metadata.name}`;
  const fail = (rule: string) => { throw new Error(`${where}: ${rule}`); };
  const spec = doc.spec;
  if (spec.strategy?.type !== 'RollingUpdate' || spec.strategy.rollingUpdate?.maxUnavailable !== 0) {
    fail('rolling update must have maxUnavailable 0');
  }
  const surge = spec.strategy.rollingUpdate.maxSurge;
  if (!(typeof surge === 'number' ? surge >= 1 : /^[1-9]\d*%$/.test(surge))) { fail(`maxSurge ${surge} allows no progress`); }
  if (!(spec.progressDeadlineSeconds > spec.minReadySeconds)) { fail('progressDeadlineSeconds must exceed minReadySeconds'); }
  const pod = spec.template.spec;
  const grace = pod.terminationGracePeriodSeconds;
  if (!(grace > 0)) { fail('terminationGracePeriodSeconds must be set'); }
  for (const c of pod.containers) {
    if (!c.lifecycle?.preStop) { fail(`container ${c.name} has no preStop hook`); }
    if ((c.ports ?? []).length > 0 && !c.readinessProbe) { fail(`container ${c.name} serves a port without a readiness probe`); }
    const delay = preStopSeconds(c);
    if (delay !== undefined && !(grace > delay)) { fail(`grace period ${grace}s is not longer than the preStop delay ${delay}s of ${c.name}`); }
    if (/(:latest$)/.test(c.image)) { fail(`container ${c.name} runs an unpinned image`); }
  }
  const selector = spec.selector?.matchLabels ?? {};
  if (Object.keys(selector).length === 0) { fail('empty selector'); }
  if (Object.keys(selector).some(k => k.startsWith('cdk8s.io/'))) { fail('selector depends on the construct path'); }
}

/** Throws unless a PodDisruptionBudget allows at least one eviction for `replicas` pods. */
export function assertDrainableBudget(pdb: any, replicas: number): void {
  const { maxUnavailable, minAvailable } = pdb.spec;
  if ((maxUnavailable === undefined) === (minAvailable === undefined)) {
    throw new Error(`PodDisruptionBudget ${pdb.metadata.name}: exactly one of maxUnavailable and minAvailable`);
  }
  const pods = (v: number | string) => typeof v === 'number' ? v : Math.ceil(replicas * parseInt(v, 10) / 100);
  const evictable = maxUnavailable !== undefined ? pods(maxUnavailable) : replicas - pods(minAvailable);
  if (evictable < 1) { throw new Error(`PodDisruptionBudget ${pdb.metadata.name} allows no eviction`); }
}
