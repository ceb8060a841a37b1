import { Entry, isObject, Json } from '../model';

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
