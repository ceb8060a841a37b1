import { error, RawFinding, TransitionRule } from './rule';
import { describeTemplateChange, selectedWorkloads, serviceSelector, serviceSelects, showLabels, Transition } from '../model';

/**
 * A selector switch takes effect within a second, but the pods that served until now are
 * deleted, scaled away or replaced by the same apply: connections still open on them are cut
 * when they terminate, and the previous version is no longer there to switch back to.
 */
function servingPodsRemovedWithSwitch(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const switches = t.selectorSwitches();
  for (const { before, after } of switches) {
    for (const old of selectedWorkloads(t.previous, before)) {
      const c = t.change(old.key);
      if (c.replicasBefore === 0) { continue; } // served nothing
      if (c.after && serviceSelects(after, c.after)) { continue; } // still behind the Service
      // A swap (blue-green's active and preview Services trading colours) in which the old
      // pods keep running but change: they move to the other switched Service, and
      // traffic-onto-unready-pods reports them there. Pods retired with the switch (a flip and
      // the retire of the old colour in one commit) are reported here, on the Service that
      // served users, whatever Service selects them next.
      const retired = c.removed || c.replicasAfter === 0;
      if (!retired && c.after && t.switchesSelecting('next', c.after).some(s => s.after.key !== after.key)) { continue; }
      let what: string | undefined;
      if (c.removed) {
        what = 'is deleted';
      } else if (c.replicasAfter === 0) {
        what = `scales from ${c.replicasBefore} to 0 pods`;
      } else if (c.templateChanged) {
        what = `rolls out a new pod template (${describeTemplateChange(c.before!.obj.spec?.template, c.after!.obj.spec?.template)})`;
      }
      if (!what) { continue; }
      found.push(error('serving-pods-removed-with-switch', after.label,
        `The Service switches its selector from ${showLabels(serviceSelector(before))} to ${showLabels(serviceSelector(after))}, away from ${old.label}, which served it until now and ${what} in the same commit. Connections still open on those pods are cut as they terminate, and if the new pods misbehave there is no previous version left to switch back to: a rollback means a rollout under load.`,
        `Commit the selector switch alone; change, scale down or delete ${old.label} in a later commit, once the new pods serve and a rollback is no longer needed.`));
    }
  }
  return found;
}

export const servingPodsRemovedWithSwitchRule: TransitionRule = {
  id: 'serving-pods-removed-with-switch',
  severities: ['error'],
  nextOnly: false,
  summary: 'A Service selector switch committed together with the deletion, scale-down or rollout of the pods that served it.',
  reason: 'The EndpointSlice controller switches endpoints at once, and the Deployment controller removes the old pods in the same apply.',
  check: servingPodsRemovedWithSwitch,
};
