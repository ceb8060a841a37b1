import { error, RawFinding, TransitionRule } from './rule';
import { percent, selectsAnyPods, serviceSelector, showLabels, Transition } from '../model';

const ID = 'traffic-onto-backend-without-pods';

/**
 * Traffic moved onto a Service whose selector matches no pod in NEXT: the EndpointSlice
 * controller gives it no endpoint. ingress-nginx answers 503 for a main backend without
 * endpoints (balancer.lua); a Gateway answers 503 for that backend's share, with no fallback
 * (gateway-api httproute_types.go).
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const shift of t.trafficShifts()) {
    const service = t.next.get(shift.target);
    if (!service || service.kind !== 'Service' || !serviceSelector(service) || selectsAnyPods(t.next, service)) { continue; }
    const answer = shift.route.route ? 'the Gateway answers 503 for that share, with no fallback to the other backends' : 'ingress-nginx answers 503';
    found.push(error(ID, shift.router.label,
      `${shift.cause}: ${service.label} goes from ${percent(shift.from)} to ${percent(shift.to)} of the requests, but its selector ${showLabels(serviceSelector(service))} matches no pod in the new state: it has no endpoint, and ${answer}.`,
      `Point the route at a Service with running pods, or create the pods ${service.label} selects in a commit before the traffic moves.`));
  }
  return found;
}

export const trafficOntoBackendWithoutPodsRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'Traffic moved onto a Service that selects no pod.',
  reason: 'EndpointSlice controller: no matching pod, no endpoint; ingress-nginx and Gateways answer 503.',
  check,
};
