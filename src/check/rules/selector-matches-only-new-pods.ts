import { error, RawFinding, TransitionRule } from './rule';
import { mapSelects, selectedWorkloads, serviceSelector, serviceSelects, showLabels, templateLabels, Transition } from '../model';

const ID = 'selector-matches-only-new-pods';

/**
 * The EndpointSlice controller applies a new Service selector at once: when it matches only the
 * labels that the same commit's rollout gives the new pods, the running pods drop out of the
 * Service immediately and it has no endpoint until the first new pod is Ready.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const { before, after } of t.selectorSwitches()) {
    for (const w of selectedWorkloads(t.next, after)) {
      const c = t.change(w.key);
      if (!c.before || !c.templateChanged || c.replicasBefore === 0 || !serviceSelects(before, c.before)) { continue; }
      if (mapSelects(serviceSelector(after), templateLabels(c.before))) { continue; } // the running pods still match
      found.push(error(ID, after.label,
        `The Service's selector changes from ${showLabels(serviceSelector(before))} to ${showLabels(serviceSelector(after))}, which only the new pods of ${w.label} will carry (its template labels change in the same commit). The running pods (${showLabels(templateLabels(c.before))}) drop out of the Service at once: it has no endpoint until the first new pod is Ready, then serves on the few new pods alone.`,
        `Roll out the new labels on ${w.label} first with the selector unchanged; once every pod carries them, change the selector in the next commit.`));
    }
  }
  return found;
}

export const selectorMatchesOnlyNewPodsRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A Service selector changed to labels only the pods of the same commit\'s rollout carry.',
  reason: 'The EndpointSlice controller applies a new selector at once; only Ready pods are endpoints.',
  check,
};
