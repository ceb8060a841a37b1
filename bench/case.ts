/**
 * One measurement: builds N units of one variant in one chart of a fresh App, synthesizes it
 * with `app.synthYaml()` and prints one JSON line. `run.ts` starts it in a child process per
 * case so that the peak RSS belongs to that case alone.
 *
 *   node case.js <variant> <n> [phases]
 *
 * With `phases`, synthesis is done in the two steps `synthYaml()` takes (`chart.toJson()`, then
 * `Yaml.stringify()`), timed separately; the YAML is the same.
 */
import { performance, PerformanceObserver } from 'perf_hooks';
import { App, Chart, Yaml } from 'cdk8s';
import { variant } from './variants';

/** What one case reports. */
export interface CaseResult {
  readonly variant: string;
  readonly n: number;
  /** Creating the App, the chart and the constructs. */
  readonly constructMs: number;
  /** `app.synthYaml()`. */
  readonly synthMs: number;
  /** With `phases`: `chart.toJson()` (dependencies, validation, resolve, sanitize). */
  readonly toJsonMs?: number;
  /** With `phases`: `Yaml.stringify()` of every object. */
  readonly stringifyMs?: number;
  readonly totalMs: number;
  /** CPU time (user + system, all threads) of construction and synthesis: less sensitive to a busy machine. */
  readonly cpuMs: number;
  /** Main-thread pauses for garbage collection during construction and synthesis. */
  readonly gcMs: number;
  /** The same, during `Yaml.stringify()` only (with `phases`). */
  readonly stringifyGcMs?: number;
  /** RSS after the modules were loaded, before anything was built. */
  readonly baseRssMb: number;
  /** Peak RSS of the process. */
  readonly peakRssMb: number;
  readonly yamlBytes: number;
  readonly objects: number;
}

function main() {
  const [name, nArg, mode] = process.argv.slice(2);
  const n = Number(nArg);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`usage: case <variant> <n>; got n=${nArg}`);
  }
  const v = variant(name);
  const gc: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver(list => {
    for (const e of list.getEntries()) { gc.push({ start: e.startTime, duration: e.duration }); }
  });
  observer.observe({ entryTypes: ['gc'] });
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const app = new App();
  const chart = new Chart(app, 'bench');
  v.build(chart, n);
  const t1 = performance.now();
  let yaml: string;
  let toJsonMs: number | undefined;
  if (mode === 'phases') {
    const docs = chart.toJson();
    toJsonMs = performance.now() - t1;
    yaml = Yaml.stringify(...docs);
  } else {
    yaml = app.synthYaml();
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);

  let objects = 1;
  for (let i = yaml.indexOf('\n---\n'); i >= 0; i = yaml.indexOf('\n---\n', i + 1)) { objects++; }

  const gcBetween = (from: number, to: number) => gc.filter(g => g.start >= from && g.start < to).reduce((a, g) => a + g.duration, 0);
  const partial = {
    variant: v.name,
    n,
    constructMs: t1 - t0,
    synthMs: t2 - t1,
    toJsonMs,
    stringifyMs: toJsonMs === undefined ? undefined : t2 - t1 - toJsonMs,
    totalMs: t2 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    baseRssMb,
    // maxRSS is in kibibytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    yamlBytes: Buffer.byteLength(yaml),
    objects,
  };
  // GC entries arrive asynchronously.
  setTimeout(() => {
    observer.disconnect();
    const result: CaseResult = {
      ...partial,
      gcMs: gcBetween(t0, t2),
      stringifyGcMs: toJsonMs === undefined ? undefined : gcBetween(t1 + toJsonMs, t2),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }, 100);
}

main();
