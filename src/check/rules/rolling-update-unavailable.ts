import { error, RawFinding, TransitionRule } from './rule';
import { canonical, effectiveReplicas, isServing, Json, resolveFenceposts, Transition } from '../model';

const ID = 'rolling-update-unavailable';

/** What a strategy lets the rollout do with `desired` pods, or why the API server refuses it. */
function judge(strategy: Json, desired: number): { invalid?: string; dropsAll?: string } {
  if (strategy?.type === 'Recreate' || desired <= 0) { return {}; }
  const ru = strategy?.rollingUpdate;
  if (isZero(ru?.maxSurge) && isZero(ru?.maxUnavailable)) {
    return { invalid: 'maxSurge and maxUnavailable are both 0' };
  }
  const f = resolveFenceposts(ru, desired);
  if (!f || f.unavailable < desired) { return {}; }
  return {
    dropsAll: `maxUnavailable ${String(ru?.maxUnavailable ?? '25%')} resolves to ${f.unavailable} pod(s) for ${desired} replica(s) (maxUnavailable rounds down, maxSurge ${String(ru?.maxSurge ?? '25%')} rounds up to ${f.surge}; both 0 would make it 1)`,
  };
}

function isZero(v: unknown): boolean {
  return v === 0 || (typeof v === 'string' && /^0+%?$/.test(v.trim()));
}

/**
 * kubernetes pkg/controller/deployment/util/deployment_util.go ResolveFenceposts and
 * rolling.go: the controller keeps at least `replicas - maxUnavailable` pods available. When
 * maxUnavailable reaches the replica count, every old pod may be terminated before a new one is
 * Ready. Validation (ValidateRollingUpdateDeployment) refuses maxSurge and maxUnavailable both 0.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of t.next.ofKind('apps', 'Deployment')) {
    if (!isServing(t.next, after)) { continue; }
    const desired = effectiveReplicas(t.next, after);
    const now = judge(after.obj.spec?.strategy, desired);
    const c = t.change(after.key);
    const strategy = canonical(after.obj.spec?.strategy ?? {});
    if (now.invalid) {
      found.push(error(ID, after.label,
        `spec.strategy ${strategy}: ${now.invalid}. The API server refuses the Deployment ("may not be 0 when maxSurge is 0"): the sync fails.`,
        'Set maxUnavailable: 0 and maxSurge: 1.'));
      continue;
    }
    if (!now.dropsAll) { continue; }
    const was = c.before ? judge(c.before.obj.spec?.strategy, effectiveReplicas(t.previous, c.before)) : {};
    if (c.templateChanged && c.replicasBefore > 0) {
      found.push(error(ID, after.label,
        `This commit rolls out a new pod template and ${now.dropsAll}: the Deployment controller may terminate every old pod before a new one is Ready, leaving the Service without endpoints.`,
        'Commit maxUnavailable: 0 and maxSurge: 1 first (or more replicas), with the template unchanged; roll out in the next commit.'));
    } else if (c.before && !was.dropsAll) {
      found.push(error(ID, after.label,
        `This commit itself is fine (the template does not change), but from now on ${now.dropsAll}: every later rollout may terminate all old pods before a new one is Ready.`,
        'Keep maxUnavailable: 0 and maxSurge: 1 (or enough replicas that maxUnavailable leaves one pod).'));
    }
  }
  return found;
}

export const rollingUpdateUnavailableRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A rolling update whose maxUnavailable lets every old pod go before a new one is Ready.',
  reason: 'kubernetes pkg/controller/deployment/util/deployment_util.go ResolveFenceposts (maxUnavailable rounds down, maxSurge up; both 0 becomes maxUnavailable 1).',
  check,
};
