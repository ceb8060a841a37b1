/**
 * Synthesis benchmark: N BlueGreenServices and N CanaryIngresses, against the same objects
 * written by hand. Prints numbers; never fails on them. Four sections, each a layout (see
 * `layout.ts`): every unit in one chart; one chart per unit in one App; one App per chart; and
 * the memory of one App against batches of Apps.
 *
 *   npx projen bench                      # every section, about 14 minutes on 2 cores
 *   npx projen bench --quick              # small N, one repeat: a smoke run
 *   npx projen bench --sections=charts    # only the chart-per-service section
 *   npx projen bench --sections=charts --chart-layouts=1xn,1xn:folder --layout-variants=ours,raw,plus
 *   npx projen bench --ns=500,5000 --repeats=3 --big-repeats=1 --variants=ours,raw --json=out.json
 *   npx projen bench --profile --ns=5000  # CPU profile of ours and raw at the largest N, summarised
 *   npx projen bench --profile=1xn --ns=1000  # the same for 1000 charts of one unit in one App
 *   npx projen bench check                # the checker and the validation plugin instead (bench/check.ts)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CaseResult } from './case';
import { checkBench } from './check';
import { transpile } from './compile';
import { compare } from './equivalence';
import { describe, Layout, ONE_CHART, parseLayout } from './layout';
import { summariseProfile } from './profile';
import { OBJECTS_PER_UNIT } from './spec';
import { variant, VARIANTS } from './variants';

const ROOT = path.resolve(__dirname, '..');
const TARGET_RAW_RATIO = 1.2;
const TARGET_LINEARITY = 1.2;
const TARGET_PEAK_MB = 250;
/** ours/raw with one chart per unit, at this many charts in one App. */
const TARGET_CHARTS_N = 1000;
/** ours/cdk8s-plus with one chart per unit, in every layout (issue #24). */
const TARGET_PLUS_RATIO = 0.5;

const SECTIONS = ['chart', 'charts', 'apps', 'batches'] as const;
type Section = typeof SECTIONS[number];
const APP_PER_CHART = parseLayout('1x1');

interface Options {
  sections: Section[];
  /** N for the one-chart section. */
  ns: number[];
  /** N (charts) for the chart-per-service section. */
  chartNs: number[];
  /** Output layouts of the chart-per-service section (`1xn`, `1xn:file`, `1xn:folder`). */
  chartLayouts: Layout[];
  /** N (Apps) for the App-per-chart section. */
  appNs: number[];
  /** N for the batches section. */
  batchN: number;
  /** Layouts compared with one chart in the batches section. */
  batches: Layout[];
  /** Variants of the chart, App and batch layouts (cdk8s-plus takes over a minute at 1000 charts). */
  layoutVariants: string[];
  repeats: number;
  /** Repeats for N >= 5000, which take tens of seconds each. */
  bigRepeats: number;
  /** A case whose first run took longer than this many seconds is not repeated. */
  longS: number;
  variants: string[];
  json?: string;
  /** Profile the variants at the largest N of `ns` in this layout instead of benchmarking. */
  profile?: Layout;
  /** A case that runs longer is stopped and reported as such; larger N of that variant are skipped. */
  timeoutS: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    sections: [...SECTIONS],
    ns: [100, 500, 1000, 5000],
    chartNs: [250, 500, 1000],
    chartLayouts: ['1xn', '1xn:file', '1xn:folder'].map(parseLayout),
    appNs: [250, 1000, 5000],
    batchN: 5000,
    batches: [parseLayout('250x1'), parseLayout('1x250')],
    layoutVariants: ['ours', 'raw'],
    repeats: 3,
    bigRepeats: 2,
    longS: 60,
    variants: VARIANTS.map(v => v.name),
    timeoutS: 360,
  };
  let variantsGiven = false;
  for (const arg of argv) {
    const [k, v] = arg.replace(/^--/, '').split('=');
    const numbers = () => (v ? v.split(',').map(Number) : []);
    if (k === 'quick') {
      opts.ns = [20, 100];
      opts.chartNs = [20, 100];
      opts.appNs = [20, 100];
      opts.batchN = 100;
      opts.batches = [parseLayout('25x1'), parseLayout('1x25')];
      opts.repeats = 1;
      opts.bigRepeats = 1;
    } else if (k === 'sections') {
      opts.sections = v.split(',').map(section);
    } else if (k === 'ns') {
      opts.ns = numbers();
    } else if (k === 'chart-ns') {
      opts.chartNs = numbers();
    } else if (k === 'chart-layouts') {
      opts.chartLayouts = v.split(',').map(parseLayout);
    } else if (k === 'app-ns') {
      opts.appNs = numbers();
    } else if (k === 'batch-n') {
      opts.batchN = Number(v);
    } else if (k === 'batches') {
      opts.batches = v.split(',').map(parseLayout);
    } else if (k === 'layout-variants') {
      opts.layoutVariants = v.split(',');
      opts.layoutVariants.forEach(variant);
    } else if (k === 'repeats') {
      opts.repeats = Number(v);
    } else if (k === 'big-repeats') {
      opts.bigRepeats = Number(v);
    } else if (k === 'long') {
      opts.longS = Number(v);
    } else if (k === 'variants') {
      opts.variants = v.split(',');
      opts.variants.forEach(variant);
      variantsGiven = true;
    } else if (k === 'timeout') {
      opts.timeoutS = Number(v);
    } else if (k === 'profile') {
      opts.profile = v ? parseLayout(v) : ONE_CHART;
    } else if (k === 'json') {
      opts.json = v;
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  if (opts.profile && !variantsGiven) { opts.variants = ['ours', 'raw']; }
  for (const list of [opts.variants, opts.layoutVariants]) {
    if (!list.includes('ours')) { list.unshift('ours'); }
  }
  // An empty list of N (`--chart-ns=`) drops its section.
  const empty: Partial<Record<Section, boolean>> = { chart: opts.ns.length === 0, charts: opts.chartNs.length === 0, apps: opts.appNs.length === 0 };
  opts.sections = opts.sections.filter(x => !empty[x]);
  return opts;
}

function section(name: string): Section {
  const s = SECTIONS.find(x => x === name);
  if (!s) { throw new Error(`unknown section "${name}"; known: ${SECTIONS.join(', ')}`); }
  return s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-';
}

/** Left-aligned columns; the others hold numbers. */
const TEXT_COLUMNS = ['variant', 'layout', 'Apps × charts × units'];

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = `|${header.map((h, i) => (i === 0 || TEXT_COLUMNS.includes(h) ? '---' : '---:')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function verdict(value: number, limit: number): string {
  return !Number.isFinite(value) ? 'not measured' : value <= limit ? 'met' : 'MISSED';
}

function machine(): string {
  const cpus = os.cpus();
  return [
    `node ${process.version}, ${os.platform()} ${os.release()} ${os.arch()}`,
    `${cpus.length} logical CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, `
      + `load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`,
  ].join('\n');
}

function checkEquivalence(variants: string[]): void {
  console.log('## Equivalence (2 units, compared with ours)\n');
  const ours = variant('ours');
  for (const name of variants.filter(v => v !== 'ours')) {
    const e = compare(ours, variant(name), 2);
    if (e.identical) {
      console.log(`- ${name}: byte-identical YAML`);
      continue;
    }
    const finding = !e.sameObjects
      ? 'DIFFERENT kinds, names or order'
      : e.missing.length > 0
        ? `${e.missing.length} of our fields missing or different (${e.missing.slice(0, 3).join('; ')})`
        : 'same objects in the same order, every field we write has the same value';
    console.log(`- ${name}: ${finding}; it adds:`);
    for (const [p, count] of e.extra) {
      console.log(`    ${p} (${count} objects)`);
    }
    // A baseline that writes less than ours measures less work: its ratios would flatter us.
    if (!e.sameObjects || e.missing.length > 0 || (name !== 'plus' && !e.identical)) {
      throw new Error(`the ${name} variant no longer writes what ours writes; update bench/${name}.ts before comparing speeds`);
    }
  }
  console.log();
}

/** Runs one case in a fresh node process; undefined when it ran out of time. */
function runCase(dir: string, name: string, n: number, layout: Layout, timeoutS: number, nodeArgs: string[] = []): CaseResult | undefined {
  const script = path.join(dir, 'bench', 'case.js');
  const env = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') };
  const r = spawnSync(process.execPath, [...nodeArgs, script, name, String(n), layout.spec], {
    env,
    encoding: 'utf-8',
    maxBuffer: 2 ** 20,
    timeout: timeoutS * 1000,
    killSignal: 'SIGKILL',
  });
  if (r.signal === 'SIGKILL' && (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    return undefined;
  }
  if (r.status !== 0) {
    throw new Error(`case ${name} N=${n} layout ${layout.spec} failed (status ${r.status}, signal ${r.signal}):\n${r.stderr}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

interface Summary {
  variant: string;
  n: number;
  layout: Layout;
  runs: CaseResult[];
  /** Whether a run was stopped at the time limit (the figures then cover the finished runs only). */
  timedOut: boolean;
  perUnitMs: number;
  constructPerUnitMs: number;
  synthPerUnitMs: number;
  cpuPerUnitMs: number;
  /** The fastest run: the least disturbed by other load on the machine. */
  bestPerUnitMs: number;
  peakRssMb: number;
}

function summarise(name: string, n: number, layout: Layout, runs: CaseResult[], timedOut: boolean): Summary {
  return {
    variant: name,
    n,
    layout,
    runs,
    timedOut,
    perUnitMs: median(runs.map(r => r.totalMs)) / n,
    constructPerUnitMs: median(runs.map(r => r.constructMs)) / n,
    synthPerUnitMs: median(runs.map(r => r.synthMs)) / n,
    cpuPerUnitMs: median(runs.map(r => r.cpuMs)) / n,
    bestPerUnitMs: Math.min(...runs.map(r => r.totalMs)) / n,
    peakRssMb: median(runs.map(r => r.peakRssMb)),
  };
}

function profile(opts: Options, layout: Layout): void {
  const n = opts.ns[opts.ns.length - 1];
  console.log(`# CPU profiles at N=${n} (${n * OBJECTS_PER_UNIT} objects), ${describe(layout, n)}\n`);
  console.log(machine());
  const dir = transpile(ROOT);
  try {
    for (const v of opts.variants) {
      const profDir = path.join(dir, `prof-${v}`);
      const r = runCase(dir, v, n, layout, opts.timeoutS * 3, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=1000']);
      if (!r) {
        console.log(`\n## ${v}: did not finish within ${opts.timeoutS * 3} s`);
        continue;
      }
      console.log(`\n## ${v}: construct ${fmt(r.constructMs, 0)} ms, synthYaml ${fmt(r.synthMs, 0)} ms (slower under the profiler)\n`);
      const file = fs.readdirSync(profDir).find(f => f.endsWith('.cpuprofile'))!;
      console.log(summariseProfile(path.join(profDir, file), 20));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs every variant at every N in one layout. Within each repeat the variants are interleaved,
 * so that a slow moment of the machine does not hit one of them only.
 */
function measure(dir: string, opts: Options, layout: Layout, ns: number[], variants: string[]): Summary[] {
  const summaries: Summary[] = [];
  const timedOut = new Set<string>();
  for (const n of ns) {
    const repeats = n >= 5000 ? opts.bigRepeats : opts.repeats;
    const runs = new Map<string, CaseResult[]>(variants.map(v => [v, []]));
    const stopped = new Set<string>(timedOut);
    const once = new Set<string>();
    for (let i = 0; i < repeats; i++) {
      for (const v of variants.filter(x => !stopped.has(x) && !once.has(x))) {
        const r = runCase(dir, v, n, layout, opts.timeoutS);
        const what = `  ${layout.spec} N=${n} ${v} run ${i + 1}/${repeats}`;
        if (!r) {
          process.stderr.write(`${what}: stopped after ${opts.timeoutS} s\n`);
          stopped.add(v);
          timedOut.add(v);
          continue;
        }
        runs.get(v)!.push(r);
        if (r.totalMs > opts.longS * 1000) { once.add(v); }
        process.stderr.write(`${what}: ${fmt(r.totalMs, 0)} ms, peak ${fmt(r.peakRssMb, 0)} MB\n`);
      }
    }
    for (const v of variants) { summaries.push(summarise(v, n, layout, runs.get(v)!, stopped.has(v))); }
  }
  return summaries;
}

/** The per-case table; `withLayout` adds the Apps × charts × units column. */
function resultsTable(summaries: Summary[], timeoutS: number, withLayout = false): string {
  return table(
    ['N', ...(withLayout ? ['layout'] : []), 'variant', 'ms/unit', 'best ms/unit', 'construct ms/unit', 'synth ms/unit', 'CPU ms/unit', 'µs/object',
      'total s', 'runs (s)', 'peak RSS MB', 'base RSS MB', 'YAML MB'],
    summaries.map(s => [
      String(s.n),
      ...(withLayout ? [describe(s.layout, s.n)] : []),
      s.variant,
      fmt(s.perUnitMs),
      fmt(s.bestPerUnitMs),
      fmt(s.constructPerUnitMs),
      fmt(s.synthPerUnitMs),
      fmt(s.cpuPerUnitMs),
      fmt(s.perUnitMs * 1000 / OBJECTS_PER_UNIT, 0),
      fmt(s.perUnitMs * s.n / 1000),
      [...s.runs.map(r => fmt(r.totalMs / 1000, 1)), ...(s.timedOut ? [`>${timeoutS}`] : [])].join(' '),
      fmt(s.peakRssMb, 0),
      fmt(median(s.runs.map(r => r.baseRssMb)), 0),
      fmt((s.runs[0]?.yamlBytes ?? NaN) / 2 ** 20, 1),
    ]),
  );
}

/** ours ÷ each other variant, per N. */
function ratioTable(summaries: Summary[], ns: number[], variants: string[]): string {
  const get = (v: string, n: number) => summaries.find(s => s.variant === v && s.n === n)!;
  return table(
    ['N', 'variant', 'ours/other ms (median)', 'ours/other ms (best run)', 'ours/other CPU ms (median)', 'ours/other peak RSS'],
    ns.flatMap(n => variants.filter(v => v !== 'ours').map(v => {
      const o = get('ours', n);
      const x = get(v, n);
      return [
        String(n),
        v,
        fmt(o.perUnitMs / x.perUnitMs),
        fmt(o.bestPerUnitMs / x.bestPerUnitMs),
        fmt(o.cpuPerUnitMs / x.cpuPerUnitMs),
        fmt(o.peakRssMb / x.peakRssMb),
      ];
    })),
  );
}

/** Every unit in one chart of one App: the main tables. */
function oneChartSection(dir: string, opts: Options, summaries: Summary[]): void {
  summaries.push(...measure(dir, opts, ONE_CHART, opts.ns, opts.variants));
  const get = (v: string, n: number) => summaries.find(s => s.layout === ONE_CHART && s.variant === v && s.n === n)!;
  console.log('## Per-case results, one chart (ms per unit = median total / N)\n');
  console.log(resultsTable(summaries.filter(s => s.layout === ONE_CHART), opts.timeoutS));

  console.log('\n## Ratios: ours / other (above 1 means ours costs more)\n');
  console.log(ratioTable(summaries.filter(s => s.layout === ONE_CHART), opts.ns, opts.variants));

  const small = opts.ns.includes(500) ? 500 : opts.ns[0];
  const big = opts.ns[opts.ns.length - 1];
  console.log(`\n## Linearity: ms/unit at N=${big} ÷ ms/unit at N=${small}\n`);
  for (const v of opts.variants) {
    console.log(`- ${v}: ${fmt(get(v, big).perUnitMs / get(v, small).perUnitMs)} (CPU time: ${fmt(get(v, big).cpuPerUnitMs / get(v, small).cpuPerUnitMs)})`);
  }

  const ours = get('ours', big);
  console.log(`\n## Targets at N=${big}\n`);
  if (opts.variants.includes('raw')) {
    const ratio = ours.perUnitMs / get('raw', big).perUnitMs;
    const all = opts.ns.map(n => `${fmt(get('ours', n).perUnitMs / get('raw', n).perUnitMs)} at ${n}`).join(', ');
    const best = ours.bestPerUnitMs / get('raw', big).bestPerUnitMs;
    console.log(`- ours/raw ${fmt(ratio)} (target <= ${TARGET_RAW_RATIO}): ${verdict(ratio, TARGET_RAW_RATIO)}; best runs ${fmt(best)}; `
      + `median at each N: ${all}`);
  }
  const linearity = ours.perUnitMs / get('ours', small).perUnitMs;
  console.log(`- linearity ${fmt(linearity)} (target <= ${TARGET_LINEARITY}): ${verdict(linearity, TARGET_LINEARITY)}`);
  console.log(`- peak RSS ${fmt(ours.peakRssMb, 0)} MB (target <= ${TARGET_PEAK_MB} MB at N=5000): ${verdict(ours.peakRssMb, TARGET_PEAK_MB)}`
    + `${opts.variants.includes('raw') ? ` (raw: ${fmt(get('raw', big).peakRssMb, 0)} MB)` : ''}`);
  if (big !== 5000) { console.log('  (the targets are defined for N=5000; this run stopped earlier)'); }
}

/**
 * One chart per unit, all in one App, as a repository with one service per chart builds it, in
 * each output layout of `--chart-layouts`: `app.synthYaml()` and `FILE_PER_CHART` resolve and
 * validate the whole App once per chart (cost grows with charts × constructs);
 * `FOLDER_PER_CHART_FILE_PER_RESOURCE` validates once (see `layout.ts`).
 */
function chartPerUnitSection(dir: string, opts: Options, summaries: Summary[]): void {
  const byLayout = new Map<Layout, Summary[]>();
  for (const layout of opts.chartLayouts) {
    const mine = measure(dir, opts, layout, opts.chartNs, opts.layoutVariants);
    byLayout.set(layout, mine);
    summaries.push(...mine);
    console.log(`\n## Chart per service: one App, N charts of one unit each (layout ${layout.spec}: ${describe(layout, opts.chartNs[0])})\n`);
    console.log(resultsTable(mine, opts.timeoutS, true));
    console.log('\n### Ratios: ours / other\n');
    console.log(ratioTable(mine, opts.chartNs, opts.layoutVariants));
    // The same units in one chart, where this run measured them: the price of the layout itself.
    const oneChart = (v: string, n: number) => summaries.find(s => s.layout === ONE_CHART && s.variant === v && s.n === n);
    const compared = mine.filter(s => oneChart(s.variant, s.n));
    if (compared.length > 0) {
      console.log('\nms/unit with one chart per unit ÷ ms/unit with every unit in one chart (same N, this run):\n');
      for (const s of compared) { console.log(`- ${s.variant} N=${s.n}: ${fmt(s.perUnitMs / oneChart(s.variant, s.n)!.perUnitMs)}`); }
    }
  }

  // The targets of issue #24, per layout, side by side.
  const small = opts.chartNs[0];
  const big = opts.chartNs[opts.chartNs.length - 1];
  const at = (layout: Layout, v: string, n: number) => byLayout.get(layout)!.find(s => s.variant === v && s.n === n);
  const ratio = (layout: Layout, v: string) => {
    const o = at(layout, 'ours', big);
    const x = at(layout, v, big);
    return o && x ? o.perUnitMs / x.perUnitMs : NaN;
  };
  console.log(`\n## Chart per service: the layouts side by side at N=${big} (growth: ms/unit at ${big} ÷ at ${small})\n`);
  console.log(table(
    ['layout', 'Apps × charts × units', 'ours ms/unit', 'ours/raw', 'ours/plus', 'growth ours', 'growth raw', 'peak RSS MB ours', 'peak RSS MB raw'],
    opts.chartLayouts.map(layout => {
      const growth = (v: string) => (at(layout, v, big)?.perUnitMs ?? NaN) / (at(layout, v, small)?.perUnitMs ?? NaN);
      return [layout.spec, describe(layout, big), fmt(at(layout, 'ours', big)!.perUnitMs), fmt(ratio(layout, 'raw')), fmt(ratio(layout, 'plus')),
        fmt(growth('ours')), fmt(growth('raw')), fmt(at(layout, 'ours', big)!.peakRssMb, 0), fmt(at(layout, 'raw', big)?.peakRssMb ?? NaN, 0)];
    }),
  ));
  const measuredAtTarget = big === TARGET_CHARTS_N ? '' : ` (measured at ${big}, the target is at ${TARGET_CHARTS_N})`;
  const bestRaw = Math.min(...opts.chartLayouts.map(l => ratio(l, 'raw')).filter(Number.isFinite));
  const bestLayout = opts.chartLayouts.find(l => ratio(l, 'raw') === bestRaw);
  console.log(`\n- target: ours/raw <= ${TARGET_RAW_RATIO} in at least one layout${measuredAtTarget}: `
    + `${Number.isFinite(bestRaw) ? `${fmt(bestRaw)} in ${bestLayout!.spec}, ${verdict(bestRaw, TARGET_RAW_RATIO)}` : 'not measured'}`);
  const plus = opts.chartLayouts.map(l => ratio(l, 'plus'));
  const worstPlus = plus.every(Number.isFinite) ? Math.max(...plus) : NaN;
  console.log(`- target: ours/plus <= ${TARGET_PLUS_RATIO} in every layout${measuredAtTarget}: `
    + `${Number.isFinite(worstPlus) ? `worst ${fmt(worstPlus)}, ${verdict(worstPlus, TARGET_PLUS_RATIO)}` : 'not measured (add plus to --layout-variants)'}`);
}

/** One App per chart of one unit: every synthYaml() sees one chart, so the cost is linear. */
function appPerChartSection(dir: string, opts: Options, summaries: Summary[]): void {
  const mine = measure(dir, opts, APP_PER_CHART, opts.appNs, opts.layoutVariants);
  summaries.push(...mine);
  console.log(`\n## One App per chart: N Apps of one chart of one unit, synthesized one after the other (layout ${APP_PER_CHART.spec})\n`);
  console.log(resultsTable(mine, opts.timeoutS, true));
  console.log('\n### Ratios: ours / other\n');
  console.log(ratioTable(mine, opts.appNs, opts.layoutVariants));
  const small = opts.appNs[0];
  const big = opts.appNs[opts.appNs.length - 1];
  console.log(`\nLinearity: ms/unit at N=${big} ÷ ms/unit at N=${small}\n`);
  for (const v of opts.layoutVariants) {
    const at = (n: number) => mine.find(s => s.variant === v && s.n === n)!;
    console.log(`- ${v}: ${fmt(at(big).perUnitMs / at(small).perUnitMs)} (CPU time: ${fmt(at(big).cpuPerUnitMs / at(small).cpuPerUnitMs)}); `
      + `ms/unit ${opts.appNs.map(n => `${fmt(at(n).perUnitMs)} at ${n}`).join(', ')}`);
  }
}

/** Peak memory of one App holding every unit against the same units in batches of Apps. */
function batchesSection(dir: string, opts: Options, summaries: Summary[]): void {
  const n = opts.batchN;
  const mine: Summary[] = [];
  // Reuse the one-chart cases of this run at the same N rather than run them again.
  const reused = opts.layoutVariants.map(v => summaries.find(s => s.layout === ONE_CHART && s.variant === v && s.n === n));
  if (reused.every(s => s !== undefined)) {
    mine.push(...reused.map(s => s!));
  } else {
    mine.push(...measure(dir, opts, ONE_CHART, [n], opts.layoutVariants));
  }
  for (const layout of opts.batches) { mine.push(...measure(dir, opts, layout, [n], opts.layoutVariants)); }
  summaries.push(...mine.filter(s => !reused.includes(s)));
  console.log(`\n## Memory at N=${n}: one App against batches of Apps, each synthesized and dropped before the next\n`);
  console.log(table(
    ['layout', 'Apps × charts × units', 'variant', 'peak RSS MB', 'ms/unit', 'CPU ms/unit', 'total s', 'runs (s)', 'peak RSS of runs (MB)'],
    mine.map(s => [
      s.layout.spec,
      describe(s.layout, n),
      s.variant,
      fmt(s.peakRssMb, 0),
      fmt(s.perUnitMs),
      fmt(s.cpuPerUnitMs),
      fmt(s.perUnitMs * n / 1000),
      s.runs.map(r => fmt(r.totalMs / 1000, 1)).join(' '),
      s.runs.map(r => fmt(r.peakRssMb, 0)).join(' '),
    ]),
  ));
  for (const layout of opts.batches) {
    const ours = mine.find(s => s.layout === layout && s.variant === 'ours')!;
    console.log(`- ours ${layout.spec}: peak ${fmt(ours.peakRssMb, 0)} MB (target <= ${TARGET_PEAK_MB} MB at N=5000): `
      + `${n === 5000 ? verdict(ours.peakRssMb, TARGET_PEAK_MB) : `not measured (N=${n})`}`);
  }
}

function main() {
  // `bench check ...`: the checker and plugin benchmark only (bench/check.ts).
  if (process.argv[2] === 'check') {
    checkBench(process.argv.slice(3));
    return;
  }
  const opts = parseArgs(process.argv.slice(2));
  if (opts.profile) {
    profile(opts, opts.profile);
    return;
  }
  const started = Date.now();
  const has = (s: Section) => opts.sections.includes(s);
  console.log('# cdk8s-zero-downtime synthesis benchmark\n');
  console.log(machine());
  console.log(`\nA unit is one BlueGreenService and one CanaryIngress: ${OBJECTS_PER_UNIT} objects. Each case is a fresh node process`);
  console.log('that builds N units and synthesizes them with app.synthYaml(), the YAML kept in memory. Layouts (sections):');
  if (has('chart')) { console.log(`- one chart: one App, one Chart, N units; N = ${opts.ns.join(', ')}`); }
  if (has('charts')) { console.log(`- chart per service: one App, N charts of one unit; N = ${opts.chartNs.join(', ')}`); }
  if (has('apps')) { console.log(`- App per chart: N Apps of one chart of one unit, one after the other; N = ${opts.appNs.join(', ')}`); }
  if (has('batches')) { console.log(`- batches: N = ${opts.batchN} as ${[ONE_CHART, ...opts.batches].map(l => describe(l, opts.batchN)).join(', then as ')}`); }
  console.log(`Median of ${opts.repeats} runs (${opts.bigRepeats} for N >= 5000; `
    + `a case whose first run takes over ${opts.longS} s runs once).\n`);
  const all = [...new Set([...(has('chart') ? opts.variants : []), ...opts.layoutVariants])];
  for (const v of all) { console.log(`- ${v}: ${variant(v).description}`); }
  console.log();

  checkEquivalence(all);

  const dir = transpile(ROOT);
  const summaries: Summary[] = [];
  try {
    if (has('chart')) { oneChartSection(dir, opts, summaries); }
    if (has('charts')) { chartPerUnitSection(dir, opts, summaries); }
    if (has('apps')) { appPerChartSection(dir, opts, summaries); }
    if (has('batches')) { batchesSection(dir, opts, summaries); }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nWall time of the whole benchmark: ${fmt((Date.now() - started) / 1000, 0)} s; `
    + `load average now ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`);

  if (opts.json) {
    fs.writeFileSync(opts.json, JSON.stringify(summaries.map(s => s.runs), undefined, 2));
  }
}

main();
