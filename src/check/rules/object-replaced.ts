import { error, RawFinding, TransitionRule } from './rule';
import { Entry, selectedWorkloads, Transition } from '../model';

const ID = 'object-replaced';

/**
 * A workload renamed or re-keyed (another name, namespace or API group) is, to the API server,
 * a delete plus a create. With pruning on, the GitOps tool deletes the old one while the new one
 * starts: Argo CD prunes in the wave written on the cluster's copy, before that wave's applies
 * (argo-cd gitops-engine sync_context.go); Flux applies, prunes, then health-checks
 * (kustomize-controller). The old serving pods go before the new ones are Ready.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const service of t.next.ofKind('', 'Service')) {
    const before = t.previous.get(service.key) ?? service;
    const served = selectedWorkloads(t.previous, before).filter(w => t.change(w.key).replicasBefore > 0);
    if (served.length === 0 || served.some(w => t.next.get(w.key))) { continue; }
    const serving = selectedWorkloads(t.next, service).filter(w => t.change(w.key).replicasAfter > 0);
    if (serving.length === 0 || !serving.every(w => t.change(w.key).created)) { continue; }
    found.push(error(ID, serving.map(w => w.label).join(', '),
      `${list(served)} ${served.length > 1 ? 'are' : 'is'} deleted and ${list(serving)} created in the same commit, behind ${service.label}: a rename (or a new namespace or API group) is a delete plus a create. With pruning on, the old pods are deleted while the new ones are still starting (Argo CD prunes before it applies the wave; Flux applies, prunes, then waits), so ${service.label} has no endpoint until the first new pod is Ready; without pruning the old ${served.length > 1 ? 'objects stay' : 'object stays'} forever, unmanaged.`,
      `Add ${list(serving)} beside ${list(served)} in a commit of its own, with pod labels that the selector of ${list(served)} does not match (two Deployments must not select each other's pods); once its pods are Ready, point ${service.label} at a label both carry, and delete ${list(served)} in a later commit.`));
  }
  return found;
}

function list(entries: Entry[]): string {
  return entries.map(e => e.label).join(', ');
}

export const objectReplacedRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'A serving workload renamed or re-keyed in one commit: delete plus create.',
  reason: 'Argo CD prunes before it applies a wave (gitops-engine sync_context.go); Flux applies, prunes, then health-checks.',
  check,
};
