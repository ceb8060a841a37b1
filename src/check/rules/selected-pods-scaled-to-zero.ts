import { error, RawFinding, TransitionRule, warning } from './rule';
import { selectedWorkloads, trafficRoutes, Transition } from '../model';

/**
 * Scaling a workload to 0 while a Service still selects it (and nothing else with pods): the
 * EndpointSlice controller empties the Service. An error when a router still sends it requests,
 * a warning when no router refers to it (in-cluster clients may), nothing when every router
 * gives it no share (a parked canary).
 */
function selectedPodsScaledToZero(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const routes = [...trafficRoutes(t.next).values()];
  for (const service of t.next.ofKind('', 'Service')) {
    const behind = selectedWorkloads(t.next, service);
    if (behind.length === 0 || behind.some(w => t.change(w.key).replicasAfter > 0)) { continue; }
    const emptied = behind.filter(w => t.change(w.key).replicasBefore > 0);
    if (emptied.length === 0) { continue; }
    const referring = routes.filter(r => r.shares.has(service.key));
    const byHeader = (r: typeof referring[number]) => r.canary?.target === service.key && r.canary.settings.byHeaderOrCookie;
    const routed = referring.filter(r => (r.shares.get(service.key) ?? 0) > 0 || byHeader(r));
    if (referring.length > 0 && routed.length === 0) { continue; }
    const names = emptied.map(w => `${w.label} (${t.change(w.key).replicasBefore} → 0)`).join(', ');
    if (routed.length > 0) {
      found.push(error('selected-pods-scaled-to-zero', service.label,
        `${names} scales to 0 while ${routed.map(r => r.label).join(', ')} still sends requests to this Service: its endpoints disappear and those requests fail (ingress-nginx answers 503).`,
        'Move the traffic away from the Service first (weight 0, another backend); scale to 0 in the next commit.'));
    } else {
      found.push(warning('selected-pods-scaled-to-zero', service.label,
        `${names} scales to 0 while the Service still selects it and no other pod: the Service is left without endpoints; in-cluster clients that still call it get refused connections.`,
        'If nothing calls the Service any more, delete it or ignore this warning; otherwise keep at least one pod behind it.'));
    }
  }
  return found;
}

export const selectedPodsScaledToZeroRule: TransitionRule = {
  id: 'selected-pods-scaled-to-zero',
  severities: ['error', 'warning'],
  nextOnly: false,
  summary: 'A workload scaled to 0 while a Service still selects it and nothing else.',
  reason: 'The EndpointSlice controller lists only existing Ready pods: a Service with no pod has no endpoint.',
  check: selectedPodsScaledToZero,
};
