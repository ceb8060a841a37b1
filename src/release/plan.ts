import { BlueGreenPositionData, canarySizeFor, canaryStableRuns, canaryWeight, CanaryPositionData, PositionData, PositionEngine } from './position-file';

/*
 * The plan of a release, as positions: what `release next` and `release abort` write. Every
 * documented commit of a release is a position (docs/canary-ingress.md, docs/blue-green-service.md,
 * examples/apps.ts), and a move writes one commit. Under plain apply every interim commit is a
 * move of its own; under Argo CD or Flux the pairs the engine orders itself are one move
 * (docs/engine-ordering.md, "Fewer commits where the engine orders them"), never more than those:
 *
 * - sizing the canary, then raising the weight: one move (the canary's pods are in the prepare
 *   stage, the route in the shift stage);
 * - rolling stable out under full weight, then weight 0: one move (and back, in an abort);
 * - scaling a retired colour up again, then flipping back to it: one move (an abort).
 *
 * What stays a move of its own under every engine: lowering stable's autoscaler floor after
 * users are back on it (the move that ends a promotion or an abort: no engine waits for an HPA),
 * a flip (a decision, made after the gate), and retiring the old colour (it gives up the warm
 * rollback; `release next` does it only after the flip has soaked).
 */

/** What a command does with a position: a new position to write, or nothing, and why. */
export interface Move {
  /** The position to write; undefined when there is nothing to do. */
  readonly to?: PositionData;
  /** One sentence: what the commit does, or why there is nothing to do. */
  readonly says: string;
  /** Set when the command cannot do what was asked (abort after a promotion): exit 1. */
  readonly refused?: boolean;
}

/** Whether the engine applies a commit in stages and waits for each (Argo CD waves, Flux stages). */
export function ordersItself(engine: PositionEngine): boolean {
  return engine !== 'apply';
}

/** Where a position is, in words. */
export function describePosition(p: PositionData): string {
  if (p.kind === 'canary') {
    const w = canaryWeight(p);
    const size = canarySizeFor(p);
    const sized = size === undefined ? '' : `, sized for weight ${size}`;
    const n = p.steps.length;
    switch (p.phase) {
      case 'step':
        if (p.step === 0) {
          return p.stable === p.candidate ? `done: stable runs ${p.stable}, no release in progress` : `not started: stable runs ${p.stable}, candidate ${p.candidate} at weight 0`;
        }
        return `step ${p.step} of ${n}: ${p.candidate} at weight ${w}, stable ${p.stable}`;
      case 'sized': return `step ${p.step} of ${n}: ${p.candidate} at weight ${w}${sized} (step ${p.step + 1} next)`;
      case 'rolled': return `rolled: ${p.candidate} at weight ${w}, stable rolled out to ${p.candidate} under it`;
      case 'promoted': return `promoted: stable runs ${p.candidate} and serves every user (weight 0)${sized}`;
      case 'aborted': return p.step === 0
        ? `aborted: users on stable ${p.stable}, candidate ${p.candidate} scaled down`
        : `aborting: users back on stable ${p.stable} (weight 0)${sized}`;
    }
  }
  const idle = p.active === 'blue' ? 'green' : 'blue';
  const runs = (c: 'blue' | 'green') => `${c} ${p[c]}`;
  switch (p.phase) {
    case 'released': return p.blue === p.green
      ? `idle: ${runs(p.active)} active, ${idle} runs the same version`
      : `released: ${runs(p.active)} active, ${runs(idle)} idle and ready to flip to`;
    case 'flipped': return `flipped: ${runs(p.active)} active, ${runs(idle)} kept warm for a rollback`;
    case 'retired': return `retired: ${runs(p.active)} active, ${idle} scaled to 0`;
    case 'rollback': return `rolling back: ${runs(idle)} scaled up again, ${runs(p.active)} still active`;
    case 'aborted': return `aborted: ${runs(p.active)} active, ${runs(idle)} not released`;
  }
}

/** Whether users are being served the candidate now, so that the gate has something to judge. */
export function candidateServesUsers(p: PositionData): boolean {
  if (p.kind === 'canary') {
    return (p.phase === 'step' || p.phase === 'sized') && canaryWeight(p) > 0;
  }
  return p.phase === 'flipped';
}

const canary = (p: CanaryPositionData, change: Partial<CanaryPositionData>): CanaryPositionData => ({ ...p, ...change });
const blueGreen = (p: BlueGreenPositionData, change: Partial<BlueGreenPositionData>): BlueGreenPositionData => ({ ...p, ...change });

/** The next safe position of a release under `engine`. */
export function nextMove(p: PositionData, engine: PositionEngine): Move {
  if (p.kind === 'canary') { return nextCanary(p, engine); }
  return nextBlueGreen(p);
}

function nextCanary(p: CanaryPositionData, engine: PositionEngine): Move {
  const n = p.steps.length;
  const weightOf = (k: number) => (k === 0 ? 0 : p.steps[k - 1]);
  switch (p.phase) {
    case 'step':
      if (p.stable === p.candidate) {
        return { says: `nothing to release: stable runs ${p.stable}. To release a version, set "candidate" to it` };
      }
      if (p.step < n) {
        // ingress-nginx applies a weight within a second, pods started in the same commit are
        // not Ready yet (DOMAIN "Weight versus capacity"): size first, unless the engine
        // applies the canary's pods and waits for them before it applies the route.
        if (!ordersItself(engine)) {
          return { to: canary(p, { phase: 'sized' }), says: `size the release for step ${p.step + 1} (weight ${weightOf(p.step + 1)}), the weight stays ${weightOf(p.step)}` };
        }
        return { to: canary(p, { step: p.step + 1 }), says: `step ${p.step + 1}: weight ${weightOf(p.step)} to ${weightOf(p.step + 1)}, the canary sized for it in the same commit (${engine} applies its pods first)` };
      }
      // At full weight: roll stable out to the candidate, then move the weight back to 0.
      if (!ordersItself(engine)) {
        return { to: canary(p, { phase: 'rolled' }), says: `roll stable out to ${p.candidate} under weight ${weightOf(n)}` };
      }
      return { to: canary(p, { phase: 'promoted' }), says: `promote: stable rolled out to ${p.candidate} and the weight back to 0 in one commit (${engine} rolls stable out first), the canary keeps its pods` };
    case 'sized':
      return { to: canary(p, { phase: 'step', step: p.step + 1 }), says: `step ${p.step + 1}: weight ${weightOf(p.step)} to ${weightOf(p.step + 1)}` };
    case 'rolled':
      return { to: canary(p, { phase: 'promoted' }), says: 'promote: the weight back to 0, users on the rolled-out stable track; the canary keeps its pods' };
    case 'promoted':
      // Lowering stable's floor after users are back stays a commit of its own under every engine.
      return { to: canary(p, { stable: p.candidate, phase: 'step', step: 0 }), says: `finish: the canary scaled down and stable's floor lowered; ${p.candidate} is the stable version` };
    case 'aborted':
      if (p.step > 0) {
        return { to: canary(p, { step: 0 }), says: `finish the abort: the canary scaled down and stable's floor lowered; users stay on ${p.stable}` };
      }
      return { says: `the release of ${p.candidate} was aborted; users are on ${p.stable}. To release again, set "phase": "step" (or a new "candidate" as well)` };
  }
}

function nextBlueGreen(p: BlueGreenPositionData): Move {
  const idle = p.active === 'blue' ? 'green' : 'blue';
  switch (p.phase) {
    case 'released':
      if (p[idle] === p[p.active]) {
        return { says: `nothing to release: both colours run ${p[p.active]}. To release a version, set "${idle}" to it` };
      }
      return { to: blueGreen(p, { active: idle, phase: 'flipped' }), says: `flip: ${idle} (${p[idle]}) becomes active, ${p.active} (${p[p.active]}) stays warm for a rollback` };
    case 'flipped':
      return { to: blueGreen(p, { phase: 'retired' }), says: `retire ${idle} (${p[idle]}): scale it to 0; a rollback then needs it scaled up first` };
    case 'retired':
      return { says: `released: ${p.active} runs ${p[p.active]}. To release a version, set "${idle}" to it and "phase" to "released"` };
    case 'rollback':
      return { to: blueGreen(p, { active: idle, phase: 'aborted' }), says: `flip back: ${idle} (${p[idle]}) becomes active again` };
    case 'aborted':
      return { says: `the release of ${p[idle]} was aborted; users are on ${p.active} (${p[p.active]}). To release again, set "phase" to "released" (or a new version for ${idle} as well)` };
  }
}

/** The position that sends users back to the known-good version, one safe commit at a time. */
export function abortMove(p: PositionData, engine: PositionEngine): Move {
  if (p.kind === 'canary') { return abortCanary(p, engine); }
  return abortBlueGreen(p, engine);
}

function abortCanary(p: CanaryPositionData, engine: PositionEngine): Move {
  const n = p.steps.length;
  switch (p.phase) {
    case 'step':
      if (p.stable === p.candidate) { return { says: `nothing to abort: stable runs ${p.stable} and no release is in progress` }; }
      if (p.step === 0) { return { to: canary(p, { phase: 'aborted' }), says: `mark the release of ${p.candidate} aborted before its first step; users stay on ${p.stable}` }; }
      // Weight 0 with the canary's pods (and stable's floor) kept: the canary's users come back
      // to a stable track that still has the capacity the canary's share took.
      return { to: canary(p, { phase: 'aborted' }), says: `weight back to 0: users back on ${p.stable}, the canary keeps its pods and stable its floor until the next commit` };
    case 'sized':
      if (p.step === 0) { return { to: canary(p, { phase: 'aborted', step: 0 }), says: `the canary gets no traffic yet: scale it down again; users stay on ${p.stable}` }; }
      // Keep the size it was sized for: aborted at step k+1 is weight 0 sized for step k+1's weight.
      return { to: canary(p, { phase: 'aborted', step: p.step + 1 }), says: `weight back to 0: users back on ${p.stable}, the canary keeps its pods and stable its floor until the next commit` };
    case 'rolled':
      if (!ordersItself(engine)) {
        return { to: canary(p, { phase: 'step', step: n }), says: `roll stable back to ${p.stable} under weight ${p.steps[n - 1]}` };
      }
      return { to: canary(p, { phase: 'aborted', step: n }), says: `stable rolled back to ${p.stable} and the weight back to 0 in one commit (${engine} rolls stable back first)` };
    case 'promoted':
      return { refused: true, says: `the release is promoted: stable runs ${canaryStableRuns(p)} for every user. To go back, finish it ("release next") and release ${p.stable} as a new candidate` };
    case 'aborted':
      if (p.step > 0) { return { to: canary(p, { step: 0 }), says: `finish the abort: the canary scaled down and stable's floor lowered; users stay on ${p.stable}` }; }
      return { says: `already aborted: users are on ${p.stable}` };
  }
}

function abortBlueGreen(p: BlueGreenPositionData, engine: PositionEngine): Move {
  const idle = p.active === 'blue' ? 'green' : 'blue';
  switch (p.phase) {
    case 'released':
      if (p[idle] === p[p.active]) { return { says: `nothing to abort: both colours run ${p[p.active]}` }; }
      return { to: blueGreen(p, { phase: 'aborted' }), says: `mark the release of ${p[idle]} aborted before the flip; users stay on ${p.active} (${p[p.active]})` };
    case 'flipped':
    case 'rollback':
      return { to: blueGreen(p, { active: idle, phase: 'aborted' }), says: `flip back: ${idle} (${p[idle]}) becomes active again` };
    case 'retired':
      if (!ordersItself(engine)) {
        return { to: blueGreen(p, { phase: 'rollback' }), says: `scale ${idle} (${p[idle]}) up again; the flip back follows once it runs fully` };
      }
      return { to: blueGreen(p, { active: idle, phase: 'aborted' }), says: `scale ${idle} (${p[idle]}) up and flip back to it in one commit (${engine} waits for its pods before the flip)` };
    case 'aborted':
      return { says: `already aborted: users are on ${p.active} (${p[p.active]})` };
  }
}
