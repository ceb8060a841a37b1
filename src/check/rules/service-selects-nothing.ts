import { RawFinding, TransitionRule, warning } from './rule';
import { selectedWorkloads, selectsAnyPods, serviceSelector, showLabels, Transition } from '../model';

/**
 * A Service whose selector matches no pod in the manifests has no endpoints unless something
 * outside them creates matching pods.
 */
function serviceSelectsNothing(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of t.next.ofKind('', 'Service')) {
    const selector = serviceSelector(after);
    if (!selector || selectsAnyPods(t.next, after)) { continue; }
    const before = t.previous.get(after.key);
    if (before && selectedWorkloads(t.previous, before).length > 0) { continue; } // dangling-backend
    found.push(warning('service-selects-nothing', after.label,
      `Its selector ${showLabels(selector)} matches no pod template in the manifests: unless pods are created elsewhere, the Service has no endpoints and its connections are refused.`,
      'Check the selector against the pod template labels of the workload meant to serve it.'));
  }
  return found;
}

export const serviceSelectsNothingRule: TransitionRule = {
  id: 'service-selects-nothing',
  severities: ['warning'],
  nextOnly: true,
  summary: 'A Service whose selector matches no pod template in NEXT.',
  reason: 'The EndpointSlice controller lists the pods a selector matches; none means no endpoint.',
  check: serviceSelectsNothing,
};
