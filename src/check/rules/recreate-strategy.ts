import { error, RawFinding, TransitionRule } from './rule';
import { effectiveReplicas, isServing, Transition } from '../model';

const ID = 'recreate-strategy';

/**
 * kubernetes pkg/controller/deployment/recreate.go: a `Recreate` Deployment scales every old
 * ReplicaSet to 0 and waits until their pods are gone before it creates a single new pod. The
 * Service has no endpoint from the first termination until the first new pod is Ready.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of t.next.ofKind('apps', 'Deployment')) {
    if (after.obj.spec?.strategy?.type !== 'Recreate' || !isServing(t.next, after)) { continue; }
    const c = t.change(after.key);
    if (!c.before || c.replicasBefore === 0) { continue; } // nothing runs yet: nothing to recreate
    const wasRecreate = c.before.obj.spec?.strategy?.type === 'Recreate';
    if (c.templateChanged) {
      found.push(error(ID, after.label,
        `The Deployment has strategy Recreate and this commit changes its pod template: the Deployment controller terminates all ${c.replicasBefore} running pod(s) first and creates new ones only once they are gone. The Service has no endpoint until the first new pod is Ready: requests fail for the whole gap.`,
        'Use strategy RollingUpdate with maxUnavailable: 0 and maxSurge: 1 (commit that first, with the template unchanged), then roll out the new template.'));
    } else if (!wasRecreate) {
      found.push(error(ID, after.label,
        `The strategy changes to Recreate. This commit itself is fine (the template does not change, no pod is replaced), but every later rollout of ${after.label} (${effectiveReplicas(t.next, after)} pod(s)) terminates all pods before it starts new ones: the Service has no endpoint for the whole gap.`,
        'Keep strategy RollingUpdate with maxUnavailable: 0 and maxSurge: 1.'));
    }
  }
  return found;
}

export const recreateStrategyRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A serving Deployment rolls out (or will roll out) with strategy Recreate.',
  reason: 'kubernetes pkg/controller/deployment/recreate.go: old pods are all gone before new ones are created.',
  check,
};
