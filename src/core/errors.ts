import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * What is wrong with one prop, in the words a user needs to fix it.
 */
export interface PropProblem {
  /** The prop as the user wrote it, e.g. `containers[0].image`. */
  readonly prop: string;
  /** The value received. */
  readonly value: unknown;
  /** Why the value is refused (the rule, and what it would break). */
  readonly problem: string;
  /** What to write instead. */
  readonly fix: string;
}

/**
 * The one error format of the library: construct path, prop, value received, rule and fix.
 */
export function invalidProp(scope: IConstruct, p: PropProblem): Error {
  return invalidPropAt(scope.node.path, p);
}

/**
 * The same error where there is no construct yet: `where` is what the user called, e.g.
 * `Probe.httpGet` for a static factory.
 */
export function invalidPropAt(where: string, p: PropProblem): Error {
  return new Error(`${where}: invalid '${p.prop}' (received ${renderValue(p.value)}): ${p.problem}. Fix: ${p.fix}.`);
}

/** A received value already written the way the user wrote it, shown as it is. */
export class Shown {
  constructor(public readonly text: string) {}
}

/** Renders a received value the way the user would recognise it in their code. */
export function renderValue(value: unknown): string {
  if (value === undefined) { return 'nothing'; }
  if (value instanceof Shown) { return value.text; }
  if (value instanceof Duration) { return `Duration of ${formatDuration(value)}`; }
  if (typeof value === 'string') { return JSON.stringify(value); }
  // JSON has no Infinity or NaN (it writes null), no functions and no bigints (it writes nothing).
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'symbol') { return String(value); }
  if (typeof value === 'function') { return `the function ${value.name || '(anonymous)'}`; }
  try {
    return JSON.stringify(value, (_key, v) => typeof v === 'number' && !Number.isFinite(v) ? `${NOT_FINITE}${v}` : v)
      .replace(new RegExp(`"${NOT_FINITE}([^"]*)"`, 'g'), '$1');
  } catch {
    // A construct or anything else with cycles.
    const c = (value as object).constructor;
    return c && c !== Object ? `a ${c.name}` : 'an object with cycles';
  }
}

/** Marks a non-finite number inside a rendered object, so that it shows as Infinity, not null. */
const NOT_FINITE = '@@not-finite@@';

/** `10s`, `1.5s`, `5m`: short and exact (whole minutes as minutes, anything else in seconds). */
export function formatDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  if (ms % 1000 !== 0) { return `${ms / 1000}s`; }
  const s = ms / 1000;
  if (s >= 60 && s % 60 === 0) { return `${s / 60}m`; }
  return `${s}s`;
}

/** Whole seconds of a duration, or undefined when it has a fraction of a second. */
export function wholeSeconds(d: Duration): number | undefined {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? ms / 1000 : undefined;
}

/**
 * Refuses props that an earlier version took and this one no longer reads. TypeScript users get
 * a compile error; JavaScript users would otherwise have them ignored, and an ignored route
 * prop deletes an Ingress on the next sync.
 */
export function refuseRemovedProps(scope: IConstruct, props: object, removed: { [prop: string]: string }): void {
  for (const [prop, fix] of Object.entries(removed)) {
    const [head, tail] = prop.split('.');
    const holder = (props as { [key: string]: unknown })[head];
    const value = tail === undefined ? holder : (holder as { [key: string]: unknown } | undefined)?.[tail];
    if (value !== undefined) {
      throw invalidProp(scope, { prop, value, problem: 'this prop was removed: routes are given as `router` (docs/routers.md), and a leftover would be ignored', fix });
    }
  }
}
