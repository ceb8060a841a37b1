/**
 * Synthesis benchmark: N BlueGreenServices and N CanaryIngresses in one chart, against the same
 * objects written by hand. Prints numbers; never fails on them.
 *
 *   npx projen bench                      # N = 100, 500, 1000, 5000
 *   npx projen bench --quick              # N = 20, 100, one repeat: a smoke run
 *   npx projen bench --ns=500,5000 --repeats=3 --big-repeats=1 --variants=ours,raw --json=out.json
 *   npx projen bench --profile --ns=5000  # CPU profile of ours and raw at the largest N, summarised
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CaseResult } from './case';
import { transpile } from './compile';
import { compare } from './equivalence';
import { summariseProfile } from './profile';
import { OBJECTS_PER_UNIT } from './spec';
import { variant, VARIANTS } from './variants';

const ROOT = path.resolve(__dirname, '..');
const TARGET_RAW_RATIO = 1.2;
const TARGET_LINEARITY = 1.2;
const TARGET_PEAK_MB = 250;

interface Options {
  ns: number[];
  repeats: number;
  /** Repeats for N >= 5000, which take tens of seconds each. */
  bigRepeats: number;
  /** A case whose first run took longer than this many seconds is not repeated. */
  longS: number;
  variants: string[];
  json?: string;
  /** Profile the variants at the largest N instead of benchmarking. */
  profile: boolean;
  /** A case that runs longer is stopped and reported as such; larger N of that variant are skipped. */
  timeoutS: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    ns: [100, 500, 1000, 5000],
    repeats: 3,
    bigRepeats: 2,
    longS: 60,
    variants: VARIANTS.map(v => v.name),
    profile: false,
    timeoutS: 360,
  };
  let variantsGiven = false;
  for (const arg of argv) {
    const [k, v] = arg.replace(/^--/, '').split('=');
    if (k === 'quick') {
      opts.ns = [20, 100];
      opts.repeats = 1;
      opts.bigRepeats = 1;
    } else if (k === 'ns') {
      opts.ns = v.split(',').map(Number);
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
      opts.profile = true;
    } else if (k === 'json') {
      opts.json = v;
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  if (opts.profile && !variantsGiven) { opts.variants = ['ours', 'raw']; }
  if (!opts.variants.includes('ours')) { opts.variants.unshift('ours'); }
  return opts;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-';
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = `|${header.map((h, i) => (i === 0 || h === 'variant' ? '---' : '---:')).join('|')}|`;
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
  }
  console.log();
}

/** Runs one case in a fresh node process; undefined when it ran out of time. */
function runCase(dir: string, name: string, n: number, timeoutS: number, nodeArgs: string[] = []): CaseResult | undefined {
  const script = path.join(dir, 'bench', 'case.js');
  const env = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') };
  const r = spawnSync(process.execPath, [...nodeArgs, script, name, String(n)], {
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
    throw new Error(`case ${name} N=${n} failed (status ${r.status}, signal ${r.signal}):\n${r.stderr}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

interface Summary {
  variant: string;
  n: number;
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

function summarise(name: string, n: number, runs: CaseResult[], timedOut: boolean): Summary {
  return {
    variant: name,
    n,
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

function profile(opts: Options): void {
  const n = opts.ns[opts.ns.length - 1];
  console.log(`# CPU profiles at N=${n} (${n * OBJECTS_PER_UNIT} objects)\n`);
  console.log(machine());
  const dir = transpile(ROOT);
  try {
    for (const v of opts.variants) {
      const profDir = path.join(dir, `prof-${v}`);
      const r = runCase(dir, v, n, opts.timeoutS * 3, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=1000']);
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

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.profile) {
    profile(opts);
    return;
  }
  const started = Date.now();
  console.log('# cdk8s-zero-downtime synthesis benchmark\n');
  console.log(machine());
  console.log(`\nA unit is one BlueGreenService and one CanaryIngress: ${OBJECTS_PER_UNIT} objects. All units go in one chart;`);
  console.log('each case is a fresh node process: new App, one Chart, N units, app.synthYaml().');
  console.log(`N = ${opts.ns.join(', ')}; median of ${opts.repeats} runs (${opts.bigRepeats} for N >= 5000; `
    + `a case whose first run takes over ${opts.longS} s runs once).\n`);
  for (const v of opts.variants) { console.log(`- ${v}: ${variant(v).description}`); }
  console.log();

  checkEquivalence(opts.variants);

  const dir = transpile(ROOT);
  const summaries: Summary[] = [];
  const timedOut = new Set<string>();
  try {
    for (const n of opts.ns) {
      const repeats = n >= 5000 ? opts.bigRepeats : opts.repeats;
      const runs = new Map<string, CaseResult[]>(opts.variants.map(v => [v, []]));
      const stopped = new Set<string>(timedOut);
      const once = new Set<string>();
      // Interleave the variants so that a slow moment of the machine does not hit one of them only.
      for (let i = 0; i < repeats; i++) {
        for (const v of opts.variants.filter(x => !stopped.has(x) && !once.has(x))) {
          const r = runCase(dir, v, n, opts.timeoutS);
          if (!r) {
            process.stderr.write(`  N=${n} ${v} run ${i + 1}/${repeats}: stopped after ${opts.timeoutS} s\n`);
            stopped.add(v);
            timedOut.add(v);
            continue;
          }
          runs.get(v)!.push(r);
          if (r.totalMs > opts.longS * 1000) { once.add(v); }
          process.stderr.write(`  N=${n} ${v} run ${i + 1}/${repeats}: ${fmt(r.totalMs, 0)} ms, peak ${fmt(r.peakRssMb, 0)} MB\n`);
        }
      }
      for (const v of opts.variants) { summaries.push(summarise(v, n, runs.get(v)!, stopped.has(v))); }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const get = (v: string, n: number) => summaries.find(s => s.variant === v && s.n === n)!;
  console.log('## Per-case results (ms per unit = median total / N)\n');
  console.log(table(
    ['N', 'variant', 'ms/unit', 'best ms/unit', 'construct ms/unit', 'synth ms/unit', 'CPU ms/unit', 'µs/object', 'total s', 'runs (s)', 'peak RSS MB', 'base RSS MB', 'YAML MB'],
    summaries.map(s => [
      String(s.n),
      s.variant,
      fmt(s.perUnitMs),
      fmt(s.bestPerUnitMs),
      fmt(s.constructPerUnitMs),
      fmt(s.synthPerUnitMs),
      fmt(s.cpuPerUnitMs),
      fmt(s.perUnitMs * 1000 / OBJECTS_PER_UNIT, 0),
      fmt(s.perUnitMs * s.n / 1000),
      [...s.runs.map(r => fmt(r.totalMs / 1000, 1)), ...(s.timedOut ? [`>${opts.timeoutS}`] : [])].join(' '),
      fmt(s.peakRssMb, 0),
      fmt(median(s.runs.map(r => r.baseRssMb)), 0),
      fmt((s.runs[0]?.yamlBytes ?? NaN) / 2 ** 20, 1),
    ]),
  ));

  const others = opts.variants.filter(v => v !== 'ours');
  console.log('\n## Ratios: ours / other (above 1 means ours costs more)\n');
  console.log(table(
    ['N', 'variant', 'ours/other ms (median)', 'ours/other ms (best run)', 'ours/other CPU ms (median)', 'ours/other peak RSS'],
    opts.ns.flatMap(n => others.map(v => {
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
  ));

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
  console.log(`\nWall time of the whole benchmark: ${fmt((Date.now() - started) / 1000, 0)} s; `
    + `load average now ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`);

  if (opts.json) {
    fs.writeFileSync(opts.json, JSON.stringify(summaries.map(s => s.runs), undefined, 2));
  }
}

main();
