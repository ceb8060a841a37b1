import { GitOpsHook } from '../gitops-hook';

/**
 * When a hook Job runs again.
 *
 * - `EVERY_SYNC`: Argo CD deletes the previous run and starts a new one on every sync
 *   (`BeforeHookCreation`); Flux re-creates the Job when its spec changes.
 * - `ONCE_PER_NAME`: the Job's name carries what it tests, so a new test is a new name. Argo CD
 *   creates a named hook without a delete policy only once and keeps it across syncs (its
 *   resource-hooks docs); Flux creates the new Job and prunes the old one.
 */
export enum HookRuns { EVERY_SYNC, ONCE_PER_NAME }

/** The annotations that make a Job a hook of the chosen GitOps tool. */
export function hookAnnotations(hook: GitOpsHook, runs: HookRuns = HookRuns.EVERY_SYNC): { [key: string]: string } | undefined {
  const argo = (phase: string): { [key: string]: string } => runs === HookRuns.EVERY_SYNC
    ? { 'argocd.argoproj.io/hook': phase, 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' }
    : { 'argocd.argoproj.io/hook': phase };
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
