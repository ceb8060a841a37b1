import { keptServingContainers } from './_containers';
import { error, RawFinding, TransitionRule } from './rule';
import { hasPreStop, Transition } from '../model';

const ID = 'prestop-removed';

/**
 * The EndpointSlice controller removes a terminating pod's endpoint at the same time as the
 * kubelet sends SIGTERM; proxies (kube-proxy, ingress-nginx) follow a second or more later. A
 * preStop delay keeps the pod serving meanwhile. A pod is terminated with its own spec, so the
 * rollout that removes the hook is fine; every later termination is not.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const { workload, was, now } of keptServingContainers(t)) {
    if (!hasPreStop(was) || hasPreStop(now)) { continue; }
    found.push(error(ID, workload.label,
      `The preStop hook of container ${String(was.name)} is removed. This rollout itself is fine (the old pods terminate with the spec they were created with), but every later termination of the new pods (a scale-in, a node drain, the next release) sends SIGTERM while the endpoint is still being removed from kube-proxy and the ingress controller: the requests that arrive in that second or two are refused.`,
      `Keep the preStop hook on container ${String(was.name)} (a sleep of 5 to 15 s, shorter than terminationGracePeriodSeconds).`));
  }
  return found;
}

export const preStopRemovedRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A serving container loses its preStop hook: every later termination drops requests.',
  reason: 'Endpoint removal and SIGTERM start together (kubelet, EndpointSlice controller); proxies follow a second or more later.',
  check,
};
