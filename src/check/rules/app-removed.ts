import { error, RawFinding, TransitionRule } from './rule';
import { appOf, backendRefs, servicesSelecting, Transition, workloads } from '../model';

const ID = 'app-removed';

/**
 * A workload with pods that NEXT no longer holds, with every Service that served it: with
 * pruning on (Argo CD `prune: true`, Flux `prune: true`) its pods are deleted and the app stops
 * serving. A folder that lost its files looks the same as an app retired on purpose, so the user
 * must say which it is.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  if (t.next.entries.size === 0) { return found; } // next-empty says it once
  // Built on the first removed workload, once for all of them (issue #24).
  let routed: Set<string> | undefined;
  let nextApps: Set<string> | undefined;
  for (const w of workloads(t.previous)) {
    const c = t.change(w.key);
    if (!c.removed || c.replicasBefore === 0 || t.removalAllowed(w)) { continue; }
    // Still behind a Service of NEXT: the switch, dangling-backend and object-replaced rules judge it.
    // Through each state's index of Services by selector pair rather than a scan of every Service
    // per removed workload (issue #24): the same Services, in the same order.
    if (servicesSelecting(t.next, w).length > 0) { continue; }
    const servedBy = servicesSelecting(t.previous, w);
    // A Service that a route of NEXT still names: dangling-backend reports it.
    const named = routed ??= new Set(backendRefs(t.next).map(r => r.target));
    if (servedBy.some(s => named.has(s.key))) { continue; }
    // The app goes on in another workload (the old colour or track retired): not a removal of the app.
    const app = appOf(w);
    const apps = nextApps ??= new Set(workloads(t.next).map(o => appKey(o.namespace, appOf(o))));
    if (app !== undefined ? apps.has(appKey(w.namespace, app)) : servedBy.length === 0) { continue; }
    found.push(error(ID, w.label,
      `${w.label} (${c.replicasBefore} pod(s)) is not in the new state${servedBy.length > 0 ? ', nor any Service that served it' : ''}. With pruning on, Argo CD and Flux delete it and its pods: whatever it served stops. A truncated or misplaced folder looks the same as a planned retirement.`,
      `If the removal is intended, say so: --allow-removal ${app ?? `${w.kind}/${w.name}`} (TransitionCheck option allowRemoval${app ? '; the app name covers its Services and routes too' : ''}). Otherwise restore its manifests.`));
  }
  return found;
}

/** A namespace and app name as one set key ('' for a workload without an app label). */
function appKey(namespace: string, app: string | undefined): string {
  return `${namespace}\u0000${app ?? ''}`;
}

export const appRemovedRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A running workload disappears with its Services, without the user saying it should.',
  reason: 'Argo CD and Flux prune objects deleted from Git (when pruning is on).',
  check,
};
