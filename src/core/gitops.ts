import { GitOpsHook } from '../gitops-hook';

/** The annotations that make a Job a hook of the chosen GitOps tool. */
export function hookAnnotations(hook: GitOpsHook): { [key: string]: string } | undefined {
  switch (hook) {
    case GitOpsHook.ARGO_CD_POST_SYNC:
      return { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' };
    case GitOpsHook.ARGO_CD_PRE_SYNC:
      return { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' };
    case GitOpsHook.FLUX:
      return { 'kustomize.toolkit.fluxcd.io/force': 'Enabled' };
    case GitOpsHook.NONE:
      return undefined;
  }
}
