import { error, RawFinding, TransitionRule } from './rule';
import { canonical, Entry, parentRefsOf, State, TrafficRoute, trafficRoutes, Transition } from '../model';

const ID = 'entry-route-removed';

/** The rule part of a Gateway API route id (`route:<route key>:<rule key>`). */
function ruleKey(r: TrafficRoute): string {
  return r.route ? r.id.slice(`route:${r.route.key}:`.length) : r.id;
}

/** Whether NEXT still routes the requests a route of PREVIOUS took (any router may now hold them). */
function covered(r: TrafficRoute, next: Map<string, TrafficRoute>, nextState: State): boolean {
  if (next.has(r.id)) { return true; }
  if (!r.route) { return false; }
  const hostnames = canonical(r.route.obj.spec?.hostnames ?? []);
  // A route renamed or re-keyed: the same kind, hostnames and rule elsewhere.
  return [...next.values()].some(n => n.route && n.route.kind === r.route!.kind
    && canonical(n.route.obj.spec?.hostnames ?? []) === hostnames && ruleKey(n) === ruleKey(r)
    && nextState.get(n.route.key) !== undefined);
}

/**
 * ingress-nginx serves only the hosts and paths of the Ingresses it reads: a request for one
 * that is gone gets the default backend's 404. A Gateway answers 404 for requests no attached
 * route matches (gateway-api httproute_types.go). A route users enter through that disappears
 * is an outage unless the whole app is retired on purpose.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  if (t.next.entries.size === 0) { return found; } // next-empty says it once
  const next = trafficRoutes(t.next);
  const reported = new Set<string>();
  for (const r of trafficRoutes(t.previous).values()) {
    if (![...r.shares.values()].some(s => s > 0) || covered(r, next, t.next)) { continue; }
    const router: Entry = r.route ?? r.main?.ingress ?? r.canary!.ingress;
    // A mesh route (GAMMA: only Service parents) leaves no one without a route: the mesh sends
    // the Service's callers to its own endpoints again, no 404 (gateway-api docs "Gateway API
    // for Service Mesh", /mesh; GEP-1294).
    if (r.route && isMeshOnly(r.route)) { continue; }
    if (reported.has(`${router.key} ${r.where}`)) { continue; }
    // Allowed when the router is named, or when every backend it sent to belongs to an app whose removal is allowed.
    const backends = [...r.shares.keys()].map(k => t.previous.get(k)).filter((e): e is Entry => e !== undefined);
    if (t.removalAllowed(router) || (backends.length > 0 && backends.every(b => t.removalAllowed(b)))) { continue; }
    reported.add(`${router.key} ${r.where}`);
    const answer = r.route ? 'the Gateway answers 404' : 'ingress-nginx answers 404 from its default backend';
    found.push(error(ID, router.label,
      `${r.label} ${t.next.get(router.key) ? 'is no longer routed' : 'is deleted'}: nothing in the new state routes these requests any more, so ${answer} to every user who enters through it.`,
      `Keep the route until its users have moved. If the app behind it is retired on purpose, say so: --allow-removal ${router.kind}/${router.name} (or the app name; TransitionCheck option allowRemoval).`));
  }
  return found;
}

function isMeshOnly(route: Entry): boolean {
  const parents = parentRefsOf(route);
  return parents.length > 0 && parents.every(p => p.kind === 'Service');
}

export const entryRouteRemovedRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A host and path (or route rule) users enter through is no longer routed.',
  reason: 'ingress-nginx and Gateways answer 404 for requests no Ingress or attached route matches.',
  check,
};
