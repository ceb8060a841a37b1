/**
 * How a GitOps tool runs a Job that gates or checks a release.
 *
 * A Job's pod template is immutable, so a Job that changes between commits cannot simply be
 * re-applied: each option says who deletes the old run.
 */
export enum GitOpsHook {
  /**
   * Argo CD runs the Job after every sync (`argocd.argoproj.io/hook: PostSync`) and deletes
   * the previous run before creating the next (`BeforeHookCreation`). A failed Job marks the
   * sync as failed.
   */
  ARGO_CD_POST_SYNC = 'ARGO_CD_POST_SYNC',

  /**
   * Argo CD runs the Job before it applies anything else (`argocd.argoproj.io/hook: PreSync`);
   * a failed Job stops the sync.
   */
  ARGO_CD_PRE_SYNC = 'ARGO_CD_PRE_SYNC',

  /**
   * Flux recreates the Job when it changes (`kustomize.toolkit.fluxcd.io/force: Enabled`);
   * a Kustomization with `wait: true` or a health check on the Job waits for it to succeed.
   */
  FLUX = 'FLUX',

  /**
   * A plain Job with no tool-specific annotations.
   */
  NONE = 'NONE',
}
