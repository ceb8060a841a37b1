import { error, RawFinding, showSelector, TransitionRule } from './rule';
import { sameJson, Transition } from '../model';

const SELECTOR_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

/**
 * kube-apiserver validation of apps/v1 workloads: `spec.selector` is immutable after creation
 * (ValidateDeploymentUpdate and friends: `field is immutable`). The apply is rejected and the
 * GitOps sync fails.
 */
function immutableSelector(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const kind of SELECTOR_KINDS) {
    for (const after of t.next.ofKind('apps', kind)) {
      const before = t.previous.get(after.key);
      if (!before || sameJson(before.obj.spec?.selector, after.obj.spec?.selector)) { continue; }
      found.push(error('immutable-selector', after.label,
        `spec.selector changes from ${showSelector(before.obj.spec?.selector)} to ${showSelector(after.obj.spec?.selector)}. The API server rejects the update ("spec.selector: Invalid value: ... field is immutable"): the sync fails, the ${kind} keeps its old spec, and the rest of the commit is applied only in part (Argo CD) or not at all (Flux stops at its dry run).`,
        `Keep the selector as it is (new labels can go on the pod template without being in the selector). To change it, create a new ${kind} under a new name with the new selector, move traffic to it in a later commit, and delete ${after.label} after that.`));
    }
  }
  return found;
}

export const immutableSelectorRule: TransitionRule = {
  id: 'immutable-selector',
  severities: ['error'],
  nextOnly: false,
  summary: 'A workload selector changed: the API server refuses the update.',
  reason: 'kube-apiserver apps/v1 update validation (ValidateDeploymentUpdate and friends): spec.selector is immutable.',
  check: immutableSelector,
};
