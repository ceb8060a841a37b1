/**
 * The program the gate Job runs. It takes `count` measurements `interval` apart, like an Argo
 * Rollouts AnalysisRun: a criterion fails when more than `failureLimit` measurements failed, is
 * inconclusive when more than `inconclusiveLimit` were, and errs when more than
 * `consecutiveErrorLimit` queries in a row could not be answered. Exit code: 0 pass, 1 fail (or
 * error), 2 inconclusive.
 *
 * The Job runs this module's compiled JavaScript as it ships in the package (`node -e`, then
 * `main()`), with its settings in the `GATE_CONFIG` environment variable. So the module imports
 * nothing, and uses only what Node.js 18 and later provide (`fetch`, `AbortSignal.timeout`).
 */

/** A comparison a measurement must pass. */
export type GateComparator = '<' | '<=' | '>' | '>=';

/** What a measurement without data, a measurement or a whole criterion comes to. */
export type GateVerdict = 'pass' | 'fail' | 'inconclusive';

/** One criterion as the gate judges it. */
export interface GateCriterion {
  readonly name: string;
  /** The measurement query: no sample without traffic, NaN below the minimum, else the value. */
  readonly query: string;
  readonly comparator: GateComparator;
  readonly threshold: number;
}

/** The settings of a gate, as the Job receives them in `GATE_CONFIG`. */
export interface GateConfig {
  readonly gate: string;
  readonly release?: string;
  /** Base URL of the Prometheus HTTP API. */
  readonly prometheus: string;
  readonly minRequests: number;
  readonly onNoData: GateVerdict;
  readonly count: number;
  readonly intervalSeconds: number;
  readonly initialDelaySeconds: number;
  readonly failureLimit: number;
  readonly inconclusiveLimit: number;
  readonly consecutiveErrorLimit: number;
  readonly queryTimeoutSeconds: number;
  readonly criteria: GateCriterion[];
}

/** How one criterion ended. */
export type CriterionPhase = GateVerdict | 'error';

/** What a measurement found: a value, no sample (no request in the window) or NaN. */
export type MeasurementOutcome = 'value' | 'no data' | 'too few requests';

/** One measurement of a criterion. */
export interface GateMeasurement {
  readonly outcome: MeasurementOutcome;
  /** The measured value, only with the outcome "value" (it may be ±Infinity). */
  readonly value?: number;
  readonly verdict: GateVerdict;
  /** The reason, as logged. */
  readonly why: string;
}

/** How one criterion went: what it compared, what was measured and how it ended. */
export interface CriterionDetail {
  readonly name: string;
  readonly comparator: GateComparator;
  readonly threshold: number;
  readonly phase: CriterionPhase | 'not finished';
  /** Every measurement taken, in order; unanswered queries are not measurements. */
  readonly measurements: GateMeasurement[];
  /** The last measurement, if one was taken. */
  readonly last?: GateMeasurement;
  /** Why the last query went unanswered, when the criterion ended in error. */
  readonly error?: string;
}

/** The outcome of a gate run. */
export interface GateResult {
  /** The worst phase of any criterion. */
  readonly verdict: CriterionPhase;
  /** The process exit code for that verdict. */
  readonly exitCode: number;
  /** How each criterion ended, by name. */
  readonly criteria: { [name: string]: CriterionPhase | 'not finished' };
  /** Each criterion in the configuration's order, with its measurements. */
  readonly details: CriterionDetail[];
}

/** A measurement's verdict and the reason, in words. */
export interface Judgement {
  readonly verdict: GateVerdict;
  readonly why: string;
}

const EXIT_CODES: { readonly [phase in CriterionPhase]: number } = { pass: 0, fail: 1, error: 1, inconclusive: 2 };

const PASSES: { readonly [c in GateComparator]: (v: number, t: number) => boolean } = {
  '<': (v, t) => v < t,
  '<=': (v, t) => v <= t,
  '>': (v, t) => v > t,
  '>=': (v, t) => v >= t,
};

// The negation of each comparison; NaN fails both, which makes it inconclusive.
const FAILS: { readonly [c in GateComparator]: (v: number, t: number) => boolean } = {
  '<': (v, t) => v >= t,
  '<=': (v, t) => v > t,
  '>': (v, t) => v <= t,
  '>=': (v, t) => v < t,
};

/** Prometheus writes sample values as strings: "0.5", "NaN", "+Inf", "-Inf". */
export function sampleValue(text: string): number {
  if (text === '+Inf') { return Infinity; }
  if (text === '-Inf') { return -Infinity; }
  return Number(text);
}

interface PrometheusAnswer {
  readonly status?: string;
  readonly error?: string;
  readonly data?: { readonly resultType: string; readonly result: unknown };
}

/** The sample values of an instant query's answer body (HTTP status given for messages). */
export function parseAnswer(status: number, ok: boolean, text: string): number[] {
  let body: PrometheusAnswer;
  try {
    body = JSON.parse(text) as PrometheusAnswer;
  } catch {
    throw new Error(`HTTP ${status}, not a Prometheus API answer: ${text.slice(0, 200)}`);
  }
  if (!ok || body.status !== 'success' || !body.data) {
    throw new Error(`HTTP ${status}: ${body.error ?? text.slice(0, 200)}`);
  }
  const data = body.data;
  if (data.resultType === 'vector') {
    return (data.result as Array<{ value: [number, string] }>).map(s => sampleValue(s.value[1]));
  }
  if (data.resultType === 'scalar') {
    return [sampleValue((data.result as [number, string])[1])];
  }
  throw new Error(`the query returned a ${data.resultType}; a criterion needs an instant vector`);
}

/** Runs one instant query against the Prometheus HTTP API. */
export async function query(config: GateConfig, promql: string): Promise<number[]> {
  const response = await fetch(`${config.prometheus}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: promql }).toString(),
    signal: AbortSignal.timeout(config.queryTimeoutSeconds * 1000),
  });
  return parseAnswer(response.status, response.ok, await response.text());
}

/**
 * The verdict on one measurement, by the same rules as the AnalysisTemplate's conditions: no
 * sample is "no data"; NaN (too few requests, or nothing to measure) neither passes nor fails.
 */
export function judge(config: GateConfig, criterion: GateCriterion, values: number[]): Judgement {
  if (values.length === 0) {
    return { verdict: config.onNoData, why: `no requests in the window (no data: ${config.onNoData})` };
  }
  const v = values[0];
  const t = criterion.threshold;
  if (PASSES[criterion.comparator](v, t)) { return { verdict: 'pass', why: `${v} ${criterion.comparator} ${t}` }; }
  if (FAILS[criterion.comparator](v, t)) { return { verdict: 'fail', why: `${v} is not ${criterion.comparator} ${t}` }; }
  return { verdict: 'inconclusive', why: `fewer requests than the minimum of ${config.minRequests}, or nothing to measure` };
}

/** Where the gate writes its log lines. */
export type GateLog = (line: string) => void;

function sleep(seconds: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, seconds * 1000));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function textOf(e: unknown): string | undefined {
  const m = (e as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' ? m : undefined;
}

// fetch() says only "fetch failed"; the reason (ECONNREFUSED, a DNS error) is in its cause. The
// details carry it; the log lines stay as they are. Duck-typed: an error from another realm
// (a test runner's sandbox) is no `instanceof Error` here.
function messageWithCause(e: unknown): string {
  const text = textOf(e) ?? String(e);
  const cause = textOf((e as { cause?: unknown } | undefined)?.cause);
  return cause ? `${text} (${cause})` : text;
}

function outcome(values: number[]): Pick<GateMeasurement, 'outcome' | 'value'> {
  if (values.length === 0) { return { outcome: 'no data' }; }
  return Number.isNaN(values[0]) ? { outcome: 'too few requests' } : { outcome: 'value', value: values[0] };
}

interface CriterionState {
  readonly criterion: GateCriterion;
  measured: number;
  failed: number;
  inconclusive: number;
  consecutiveErrors: number;
  phase?: CriterionPhase;
  readonly measurements: GateMeasurement[];
  lastError?: string;
}

/** Measures every criterion `count` times and returns the worst verdict. */
export async function runGate(config: GateConfig, log: GateLog): Promise<GateResult> {
  if (!Array.isArray(config.criteria) || config.criteria.length === 0) {
    throw new Error('the gate configuration holds no criteria');
  }
  const states: CriterionState[] = config.criteria.map(criterion => ({
    criterion, measured: 0, failed: 0, inconclusive: 0, consecutiveErrors: 0, measurements: [],
  }));
  log(`analysis gate ${config.gate}${config.release ? ` for release ${config.release}` : ''}: ${states.length} criteria, ${config.count} measurement(s) ${config.intervalSeconds}s apart, Prometheus ${config.prometheus}`);
  if (config.initialDelaySeconds > 0) { await sleep(config.initialDelaySeconds); }
  for (;;) {
    for (const s of states.filter(x => x.phase === undefined)) {
      const c = s.criterion;
      let values: number[];
      try {
        values = await query(config, c.query);
      } catch (e) {
        s.consecutiveErrors++;
        s.lastError = messageWithCause(e);
        log(`${c.name}: query error ${s.consecutiveErrors}/${config.consecutiveErrorLimit + 1}: ${message(e)}`);
        if (s.consecutiveErrors > config.consecutiveErrorLimit) { s.phase = 'error'; }
        continue;
      }
      s.consecutiveErrors = 0;
      s.measured++;
      const m = judge(config, c, values);
      log(`${c.name} #${s.measured}: ${m.verdict} (${m.why})`);
      s.measurements.push({ ...outcome(values), verdict: m.verdict, why: m.why });
      if (m.verdict === 'fail') { s.failed++; }
      if (m.verdict === 'inconclusive') { s.inconclusive++; }
      if (s.failed > config.failureLimit) {
        s.phase = 'fail';
      } else if (s.inconclusive > config.inconclusiveLimit) {
        s.phase = 'inconclusive';
      } else if (s.measured >= config.count) {
        s.phase = 'pass';
      }
    }
    const broken = states.some(s => s.phase === 'fail' || s.phase === 'error');
    if (broken || states.every(s => s.phase !== undefined)) { break; }
    await sleep(config.intervalSeconds);
  }
  const order: CriterionPhase[] = ['error', 'fail', 'inconclusive', 'pass'];
  const verdict = order.find(p => states.some(s => s.phase === p)) ?? 'inconclusive';
  const criteria: { [name: string]: CriterionPhase | 'not finished' } = {};
  for (const s of states) { criteria[s.criterion.name] = s.phase ?? 'not finished'; }
  log(`verdict: ${verdict} ${JSON.stringify(criteria)}`);
  const details = states.map((s): CriterionDetail => ({
    name: s.criterion.name,
    comparator: s.criterion.comparator,
    threshold: s.criterion.threshold,
    phase: s.phase ?? 'not finished',
    measurements: s.measurements,
    last: s.measurements[s.measurements.length - 1],
    error: s.phase === 'error' ? s.lastError : undefined,
  }));
  return { verdict, exitCode: EXIT_CODES[verdict], criteria, details };
}

/** The Job's entry point: reads `GATE_CONFIG`, runs the gate and sets the exit code. */
export async function main(): Promise<void> {
  const log: GateLog = line => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  try {
    const config = JSON.parse(process.env.GATE_CONFIG ?? 'null') as GateConfig | null;
    if (!config) { throw new Error('GATE_CONFIG is not set'); }
    process.exitCode = (await runGate(config, log)).exitCode;
  } catch (e) {
    log(`verdict: error (${message(e)})`);
    process.exitCode = 1;
  }
}
