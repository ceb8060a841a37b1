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
 * Every container, matched by name, of every serving workload that both states hold and whose
 * pod template the commit changes: what the rules that compare one container's settings across
 * a commit walk. Built once per transition.
 */
export function keptServingContainers(t: Transition): readonly KeptContainer[] {
  return t.memo('keptServingContainers', () => workloads(t.next).flatMap(workload => {
    const before = t.previous.get(workload.key);
    // An unchanged pod template keeps every container as it was: nothing for these rules to compare.
    if (!before || !t.change(workload.key).templateChanged || !isServing(t.next, workload)) { return []; }
    return templateContainers(before.obj.spec?.template).flatMap(was => {
      const now = containerNamed(workload.obj.spec?.template, was.name);
      return now ? [{ workload, was, now }] : [];
    });
  }));
}
