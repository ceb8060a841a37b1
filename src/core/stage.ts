import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalidProp } from './errors';
import { GitOpsEngine, ReleaseOrder } from '../gitops-engine';
import { GitOpsHook } from '../gitops-hook';

/**
 * Where an object of a release goes in the order of one commit. A commit that collapses two
 * documented commits is safe when the engine applies these stages in order and waits for each to
 * be healthy before the next:
 *
 * - `MIGRATE`: the expand migration, before any pod of the new version starts;
 * - `PREPARE`: what must be serving before traffic moves: new or resized pods that will take
 *   traffic, raised autoscaler floors, the Services whose selectors never change;
 * - `VERIFY`: the smoke test, whose failure stops everything after it;
 * - `SHIFT`: the routes and Service selectors that move traffic;
 * - `RETIRE`: what loses traffic: scale-downs, retired colours, lowered floors;
 * - `CONTRACT`: the contract migration, once no retired version runs.
 */
export enum Stage { MIGRATE, PREPARE, VERIFY, SHIFT, RETIRE, CONTRACT }

/** The Argo CD sync wave of each stage. PREPARE is wave 0, the default, so it writes nothing. */
export const ARGO_CD_WAVE: Readonly<Record<Stage, number>> = {
  [Stage.MIGRATE]: -1,
  [Stage.PREPARE]: 0,
  [Stage.VERIFY]: 1,
  [Stage.SHIFT]: 2,
  [Stage.RETIRE]: 3,
  [Stage.CONTRACT]: 4,
};

/** The annotation that names an object's stage for `flux-layout` (and the checker under Flux). */
export const STAGE_ANNOTATION = 'cdk8s-zero-downtime.io/stage';

/** The stage names as written in STAGE_ANNOTATION and as Flux folders, in order. */
export const STAGE_NAMES: Readonly<Record<Stage, string>> = {
  [Stage.MIGRATE]: 'migrate',
  [Stage.PREPARE]: 'prepare',
  [Stage.VERIFY]: 'verify',
  [Stage.SHIFT]: 'shift',
  [Stage.RETIRE]: 'retire',
  [Stage.CONTRACT]: 'contract',
};

export const ARGO_CD_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The engine a construct orders its objects for: the one chosen with `ReleaseOrder.use`, else
 * the one its hook belongs to, else Argo CD (the engine the hooks default to).
 */
export function engineOf(scope: IConstruct, hook?: GitOpsHook): GitOpsEngine {
  const chosen = ReleaseOrder.chosen(scope);
  if (chosen !== undefined) { return chosen; }
  switch (hook) {
    case GitOpsHook.FLUX: return GitOpsEngine.FLUX;
    case GitOpsHook.NONE: return GitOpsEngine.APPLY;
    default: return GitOpsEngine.ARGO_CD;
  }
}

/** The annotations that put an object in a stage for an engine (none for PREPARE or APPLY). */
export function stageAnnotations(engine: GitOpsEngine, stage: Stage): { [key: string]: string } {
  if (stage === Stage.PREPARE) { return {}; }
  switch (engine) {
    case GitOpsEngine.ARGO_CD: return { [ARGO_CD_WAVE_ANNOTATION]: String(ARGO_CD_WAVE[stage]) };
    case GitOpsEngine.FLUX: return { [STAGE_ANNOTATION]: STAGE_NAMES[stage] };
    case GitOpsEngine.APPLY: return {};
  }
}

/** Puts an object in its stage, in the engine's own terms. */
export function stageObject(object: ApiObject | undefined, engine: GitOpsEngine, stage: Stage): void {
  if (!object) { return; }
  for (const [key, value] of Object.entries(stageAnnotations(engine, stage))) {
    object.metadata.addAnnotation(key, value);
  }
}

export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';

/**
 * Puts a workload whose stage depends on the commit (a canary with or without pods, a retired
 * colour) in its stage. Under Flux an object that changes stage changes Kustomization, and the
 * one it leaves would prune it before the one it joins applies it (each stage `dependsOn` the one
 * before; fluxcd/pkg `ssa/manager_delete.go` deletes what left a Kustomization's inventory while
 * it still carries that Kustomization's labels): a Deployment moving from prepare to retire would
 * be deleted while it still serves. `kustomize.toolkit.fluxcd.io/prune: disabled` makes Flux's
 * garbage collection skip it, so the move is only a change of owner. The price: removing the
 * release from Git leaves these Deployments for you to delete (docs/engine-ordering.md).
 */
export function stageWorkload(object: ApiObject | undefined, engine: GitOpsEngine, stage: Stage): void {
  if (!object) { return; }
  stageObject(object, engine, stage);
  if (engine === GitOpsEngine.FLUX) { object.metadata.addAnnotation(FLUX_PRUNE_ANNOTATION, 'disabled'); }
}

/** When a Job of a release runs in its commit: before the pods (an expand) or after them (a smoke test, a gate). */
export enum JobTime { BEFORE_PODS, AFTER_PODS }

/** The hook that runs a Job at that time under each engine. */
const HOOKS: Readonly<Record<JobTime, Readonly<Record<GitOpsEngine, GitOpsHook>>>> = {
  [JobTime.BEFORE_PODS]: {
    [GitOpsEngine.ARGO_CD]: GitOpsHook.ARGO_CD_PRE_SYNC,
    [GitOpsEngine.FLUX]: GitOpsHook.FLUX,
    [GitOpsEngine.APPLY]: GitOpsHook.NONE,
  },
  [JobTime.AFTER_PODS]: {
    [GitOpsEngine.ARGO_CD]: GitOpsHook.ARGO_CD_POST_SYNC,
    [GitOpsEngine.FLUX]: GitOpsHook.FLUX,
    [GitOpsEngine.APPLY]: GitOpsHook.NONE,
  },
};

/** The hook of a Job left without one: the one of the engine chosen with `ReleaseOrder.use`, else Argo CD's. */
export function defaultHook(scope: IConstruct, time: JobTime): GitOpsHook {
  return HOOKS[time][ReleaseOrder.chosen(scope) ?? GitOpsEngine.ARGO_CD];
}

/**
 * Refuses a hook of another engine than the one chosen with `ReleaseOrder.use`: the Job would not
 * run in the order the app is written for. `what` says what the Job is ("a smoke test").
 */
export function refuseForeignHook(scope: IConstruct, prop: string, hook: GitOpsHook, time: JobTime, what: string, where: string): void {
  const chosen = ReleaseOrder.chosen(scope);
  if (chosen === undefined || hook === HOOKS[time][chosen]) { return; }
  throw invalidProp(scope, {
    prop,
    value: hook,
    problem: `the releases of this app are ordered for ${chosen} (ReleaseOrder.use), and ${what} with ${hook} would not run ${where}`,
    fix: `use GitOpsHook.${HOOKS[time][chosen]}, or leave ${prop} out`,
  });
}
