import { error, RawFinding, showSelector, TransitionRule } from './rule';
import { labelSelectorCandidates, labelSelectorMatches, SelectorIndex, showLabels, templateLabels, Transition, workloads } from '../model';

/**
 * Two controllers whose selectors match one pod: the eviction API refuses to evict a pod
 * covered by more than one PodDisruptionBudget (pkg/registry/core/pod/storage/eviction.go,
 * HTTP 500 "more than one PodDisruptionBudget"), and anything that selects pods the way a
 * Deployment does (its HPA, through the scale subresource) counts the other's pods too.
 */
function overlappingSelectors(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const all = workloads(t.next);
  // The pairs (i < j) where one selector may take the other's pods, from the label index
  // instead of every pair (issue #24); visited in the order of the loop over all pairs.
  const position = new Map(all.map((w, i) => [w, i]));
  const pairs = new Map<string, [number, number]>();
  for (const x of all) {
    for (const y of labelSelectorCandidates(t.next, x.namespace, x.obj.spec?.selector)) {
      if (y === x) { continue; }
      const [i, j] = [position.get(x)!, position.get(y)!].sort((p, q) => p - q);
      pairs.set(`${i},${j}`, [i, j]);
    }
  }
  for (const [i, j] of [...pairs.values()].sort((p, q) => p[0] - q[0] || p[1] - q[1])) {
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
  const pdbs = new SelectorIndex(t.next.ofKind('policy', 'PodDisruptionBudget'), p => p.obj.spec?.selector);
  for (const w of all) {
    const covering = pdbs.candidates(w.namespace, templateLabels(w))
      .filter(p => p.namespace === w.namespace && labelSelectorMatches(p.obj.spec?.selector, templateLabels(w)));
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
