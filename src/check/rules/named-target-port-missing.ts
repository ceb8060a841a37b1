import { servedWorkloads, servicePorts } from './_ports';
import { error, RawFinding, TransitionRule } from './rule';
import { declaredPorts, selectedWorkloads, Transition } from '../model';

const ID = 'named-target-port-missing';

/**
 * kubernetes pkg/api/v1/pod/util.go FindPort: a named targetPort is looked up in each pod's own
 * container ports; the EndpointSlice controller skips a pod that has no port of that name. Pods
 * without the name get no endpoint at all.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const { service, prevService, prevTargets, workload: w, change: c } of servedWorkloads(t)) {
    const oldNames = c.before && c.replicasBefore > 0 ? declaredPorts(c.before.obj.spec?.template).map(p => p.name) : undefined;
    const newNames = declaredPorts(w.obj.spec?.template).map(p => p.name);
    for (const p of servicePorts(service)) {
      if (typeof p.target !== 'string') { continue; }
      const targetChanged = prevTargets.get(p.key) !== p.target;
      // Only what this commit changes: the target, the pods' port names, or who is selected.
      const namesChanged = oldNames === undefined || oldNames.join(',') !== newNames.join(',');
      const newlySelected = !prevService || !c.before || !selectedWorkloads(t.previous, prevService).some(x => x.key === w.key);
      if (!targetChanged && !namesChanged && !newlySelected) { continue; }
      if (!newNames.includes(p.target)) {
        // A rename of a port the Service used is container-port-renamed.
        if (oldNames?.includes(p.target) && !targetChanged) { continue; }
        found.push(error(ID, service.label,
          `${p.label} targets the port named "${p.target}", which no container of ${w.label} declares after this commit (its ports: ${showNames(newNames)}). The EndpointSlice controller looks the name up in each pod and skips pods without it: ${w.label}'s pods get no endpoint on this port.`,
          `Declare a container port named "${p.target}" in ${w.label}, or point targetPort at a name or number its pods have.`));
      } else if (targetChanged && oldNames && !oldNames.includes(p.target) && c.templateChanged) {
        found.push(error(ID, service.label,
          `${p.label} now targets the port named "${p.target}", which only the new pods of ${w.label} declare: the running pods lose their endpoints at once and the Service has none until a new pod is Ready, then serves on the new pods alone as they come.`,
          `Add the port named "${p.target}" to the pods first (one commit, targetPort unchanged); change targetPort once every pod has it.`));
      }
    }
  }
  return found;
}

function showNames(names: (string | undefined)[]): string {
  const named = names.filter((n): n is string => n !== undefined);
  return named.length > 0 ? named.map(n => `"${n}"`).join(', ') : 'none named';
}

export const namedTargetPortMissingRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A named targetPort that some selected pods do not declare.',
  reason: 'kubernetes pkg/api/v1/pod/util.go FindPort: a pod without the port name gets no endpoint.',
  check,
};
