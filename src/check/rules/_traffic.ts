import { error, RawFinding } from './rule';
import { Entry, percent, selectedWorkloads, serviceSelects, TrafficShift, Transition, WorkloadChange } from '../model';

/**
 * What the traffic rules of this folder share: what users see when traffic lands on a workload
 * that is not ready for it, and the pods behind a Service. Private to src/check/rules/.
 */

/**
 * Who sends the traffic, which decides what a backend without endpoints means: a Service or a
 * main Ingress backend refuses (ingress-nginx 503); an ingress-nginx canary backend without
 * endpoints falls back to the main one (balancer.lua); a Gateway API backend answers 503 for its
 * share, with no fallback (gateway-api httproute_types.go).
 */
export type Sender = 'service' | 'ingress' | 'canary' | 'gateway';

function noEndpoint(sender: Sender): string {
  switch (sender) {
    case 'canary': return 'ingress-nginx sends the canary share to the main backend meanwhile, and the first canary pods to turn Ready then take all of it';
    case 'gateway': return 'the Gateway answers 503 for that share, with no fallback to the other backends';
    case 'ingress': return 'ingress-nginx answers 503';
    default: return 'connections are refused (and an ingress-nginx backend answers 503)';
  }
}

/** What the users of a Service see when traffic lands on a workload in this state. */
export function consequence(c: WorkloadChange, sender: Sender = 'service'): string {
  if (c.replicasAfter === 0) {
    return `the backend has no endpoint at all: ${noEndpoint(sender)}`;
  }
  if (c.created || c.replicasBefore === 0) {
    // Nothing of this workload runs yet: there is no "old" pod to take the load.
    return `no pod of it runs yet: its ${c.replicasAfter} pod(s) start with the same apply and are not Ready for seconds to minutes, and until the first one is there is no endpoint: ${noEndpoint(sender)}`;
  }
  const parts: string[] = [];
  if (c.scaledUp) {
    parts.push(`the ${c.replicasBefore} pod(s) already running take all of it until the new ones are Ready`);
  }
  if (c.templateChanged) {
    parts.push('users land on pods of the old template and on new pods as each turns Ready, a version mix no one has verified, with part of the capacity surging or terminating');
  }
  return parts.join('; ');
}

/**
 * A blue-green swap under autoscaling: the workload a Service switches onto was serving another
 * Service until now, that Service moves its traffic away in the same commit, and the workload
 * only gains pods (same template, pods already running). Its Ready pods were sized for the load
 * that leaves, so the switch lands on warm capacity; the new pods only add to it.
 */
export function handsOverItsOwnLoad(t: Transition, key: string, switched: Entry): boolean {
  const c = t.change(key);
  if (c.created || c.templateChanged || c.replicasBefore === 0 || c.replicasAfter < c.replicasBefore || !c.before) { return false; }
  // The switches whose old selector takes this workload's pods (serviceSelects(before, c.before)).
  return t.switchesSelecting('previous', c.before).some(({ after }) =>
    after.key !== switched.key && !(c.after && serviceSelects(after, c.after)));
}

/** Findings for the workloads behind the Service a shift moves traffic to, when they are not ready for it. */
export function unreadyBehind(t: Transition, shift: TrafficShift, rule: string): RawFinding[] {
  const service = t.next.get(shift.target);
  if (!service || service.kind !== 'Service') { return []; } // dangling-backend reports a missing Service
  const found: RawFinding[] = [];
  for (const w of selectedWorkloads(t.next, service)) {
    const reason = t.notReadyReason(w.key);
    if (!reason) { continue; }
    const change = t.change(w.key);
    if (shift.direction === 'onto') {
      const sender: Sender = shift.route.route ? 'gateway' : shift.route.canary?.target === shift.target ? 'canary' : 'ingress';
      found.push(error(rule, shift.router.label,
        `${shift.cause}: ${service.label} goes from ${percent(shift.from)} to ${percent(shift.to)} of the requests, and its ${w.label} ${reason} in the same commit. The ingress controller or Gateway applies the new split within about a second: ${consequence(change, sender)}.`,
        `Commit the change to ${w.label} first (scale up, roll out) with the weights unchanged; once its pods are all Ready, move the traffic in the next commit.`));
    } else {
      found.push(error(rule, shift.router.label,
        `${shift.cause}: traffic goes back to ${service.label} (${percent(shift.from)} → ${percent(shift.to)}), whose ${w.label} ${reason} in the same commit. The weight takes effect within about a second, while that rollout has barely started: users return to pods that are mostly still the old version and are moved again pod by pod as the rollout proceeds${change.replicasAfter === 0 ? '; with no pod at all, their requests fail' : ''}.`,
        `Roll ${w.label} out to the new version first while the canary keeps its weight; once it is fully rolled out and Ready, move the traffic back in the next commit.`));
    }
  }
  return found;
}

/** The pods a Service has behind it, before or after the transition (0 when it selects no workload). */
export function podsBehind(t: Transition, service: Entry, when: 'before' | 'after'): { pods: number; workloads: readonly Entry[] } {
  const state = when === 'before' ? t.previous : t.next;
  const behind = selectedWorkloads(state, service);
  const pods = behind.reduce((sum, w) => sum + (when === 'before' ? t.change(w.key).replicasBefore : t.change(w.key).replicasAfter), 0);
  return { pods, workloads: behind };
}
