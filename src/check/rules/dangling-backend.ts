import { error, RawFinding, TransitionRule, warning } from './rule';
import { backendRefs, isObject, refLabel, selectedWorkloads, selectsAnyPods, serviceSelector, showLabels, Transition } from '../model';

/**
 * ingress-nginx answers 503 for a backend Service (or port) it cannot resolve; Gateway API
 * implementations mark the route's ResolvedRefs condition False and answer 500 for the requests
 * meant for that backend; a Service whose selector matches no pod has no endpoints.
 */
function danglingBackend(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const seen = new Set<string>();
  for (const ref of backendRefs(t.next)) {
    if (ref.kind !== 'Service' || ref.target.split('|')[0] !== '') { continue; }
    const id = `${ref.router.key} ${ref.where} ${ref.target} ${ref.portNumber ?? ''} ${ref.portName ?? ''}`;
    if (seen.has(id)) { continue; }
    seen.add(id);
    const answer = ref.router.kind === 'Ingress' ? 'ingress-nginx answers 503 for it' : 'the Gateway marks the backend unresolved (ResolvedRefs False) and answers 500 for its share of the requests';
    const service = t.next.get(ref.target);
    if (!service) {
      if (t.previous.get(ref.target)) {
        found.push(error('dangling-backend', ref.router.label,
          `${ref.where} routes to ${refLabel(ref)}, which this commit deletes: ${answer}.`,
          `Move the route to another Service first; delete ${refLabel(ref)} in a later commit.`));
      } else {
        found.push(warning('dangling-backend', ref.router.label,
          `${ref.where} routes to ${refLabel(ref)}, which is in neither state: if nothing else creates it, ${answer}.`,
          `Add ${refLabel(ref)} to the manifests, or make sure it is managed elsewhere.`));
      }
      continue;
    }
    const ports = Array.isArray(service.obj.spec?.ports) ? service.obj.spec.ports.filter(isObject) : [];
    if (service.obj.spec?.type === 'ExternalName' && ports.length === 0) { continue; }
    const missingNumber = ref.portNumber !== undefined && !ports.some((p: any) => p.port === ref.portNumber);
    const missingName = ref.portName !== undefined && !ports.some((p: any) => p.name === ref.portName);
    if (missingNumber || missingName) {
      const port = missingNumber ? `port ${ref.portNumber}` : `port name "${ref.portName}"`;
      const has = ports.map((p: any) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ') || 'none';
      found.push(error('dangling-backend', ref.router.label,
        `${ref.where} routes to ${port} of ${service.label}, which has no such port (its ports: ${has}): ${answer}.`,
        `Point the route at a port ${service.label} has, or add the port to the Service in an earlier commit.`));
    }
  }
  // A Service that selected pods and now selects none.
  for (const after of t.next.ofKind('', 'Service')) {
    const before = t.previous.get(after.key);
    if (!before || !serviceSelector(after)) { continue; }
    const served = selectedWorkloads(t.previous, before);
    if (served.length === 0 || selectsAnyPods(t.next, after)) { continue; }
    const why = served.map(w => (t.next.get(w.key) ? `${w.label} no longer matches ${showLabels(serviceSelector(after))}` : `${w.label} is deleted`)).join('; ');
    found.push(error('dangling-backend', after.label,
      `The Service selected the pods of ${served.map(w => w.label).join(', ')} and selects no pod after this commit (${why}). The EndpointSlice controller removes all of its endpoints: kube-proxy rejects its connections and ingress-nginx answers 503.`,
      `Keep a workload whose pod labels match ${showLabels(serviceSelector(after))} until the Service is switched or deleted in an earlier commit.`));
  }
  return found;
}

export const danglingBackendRule: TransitionRule = {
  id: 'dangling-backend',
  severities: ['error', 'warning'],
  nextOnly: true,
  summary: 'A route names a Service or port that does not exist, or a Service loses every pod it selected.',
  reason: 'ingress-nginx answers 503 for an unresolved backend; Gateway API: an invalid backendRef gets 500 for its share (httproute_types.go); the EndpointSlice controller empties a Service that selects no pod.',
  check: danglingBackend,
};
