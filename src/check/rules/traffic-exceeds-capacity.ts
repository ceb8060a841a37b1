import { podsBehind } from './_traffic';
import { RawFinding, TransitionRule, warning } from './rule';
import { percent, serviceSelector, serviceSelects, showLabels, Transition } from '../model';

/** More than this many times the per-pod load the busiest backend carried before is a warning. */
const LOAD_FACTOR = 2;

/**
 * Traffic moved onto Ready pods that are too few for it: the proxies apply the new split at
 * once, and each pod takes a multiple of the load any pod carried before. A warning, because
 * the manifests do not say how much headroom the pods have.
 */
function trafficExceedsCapacity(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const shift of t.trafficShifts()) {
    const service = t.next.get(shift.target);
    if (!service || service.kind !== 'Service') { continue; }
    const after = podsBehind(t, service, 'after');
    if (after.pods === 0 || after.workloads.some(w => t.notReadyReason(w.key))) { continue; } // traffic-onto-unready-pods, traffic-back-onto-changing-pods
    let busiest = 0;
    for (const [target, share] of shift.before.shares) {
      const old = t.previous.get(target);
      if (share <= 0 || !old || old.kind !== 'Service') { continue; }
      const before = podsBehind(t, old, 'before');
      if (before.pods > 0) { busiest = Math.max(busiest, share / before.pods); }
    }
    const perPod = shift.to / after.pods;
    if (busiest === 0 || perPod <= LOAD_FACTOR * busiest + 1e-9) { continue; }
    const names = after.workloads.map(w => w.label).join(', ');
    found.push(warning('traffic-exceeds-capacity', shift.router.label,
      `${shift.cause}: ${service.label} goes from ${percent(shift.from)} to ${percent(shift.to)} of the requests on ${after.pods} pod(s) of ${names}, ${percent(perPod)} per pod where the busiest pods of the route took ${percent(busiest)} each before: about ${Math.round(perPod / busiest * 10) / 10} times the load. Pods sized for their old share saturate: latency climbs and requests time out.`,
      `Scale ${names} to about ${Math.ceil(shift.to / busiest)} pods first and move the traffic in the next commit, or move it in smaller steps.`));
  }
  for (const { before, after } of t.selectorSwitches()) {
    const was = podsBehind(t, before, 'before');
    const now = podsBehind(t, after, 'after');
    if (was.pods === 0 || now.pods === 0 || was.pods <= LOAD_FACTOR * now.pods) { continue; }
    if (now.workloads.some(w => t.notReadyReason(w.key) && !(t.previous.get(w.key) && serviceSelects(before, t.previous.get(w.key)!)))) { continue; } // traffic-onto-unready-pods
    const names = now.workloads.map(w => w.label).join(', ');
    found.push(warning('traffic-exceeds-capacity', after.label,
      `The Service switches its selector from ${showLabels(serviceSelector(before))} (${was.pods} pods) to ${showLabels(serviceSelector(after))} (${now.pods} pod(s) of ${names}): each pod takes about ${Math.round(was.pods / now.pods * 10) / 10} times the load, at once. Pods sized for the old count saturate: latency climbs and requests time out.`,
      `Scale ${names} to ${was.pods} pods first and switch the selector in the next commit.`));
  }
  return found;
}

export const trafficExceedsCapacityRule: TransitionRule = {
  id: 'traffic-exceeds-capacity',
  severities: ['warning'],
  nextOnly: false,
  summary: 'Traffic moved onto Ready pods that are too few for it.',
  reason: 'Proxies apply a new split at once: each pod of the gaining Service takes a multiple of the load a pod carried before.',
  check: trafficExceedsCapacity,
};
