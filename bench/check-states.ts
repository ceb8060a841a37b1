/**
 * The states the checker benchmark reads: N units (see `spec.ts`) as the YAML files of a GitOps
 * repository, one file per unit as `cdk8s synth` writes one chart per service.
 *
 * Synthesizing 5,000 units takes minutes; instead one unit is synthesized per state and
 * copied N times with its names renamed (every name, label and host of a unit comes from its app
 * names `svc<i>` and `web<i>`, `spec.ts`), which writes the same YAML `cdk8s synth` would.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { buildOurs, UnitState } from './ours';
import { OBJECTS_PER_UNIT } from './spec';
import { Color } from '../src';

/** The state every unit is in before the change. */
export const BEFORE: UnitState = { active: Color.BLUE, weight: 10 };
/** After the change: every blue-green service flipped to green (already running), every canary one step further. */
export const AFTER: UnitState = { active: Color.GREEN, weight: 25 };

/** Units `first` to `first + n - 1` in `state`, in `scope`: the synthesis benchmark's units. */
export function buildUnits(scope: Construct, n: number, state: UnitState, first = 0): void {
  buildOurs(scope, n, first, state);
}

/** The YAML of unit 0 in a state, as `cdk8s synth` writes it. */
export function unitYaml(state: UnitState): string {
  const app = new App();
  buildUnits(new Chart(app, 'unit0'), 1, state);
  const yaml = app.synthYaml();
  const objects = yaml.split('\n---\n').length;
  if (objects !== OBJECTS_PER_UNIT) { throw new Error(`a unit has ${objects} objects, spec.ts says ${OBJECTS_PER_UNIT}`); }
  return yaml;
}

/** Unit 0's YAML renamed to unit `i`. */
export function renamed(yaml: string, i: number): string {
  return yaml.replace(/\b(svc|web)0\b/g, `$1${i}`);
}

/** Writes N units in `state` to `dir`, one file per unit; returns the bytes written. */
export function writeState(dir: string, n: number, state: UnitState): number {
  fs.mkdirSync(dir, { recursive: true });
  const yaml = unitYaml(state);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const text = renamed(yaml, i);
    fs.writeFileSync(path.join(dir, `unit${String(i).padStart(5, '0')}.k8s.yaml`), text);
    bytes += text.length;
  }
  return bytes;
}
