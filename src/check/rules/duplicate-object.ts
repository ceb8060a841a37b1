import { RawFinding, TransitionRule, warning } from './rule';
import { Transition } from '../model';

/**
 * Argo CD reports an object defined twice (RepeatedResourceWarning) and applies one of them;
 * kustomize (and so Flux) refuses to build the set at all.
 */
function duplicateObject(t: Transition): RawFinding[] {
  return t.next.duplicates.map(d => warning('duplicate-object', d.label,
    'The object is defined more than once in the new state: Argo CD applies only one of the definitions (RepeatedResourceWarning) and kustomize, which Flux runs, refuses to build the set. The checker used the last definition.',
    'Keep one definition of the object.'));
}

export const duplicateObjectRule: TransitionRule = {
  id: 'duplicate-object',
  severities: ['warning'],
  nextOnly: true,
  summary: 'An object defined more than once in NEXT.',
  reason: 'Argo CD applies one definition and reports RepeatedResourceWarning; kustomize (Flux) refuses to build the set.',
  check: duplicateObject,
};
