import { servedWorkloads, servicePorts } from './_ports';
import { error, RawFinding, TransitionRule } from './rule';
import { declaredPorts, Transition } from '../model';

const ID = 'container-port-renamed';

/**
 * kubernetes pkg/api/v1/pod/util.go FindPort: a Service's named targetPort is resolved in each
 * pod. A container port renamed while the Service keeps the old name leaves every new pod
 * without an endpoint; as the rollout replaces the old pods, the Service runs out of them.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const { service, workload: w, change: c } of servedWorkloads(t)) {
    if (!c.before || !c.templateChanged) { continue; }
    const oldPorts = declaredPorts(c.before.obj.spec?.template);
    const newPorts = declaredPorts(w.obj.spec?.template);
    for (const p of servicePorts(service)) {
      if (typeof p.target !== 'string' || newPorts.some(x => x.name === p.target)) { continue; }
      const old = oldPorts.find(x => x.name === p.target);
      if (!old) { continue; }
      const now = newPorts.find(x => x.container === old.container && x.port === old.port);
      const what = now ? (now.name ? `renamed to "${now.name}"` : 'left without a name') : 'removed';
      found.push(error(ID, service.label,
        `${p.label} targets the port named "${p.target}", and container ${old.container} of ${w.label} has its port ${old.port} ${what} in this commit. The EndpointSlice controller resolves the name in each pod: the new pods get no endpoint, and as the rollout replaces the old pods the Service loses them one by one until it has none.`,
        `Keep the name "${p.target}". To rename it, point the Service at the number first (targetPort: ${old.port}, which old and new pods share), rename the port in the next commit, and move targetPort to the new name after that.`));
    }
  }
  return found;
}

export const containerPortRenamedRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A container port renamed while a Service targets it by its name.',
  reason: 'kubernetes pkg/api/v1/pod/util.go FindPort: named targetPorts are resolved per pod.',
  check,
};
