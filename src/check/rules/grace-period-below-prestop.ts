import { error, RawFinding, TransitionRule } from './rule';
import { gracePeriodSeconds, isServing, Json, preStopSeconds, templateContainers, Transition, workloads } from '../model';

const ID = 'grace-period-below-prestop';

/** The containers of a template whose preStop delay takes the whole grace period or more. */
function cutShort(template: Json): { name: string; delay: number }[] {
  const grace = gracePeriodSeconds(template);
  return templateContainers(template)
    .map(c => ({ name: String(c.name), delay: preStopSeconds(c) }))
    .filter((c): c is { name: string; delay: number } => c.delay !== undefined && c.delay >= grace);
}

/**
 * kubelet pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer: the preStop hook
 * runs inside terminationGracePeriodSeconds; what is left after it (at least 2 s) is all the
 * application gets after SIGTERM before SIGKILL. A grace period at or below the preStop delay
 * kills every terminating pod in the middle of its requests.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of workloads(t.next)) {
    const before = t.previous.get(after.key);
    // cutShort reads the template alone: an unchanged one cuts short the containers it already did.
    if ((before && !t.change(after.key).templateChanged) || !isServing(t.next, after)) { continue; }
    const already = new Set(before ? cutShort(before.obj.spec?.template).map(c => c.name) : []);
    const grace = gracePeriodSeconds(after.obj.spec?.template);
    for (const c of cutShort(after.obj.spec?.template)) {
      if (already.has(c.name)) { continue; }
      found.push(error(ID, after.label,
        `terminationGracePeriodSeconds ${grace} is not longer than the ${c.delay} s preStop delay of container ${c.name}. ${before ? 'This rollout itself is fine (the old pods terminate with their own grace period), but every' : 'Every'} later termination of these pods (a scale-in, a node drain, the next release) spends the grace period in the hook: the kubelet sends SIGTERM with at most 2 s left and then SIGKILL, cutting the requests in flight.`,
        `Set terminationGracePeriodSeconds to the preStop delay plus the time the application needs to finish its requests (e.g. ${c.delay + 20}).`));
    }
  }
  return found;
}

export const gracePeriodBelowPreStopRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A grace period at or below the preStop delay: every later termination is cut short.',
  reason: 'kubelet pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer: the preStop hook runs inside the grace period.',
  check,
};
