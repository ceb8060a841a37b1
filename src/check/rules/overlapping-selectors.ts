import { error, RawFinding, showSelector, TransitionRule } from './rule';
import { labelSelectorMatches, showLabels, templateLabels, Transition, workloads } from '../model';

/**
 * Two controllers whose selectors match one pod: the eviction API refuses to evict a pod
 * covered by more than one PodDisruptionBudget (pkg/registry/core/pod/storage/eviction.go,
 * HTTP 500 "more than one PodDisruptionBudget"), and anything that selects pods the way a
 * Deployment does (its HPA, through the scale subresource) counts the other's pods too.
 */
function overlappingSelectors(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const all = workloads(t.next);
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const [a, b] = [all[i], all[j]];
      if (a.namespace !== b.namespace) { continue; }
      const aTakesB = labelSelectorMatches(a.obj.spec?.selector, templateLabels(b));
      const bTakesA = labelSelectorMatches(b.obj.spec?.selector, templateLabels(a));
      if (!aTakesB && !bTakesA) { continue; }
      const [wide, narrow] = aTakesB ? [a, b] : [b, a];
      found.push(error('overlapping-selectors', wide.label,
        `Its selector ${showSelector(wide.obj.spec?.selector)} also matches the pods of ${narrow.label} (labels ${showLabels(templateLabels(narrow))}). Kubernetes does not stop overlapping selectors, but whatever selects pods by them counts both workloads: an HPA on ${wide.label} reads the metrics of both through the scale subresource, a Service or PodDisruptionBudget written with those labels covers both, and a pod under two PodDisruptionBudgets cannot be evicted at all, which blocks node drains.`,
        `Give each workload a distinguishing pod label in its selector (e.g. role: ${wide.name} / ${narrow.name}, or track: stable / canary). A selector cannot be edited in place (see immutable-selector): create the workload under a new name with the new selector, move traffic, then delete the old one.`));
    }
  }
  const pdbs = t.next.ofKind('policy', 'PodDisruptionBudget');
  for (const w of all) {
    const covering = pdbs.filter(p => p.namespace === w.namespace && labelSelectorMatches(p.obj.spec?.selector, templateLabels(w)));
    if (covering.length < 2) { continue; }
    found.push(error('overlapping-selectors', w.label,
      `Its pods are covered by ${covering.length} PodDisruptionBudgets (${covering.map(p => p.label).join(', ')}). The eviction API refuses to evict a pod under more than one PodDisruptionBudget (HTTP 500 "This pod has more than one PodDisruptionBudget"), whatever the budgets allow: kubectl drain, cluster-autoscaler and node upgrades stall on these pods.`,
      'Keep one PodDisruptionBudget per workload: narrow the selectors with a distinguishing label (e.g. role or track) so that each pod matches exactly one, or delete the extra budget.'));
  }
  return found;
}

export const overlappingSelectorsRule: TransitionRule = {
  id: 'overlapping-selectors',
  severities: ['error'],
  nextOnly: true,
  summary: 'Two workloads whose selectors match one pod, or a pod under two PodDisruptionBudgets.',
  reason: 'kubernetes pkg/registry/core/pod/storage/eviction.go: a pod under more than one PodDisruptionBudget cannot be evicted (HTTP 500).',
  check: overlappingSelectors,
};
