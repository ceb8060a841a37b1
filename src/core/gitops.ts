import { GitOpsHook } from '../gitops-hook';

/**
 * When a hook Job runs again.
 *
 * - `EVERY_SYNC`: Argo CD deletes the previous run and starts a new one on every sync
 *   (`BeforeHookCreation`); Flux re-creates the Job when its spec changes.
 * - `ONCE_PER_NAME`: the Job's name carries what it tests, so a new test is a new name and an
 *   unchanged one never runs again. Under Argo CD that cannot be a hook: a hook without a
 *   delete policy is treated as `BeforeHookCreation` and re-created on every sync (Argo CD's
 *   resource-hooks docs; gitops-engine `pkg/sync/hook/delete_policy.go`). It is a plain Job in
 *   a sync wave instead: Argo CD applies a wave only once the waves before it are healthy, waits
 *   for a Job until it completes (a failed Job fails the sync), and leaves an unchanged Job as
 *   it is. Flux creates the Job under its new name and prunes the old one.
 */
export enum HookRuns { EVERY_SYNC, ONCE_PER_NAME }

/** The annotations that make a Job a hook of the chosen GitOps tool. */
export function hookAnnotations(hook: GitOpsHook, runs: HookRuns = HookRuns.EVERY_SYNC): { [key: string]: string } | undefined {
  // ONCE_PER_NAME: after the app's objects (wave 0) for PostSync, before them for PreSync.
  const argo = (phase: string): { [key: string]: string } => runs === HookRuns.EVERY_SYNC
    ? { 'argocd.argoproj.io/hook': phase, 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' }
    : { 'argocd.argoproj.io/sync-wave': phase === 'PreSync' ? '-1' : '1' };
  switch (hook) {
    case GitOpsHook.ARGO_CD_POST_SYNC:
      return argo('PostSync');
    case GitOpsHook.ARGO_CD_PRE_SYNC:
      return argo('PreSync');
    case GitOpsHook.FLUX:
      return { 'kustomize.toolkit.fluxcd.io/force': 'Enabled' };
    case GitOpsHook.NONE:
      return undefined;
  }
}
