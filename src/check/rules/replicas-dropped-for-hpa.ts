import { error, RawFinding, TransitionRule, warning } from './rule';
import { autoscalersOf, Transition, workloads, writtenReplicas } from '../model';

/**
 * Kubernetes HPA docs, "Migrating Deployments and StatefulSets to horizontal autoscaling":
 * removing `spec.replicas` from an applied manifest removes the field, which defaults to 1:
 * every pod but one is terminated until the HPA scales back up.
 */
function replicasDroppedForHpa(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of workloads(t.next)) {
    const before = t.previous.get(after.key);
    if (!before) { continue; }
    const was = writtenReplicas(before);
    if (was === undefined || was <= 1 || writtenReplicas(after) !== undefined) { continue; }
    const hpas = autoscalersOf(t.next, after);
    if (hpas.length === 0) { continue; }
    const hpa = hpas[0];
    const isNew = !t.previous.get(hpa.key);
    // With the HPA introduced in the same commit this is the hazard the docs describe; with an
    // HPA already in place it is the documented second step, safe once the field was handed
    // over outside Git, which the checker cannot see: a warning that says so.
    found.push((isNew ? error : warning)('replicas-dropped-for-hpa', after.label,
      `spec.replicas (${was}) is removed while ${hpa.label} ${isNew ? 'is introduced in the same commit' : 'scales it'}. On apply the field is deleted and the API server defaults it to 1: the ${after.kind} drops from ${was} pods to 1, and all but one pod terminate until the HPA${isNew ? ', which does not exist yet when the apply starts,' : ''} notices and scales back up (its sync period is 15 s, and new pods still have to start).`,
      isNew
        ? `Commit ${hpa.label} first while keeping spec.replicas; hand the field over to the HPA (with kubectl apply edit-last-applied, or a server-side apply field-manager handover, as the HPA docs describe), then remove spec.replicas in a later commit.`
        : 'Hand spec.replicas over to the HPA before this commit is applied (kubectl apply edit-last-applied, or a server-side apply field-manager handover, as the HPA docs describe); the checker cannot see that step, so review this finding once it is done. Alternatively keep spec.replicas and let the GitOps tool ignore it (Argo CD ignoreDifferences with RespectIgnoreDifferences=true).'));
  }
  return found;
}

export const replicasDroppedForHpaRule: TransitionRule = {
  id: 'replicas-dropped-for-hpa',
  severities: ['error', 'warning'],
  nextOnly: false,
  summary: 'spec.replicas removed from a workload an HPA scales: it drops to 1 pod.',
  reason: 'Kubernetes docs, "Migrating Deployments and StatefulSets to horizontal autoscaling": an applied manifest without replicas resets the field to its default, 1.',
  check: replicasDroppedForHpa,
};
