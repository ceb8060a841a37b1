import { error, RawFinding, TransitionRule } from './rule';
import { autoscalersOf, Entry, isObject, percent, replicaRange, selectedWorkloads, serviceSelector, showLabels, State, Transition } from '../model';

const ID = 'capacity-floor-below-share';
const ROLE_LABEL = 'app.kubernetes.io/component';

/**
 * The guaranteed and the largest pod count of some workloads, and whether an HPA sizes any.
 * With a transition, the floor right after the apply: a workload that already ran keeps at least
 * its previous floor for a while, because the HPA scales down only after its stabilization
 * window (300 s by default, horizontal.go stabilizeRecommendation) and the load arrives first.
 */
function range(state: State, ws: readonly Entry[], t?: Transition): { min: number; max: number; autoscaled: boolean } {
  const total = { min: 0, max: 0, autoscaled: false };
  for (const w of ws) {
    const r = replicaRange(state, w);
    const was = t?.previous.get(w.key);
    total.min += was ? Math.max(r.min, replicaRange(t!.previous, was).min) : r.min;
    total.max += r.max;
    total.autoscaled = total.autoscaled || r.autoscaled;
  }
  return total;
}

function floorText(t: Transition, ws: readonly Entry[]): string {
  return ws.map(w => {
    const hpa = autoscalersOf(t.next, w)[0];
    const was = t.previous.get(w.key);
    const before = was ? ` (${replicaRange(t.previous, was).min} before)` : '';
    return hpa ? `${w.label} (${hpa.label} minReplicas ${replicaRange(t.next, w).min}${before})` : `${w.label} (${replicaRange(t.next, w).min} replicas${before})`;
  }).join(', ');
}

/**
 * An HPA-managed workload may run anywhere between minReplicas and maxReplicas; one that took
 * little or no traffic sits at its minimum after the 300 s scale-down stabilization window
 * (kubernetes pkg/controller/podautoscaler/horizontal.go). Proxies move traffic within a second;
 * the HPA acts on its next sync (15 s) and new pods take longer. Traffic moved onto a track
 * whose floor is below its share of the load the route may carry overloads it.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const shift of t.trafficShifts()) {
    const service = t.next.get(shift.target);
    if (!service || service.kind !== 'Service') { continue; }
    const gaining = selectedWorkloads(t.next, service).filter(w => t.change(w.key).replicasAfter > 0);
    if (gaining.length === 0 || gaining.some(w => t.notReadyReason(w.key))) { continue; } // other rules
    const now = range(t.next, gaining, t);
    // The most load the route may carry: no more than the previous split could serve (each
    // backend at most its largest size for its share: the bottleneck), and no more than the
    // largest track may run (its maxReplicas is the ceiling its owners set for the whole app; a
    // small backend with a small share would otherwise stand for an absurd total).
    let bottleneck = Infinity;
    let largest = 0;
    let from = '';
    let autoscaled = now.autoscaled;
    for (const [target, share] of shift.before.shares) {
      const old = t.previous.get(target);
      if (share <= 0 || !old || old.kind !== 'Service') { continue; }
      const r = range(t.previous, selectedWorkloads(t.previous, old));
      autoscaled = autoscaled || r.autoscaled;
      if (r.max <= 0) { continue; }
      bottleneck = Math.min(bottleneck, r.max / share);
      if (r.max > largest) {
        largest = r.max;
        from = `${old.label} may run ${r.max} pod(s) for its ${percent(share)}`;
      }
    }
    const load = Math.min(bottleneck, largest);
    const needed = shift.to * load;
    if (!autoscaled || load === 0 || now.min + 1e-9 >= needed) { continue; }
    found.push(error(ID, shift.router.label,
      `${shift.cause}: ${service.label} takes ${percent(shift.to)} of the requests. Under autoscaling the route may carry up to ${Math.round(load * 100) / 100} pods' worth of load (${from}), so this share needs about ${Math.ceil(needed - 1e-9)} pod(s), but ${floorText(t, gaining)} guarantees only ${now.min}. A track with little traffic sits at its minimum; the split applies within a second, the HPA reacts on its next sync (15 s) and new pods take longer: until then its pods saturate.`,
      `Raise the floor of ${gaining.map(w => w.label).join(', ')} (HPA minReplicas, or replicas) to ${Math.ceil(needed - 1e-9)} in a commit before the traffic moves; lower it again once the HPA has taken over, or move the traffic in smaller steps.`));
  }
  for (const { before, after } of t.selectorSwitches()) {
    // A preview Service (app.kubernetes.io/component: preview, as BlueGreenService labels it)
    // carries smoke tests and testers, not users: its load is not the old pods' capacity.
    if (isObject(after.obj.metadata?.labels) && after.obj.metadata.labels[ROLE_LABEL] === 'preview') { continue; }
    const old = range(t.previous, selectedWorkloads(t.previous, before));
    const gaining = selectedWorkloads(t.next, after).filter(w => t.change(w.key).replicasAfter > 0);
    if (gaining.length === 0 || gaining.some(w => t.notReadyReason(w.key))) { continue; }
    const now = range(t.next, gaining, t);
    if (!(old.autoscaled || now.autoscaled) || old.max === 0 || now.min >= old.max) { continue; }
    found.push(error(ID, after.label,
      `The Service switches its selector from ${showLabels(serviceSelector(before))} to ${showLabels(serviceSelector(after))}: all of its load, which the old pods may carry on up to ${old.max} pod(s), moves at once onto ${floorText(t, gaining)}, which guarantees only ${now.min}. An idle track sits at its minimum after the HPA's 300 s scale-down window; it reacts on its next sync (15 s) and new pods take longer: until then the pods saturate.`,
      `Raise the floor of ${gaining.map(w => w.label).join(', ')} (HPA minReplicas, or replicas) to ${old.max} in a commit before the switch; lower it again once the HPA has taken over.`));
  }
  return found;
}

export const capacityFloorBelowShareRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'Traffic moved onto an autoscaled track whose guaranteed floor is below its share of the load.',
  reason: 'kubernetes pkg/controller/podautoscaler/horizontal.go: an idle track sits at minReplicas; proxies move traffic faster than the HPA scales.',
  check,
};
