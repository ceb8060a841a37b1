import { RawFinding, TransitionRule, warning } from './rule';
import { canonical, intOrPercent, labelSelectorCandidates, labelSelectorMatches, replicaRange, scaled, templateLabels, Transition } from '../model';

const ID = 'pdb-blocks-drain';

/**
 * kubernetes pkg/controller/disruption/disruption.go: a budget's disruptionsAllowed is the
 * healthy pods minus the desired healthy ones (minAvailable, or the expected count minus
 * maxUnavailable, percentages rounded up). At 0 the eviction API refuses every eviction
 * (HTTP 429): kubectl drain, cluster-autoscaler and node upgrades wait forever.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const pdb of t.next.ofKind('policy', 'PodDisruptionBudget')) {
    const covered = labelSelectorCandidates(t.next, pdb.namespace, pdb.obj.spec?.selector)
      .filter(w => w.namespace === pdb.namespace && labelSelectorMatches(pdb.obj.spec?.selector, templateLabels(w)));
    const floor = covered.reduce((sum, w) => sum + replicaRange(t.next, w).min, 0);
    const spec = pdb.obj.spec ?? {};
    let why: string | undefined;
    const maxUnavailable = intOrPercent(spec.maxUnavailable);
    const minAvailable = intOrPercent(spec.minAvailable);
    if (maxUnavailable && spec.minAvailable === undefined && maxUnavailable.value === 0) {
      why = `maxUnavailable ${canonical(spec.maxUnavailable)} allows no eviction, whatever the replicas`;
    } else if (minAvailable && spec.maxUnavailable === undefined && covered.length > 0 && floor > 0
      && scaled(minAvailable, floor, true) >= floor) {
      why = `minAvailable ${canonical(spec.minAvailable)} is at or above the ${floor} pod(s) of ${covered.map(w => w.label).join(', ')}${covered.some(w => replicaRange(t.next, w).autoscaled) ? ' (at the autoscaler\'s minimum)' : ''}: no eviction is ever allowed`;
    }
    if (!why) { continue; }
    found.push(warning(ID, pdb.label,
      `${why}. The eviction API refuses every eviction of these pods: kubectl drain, cluster-autoscaler scale-downs and node upgrades block on them until someone deletes the budget by hand. Traffic is not affected by this commit.`,
      'Allow at least one eviction: maxUnavailable: 1, or a minAvailable below the replica count (with one replica, a budget only blocks drains: run two, or drop the budget).'));
  }
  return found;
}

export const pdbBlocksDrainRule: TransitionRule = {
  id: ID,
  severities: ['warning'],
  nextOnly: true,
  summary: 'A PodDisruptionBudget that never allows an eviction.',
  reason: 'kubernetes pkg/controller/disruption/disruption.go: disruptionsAllowed 0 makes the eviction API refuse every eviction.',
  check,
};
