
/*
 * The position file itself (not part of the jsii API): a release's position, kept in a small
 * JSON file next to the app (`releases/storefront.json`) that the constructs read (through
 * ReleasePosition) and `cdk8s-zero-downtime release next|abort` rewrites. One field a
 * line, always in the same order, arrays on one line: a step written by hand or by the tool is a
 * one- or two-line diff. The format is documented in docs/release-automation.md.
 */

/** The phases of a canary position, each one documented commit (docs/release-automation.md). */
export const CANARY_PHASES = ['step', 'sized', 'rolled', 'promoted', 'aborted'] as const;
/** The phases of a blue-green position. */
export const BLUE_GREEN_PHASES = ['released', 'flipped', 'retired', 'rollback', 'aborted'] as const;
/** The engines a position file may name, spelt as `check --engine` spells them. */
export const POSITION_ENGINES = ['argocd', 'flux', 'apply'] as const;

export type CanaryPhase = typeof CANARY_PHASES[number];
export type BlueGreenPhase = typeof BLUE_GREEN_PHASES[number];
export type PositionEngine = typeof POSITION_ENGINES[number];

/** A canary position as written in the file. */
export interface CanaryPositionData {
  readonly release: string;
  readonly kind: 'canary';
  readonly engine?: PositionEngine;
  readonly image: string;
  readonly steps: number[];
  readonly stable: string;
  readonly candidate: string;
  readonly phase: CanaryPhase;
  readonly step: number;
}

/** A blue-green position as written in the file. */
export interface BlueGreenPositionData {
  readonly release: string;
  readonly kind: 'blue-green';
  readonly engine?: PositionEngine;
  readonly image: string;
  readonly active: 'blue' | 'green';
  readonly blue: string;
  readonly green: string;
  readonly phase: BlueGreenPhase;
}

export type PositionData = CanaryPositionData | BlueGreenPositionData;

/** The fields of each kind, in the order they are written. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  'canary': ['release', 'kind', 'engine', 'image', 'steps', 'stable', 'candidate', 'phase', 'step'],
  'blue-green': ['release', 'kind', 'engine', 'image', 'active', 'blue', 'green', 'phase'],
};

/** An image tag (the Docker reference grammar: `[\w][\w.-]{0,127}`). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A DNS label, as release names are app names. */
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A hand-broken position file: the message names the file, the field, the value and the fix.
 * The CLI prints it as one line (exit 2); synthesis stops with it.
 */
export class PositionFileError extends Error {
  constructor(public readonly file: string, field: string | undefined, value: unknown, problem: string, fix: string) {
    super(`${file}: ${field === undefined ? '' : `invalid "${field}" (received ${value === undefined ? 'nothing' : JSON.stringify(value)}): `}${problem}. Fix: ${fix}.`);
    this.name = 'PositionFileError';
  }
}

/** Parses and checks a position file's text; throws a PositionFileError naming `file`. */
export function parsePosition(text: string, file: string): PositionData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    throw new PositionFileError(file, undefined, undefined, `is not JSON (${why})`, 'write one JSON object, e.g. { "release": "storefront", "kind": "canary", ... } (docs/release-automation.md shows both kinds)');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PositionFileError(file, undefined, undefined, 'holds no JSON object', 'write one JSON object with "release", "kind", "image" and the fields of its kind');
  }
  const o = raw as { [key: string]: unknown };
  const bad = (field: string, problem: string, fix: string) => new PositionFileError(file, field, o[field], problem, fix);
  const kind = o.kind;
  if (kind !== 'canary' && kind !== 'blue-green') {
    throw bad('kind', 'the kind is "canary" or "blue-green"', 'set "kind" to "canary" for a CanaryIngress or "blue-green" for a BlueGreenService');
  }
  const fields = FIELDS[kind];
  for (const key of Object.keys(o)) {
    if (!fields.includes(key)) {
      throw bad(key, `a ${kind} position has no field "${key}"`, `remove it; the fields are ${fields.join(', ')}`);
    }
  }
  const str = (field: string, rule: RegExp, what: string, example: string): string => {
    const v = o[field];
    if (typeof v !== 'string' || !rule.test(v)) { throw bad(field, `"${field}" is ${what}`, `write it like ${JSON.stringify(example)}`); }
    return v;
  };
  const release = str('release', NAME, 'the app name, a lower-case DNS label', 'storefront');
  const engine = o.engine;
  if (engine !== undefined && !(POSITION_ENGINES as readonly unknown[]).includes(engine)) {
    throw bad('engine', 'the engine is "argocd", "flux" or "apply"', 'set the engine that applies the synthesized YAML, or remove "engine" (then "release" takes --engine, else apply)');
  }
  const image = o.image;
  const lastSegment = typeof image === 'string' ? image.slice(image.lastIndexOf('/') + 1) : '';
  if (typeof image !== 'string' || !/^[^\s]+$/.test(image) || lastSegment === '' || /[:@]/.test(lastSegment)) {
    throw bad('image', '"image" is the image repository without a tag or digest: the versions are the tags', 'write it like "ghcr.io/example/storefront"');
  }
  if (kind === 'canary') {
    const steps = o.steps;
    if (!Array.isArray(steps) || steps.length === 0 || steps.some((w, i) => !Number.isInteger(w) || w <= 0 || (i > 0 && w <= steps[i - 1]))) {
      throw bad('steps', '"steps" are the weights of the plan, whole numbers above 0 that rise, ending at the full weight', 'write them like [5, 25, 100]');
    }
    const stable = str('stable', TAG, 'the version (image tag) users are served, the known-good one', '2.7.0');
    const candidate = str('candidate', TAG, 'the version (image tag) being released', '2.8.0');
    const phase = o.phase;
    if (!(CANARY_PHASES as readonly unknown[]).includes(phase)) {
      throw bad('phase', `a canary phase is one of ${CANARY_PHASES.map(p => `"${p}"`).join(', ')}`, 'see docs/release-automation.md for what each means, or run "cdk8s-zero-downtime release status"');
    }
    const n = steps.length;
    const range: Record<CanaryPhase, [number, number]> = { step: [0, n], sized: [0, n - 1], rolled: [n, n], promoted: [n, n], aborted: [0, n] };
    const [lo, hi] = range[phase as CanaryPhase];
    const step = o.step;
    if (!Number.isInteger(step) || (step as number) < lo || (step as number) > hi) {
      const rule = lo === hi ? `the last one, ${hi}` : `a whole number from ${lo} to ${hi} (the steps are ${JSON.stringify(steps)})`;
      throw bad('step', `in phase "${phase}" the step is ${rule}`,
        lo === hi ? `set "step" to ${hi}` : `set "step" between ${lo} and ${hi}`);
    }
    if (stable === candidate && !(phase === 'step' && step === 0)) {
      throw bad('candidate', `the candidate is the stable version, so nothing is being released, yet the phase is "${phase}" at step ${step}`, 'set "phase": "step" and "step": 0, or set "candidate" to the version to release');
    }
    const data: CanaryPositionData = {
      release, kind, engine: engine as PositionEngine | undefined, image, steps, stable, candidate, phase: phase as CanaryPhase, step: step as number,
    };
    return data;
  }
  const active = o.active;
  if (active !== 'blue' && active !== 'green') {
    throw bad('active', 'the active colour is "blue" or "green"', 'set "active" to the colour that serves users');
  }
  const blue = str('blue', TAG, 'the version (image tag) blue runs', '3.1.0');
  const green = str('green', TAG, 'the version (image tag) green runs', '3.2.0');
  const phase = o.phase;
  if (!(BLUE_GREEN_PHASES as readonly unknown[]).includes(phase)) {
    throw bad('phase', `a blue-green phase is one of ${BLUE_GREEN_PHASES.map(p => `"${p}"`).join(', ')}`, 'see docs/release-automation.md for what each means, or run "cdk8s-zero-downtime release status"');
  }
  return { release, kind, engine: engine as PositionEngine | undefined, image, active, blue, green, phase: phase as BlueGreenPhase };
}

/**
 * The file's text: one field a line in a fixed order, arrays on one line, a final newline. So a
 * step (`"step": 2` to `"step": 3`) is a one-line diff, by hand or by the tool.
 */
export function formatPosition(p: PositionData): string {
  const lines = FIELDS[p.kind]
    .filter(key => (p as any)[key] !== undefined)
    .map(key => {
      const v = (p as any)[key];
      return `  ${JSON.stringify(key)}: ${Array.isArray(v) ? `[${v.map(x => JSON.stringify(x)).join(', ')}]` : JSON.stringify(v)}`;
    });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** The current weight of a canary position. */
export function canaryWeight(p: CanaryPositionData): number {
  switch (p.phase) {
    case 'step':
    case 'sized': return p.step === 0 ? 0 : p.steps[p.step - 1];
    case 'rolled': return p.steps[p.steps.length - 1];
    case 'promoted':
    case 'aborted': return 0;
  }
}

/** The weight a canary position sizes the release for, when it is not the current weight. */
export function canarySizeFor(p: CanaryPositionData): number | undefined {
  switch (p.phase) {
    case 'sized': return p.steps[p.step];
    case 'promoted': return p.steps[p.steps.length - 1];
    case 'aborted': return p.step === 0 ? undefined : p.steps[p.step - 1];
    default: return undefined;
  }
}

/** The version the stable track runs: the candidate once stable is rolled out to it. */
export function canaryStableRuns(p: CanaryPositionData): string {
  return p.phase === 'rolled' || p.phase === 'promoted' ? p.candidate : p.stable;
}

