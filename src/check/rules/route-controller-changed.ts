import { error, RawFinding, TransitionRule, warning } from './rule';
import { gatewayRouteEntries, ingressClassOf, parentRefsOf, Transition } from '../model';

const ID = 'route-controller-changed';

/**
 * An Ingress is read only by the controller of its class (ingress-nginx
 * internal/ingress/controller/store checks the class of every Ingress); an HTTPRoute or
 * GRPCRoute only by the Gateways in its parentRefs. Change either and the controller that served
 * it drops the route at once, while clients and DNS still point at that controller's address.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of t.next.ofKindAnyGroup('Ingress')) {
    const before = t.previous.get(after.key);
    if (!before) { continue; }
    const [was, now] = [ingressClassOf(before), ingressClassOf(after)];
    if (was === now) { continue; }
    const show = (c: string | undefined) => (c === undefined ? 'the default class' : `class ${c}`);
    // From or to the default class: the same controller when that class is the cluster's default,
    // which the manifests do not say.
    const unknown = was === undefined || now === undefined;
    found.push((unknown ? warning : error)(ID, after.label,
      `The Ingress moves from ${show(was)} to ${show(now)}${unknown ? ` (nothing changes if ${was ?? now} is the cluster's default IngressClass)` : ''}. The controller of ${show(was)} stops reading it at once and removes its hosts; the other controller serves them from its own address, which clients and DNS do not point at yet: users get 404 (or nothing) until DNS moves.`,
      `Add a second Ingress for ${show(now)} beside this one, move DNS to the new controller's address, and delete ${after.label} after that.`));
  }
  for (const after of gatewayRouteEntries(t.next)) {
    const before = t.previous.get(after.key);
    if (!before) { continue; }
    const now = new Set(parentRefsOf(after).map(p => p.key));
    const gone = parentRefsOf(before).filter(p => !now.has(p.key));
    // GAMMA (gateway-api docs "Gateway API for Service Mesh", /mesh; GEP-1294 xRoutes Mesh
    // Binding): a Service parent is a mesh route's; without it the mesh sends the Service's
    // callers to the Service's own endpoints, as without any route. No 404, but the route's
    // split stops applying to them at once.
    const dropped = gone.filter(p => p.kind !== 'Service');
    const services = gone.filter(p => p.kind === 'Service');
    if (dropped.length > 0) {
      found.push(error(ID, after.label,
        `The route is detached from ${dropped.map(p => p.label).join(', ')} (parentRefs change). That Gateway stops routing its hostnames and rules at once and answers 404, while clients still reach it.`,
        `Attach the route to the new parent as well first (keep both parentRefs), move clients or DNS, then drop ${dropped.map(p => p.label).join(', ')} in a later commit.`));
    }
    if (services.length > 0) {
      found.push(warning(ID, after.label,
        `The mesh route is detached from ${services.map(p => p.label).join(', ')} (parentRefs change). The mesh stops applying it at once: callers inside the cluster reach that Service's own endpoints (its selector), without the route's weights, header matches or filters.`,
        `Make sure ${services.map(p => p.label).join(', ')} selects pods that can take all of its callers' requests before the route leaves it (set the canary weight to 0 first).`));
    }
  }
  return found;
}

export const routeControllerChangedRule: TransitionRule = {
  id: ID,
  severities: ['error', 'warning'],
  nextOnly: false,
  summary: 'An Ingress changes class, or a route drops a parent Gateway: the controller that served it stops.',
  reason: 'ingress-nginx reads only Ingresses of its class; a Gateway routes only the routes attached to it (parentRefs).',
  check,
};
