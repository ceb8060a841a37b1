/**
 * How a case spreads its N units over charts and Apps.
 *
 * A layout is written `<units per chart>x<charts per App>`, where `n` stands for all N units:
 *
 * - `nx1`: one App, one chart holding every unit (the main tables);
 * - `1xn`: one App, one chart per unit (a GitOps repository with one service per chart);
 * - `1x1`: one App per chart, one unit each;
 * - `250x1`: one App per batch of 250 units, in one chart;
 * - `1x250`: one App per batch of 250 charts of one unit each.
 *
 * Each App is synthesized with its own `app.synthYaml()` before the next one is built, as a
 * script writing one file per App would. A suffix writes files with `app.synth()` instead, in
 * one of cdk8s's output layouts (`YamlOutputType`, cdk8s `lib/app.js`), to a temporary folder:
 *
 * - `:file`: `FILE_PER_CHART` (the default of `cdk8s synth`): one file per chart, each through
 *   `chart.toJson()`, which resolves and validates the whole App again (`App._synthChart`);
 * - `:folder`: `FOLDER_PER_CHART_FILE_PER_RESOURCE`: one folder per chart, one file per object,
 *   rendered from `chartToKube(chart)` after one validation of the App, without that walk.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { Variant } from './variants';

export interface Layout {
  /** As written on the command line, e.g. `1xn`. */
  readonly spec: string;
  /** Units in each chart; undefined means all N. */
  readonly unitsPerChart?: number;
  /** Charts in each App; undefined means as many as N needs. */
  readonly chartsPerApp?: number;
  /** Files written with `app.synth()` in this layout; undefined means `app.synthYaml()`. */
  readonly output?: YamlOutputType;
}

/** The suffixes of a layout spec: how `app.synth()` writes files. */
export const OUTPUTS: { [suffix: string]: YamlOutputType } = {
  file: YamlOutputType.FILE_PER_CHART,
  folder: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
};

/** The layout of the main tables. */
export const ONE_CHART: Layout = parseLayout('nx1');

export function parseLayout(spec: string): Layout {
  const m = /^(n|\d+)x(n|\d+)(?::(\w+))?$/.exec(spec);
  const count = (s: string | undefined) => (s === 'n' ? undefined : Number(s));
  const unitsPerChart = count(m?.[1]);
  const chartsPerApp = count(m?.[2]);
  if (!m || unitsPerChart === 0 || chartsPerApp === 0 || (m[3] !== undefined && OUTPUTS[m[3]] === undefined)) {
    throw new Error(`layout "${spec}" is not <units per chart>x<charts per App>[:${Object.keys(OUTPUTS).join('|')}] (a positive number or n), e.g. nx1, 1xn, 1x1, 250x1, 1xn:folder`);
  }
  return { spec, unitsPerChart, chartsPerApp, output: m[3] === undefined ? undefined : OUTPUTS[m[3]] };
}

/** How many Apps and charts N units make, and how many units each chart holds. */
export function shape(layout: Layout, n: number): { apps: number; charts: number; unitsPerChart: number; chartsPerApp: number } {
  const unitsPerChart = Math.min(layout.unitsPerChart ?? n, n);
  const charts = Math.ceil(n / unitsPerChart);
  const chartsPerApp = Math.min(layout.chartsPerApp ?? charts, charts);
  return { apps: Math.ceil(charts / chartsPerApp), charts, unitsPerChart, chartsPerApp };
}

/** In words, for the tables: "1 App × 1000 charts × 1 unit". */
export function describe(layout: Layout, n: number): string {
  const s = shape(layout, n);
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const output = layout.output === undefined ? '' : `, ${YamlOutputType[layout.output]}`;
  return `${plural(s.apps, 'App')} × ${plural(s.chartsPerApp, 'chart')} × ${plural(s.unitsPerChart, 'unit')}${output}`;
}

export interface LayoutTimes {
  /** Creating the Apps, the charts and the constructs, summed over the Apps. */
  readonly constructMs: number;
  /** `app.synthYaml()`, summed over the Apps. */
  readonly synthMs: number;
  /** CPU time (user + system, all threads) of the same steps. */
  readonly cpuMs: number;
  /** Bytes of YAML, summed over the Apps. */
  readonly yamlBytes: number;
  /** Objects in the YAML, summed over the Apps. */
  readonly objects: number;
}

/** Builds and synthesizes N units of `v` in `layout`. Only one App, and its YAML, is alive at a time. */
export function synthLayout(v: Variant, n: number, layout: Layout): LayoutTimes {
  const s = shape(layout, n);
  let constructMs = 0;
  let synthMs = 0;
  let cpuUs = 0;
  let yamlBytes = 0;
  let objects = 0;
  let unit = 0;
  while (unit < n) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const outdir = layout.output === undefined ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zd-layout-'));
    const app = new App(outdir === undefined ? {} : { outdir, yamlOutputType: layout.output });
    for (let c = 0; c < s.chartsPerApp && unit < n; c++) {
      const units = Math.min(s.unitsPerChart, n - unit);
      // Chart ids as a one-chart layout names its single chart, so that nx1 builds what it always did.
      v.build(new Chart(app, s.charts === 1 ? 'bench' : `bench${unit}`), units, unit);
      unit += units;
    }
    const t1 = performance.now();
    const yaml = outdir === undefined ? app.synthYaml() : (app.synth(), undefined);
    synthMs += performance.now() - t1;
    constructMs += t1 - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuUs += cpu.user + cpu.system;
    // Counted outside the timers: the one-chart case has always done this after its timer stopped.
    for (const text of yaml !== undefined ? [yaml] : readAll(outdir!)) {
      yamlBytes += Buffer.byteLength(text);
      objects += countDocuments(text);
    }
    if (outdir !== undefined) { fs.rmSync(outdir, { recursive: true, force: true }); }
  }
  return { constructMs, synthMs, cpuMs: cpuUs / 1000, yamlBytes, objects };
}

/** The text of every file under a folder. */
function readAll(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    (e.isDirectory() ? readAll(path.join(dir, e.name)) : [fs.readFileSync(path.join(dir, e.name), 'utf8')]));
}

export function countDocuments(yaml: string): number {
  let objects = 1;
  for (let i = yaml.indexOf('\n---\n'); i >= 0; i = yaml.indexOf('\n---\n', i + 1)) { objects++; }
  return objects;
}
