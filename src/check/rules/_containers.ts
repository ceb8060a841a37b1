import { containerNamed, Entry, isServing, Json, templateContainers, Transition, workloads } from '../model';

/** A container a serving workload had before the commit and still has after it. Private to src/check/rules/. */
export interface KeptContainer {
  /** The workload in NEXT. */
  readonly workload: Entry;
  /** The container in PREVIOUS and in NEXT. */
  readonly was: Json;
  readonly now: Json;
}

/**
 * Every container, matched by name, of every serving workload that both states hold: what the
 * rules that compare one container's settings across a commit walk.
 */
export function keptServingContainers(t: Transition): KeptContainer[] {
  return workloads(t.next).flatMap(workload => {
    const before = t.previous.get(workload.key);
    if (!before || !isServing(t.next, workload)) { return []; }
    return templateContainers(before.obj.spec?.template).flatMap(was => {
      const now = containerNamed(workload.obj.spec?.template, was.name);
      return now ? [{ workload, was, now }] : [];
    });
  });
}
