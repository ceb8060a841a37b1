import { error, RawFinding, TransitionRule } from './rule';
import { backendRefs, selectedWorkloads, Transition } from '../model';

const ID = 'serving-service-deleted';

/**
 * kube-proxy removes the rules of a deleted Service and cluster DNS stops answering its name:
 * in-cluster clients of a Service whose pods keep running get connection errors and NXDOMAIN.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const routed = new Set(backendRefs(t.next).map(r => r.target));
  for (const before of t.previous.ofKind('', 'Service')) {
    if (t.next.get(before.key) || routed.has(before.key) || t.removalAllowed(before)) { continue; } // a route to it: dangling-backend
    const served = selectedWorkloads(t.previous, before).filter(w => t.change(w.key).replicasBefore > 0);
    const still = served.filter(w => t.change(w.key).replicasAfter > 0);
    if (served.length === 0 || still.length === 0) { continue; } // the whole app goes: app-removed
    found.push(error(ID, before.label,
      `The Service is deleted while ${still.map(w => w.label).join(', ')} keeps serving behind it. kube-proxy drops its virtual IP and cluster DNS its name at once: every client that calls ${before.name} gets refused connections or name errors.`,
      `Move the clients to another Service first; delete ${before.label} in a later commit. If nothing calls it any more, say so: --allow-removal ${before.kind}/${before.name} (TransitionCheck option allowRemoval).`));
  }
  return found;
}

export const servingServiceDeletedRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A Service deleted while the pods it served keep running.',
  reason: 'kube-proxy and cluster DNS drop a deleted Service at once.',
  check,
};
