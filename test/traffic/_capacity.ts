/**
 * When traffic leaves the canary, the capacity it returns to must already be there and the
 * capacity it leaves must stay for that commit: Argo CD applies Deployments and autoscalers
 * before Ingresses (gitops-engine sync_tasks.go kind order), so canary pods removed in the
 * weight-0 commit leave the rest of them the whole weight for a moment, and an HPA floor
 * lowered as users return lets the autoscaler shrink stable on the recommendations of the
 * minutes it served nobody. Emptying the canary entirely is fine: ingress-nginx then sends its
 * share to stable. (The transition checker does not judge this yet.)
 */
export function capacityCutAsTrafficReturns(previous: any[], next: any[]): string[] {
  const weightOf = (docs: any[]) => docs.filter(d => d.kind === 'Ingress')
    .map(d => d.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight']).find(w => w !== undefined);
  const [from, to] = [Number(weightOf(previous) ?? 0), Number(weightOf(next) ?? 0)];
  if (!(to < from)) { return []; }
  const found: string[] = [];
  for (const after of next) {
    const before = previous.find(d => d.kind === after.kind && d.metadata.name === after.metadata.name);
    if (!before) { continue; }
    if (after.kind === 'Deployment' && after.spec.replicas !== 0 && after.spec.replicas < before.spec.replicas) {
      found.push(`Deployment ${after.metadata.name} ${before.spec.replicas} -> ${after.spec.replicas} pods`);
    }
    if (after.kind === 'HorizontalPodAutoscaler' && after.spec.minReplicas < before.spec.minReplicas) {
      found.push(`HorizontalPodAutoscaler ${after.metadata.name} floor ${before.spec.minReplicas} -> ${after.spec.minReplicas}`);
    }
  }
  return found;
}
