import { unreadyBehind } from './_traffic';
import { RawFinding, TransitionRule } from './rule';
import { Transition } from '../model';

/**
 * The promotion direction of a canary: ingress-nginx (or the Gateway) applies a lower canary
 * share at once, so the stable Service's pods take the traffic back while the same commit rolls
 * them out.
 */
function trafficBackOntoChangingPods(t: Transition): RawFinding[] {
  return t.trafficShifts()
    .filter(s => s.direction === 'back')
    .flatMap(s => unreadyBehind(t, s, 'traffic-back-onto-changing-pods'));
}

export const trafficBackOntoChangingPodsRule: TransitionRule = {
  id: 'traffic-back-onto-changing-pods',
  severities: ['error'],
  nextOnly: false,
  summary: 'A canary loses weight while the stable pods it goes back to roll out in the same commit.',
  reason: 'ingress-nginx and Gateways apply a lower canary share at once; the stable Deployment rollout replaces pods one batch at a time.',
  check: trafficBackOntoChangingPods,
};
