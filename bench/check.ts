/**
 * Checker and plugin benchmark (issue #24): `check` and the validation plugin over two states of
 * N units (`check-states.ts`: 15 objects per unit, one file per unit), against the floor
 * measured in the same run: parsing the same YAML with js-yaml and nothing else (and, beside it,
 * with the library's own block reader). Each case runs
 * in its own node process (`check-case.ts`), so its peak RSS is its own.
 *
 *   npx projen bench check                      # N = 250, 1000, 5000; about 10-14 minutes on 2 cores (a third of it the FILE_PER_CHART app of 1,000 charts)
 *   npx projen bench check --ns=250,1000 --repeats=1
 *   npx projen bench check --profile --ns=5000  # CPU profile of the api case, summarised
 *
 * Two transitions at each N: "unchanged" (NEXT is PREVIOUS) and "changed" (every blue-green
 * service flipped to its running idle colour and every canary one weight step further).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CheckCaseResult } from './check-case';
import { AFTER, BEFORE, writeState } from './check-states';
import { transpile } from './compile';
import { describe, parseLayout } from './layout';
import { summariseProfile } from './profile';
import { OBJECTS_PER_UNIT } from './spec';
import { stateFiles } from '../src/check/state';

const ROOT = path.resolve(__dirname, '..');
/** `check` at the largest N: at most this many times the parse floor. */
const TARGET_FLOOR_RATIO = 2;
/** ms per unit of `check` at the largest N ÷ at 1,000 units. */
const TARGET_GROWTH = 1.1;
/** What the plugin adds to `cdk8s synth` of the same app, at this N. */
const TARGET_PLUGIN_SHARE = 0.2;
const TARGET_PLUGIN_N = 1000;

/**
 * The layouts of one App in which the plugin checks that App's own output (issue #24: "the
 * plugin adds at most 20 % to cdk8s synth of the same app"): one chart and one file; a chart
 * per unit, one file per chart (the default of `cdk8s synth`); a chart per unit, one file per
 * object.
 */
const PLUGIN_LAYOUTS = ['nx1', '1xn:file', '1xn:folder'] as const;

/** The plugin against the synthesis of the app whose files it checks, in one layout. */
interface LayoutShare {
  readonly spec: string;
  readonly files: number;
  readonly synth: CheckCaseResult;
  readonly plugin: CheckCaseResult;
}

const MODES = ['floor', 'block-floor', 'api', 'cli', 'plugin', 'plugin-ref'] as const;
const CHANGES = ['unchanged', 'changed'] as const;

interface Options {
  ns: number[];
  repeats: number;
  profile: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { ns: [250, 1000, 5000], repeats: 2, profile: false };
  for (const arg of argv) {
    const [k, v] = arg.replace(/^--/, '').split('=');
    if (k === 'ns') {
      opts.ns = v.split(',').map(Number);
    } else if (k === 'repeats') {
      opts.repeats = Number(v);
    } else if (k === 'profile') {
      opts.profile = true;
    } else if (k === 'quick') {
      opts.ns = [50, 200];
      opts.repeats = 1;
    } else {
      throw new Error(`unknown argument ${arg} (check takes --ns=, --repeats=, --profile, --quick)`);
    }
  }
  return opts;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(x: number | undefined, digits = 2): string {
  return x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : '-';
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`, ...rows.map(line)].join('\n');
}

function verdict(value: number, limit: number): string {
  return !Number.isFinite(value) ? 'not measured' : value <= limit ? 'met' : 'MISSED';
}

function runCase(dir: string, args: string[], nodeArgs: string[] = []): CheckCaseResult {
  const r = spawnSync(process.execPath, [...nodeArgs, path.join(dir, 'bench', 'check-case.js'), ...args], {
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    encoding: 'utf-8',
    maxBuffer: 2 ** 24,
  });
  if (r.status !== 0) { throw new Error(`check case ${args.join(' ')} failed (status ${r.status}):\n${r.stderr}`); }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** The median of each field over the runs of one case. */
function medianRun(runs: CheckCaseResult[]): CheckCaseResult {
  const m = (f: (r: CheckCaseResult) => number | undefined) => {
    const xs = runs.map(f).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  return {
    ...runs[0],
    ms: m(r => r.ms)!,
    cpuMs: m(r => r.cpuMs)!,
    readMs: m(r => r.readMs),
    checkMs: m(r => r.checkMs),
    peakRssMb: m(r => r.peakRssMb)!,
    pluginMs: m(r => r.pluginMs),
    noopPluginMs: m(r => r.noopPluginMs),
  };
}

/** One case run `times` times in a row: the median of each field. */
function repeat(dir: string, args: string[], times: number): CheckCaseResult {
  const runs: CheckCaseResult[] = [];
  for (let i = 0; i < times; i++) {
    runs.push(runCase(dir, args));
    process.stderr.write(`  ${args.map(a => path.basename(a)).join(' ')} run ${i + 1}/${times}: ${fmt(runs[i].ms, 0)} ms, peak ${fmt(runs[i].peakRssMb, 0)} MB\n`);
  }
  return medianRun(runs);
}

/**
 * Each layout's app synthesized to a folder (BEFORE once, AFTER timed), then the plugin on the
 * AFTER output with `previous:` the BEFORE output; synthesis and plugin alternate run by run so
 * that both see the same load.
 */
function layoutShares(dir: string, states: string, n: number, repeats: number): LayoutShare[] {
  return PLUGIN_LAYOUTS.map((spec, i) => {
    const before = path.join(states, `layout${i}`, 'before');
    const after = path.join(states, `layout${i}`, 'after');
    runCase(dir, ['synth-layout', String(n), 'before', spec, before]);
    // Counted here, outside the timed synthesis.
    const files = stateFiles(before).length;
    const synths: CheckCaseResult[] = [];
    const plugins: CheckCaseResult[] = [];
    for (let r = 0; r < repeats; r++) {
      fs.rmSync(after, { recursive: true, force: true });
      synths.push(runCase(dir, ['synth-layout', String(n), 'after', spec, after]));
      plugins.push(runCase(dir, ['plugin', before, after]));
      process.stderr.write(`  ${spec} run ${r + 1}/${repeats}: synth ${fmt(synths[r].ms, 0)} ms, plugin ${fmt(plugins[r].ms, 0)} ms (${files} files)\n`);
    }
    fs.rmSync(path.join(states, `layout${i}`), { recursive: true, force: true });
    return { spec, files, synth: medianRun(synths), plugin: medianRun(plugins) };
  });
}

/** A Git repository at `dir` with everything in it committed. */
function commitAll(dir: string): void {
  const git = (...args: string[]) => spawnSync('git', ['-C', dir, '-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], { stdio: 'ignore' });
  git('init', '--quiet');
  git('add', '.');
  const r = git('commit', '--quiet', '--no-gpg-sign', '-m', 'previous');
  if (r.status !== 0) { throw new Error(`git commit in ${dir} failed (status ${r.status})`); }
}

export function checkBench(argv: string[]): void {
  const opts = parseArgs(argv);
  const started = Date.now();
  const cpus = os.cpus();
  console.log('# Checker and validation plugin benchmark\n');
  console.log(`node ${process.version}, ${cpus.length} logical CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}\n`);
  console.log(`N units of ${OBJECTS_PER_UNIT} objects, one file per unit, in two states; median of ${opts.repeats} run(s), each case in its own process.\n`);
  const dir = transpile(ROOT);
  const states = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zd-states-'));
  try {
    if (opts.profile) {
      const n = opts.ns[opts.ns.length - 1];
      writeState(path.join(states, 'before'), n, BEFORE);
      writeState(path.join(states, 'after'), n, AFTER);
      const profDir = path.join(dir, 'prof');
      runCase(dir, ['api', path.join(states, 'before'), path.join(states, 'after')], ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=1000']);
      const file = fs.readdirSync(profDir).find(f => f.endsWith('.cpuprofile'))!;
      console.log(`## CPU profile of the api case (read both states, then TransitionCheck.between), N=${n}\n`);
      console.log(summariseProfile(path.join(profDir, file), 25));
      return;
    }
    const results = new Map<string, CheckCaseResult>();
    let shares: LayoutShare[] = [];
    const key = (n: number, change: string, mode: string) => `${n}/${change}/${mode}`;
    for (const n of opts.ns) {
      const before = path.join(states, `${n}`, 'before');
      // Unchanged: NEXT is a copy of PREVIOUS, not the same folder (the plugin refuses a previous
      // folder that holds the manifests it checks).
      const same = path.join(states, `${n}`, 'same');
      const after = path.join(states, `${n}`, 'after');
      // previousRef: PREVIOUS committed in a repository, NEXT in its working tree.
      const repo = path.join(states, `${n}`, 'repo');
      const t0 = Date.now();
      const mb = (writeState(before, n, BEFORE) + writeState(same, n, BEFORE) + writeState(after, n, AFTER)) / 2 ** 20;
      writeState(path.join(repo, 'dist'), n, BEFORE);
      commitAll(repo);
      process.stderr.write(`N=${n}: wrote ${fmt(mb, 1)} MB of YAML and committed PREVIOUS in ${Date.now() - t0} ms\n`);
      for (const change of CHANGES) {
        if (change === 'changed') { writeState(path.join(repo, 'dist'), n, AFTER); } // same file names
        for (const mode of MODES) {
          const args = mode === 'plugin-ref' ? [mode, repo] : [mode, before, change === 'changed' ? after : same];
          results.set(key(n, change, mode), repeat(dir, args, opts.repeats));
        }
      }
      results.set(key(n, 'changed', 'synth'), repeat(dir, ['synth', String(n)], opts.repeats));
      // The command users run, without and with the plugin (a minute per run at 1,000 units).
      if (n === TARGET_PLUGIN_N) {
        results.set(key(n, 'changed', 'cdk8s-synth'), repeat(dir, ['cdk8s-synth', String(n)], opts.repeats));
        shares = layoutShares(dir, path.join(states, `${n}`), n, opts.repeats);
      }
      fs.rmSync(path.join(states, `${n}`), { recursive: true, force: true });
    }

    const get = (n: number, change: string, mode: string) => results.get(key(n, change, mode))!;
    console.log('## Per case (ms; ratios to the floor: js-yaml parsing both states)\n');
    console.log(table(
      ['N', 'transition', 'floor ms', 'block floor ms', 'api read ms', 'api check ms', 'check (CLI) ms', 'CLI/floor', 'CLI/floor CPU', 'CLI/block floor', 'CLI ms/unit', 'plugin ms', 'plugin/floor', 'synth ms', 'plugin/synth', 'plugin/synth CPU', 'plugin previousRef ms', 'previousRef/synth', 'peak RSS MB floor/CLI/plugin/synth', 'findings'],
      opts.ns.flatMap(n => CHANGES.map(change => {
        const floor = get(n, change, 'floor');
        const block = get(n, change, 'block-floor');
        const cli = get(n, change, 'cli');
        const plugin = get(n, change, 'plugin');
        const synth = get(n, 'changed', 'synth');
        const api = get(n, change, 'api');
        const ref = get(n, change, 'plugin-ref');
        return [String(n), change, fmt(floor.ms, 0), fmt(block.ms, 0), fmt(api.readMs, 0), fmt(api.checkMs, 0),
          fmt(cli.ms, 0), fmt(cli.ms / floor.ms), fmt(cli.cpuMs / floor.cpuMs), fmt(cli.ms / block.ms), fmt(cli.ms / n),
          fmt(plugin.ms, 0), fmt(plugin.ms / floor.ms), fmt(synth.ms, 0), fmt(plugin.ms / synth.ms), fmt(plugin.cpuMs / synth.cpuMs),
          fmt(ref.ms, 0), fmt(ref.ms / synth.ms),
          [floor, cli, plugin, synth].map(r => fmt(r.peakRssMb, 0)).join(' / '), String(api.findings)];
      })),
    ));

    const big = opts.ns[opts.ns.length - 1];
    const mid = opts.ns.includes(1000) ? 1000 : opts.ns[Math.max(0, opts.ns.length - 2)];
    console.log(`\n## Targets (N=${big}; growth from N=${mid})\n`);
    for (const change of CHANGES) {
      const ratio = get(big, change, 'cli').ms / get(big, change, 'floor').ms;
      const growth = (get(big, change, 'cli').ms / big) / (get(mid, change, 'cli').ms / mid);
      const pluginGrowth = (get(big, change, 'plugin').ms / big) / (get(mid, change, 'plugin').ms / mid);
      const floorGrowth = (get(big, change, 'floor').ms / big) / (get(mid, change, 'floor').ms / mid);
      const cpuRatio = get(big, change, 'cli').cpuMs / get(big, change, 'floor').cpuMs;
      console.log(`- ${change}: check / parse floor at N=${big}: ${fmt(ratio)} (target <= ${TARGET_FLOOR_RATIO}): ${verdict(ratio, TARGET_FLOOR_RATIO)}`
        + `; in CPU time (all threads, garbage collection included) ${fmt(cpuRatio)}`
        + `; against the library's own block reader ${fmt(get(big, change, 'cli').ms / get(big, change, 'block-floor').ms)}`);
      console.log(`- ${change}: check ms/unit growth ${mid} -> ${big}: ${fmt(growth)} (target <= ${TARGET_GROWTH}): ${verdict(growth, TARGET_GROWTH)}`
        + `; plugin ${fmt(pluginGrowth)}; the floor itself ${fmt(floorGrowth)}`);
    }
    if (opts.ns.includes(TARGET_PLUGIN_N)) {
      for (const change of CHANGES) {
        const share = get(TARGET_PLUGIN_N, change, 'plugin').ms / get(TARGET_PLUGIN_N, 'changed', 'synth').ms;
        const refShare = get(TARGET_PLUGIN_N, change, 'plugin-ref').ms / get(TARGET_PLUGIN_N, 'changed', 'synth').ms;
        // The plugin must at least parse the new manifests: about half the floor (both states).
        const bound = get(TARGET_PLUGIN_N, change, 'floor').ms / 2 / get(TARGET_PLUGIN_N, 'changed', 'synth').ms;
        console.log(`- ${change}: the plugin on one file per unit adds ${fmt(share * 100, 0)} % to synthesizing the same ${TARGET_PLUGIN_N} units in one chart (target <= ${TARGET_PLUGIN_SHARE * 100} %): ${verdict(share, TARGET_PLUGIN_SHARE)}`
          + `; with previousRef ${fmt(refShare * 100, 0)} %; parsing the new manifests alone (half the floor) is ${fmt(bound * 100, 0)} %`
          + `, with the block reader ${fmt(get(TARGET_PLUGIN_N, change, 'block-floor').ms / 2 / get(TARGET_PLUGIN_N, 'changed', 'synth').ms * 100, 0)} %`);
      }
      for (const l of shares) {
        const share = l.plugin.ms / l.synth.ms;
        console.log(`- changed, ${describe(parseLayout(l.spec), TARGET_PLUGIN_N)}: the plugin on that app's own ${l.files} file(s) takes ${fmt(l.plugin.ms, 0)} ms, synthesizing it ${fmt(l.synth.ms, 0)} ms: it adds ${fmt(share * 100, 0)} % (target <= ${TARGET_PLUGIN_SHARE * 100} %): ${verdict(share, TARGET_PLUGIN_SHARE)}`
          + `; in CPU time ${fmt(l.plugin.cpuMs / l.synth.cpuMs * 100, 0)} %; peak RSS MB synth / plugin ${fmt(l.synth.peakRssMb, 0)} / ${fmt(l.plugin.peakRssMb, 0)}`);
      }
      const cli = get(TARGET_PLUGIN_N, 'changed', 'cdk8s-synth');
      const cliShare = cli.pluginMs! / cli.ms - 1;
      console.log(`- changed: \`cdk8s synth\` itself (cdk8s-cli, app run with node) takes ${fmt(cli.ms, 0)} ms, ${fmt(cli.pluginMs, 0)} ms with the plugin: it adds ${fmt(cliShare * 100, 0)} % (target <= ${TARGET_PLUGIN_SHARE * 100} %): ${verdict(cliShare, TARGET_PLUGIN_SHARE)}`
        + `; with a plugin that checks nothing it takes ${fmt(cli.noopPluginMs, 0)} ms (${fmt((cli.noopPluginMs! / cli.ms - 1) * 100, 0)} %: cdk8s-cli's own validation step)`);
    } else {
      console.log(`- plugin share at N=${TARGET_PLUGIN_N}: not measured`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(states, { recursive: true, force: true });
  }
  console.log(`\nWall time: ${fmt((Date.now() - started) / 1000, 0)} s; load average now ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`);
}
