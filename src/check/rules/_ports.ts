import { Entry, isObject, Json, selectedWorkloads, Transition, WorkloadChange } from '../model';

/** One port of a Service and where it sends traffic in the pods. Private to src/check/rules/. */
export interface ServicePort {
  /** For messages: `port 80 (http)`. */
  readonly label: string;
  /** Matches the same port across states: its name, else its number. */
  readonly key: string;
  /** A number the pods must listen on, or a port name each pod resolves. */
  readonly target: number | string;
}

export function servicePorts(service: Entry): ServicePort[] {
  const ports: Json[] = Array.isArray(service.obj.spec?.ports) ? service.obj.spec.ports.filter(isObject) : [];
  return ports.filter(p => typeof p.port === 'number').map(p => {
    const tp = p.targetPort;
    // The API server defaults targetPort to port; a numeric string is a number.
    const target = typeof tp === 'number' ? tp : typeof tp === 'string' && tp !== '' ? (/^\d+$/.test(tp) ? Number(tp) : tp) : p.port;
    const name = typeof p.name === 'string' && p.name !== '' ? p.name : undefined;
    return { label: `port ${p.port}${name ? ` (${name})` : ''}`, key: name ?? String(p.port), target };
  });
}

/** A Service of NEXT, one running workload it selects, and what the commit does to that workload. */
export interface ServedWorkload {
  readonly service: Entry;
  /** The Service in PREVIOUS, if it was there. */
  readonly prevService?: Entry;
  /** The targets the Service's ports had in PREVIOUS, by port key. */
  readonly prevTargets: Map<string, number | string>;
  readonly workload: Entry;
  readonly change: WorkloadChange;
}

/**
 * Every Service of NEXT with each workload it selects that still runs pods after the commit.
 * Built once per transition for the three port rules.
 */
export function servedWorkloads(t: Transition): readonly ServedWorkload[] {
  return t.memo('servedWorkloads', () => t.next.ofKind('', 'Service').flatMap(service => {
    const prevService = t.previous.get(service.key);
    const prevTargets = new Map(prevService ? servicePorts(prevService).map(p => [p.key, p.target]) : []);
    return selectedWorkloads(t.next, service)
      .map(workload => ({ service, prevService, prevTargets, workload, change: t.change(workload.key) }))
      .filter(s => s.change.replicasAfter > 0);
  }));
}
