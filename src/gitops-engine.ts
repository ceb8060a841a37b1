import { IConstruct } from 'constructs';
import { checkArgs } from './core/jsii-props';

/**
 * The engine that applies the synthesized YAML, and so the form in which each commit carries its
 * own order (see docs/engine-ordering.md).
 *
 * Argo CD and Flux apply the newest revision they see: two commits merged before a sync are
 * applied as one. Each state the library synthesizes therefore says, in the engine's own terms,
 * what must be serving first, what tests it, what moves traffic and what loses it, so that a
 * collapsed pair of commits is applied in a safe order too.
 */
export enum GitOpsEngine {
  /**
   * Argo CD: sync waves (`argocd.argoproj.io/sync-wave`). A sync applies one wave at a time and
   * waits until every resource of the wave is Healthy (a Deployment's rollout complete, a Job
   * complete) before the next; a Degraded resource fails the sync and later waves are not
   * applied (argo-cd `gitops-engine/pkg/sync/sync_context.go`).
   */
  ARGO_CD = 'ARGO_CD',

  /**
   * Flux: one Kustomization applies its objects together, so each stage is a folder of its own
   * applied by its own Kustomization, each one `dependsOn` the stage before with `wait: true`
   * (fluxcd/kustomize-controller). `cdk8s-zero-downtime flux-layout` writes the folders and the
   * Kustomizations from the synthesized output.
   */
  FLUX = 'FLUX',

  /**
   * `kubectl apply` (or any tool that applies a commit at once): nothing orders the objects of
   * one commit, so every documented intermediate commit must be applied and converge before the
   * next is merged.
   */
  APPLY = 'APPLY',
}

/** The context key under which `ReleaseOrder.use` records the engine. */
export const ENGINE_CONTEXT_KEY = 'cdk8s-zero-downtime/engine';

/**
 * Chooses the GitOps engine for every release construct below a scope (usually the App).
 *
 * @example
 * const app = new App();
 * ReleaseOrder.use(app, GitOpsEngine.FLUX);
 */
export class ReleaseOrder {
  /**
   * Orders every release below `scope` for `engine`. Call it before adding children to the
   * scope: construct context cannot change once children exist.
   *
   * @param scope the App, or the Chart of the releases
   * @param engine the engine that applies the synthesized YAML
   */
  public static use(scope: IConstruct, engine: GitOpsEngine): void {
    checkArgs(undefined, 'ReleaseOrder', 'use', [scope, engine]);
    if (scope.node.children.length > 0) {
      throw new Error(`${scope.node.path || '(app)'}: ReleaseOrder.use(${engine}) was called after constructs were added to this scope, and construct context cannot change then. Call it right after creating the App (or the Chart), before any chart or construct.`);
    }
    scope.node.setContext(ENGINE_CONTEXT_KEY, engine);
  }

  /**
   * The engine chosen for `scope` with `ReleaseOrder.use`, or undefined when none was chosen
   * (each construct then falls back to its hook, or to Argo CD).
   */
  public static chosen(scope: IConstruct): GitOpsEngine | undefined {
    const value = scope.node.tryGetContext(ENGINE_CONTEXT_KEY);
    if (value === undefined) { return undefined; }
    if (!Object.values(GitOpsEngine).includes(value)) {
      throw new Error(`${scope.node.path || '(app)'}: the context "${ENGINE_CONTEXT_KEY}" is ${JSON.stringify(value)}, which is not a GitOpsEngine. Set it with ReleaseOrder.use(app, GitOpsEngine.ARGO_CD), GitOpsEngine.FLUX or GitOpsEngine.APPLY.`);
    }
    return value as GitOpsEngine;
  }

  private constructor() {}
}
