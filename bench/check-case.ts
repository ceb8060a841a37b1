/**
 * One measurement of the checker benchmark (`check.ts`), in a fresh node process so that the
 * peak RSS is this case's alone. Prints one JSON line.
 *
 *   node check-case.js floor|block-floor|api|cli|plugin PREVIOUS NEXT
 *   node check-case.js plugin-ref REPOSITORY
 *   node check-case.js synth N
 *
 * - floor: read every file of both states and parse it with js-yaml, nothing else;
 * - block-floor: the same with the library's block reader, js-yaml for what it declines;
 * - api: `readStateDocuments` of both states (as `check` reads them), then `TransitionCheck.between` (timed apart);
 * - cli: the `check` command itself (`cdk8s-zero-downtime check PREVIOUS NEXT`);
 * - plugin: `ZeroDowntimeValidation.validate` with NEXT as the synthesized manifests and
 *   `previous: PREVIOUS`, as `cdk8s synth` calls it;
 * - plugin-ref: the same with `previousRef: HEAD` (the setting docs/validation-plugin.md
 *   recommends): NEXT is the working tree of REPOSITORY/dist, PREVIOUS what HEAD holds there;
 * - synth: build N units in the AFTER state in one chart and write them (`app.synth()`): what
 *   the plugin's cost is compared with.
 * - synth-layout: build N units in STATE (before or after) in one App laid out as LAYOUT
 *   (`layout.ts`: `nx1`, `1xn:file`, `1xn:folder`) and write them to OUT with `app.synth()`: the
 *   app whose own output the plugin then checks, layout by layout.
 *
 *   node check-case.js synth-layout N STATE LAYOUT OUT
 * - cdk8s-synth: the `cdk8s synth` command itself (cdk8s-cli, the app as `node main.js`) on the
 *   same app, once without validations (`ms`) and once with this plugin and `previous:` the
 *   output of the BEFORE app (`pluginMs`): what the plugin adds to the command users run; and
 *   once with a plugin that checks nothing (`noopPluginMs`): cdk8s-cli's own share of that. Wall
 *   time only (the work is in child processes).
 *
 *   node check-case.js cdk8s-synth N
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Chart, YamlOutputType } from 'cdk8s';
import * as JsYaml from 'js-yaml';
import { AFTER, BEFORE, buildUnits } from './check-states';
import { Layout, ONE_CHART, parseLayout, shape } from './layout';
import type { UnitState } from './ours';
import { readBlockDocument } from '../src/check/block-yaml';
import { documentTexts, readStateDocuments, SharedDocuments, stateFiles } from '../src/check/state';
import { TransitionCheck } from '../src/check/transition-check';
import { CHECK_COMMAND } from '../src/cli/check';
import { Io } from '../src/cli/common';
import { ZeroDowntimeValidation } from '../src/plugin/zero-downtime-validation';

/** What one case reports. */
export interface CheckCaseResult {
  readonly mode: string;
  readonly ms: number;
  /** api: reading both states. */
  readonly readMs?: number;
  /** api: `TransitionCheck.between`. */
  readonly checkMs?: number;
  readonly cpuMs: number;
  readonly objects: number;
  /** cdk8s-synth: the same `cdk8s synth` with the plugin configured. */
  readonly pluginMs?: number;
  /**
   * cdk8s-synth: the same with a validation plugin that checks nothing: what cdk8s-cli's own
   * validation step costs (the app records construct metadata, the CLI loads a plugin and prints its report).
   */
  readonly noopPluginMs?: number;
  /** Findings (api, plugin: violations reported), or the exit code of `check` (cli). */
  readonly findings: number;
  readonly baseRssMb: number;
  readonly peakRssMb: number;
}

async function run(mode: string, args: string[]): Promise<Omit<CheckCaseResult, 'mode' | 'ms' | 'cpuMs' | 'baseRssMb' | 'peakRssMb'> & { readMs?: number; checkMs?: number; wallMs?: number }> {
  const [previous, next] = args;
  if (mode === 'cdk8s-synth') {
    return cdk8sSynth(Number(previous));
  }
  if (mode === 'floor') {
    let objects = 0;
    for (const dir of [previous, next]) {
      for (const file of stateFiles(dir)) {
        objects += JsYaml.loadAll(fs.readFileSync(file, 'utf8'), undefined, { schema: JsYaml.CORE_SCHEMA }).filter(d => d !== null).length;
      }
    }
    return { objects, findings: 0 };
  }
  if (mode === 'block-floor') {
    // The same files through the block reader alone (src/check/block-yaml.ts), document by
    // document as the state reader cuts them; a document it declines goes to js-yaml. Not the
    // target's floor (the issue asks for a maintained parser), shown beside it.
    let objects = 0;
    for (const dir of [previous, next]) {
      for (const file of stateFiles(dir)) {
        const whole = fs.readFileSync(file, 'utf8');
        for (const text of documentTexts(whole) ?? [whole]) {
          const read = readBlockDocument(text) !== undefined;
          objects += read ? 1 : JsYaml.loadAll(text, undefined, { schema: JsYaml.CORE_SCHEMA }).filter(d => d !== null).length;
        }
      }
    }
    return { objects, findings: 0 };
  }
  if (mode === 'api') {
    const t0 = performance.now();
    // As `check` reads them: NEXT first, then PREVIOUS, each document both hold parsed once.
    const shared = new SharedDocuments();
    const after = readStateDocuments(next, shared).map(d => d.object);
    const before = readStateDocuments(previous, shared).map(d => d.object);
    const t1 = performance.now();
    const findings = TransitionCheck.between(before, after);
    return { objects: before.length + after.length, findings: findings.length, readMs: t1 - t0, checkMs: performance.now() - t1 };
  }
  if (mode === 'cli') {
    const io: Io = { out: () => undefined, err: () => undefined };
    const code = await CHECK_COMMAND.run([previous, next], io);
    return { objects: 0, findings: code };
  }
  if (mode === 'plugin') {
    const violations: string[] = [];
    let submitted: { [key: string]: string } | undefined;
    const ctx = {
      manifests: stateFiles(next),
      logger: { log: () => undefined },
      report: {
        addViolation: (v: { ruleName: string }) => { violations.push(v.ruleName); },
        submit: (_: string, metadata?: { [key: string]: string }) => { submitted = metadata; },
      },
    };
    await new ZeroDowntimeValidation({ previous }).validate(ctx);
    // A setting the plugin refuses is reported without checking anything: not a measurement.
    if (!submitted?.['Previous state']?.startsWith(previous)) {
      throw new Error(`the plugin did not check against ${previous}: ${JSON.stringify({ submitted, violations: violations.slice(0, 3) })}`);
    }
    return { objects: 0, findings: violations.length };
  }
  if (mode === 'plugin-ref') {
    const repository = previous;
    const violations: string[] = [];
    let submitted: { [key: string]: string } | undefined;
    const ctx = {
      manifests: stateFiles(path.join(repository, 'dist')),
      logger: { log: () => undefined },
      report: {
        addViolation: (v: { ruleName: string }) => { violations.push(v.ruleName); },
        submit: (_: string, metadata?: { [key: string]: string }) => { submitted = metadata; },
      },
    };
    await new ZeroDowntimeValidation({ previousRef: 'HEAD', repository }).validate(ctx);
    if (!submitted?.['Previous state']?.startsWith('HEAD:dist at ')) {
      throw new Error(`the plugin did not check against HEAD:dist: ${JSON.stringify({ submitted, violations: violations.slice(0, 3) })}`);
    }
    return { objects: 0, findings: violations.length };
  }
  if (mode === 'synth-layout') {
    const [n, state, spec, outdir] = args;
    synthInLayout(Number(n), state === 'before' ? BEFORE : AFTER, parseLayout(spec), outdir);
    return { objects: Number(n), findings: 0 };
  }
  if (mode === 'synth') {
    const n = Number(previous);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zd-synth-'));
    try {
      synthInLayout(n, AFTER, ONE_CHART, outdir);
      return { objects: n, findings: 0 };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  throw new Error(`unknown mode ${mode}`);
}

/**
 * N units in one App, as many per chart as the layout says, written by `app.synth()` to
 * `outdir` in the layout's output type (FILE_PER_CHART unless it says otherwise). Chart ids as
 * the synthesis benchmark's layouts name them.
 */
function synthInLayout(n: number, state: UnitState, layout: Layout, outdir: string): void {
  const s = shape(layout, n);
  if (s.apps !== 1) { throw new Error(`layout ${layout.spec} makes ${s.apps} Apps: the plugin checks the output of one`); }
  const app = new App({ outdir, yamlOutputType: layout.output ?? YamlOutputType.FILE_PER_CHART });
  for (let unit = 0; unit < n; unit += s.unitsPerChart) {
    buildUnits(new Chart(app, s.charts === 1 ? 'bench' : `bench${unit}`), Math.min(s.unitsPerChart, n - unit), state, unit);
  }
  app.synth();
}

/**
 * `cdk8s synth` of N units (AFTER) without and with the plugin, `previous:` the synthesized
 * BEFORE state. The app is the benchmark's units in one chart, run as `node main.js`: a
 * TypeScript app run with ts-node would spend longer before the plugin starts.
 */
function cdk8sSynth(n: number): { objects: number; findings: number; wallMs: number; pluginMs: number; noopPluginMs: number } {
  const pkg = path.resolve(__dirname, '..'); // the transpiled package (compile.ts writes its package.json)
  const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf-8')).version;
  const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
  // Made once nothing above can fail, so that the finally below always removes it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zd-cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.js'), [
      "const { App, Chart } = require('cdk8s');",
      `const { AFTER, BEFORE, buildUnits } = require(${JSON.stringify(path.join(__dirname, 'check-states'))});`,
      'const app = new App();',
      `buildUnits(new Chart(app, 'bench'), ${n}, process.env.ZD_STATE === 'before' ? BEFORE : AFTER);`,
      'app.synth();',
      '',
    ].join('\n'));
    const synth = (config: string, out: string, state: string, expect = /Synthesizing application/): number => {
      fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), config);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'synth', '--check-upgrade', 'false', '--output', out], {
        cwd: dir, env: { ...process.env, ZD_STATE: state }, encoding: 'utf-8', maxBuffer: 2 ** 26,
      });
      const ms = performance.now() - t0;
      // With the plugin: its report must show it compared with the previous state.
      if (r.status !== 0 || !expect.test(r.stdout)) {
        throw new Error(`cdk8s synth failed (status ${r.status}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
      }
      return ms;
    };
    const plain = 'language: typescript\napp: node main.js\n';
    synth(plain, 'previous', 'before');
    const wallMs = synth(plain, 'dist-plain', 'after');
    const withPlugin = `${plain}validations:\n  - package: ${pkg}\n    class: ZeroDowntimeValidation\n    version: ${version}\n    properties:\n      previous: previous\n`;
    const pluginMs = synth(withPlugin, 'dist', 'after', /Previous state\s*│\s*previous \(\d+ object/);
    const noop = path.join(dir, 'noop-plugin');
    fs.mkdirSync(noop);
    fs.writeFileSync(path.join(noop, 'package.json'), JSON.stringify({ name: 'noop-plugin', version: '1.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(noop, 'index.js'), "exports.Noop = class { async validate(ctx) { ctx.report.submit('success', {}); } };\n");
    const noopPluginMs = synth(`${plain}validations:\n  - package: ${noop}\n    class: Noop\n    version: 1.0.0\n`, 'dist-noop', 'after', /Validation Report \(\S*noop-plugin@1\.0\.0\)/);
    return { objects: n, findings: 0, wallMs, pluginMs, noopPluginMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await run(mode, args);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // maxRSS is in kibibytes.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const { wallMs, ...rest } = r;
  const result: CheckCaseResult = { mode, ms: wallMs ?? ms, cpuMs: (cpu.user + cpu.system) / 1000, baseRssMb, peakRssMb, ...rest };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
