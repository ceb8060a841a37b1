import { apiGroup, isObject, Json, labelOf, objectKey, sameJson, TransitionOptions, withStates, WORKLOAD_KINDS } from './model';
import { checkTransition, RawFinding, RULES, TransitionRule } from './rules';
import { ARGO_CD_WAVE_ANNOTATION, FLUX_PRUNE_ANNOTATION, STAGE_ANNOTATION, STAGE_NAMES, Stage } from '../core/stage';
import { GitOpsEngine } from '../gitops-engine';

/**
 * How the engine that applies a commit splits it into steps, each applied once the one before
 * has converged. The transition checker judges every step as a transition of its own, so a pair
 * of states is safe under an engine when every partial state that engine produces is.
 *
 * - `apply` (`kubectl apply`, or any tool that applies a commit at once): one step.
 * - `argocd`: one step per sync phase and wave (argo-cd `gitops-engine/pkg/sync/sync_context.go`,
 *   `sync_tasks.go`). A sync whose tasks span more than one wave applies them wave by wave and
 *   waits for every resource of a wave to be Healthy before the next. A PreSync hook comes before
 *   every wave and a PostSync hook after. An object deleted from Git is pruned in the wave written
 *   on the cluster's copy (PREVIOUS), the prune waves in mirrored order (the lowest and highest
 *   prune waves swapped, and so on inwards); `PruneLast=true` on that copy prunes it after every
 *   wave. Pruning assumes `prune: true` (auto-sync prunes nothing without it).
 * - `flux`: one step per stage (`cdk8s-zero-downtime.io/stage`), the Kustomizations that
 *   `cdk8s-zero-downtime flux-layout` writes: each stage `dependsOn` the one before with
 *   `wait: true`, so it is applied once the one before is Ready at the same revision
 *   (fluxcd/kustomize-controller); a Kustomization prunes what left its own folder. Objects
 *   without the annotation are in the `prepare` stage, the first after `migrate`.
 */
export type EngineName = 'argocd' | 'flux' | 'apply';

export const ENGINE_NAMES: readonly EngineName[] = ['argocd', 'flux', 'apply'];

/** The checker's name for each engine of the public API. */
export const ENGINE_OF: Readonly<Record<GitOpsEngine, EngineName>> = {
  [GitOpsEngine.ARGO_CD]: 'argocd',
  [GitOpsEngine.FLUX]: 'flux',
  [GitOpsEngine.APPLY]: 'apply',
};

/** What applies a commit, as people call it. */
export const ENGINE_TITLES: Readonly<Record<EngineName, string>> = {
  argocd: 'Argo CD',
  flux: 'Flux',
  apply: 'kubectl apply',
};

/** One step of a sync: what it applies and prunes, and the state once it has converged. */
export interface EngineStep {
  /** `wave 2`, `PostSync hooks`, `stage shift`, or `the whole commit`. */
  readonly label: string;
  /** The objects the step applies (created or changed), as findings name them. */
  readonly applies: readonly string[];
  /** The objects the step deletes, as findings name them. */
  readonly prunes: readonly string[];
  /** The state once the step has converged. */
  readonly state: readonly Json[];
  /** The keys the step changes, with the object before the sync (undefined for a new one). */
  readonly changed: ReadonlyMap<string, Json | undefined>;
}

/** The engine the manifests say they are written for, and the annotation that says so. */
export interface DetectedEngine {
  readonly engine: EngineName;
  /** Why: e.g. `annotation argocd.argoproj.io/sync-wave on Deployment shop/api`; undefined for `apply`. */
  readonly evidence?: string;
}

/** Reads the engine from the manifests: Argo CD or Flux annotations, else plain apply. */
export function detectEngine(...states: (readonly unknown[])[]): DetectedEngine {
  let flux: string | undefined;
  for (const state of states) {
    for (const o of state) {
      if (!isObject(o)) { continue; }
      const annotations = isObject(o.metadata?.annotations) ? o.metadata.annotations : {};
      const label = labelOf(String(o.kind), o.metadata?.namespace, String(o.metadata?.name));
      for (const key of Object.keys(annotations)) {
        if (key.startsWith('argocd.argoproj.io/')) { return { engine: 'argocd', evidence: `annotation ${key} on ${label}` }; }
        if (!flux && (key === STAGE_ANNOTATION || key.startsWith('kustomize.toolkit.fluxcd.io/'))) { flux = `annotation ${key} on ${label}`; }
      }
      if (!flux && apiGroup(o.apiVersion) === 'kustomize.toolkit.fluxcd.io' && o.kind === 'Kustomization') { flux = `Flux ${label}`; }
    }
  }
  return flux ? { engine: 'flux', evidence: flux } : { engine: 'apply' };
}

interface Slot {
  /** Sort order: phase, then wave or stage. */
  readonly order: [number, number];
  readonly label: string;
}

interface Task {
  readonly key: string;
  readonly label: string;
  /** The object to apply, or undefined for a prune. */
  readonly object?: Json;
  slot: Slot;
}

function keyOf(o: Json): string | undefined {
  if (!isObject(o) || typeof o.kind !== 'string' || !isObject(o.metadata) || typeof o.metadata.name !== 'string') { return undefined; }
  return objectKey(apiGroup(o.apiVersion), o.kind, o.metadata.namespace, o.metadata.name);
}

function annotation(o: Json, key: string): string | undefined {
  const v = o?.metadata?.annotations?.[key];
  return typeof v === 'string' ? v : undefined;
}

const ARGO_PHASES: Readonly<Record<string, number>> = { PreSync: 0, Sync: 1, PostSync: 2 };

/** The Argo CD phase and wave of an object as written (a hook's phase, else Sync; wave 0 unless set). */
function argoSlot(o: Json): Slot | undefined {
  const hook = annotation(o, 'argocd.argoproj.io/hook');
  // A hook may name several phases; it runs first in the earliest. Skip, SyncFail and
  // PostDelete are not applied by a successful sync.
  const phases = hook === undefined ? ['Sync'] : hook.split(',').map(s => s.trim()).filter(p => p in ARGO_PHASES);
  if (phases.length === 0) { return undefined; }
  const phase = Math.min(...phases.map(p => ARGO_PHASES[p]));
  const written = Number(annotation(o, ARGO_CD_WAVE_ANNOTATION) ?? '0');
  const wave = Number.isInteger(written) ? written : 0;
  const name = Object.keys(ARGO_PHASES).find(p => ARGO_PHASES[p] === phase)!;
  return { order: [phase, wave], label: name === 'Sync' ? `wave ${wave}` : `${name} hooks, wave ${wave}` };
}

function pruneLast(o: Json): boolean {
  return (annotation(o, 'argocd.argoproj.io/sync-options') ?? '').split(',').some(s => s.trim() === 'PruneLast=true');
}

const STAGE_ORDER = new Map(Object.entries(STAGE_NAMES).map(([stage, name]) => [name, Number(stage)]));

/**
 * Whether Flux leaves an object alone when it leaves a Kustomization: the annotation
 * `kustomize.toolkit.fluxcd.io/prune: disabled` on the cluster's copy (kustomize-controller's
 * garbage collection skips it).
 */
function fluxKeeps(o: Json): boolean {
  return annotation(o, FLUX_PRUNE_ANNOTATION) === 'disabled';
}

function fluxSlot(o: Json): Slot {
  const written = annotation(o, STAGE_ANNOTATION);
  const stage = written !== undefined && STAGE_ORDER.has(written) ? STAGE_ORDER.get(written)! : Stage.PREPARE;
  return { order: [0, stage], label: `stage ${STAGE_NAMES[stage as Stage]}` };
}

/**
 * The steps in which an engine applies NEXT over PREVIOUS. Unchanged objects are in no step; a
 * commit whose changes all fall in one step is one step, exactly PREVIOUS → NEXT.
 */
export function engineSteps(previous: readonly unknown[], next: readonly unknown[], engine: EngineName): EngineStep[] {
  const whole: EngineStep[] = [{ label: 'the whole commit', applies: [], prunes: [], state: next, changed: new Map() }];
  if (engine === 'apply') { return whole; }
  const before = new Map<string, Json>();
  for (const o of previous) { const k = keyOf(o); if (k) { before.set(k, o); } }
  const after = new Map<string, Json>();
  for (const o of next) { const k = keyOf(o); if (k) { after.set(k, o); } }

  const tasks: Task[] = [];
  const slotOf = (o: Json): Slot | undefined => engine === 'argocd' ? argoSlot(o) : fluxSlot(o);
  for (const [key, o] of after) {
    const old = before.get(key);
    // sameJson is canonical(old) === canonical(o), without writing either (issue #24).
    if (old !== undefined && sameJson(old, o)) { continue; }
    const slot = slotOf(o);
    const label = labelOf(o.kind, o.metadata.namespace, o.metadata.name);
    if (slot) { tasks.push({ key, label, object: o, slot }); }
    // Flux: an object that moves to a later stage left the folder of the earlier stage's
    // Kustomization, which runs first and deletes it, since the cluster's copy still carries that
    // Kustomization's owner labels (fluxcd/pkg ssa/manager_delete.go matches the labels on the
    // live object); the later stage creates it again.
    if (engine === 'flux' && old !== undefined && slot && !fluxKeeps(old)) {
      const was = fluxSlot(old);
      if (was.order[1] < slot.order[1]) { tasks.push({ key, label, slot: was }); }
    }
  }
  const prunes: Task[] = [];
  for (const [key, o] of before) {
    if (after.has(key)) { continue; }
    // Hooks are not part of the app's resources: a sync does not prune them.
    if (engine === 'argocd' && annotation(o, 'argocd.argoproj.io/hook') !== undefined) { continue; }
    if (engine === 'flux' && fluxKeeps(o)) { continue; }
    const slot = engine === 'argocd' && pruneLast(o)
      ? { order: [ARGO_PHASES.Sync, Number.MAX_SAFE_INTEGER] as [number, number], label: 'prunes last (PruneLast=true)' }
      : slotOf(o) ?? { order: [ARGO_PHASES.Sync, 0] as [number, number], label: 'wave 0' };
    prunes.push({ key, label: labelOf(o.kind, o.metadata.namespace, o.metadata.name), slot });
  }
  if (engine === 'argocd') {
    // sync_tasks.go: the waves that hold prunes run in mirrored order, so objects are deleted in
    // the reverse of the order they were created in.
    const waves = [...new Set(prunes.filter(t => t.slot.order[1] !== Number.MAX_SAFE_INTEGER).map(t => t.slot.order[1]))].sort((a, b) => a - b);
    const mirrored = new Map(waves.map((w, i) => [w, waves[waves.length - 1 - i]]));
    for (const t of prunes) {
      const w = mirrored.get(t.slot.order[1]);
      if (w !== undefined && w !== t.slot.order[1]) { t.slot = { order: [t.slot.order[0], w], label: `wave ${w}` }; }
    }
  }
  tasks.push(...prunes);
  const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  const slots: Slot[] = [];
  for (const t of [...tasks].sort((a, b) => compare(a.slot.order, b.slot.order))) {
    if (slots.length === 0 || compare(slots[slots.length - 1].order, t.slot.order) !== 0) { slots.push(t.slot); }
  }
  if (slots.length <= 1) {
    return [{
      ...whole[0],
      label: slots[0]?.label ?? whole[0].label,
      applies: tasks.filter(t => t.object).map(t => t.label),
      prunes: tasks.filter(t => !t.object).map(t => t.label),
      changed: new Map(tasks.map(t => [t.key, before.get(t.key)])),
    }];
  }
  const current = new Map(before);
  return slots.map((slot, i) => {
    const mine = tasks.filter(t => compare(t.slot.order, slot.order) === 0);
    for (const t of mine) {
      if (t.object) { current.set(t.key, t.object); } else { current.delete(t.key); }
    }
    return {
      label: slot.label,
      applies: mine.filter(t => t.object).map(t => t.label),
      prunes: mine.filter(t => !t.object).map(t => t.label),
      // The last step is NEXT itself, objects without an identity included.
      state: i === slots.length - 1 ? next : [...current.values()],
      changed: new Map(mine.map(t => [t.key, before.get(t.key)])),
    };
  });
}

/** A finding, with the step of the sync it happens in when the engine applies the commit in steps. */
export interface EngineFinding extends RawFinding {
  /** The step, e.g. `wave 2`; undefined when the commit is applied in one step. */
  readonly step?: string;
}

/** The findings of every step of the engine's sync, each once, errors first. */
export function checkUnderEngine(
  previous: readonly unknown[], next: readonly unknown[], engine: EngineName,
  options: TransitionOptions = {}, rules: readonly TransitionRule[] = RULES,
): { steps: EngineStep[]; findings: EngineFinding[] } {
  // Each step's state is the PREVIOUS of the next step: indexed once for both checks (issue #24).
  return withStates(() => checkSteps(previous, next, engine, options, rules));
}

function checkSteps(
  previous: readonly unknown[], next: readonly unknown[], engine: EngineName, options: TransitionOptions, rules: readonly TransitionRule[],
): { steps: EngineStep[]; findings: EngineFinding[] } {
  const steps = engineSteps(previous, next, engine);
  if (steps.length === 1) {
    return { steps, findings: checkTransition(previous, next, options, rules) };
  }
  const found: EngineFinding[] = [];
  const seen = new Set<string>();
  // What a step's health wait does not settle stays as it was before the sync for the steps after
  // it: the engine moves on while it takes effect.
  const unsettled = new Map<string, Json | undefined>();
  let from: readonly unknown[] = previous;
  for (const step of steps) {
    const settled = unsettled.size === 0 ? from : settle(from, unsettled);
    for (const f of checkTransition(settled, step.state, options, rules)) {
      const id = `${f.rule}\u0000${f.object}\u0000${f.message}`;
      if (seen.has(id)) { continue; }
      seen.add(id);
      found.push({ ...f, step: step.label, message: `In ${step.label} of the ${ENGINE_TITLES[engine]} sync: ${f.message}` });
    }
    from = step.state;
    const byKey = new Map<string, Json>();
    if (step.changed.size > 0) { for (const o of step.state) { const k = keyOf(o); if (k) { byKey.set(k, o); } } }
    for (const [key, before] of step.changed) {
      const after = byKey.get(key);
      if (unsettledChange(before, after)) { unsettled.set(key, before); }
    }
  }
  const order = new Map(rules.map((r, i) => [r.id, i]));
  found.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1) || ((order.get(x.rule) ?? 0) - (order.get(y.rule) ?? 0)));
  return { steps, findings: found };
}

/**
 * Whether a change goes on after the engine counts its step healthy, so that the steps after it
 * must not take it as done:
 * - an autoscaler: Argo CD's HPA health reads its conditions, never its replica counts
 *   (`gitops-engine/pkg/health/health_hpa.go`), and an HPA acts on its next sync with metrics that
 *   may predate the step; Flux's kstatus does not wait for scaling either;
 * - a workload that loses pods (scaled down or deleted): a Deployment is healthy once its
 *   ReplicaSets' `status.replicas` match (`health_deployment.go`), and those count only pods not
 *   terminating (kubernetes `controller.FilterActivePods`), so its old pods still drain, serve
 *   their last requests and read the database while the next step is applied.
 */
function unsettledChange(before: Json | undefined, after: Json | undefined): boolean {
  const o = before ?? after;
  if (!isObject(o)) { return false; }
  if (o.kind === 'HorizontalPodAutoscaler') { return true; }
  if (!WORKLOAD_KINDS.includes(o.kind) || before === undefined) { return false; }
  if (after === undefined) { return true; }
  const replicas = (x: Json) => typeof x?.spec?.replicas === 'number' ? x.spec.replicas : 1;
  return replicas(after) < replicas(before);
}

/** A state with the unsettled objects as they were before the sync (absent when they were new). */
function settle(state: readonly unknown[], unsettled: ReadonlyMap<string, Json | undefined>): unknown[] {
  const out: unknown[] = [];
  const placed = new Set<string>();
  for (const o of state) {
    const key = keyOf(o);
    if (key === undefined || !unsettled.has(key)) { out.push(o); continue; }
    const before = unsettled.get(key);
    if (before !== undefined) { out.push(before); }
    placed.add(key);
  }
  for (const [key, before] of unsettled) {
    if (!placed.has(key) && before !== undefined) { out.push(before); }
  }
  return out;
}
