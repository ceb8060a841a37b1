import { consequence, handsOverItsOwnLoad, unreadyBehind } from './_traffic';
import { error, RawFinding, TransitionRule } from './rule';
import { Entry, selectedWorkloads, serviceSelector, serviceSelects, showLabels, Transition } from '../model';

/**
 * kube-proxy and ingress-nginx follow EndpointSlices and Ingress annotations within about a
 * second: a selector, backend or weight change moves traffic long before pods that the same
 * commit creates, scales up or rolls out are Ready.
 */
function trafficOntoUnreadyPods(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  // (a) A Service selector switch onto workloads it did not select before.
  for (const { before, after } of t.selectorSwitches()) {
    for (const w of selectedWorkloads(t.next, after)) {
      const old = t.previous.get(w.key);
      if (old && serviceSelects(before, old)) { continue; } // it was already serving this Service
      if (handsOverItsOwnLoad(t, w.key, after)) { continue; }
      if (retiredFromAnotherSwitch(t, w.key, after)) { continue; }
      const reason = t.notReadyReason(w.key);
      if (!reason) { continue; }
      found.push(error('traffic-onto-unready-pods', after.label,
        `The Service switches its selector from ${showLabels(serviceSelector(before))} to ${showLabels(serviceSelector(after))}, onto ${w.label}, which ${reason} in the same commit. The EndpointSlice controller and kube-proxy apply the new selector within about a second: ${consequence(t.change(w.key))}.`,
        `Commit the change to ${w.label} first, with the selector unchanged; once its pods are all Ready, switch the selector in the next commit.`));
    }
  }
  // (b, c) A canary weight, a Gateway API weight share or an Ingress backend moved onto a Service.
  for (const shift of t.trafficShifts()) {
    if (shift.direction !== 'onto') { continue; }
    found.push(...unreadyBehind(t, shift, 'traffic-onto-unready-pods'));
  }
  return found;
}

/**
 * A flip committed with the retire of the old colour: the preview Service takes the colour the
 * live Service leaves, and that colour goes to 0 pods. The hazard is the serving pods removed
 * with the switch, which serving-pods-removed-with-switch reports on the live Service; the
 * preview Service losing its pods is a consequence of it.
 */
function retiredFromAnotherSwitch(t: Transition, key: string, switched: Entry): boolean {
  const c = t.change(key);
  if (!c.before || c.replicasBefore === 0 || !(c.removed || c.replicasAfter === 0)) { return false; }
  return t.switchesSelecting('previous', c.before).some(({ after }) => after.key !== switched.key);
}

export const trafficOntoUnreadyPodsRule: TransitionRule = {
  id: 'traffic-onto-unready-pods',
  severities: ['error'],
  nextOnly: false,
  summary: 'Traffic switched onto pods the same commit creates, scales up or rolls out.',
  reason: 'kube-proxy follows EndpointSlices, ingress-nginx posts new backends to its Lua balancer, Gateways reprogram their proxies: each within about a second, while pods take seconds to minutes to be Ready.',
  check: trafficOntoUnreadyPods,
};
