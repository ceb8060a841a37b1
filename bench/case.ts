/**
 * One measurement: builds N units of one variant in a fresh App (or several, see `layout.ts`),
 * synthesizes with `app.synthYaml()` and prints one JSON line. `run.ts` starts it in a child
 * process per case so that the peak RSS belongs to that case alone.
 *
 *   node case.js <variant> <n> [phases | <layout>]
 *
 * The layout defaults to `nx1`: every unit in one chart of one App. With `phases` (one chart
 * only), synthesis is done in the two steps `synthYaml()` takes (`chart.toJson()`, then
 * `Yaml.stringify()`), timed separately; the YAML is the same.
 */
import { performance, PerformanceObserver } from 'perf_hooks';
import { App, Chart, Yaml } from 'cdk8s';
import { countDocuments, LayoutTimes, ONE_CHART, parseLayout, shape, synthLayout } from './layout';
import { OBJECTS_PER_UNIT } from './spec';
import { Variant, variant } from './variants';

/** What one case reports. */
export interface CaseResult {
  readonly variant: string;
  readonly n: number;
  /** The layout spec, e.g. `nx1`. */
  readonly layout: string;
  readonly apps: number;
  readonly charts: number;
  /** Creating the App(s), the chart(s) and the constructs. */
  readonly constructMs: number;
  /** `app.synthYaml()` (of every App). */
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
    throw new Error(`usage: case <variant> <n> [phases | <layout>]; got n=${nArg}`);
  }
  const v = variant(name);
  const gc: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver(list => {
    for (const e of list.getEntries()) { gc.push({ start: e.startTime, duration: e.duration }); }
  });
  observer.observe({ entryTypes: ['gc'] });
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;

  const layout = mode === undefined || mode === 'phases' ? ONE_CHART : parseLayout(mode);
  const { apps, charts } = shape(layout, n);
  const t0 = performance.now();
  const m: Measured = mode === 'phases' ? phases(v, n) : synthLayout(v, n, layout);
  const t2 = performance.now();
  // Every layout must write the same objects; a wrong count means units were lost or doubled.
  if (m.objects !== n * OBJECTS_PER_UNIT) {
    throw new Error(`expected ${n * OBJECTS_PER_UNIT} objects, the YAML has ${m.objects}`);
  }

  const gcBetween = (from: number, to: number) => gc.filter(g => g.start >= from && g.start < to).reduce((a, g) => a + g.duration, 0);
  const partial = {
    variant: v.name,
    n,
    layout: layout.spec,
    apps,
    charts,
    constructMs: m.constructMs,
    synthMs: m.synthMs,
    toJsonMs: m.toJsonMs,
    stringifyMs: m.toJsonMs === undefined ? undefined : m.synthMs - m.toJsonMs,
    totalMs: m.constructMs + m.synthMs,
    cpuMs: m.cpuMs,
    baseRssMb,
    // maxRSS is in kibibytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    yamlBytes: m.yamlBytes,
    objects: m.objects,
  };
  // GC entries arrive asynchronously.
  setTimeout(() => {
    observer.disconnect();
    const result: CaseResult = {
      ...partial,
      gcMs: gcBetween(t0, t2),
      stringifyGcMs: m.stringifyStart === undefined ? undefined : gcBetween(m.stringifyStart, t2),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }, 100);
}

interface Measured extends LayoutTimes {
  /** With `phases`: `chart.toJson()`. */
  readonly toJsonMs?: number;
  /** With `phases`: when `Yaml.stringify()` started (performance.now()). */
  readonly stringifyStart?: number;
}

/** One chart, synthesized in the two steps of `synthYaml()`. */
function phases(v: Variant, n: number): Measured {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const app = new App();
  const chart = new Chart(app, 'bench');
  v.build(chart, n);
  const t1 = performance.now();
  const docs = chart.toJson();
  const stringifyStart = performance.now();
  const yaml = Yaml.stringify(...docs);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    constructMs: t1 - t0,
    synthMs: t2 - t1,
    toJsonMs: stringifyStart - t1,
    stringifyStart,
    cpuMs: (cpu.user + cpu.system) / 1000,
    yamlBytes: Buffer.byteLength(yaml),
    objects: countDocuments(yaml),
  };
}

main();
