import { servedWorkloads, servicePorts } from './_ports';
import { error, RawFinding, TransitionRule } from './rule';
import { declaredPorts, Transition } from '../model';

const ID = 'numeric-target-port-mismatch';

/**
 * kubernetes pkg/api/v1/pod/util.go FindPort and the EndpointSlice controller: a numeric
 * targetPort is passed through to every selected pod as it is (ingress-nginx endpointslices.go
 * uses TargetPort.IntVal too). Pods of the old template that do not listen on the new number, or
 * new pods that do not listen on the old one, are sent connections they refuse until the
 * rollout has replaced them.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const { service, prevTargets, workload: w, change: c } of servedWorkloads(t)) {
    const oldPorts = c.before && c.replicasBefore > 0 ? declaredPorts(c.before.obj.spec?.template) : [];
    const newPorts = declaredPorts(w.obj.spec?.template);
    for (const p of servicePorts(service)) {
      if (typeof p.target !== 'number') { continue; }
      const was = prevTargets.get(p.key) ?? p.target;
      const portsChanged = oldPorts.map(x => x.port).sort().join(',') !== newPorts.map(x => x.port).sort().join(',');
      if (was === p.target && !portsChanged) { continue; } // nothing this commit changes
      const listensOld = oldPorts.length === 0 || oldPorts.some(x => x.port === p.target);
      const listensNew = newPorts.length === 0 || newPorts.some(x => x.port === p.target);
      if (!listensOld) {
        found.push(error(ID, service.label,
          `${p.label} sends traffic to targetPort ${p.target}, but the running pods of ${w.label} listen on ${oldPorts.map(x => x.port).join(', ')}. A numeric targetPort goes to every selected pod as it is: until the rollout has replaced them, every old pod is sent connections on a port it does not listen on, and they are refused.`,
          'Name the container port (e.g. name: http on both the old and new containerPort) and use targetPort: http, so that each pod is reached on its own number; or add the new port to the pods first, change targetPort in a later commit, and remove the old port after that.'));
      }
      if (!listensNew) {
        found.push(error(ID, service.label,
          `${p.label} sends traffic to targetPort ${p.target}, but the pods of ${w.label} after this commit listen on ${newPorts.map(x => x.port).join(', ')}: as the rollout replaces the old pods, every new pod is sent connections on a port it does not listen on, and they are refused.`,
          `Change targetPort together with the containers only through a named port (targetPort: <name>), or make the pods listen on ${p.target} too until the Service has moved.`));
      }
    }
  }
  return found;
}

export const numericTargetPortMismatchRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A numeric targetPort that the old or the new pods do not listen on, after a port change.',
  reason: 'kubernetes pkg/api/v1/pod/util.go FindPort: a numeric targetPort is used for every pod as is.',
  check,
};
