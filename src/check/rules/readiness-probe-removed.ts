import { keptServingContainers } from './_containers';
import { error, RawFinding, TransitionRule } from './rule';
import { servicesSelecting, Transition } from '../model';

const ID = 'readiness-probe-removed';

/**
 * kubelet pkg/kubelet/prober/prober_manager.go: a container without a readiness probe is
 * reported Ready as soon as it is running, so the EndpointSlice controller adds the pod before
 * the application listens. Every pod of the rollout takes requests while it is still starting.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const { workload, was, now } of keptServingContainers(t)) {
    if (was.readinessProbe === undefined || now.readinessProbe !== undefined) { continue; }
    const services = servicesSelecting(t.next, workload).map(s => s.label).join(', ');
    found.push(error(ID, workload.label,
      `The readiness probe of container ${String(was.name)} is removed while ${services} sends it requests. Without a readiness probe the kubelet reports the container Ready as soon as it runs, so each new pod of this rollout (and of every later one) gets requests before the application listens: they fail until it has started.`,
      `Keep a readiness probe on container ${String(was.name)}; to change it, change it in place rather than removing it.`));
  }
  return found;
}

export const readinessProbeRemovedRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A serving workload loses the readiness probe of a container.',
  reason: 'kubelet pkg/kubelet/prober/prober_manager.go: a container without a readiness probe is Ready as soon as it runs.',
  check,
};
