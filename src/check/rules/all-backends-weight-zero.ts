import { error, RawFinding, TransitionRule } from './rule';
import { trafficRoutes, Transition } from '../model';

const ID = 'all-backends-weight-zero';

/**
 * gateway-api httproute_types.go (BackendRef weight; issue #596, PR #688): a backendRef with
 * weight 0 must get no traffic. With every backend of a rule at 0 there is nowhere to forward
 * the matched requests: Envoy-based Gateways reject a weighted cluster whose weights sum to 0
 * (kgateway issue #11548) and the requests fail.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  // A state of NEXT alone: a rule at all zeros is broken whatever came before.
  for (const r of trafficRoutes(t.next).values()) {
    if (!r.route || r.shares.size === 0 || [...r.shares.values()].some(s => s > 0)) { continue; }
    found.push(error(ID, r.route.label,
      `Every backendRef of ${r.where} has weight 0: the rule still matches its requests, but a weight of 0 means "send nothing here" for each of them, so they have nowhere to go and fail (Envoy-based Gateways reject weights that sum to 0).`,
      'Give at least one backendRef a positive weight (the stable backend), or remove the rule if its requests should go elsewhere.'));
  }
  return found;
}

export const allBackendsWeightZeroRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: true,
  summary: 'A Gateway API route rule whose backendRefs all have weight 0.',
  reason: 'gateway-api httproute_types.go: weight 0 gets no traffic; with all at 0 the matched requests have no backend.',
  check,
};
