import { error, RawFinding, TransitionRule } from './rule';
import { Transition } from '../model';

const ID = 'next-empty';

/**
 * An empty NEXT (a folder that lost its files, a wrong path, a failed synth) applied with
 * pruning deletes everything PREVIOUS holds. It is never "no unsafe transition".
 */
function check(t: Transition): RawFinding[] {
  if (t.next.entries.size > 0 || t.previous.entries.size === 0) { return []; }
  const removed = [...t.previous.entries.values()];
  if (removed.every(e => t.removalAllowed(e))) { return []; }
  return [error(ID, 'NEXT',
    `The new state holds no object, while the current one holds ${removed.length} (${removed.slice(0, 3).map(e => e.label).join(', ')}${removed.length > 3 ? ', ...' : ''}). Applied with pruning, Argo CD and Flux delete all of them: every app in it stops serving. This is what a wrong path, a truncated folder or a failed synth looks like.`,
    'Check the path and the synth output. If everything is to be removed on purpose, say so: --allow-removal \'*\' (TransitionCheck option allowRemoval: [\'*\']).')];
}

export const nextEmptyRule: TransitionRule = {
  id: ID,
  severities: ['error'],
  nextOnly: false,
  summary: 'NEXT holds no object at all while PREVIOUS does.',
  reason: 'Argo CD and Flux prune what Git no longer holds.',
  check,
};
