/**
 * One measurement of the checker benchmark (`check.ts`), in a fresh node process so that the
 * peak RSS is this case's alone. Prints one JSON line.
 *
 *   node check-case.js floor|api|cli|plugin PREVIOUS NEXT
 *   node check-case.js plugin-ref REPOSITORY
 *   node check-case.js synth N
 *
 * - floor: read every file of both states and parse it with js-yaml, nothing else;
 * - api: `readStateDocuments` of both states (as `check` reads them), then `TransitionCheck.between` (timed apart);
 * - cli: the `check` command itself (`cdk8s-zero-downtime check PREVIOUS NEXT`);
 * - plugin: `ZeroDowntimeValidation.validate` with NEXT as the synthesized manifests and
 *   `previous: PREVIOUS`, as `cdk8s synth` calls it;
 * - plugin-ref: the same with `previousRef: HEAD` (the setting docs/validation-plugin.md
 *   recommends): NEXT is the working tree of REPOSITORY/dist, PREVIOUS what HEAD holds there;
 * - synth: build N units in the AFTER state in one chart and write them (`app.synth()`): what
 *   the plugin's cost is compared with.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Chart } from 'cdk8s';
import * as JsYaml from 'js-yaml';
import { AFTER, buildUnits } from './check-states';
import { readStateDocuments, SharedDocuments, stateFiles } from '../src/check/state';
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
  /** Findings (api, plugin: violations reported), or the exit code of `check` (cli). */
  readonly findings: number;
  readonly baseRssMb: number;
  readonly peakRssMb: number;
}

async function run(mode: string, args: string[]): Promise<Omit<CheckCaseResult, 'mode' | 'ms' | 'cpuMs' | 'baseRssMb' | 'peakRssMb'> & { readMs?: number; checkMs?: number }> {
  const [previous, next] = args;
  if (mode === 'floor') {
    let objects = 0;
    for (const dir of [previous, next]) {
      for (const file of stateFiles(dir)) {
        objects += JsYaml.loadAll(fs.readFileSync(file, 'utf8'), undefined, { schema: JsYaml.CORE_SCHEMA }).filter(d => d !== null).length;
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
  if (mode === 'synth') {
    const n = Number(previous);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zd-synth-'));
    try {
      const app = new App({ outdir });
      buildUnits(new Chart(app, 'bench'), n, AFTER);
      app.synth();
      return { objects: n, findings: 0 };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  throw new Error(`unknown mode ${mode}`);
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
  const result: CheckCaseResult = { mode, ms, cpuMs: (cpu.user + cpu.system) / 1000, baseRssMb, peakRssMb, ...r };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
