import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { BoundSource, errorRateZScore, errorRatio, formatNumber, latencyQuantile, requestCount, standardNormalQuantile, Verdictable } from './_promql';
import { formatDuration, invalidProp, Shown } from '../core/errors';
import { checkArgs } from '../core/jsii-props';
import { isDnsLabel } from '../core/names';

/**
 * How a measured value is compared with a criterion's threshold: the comparison that must hold
 * for the measurement to pass.
 */
export enum Comparator {
  /** Pass when the value is below the threshold. */
  LESS_THAN = '<',
  /** Pass when the value is at most the threshold. */
  LESS_THAN_OR_EQUAL = '<=',
  /** Pass when the value is above the threshold. */
  GREATER_THAN = '>',
  /** Pass when the value is at least the threshold. */
  GREATER_THAN_OR_EQUAL = '>=',
}

/**
 * A latency percentile, computed from histogram buckets with `histogram_quantile`.
 */
export enum LatencyPercentile {
  /** The median. */
  P50 = 'p50',
  /** 90th percentile. */
  P90 = 'p90',
  /** 95th percentile. */
  P95 = 'p95',
  /** 99th percentile. */
  P99 = 'p99',
  /** 99.9th percentile. Needs a lot of traffic to mean anything. */
  P99_9 = 'p99.9',
}

const QUANTILES: { [p: string]: number } = { 'p50': 0.5, 'p90': 0.9, 'p95': 0.95, 'p99': 0.99, 'p99.9': 0.999 };

/**
 * Options for `Criterion.errorRate`.
 */
export interface ErrorRateOptions {
  /**
   * The highest share of 5xx responses the version being released may answer with, as a
   * fraction of its requests: 0.01 is 1 %.
   */
  readonly max: number;

  /**
   * Name of the criterion: the Argo Rollouts metric name and the `criterion` label of the
   * alerts. Lower-case letters, digits and "-".
   *
   * @default 'error-rate'
   */
  readonly name?: string;
}

/**
 * Options for `Criterion.latency`.
 */
export interface LatencyOptions {
  /** Which percentile of the request durations is judged. */
  readonly percentile: LatencyPercentile;

  /**
   * The longest the percentile may be. Histograms only know their bucket bounds, so pick a
   * value at or near a bucket bound (ingress-nginx: 5ms, 10ms, 25ms, 50ms, 100ms, 250ms,
   * 500ms, 1s, 2.5s, 5s, 10s; Istio's histogram counts milliseconds, and the gate turns its
   * percentile into seconds before comparing).
   */
  readonly max: Duration;

  /**
   * Name of the criterion.
   *
   * @default - 'latency-' and the percentile, e.g. 'latency-p99'
   */
  readonly name?: string;
}

/**
 * Options for `Criterion.relativeErrorRate`.
 */
export interface RelativeErrorRateOptions {
  /**
   * How many times the stable version's 5xx share the version being released may reach:
   * 2 allows twice the stable error rate. At least 1.
   */
  readonly factor: number;

  /**
   * Absolute allowance added on top of `factor` × stable, as a fraction of requests
   * (0.005 is 0.5 percentage points). Without it, a stable version with no errors at all
   * fails a release on its first 5xx. Required, because there is no safe default.
   */
  readonly slack: number;

  /**
   * Name of the criterion.
   *
   * @default 'relative-error-rate'
   */
  readonly name?: string;
}

/**
 * Options for `Criterion.errorRateSignificance`.
 */
export interface ErrorRateSignificanceOptions {
  /**
   * How sure the gate must be that the canary's 5xx share is higher than stable's before it
   * fails the release, from 0.8 to 0.999. 0.95 fails when a difference this large would arise by
   * chance less than 5 % of the time if both versions were equally good.
   */
  readonly confidence: number;

  /**
   * Name of the criterion.
   *
   * @default 'error-rate-significance'
   */
  readonly name?: string;
}

/**
 * Options for `Criterion.promql`.
 */
export interface PromqlCriterionOptions {
  /** Name of the criterion. Lower-case letters, digits and "-". */
  readonly name: string;

  /**
   * A PromQL expression that returns an instant vector. When it returns several series, every
   * one must meet the criterion: the worst is judged (`max` for LESS_THAN comparators, `min`
   * for GREATER_THAN ones).
   */
  readonly query: string;

  /** The comparison that must hold for a measurement to pass. */
  readonly comparator: Comparator;

  /** The threshold the value is compared with. */
  readonly threshold: number;
}

enum Kind { ERROR_RATE, LATENCY, RELATIVE_ERROR_RATE, ERROR_RATE_SIGNIFICANCE, PROMQL }

/**
 * One number that decides a release, and the limit it must stay within.
 *
 * Every criterion is measured on the traffic of the version being released (the canary, or
 * the live colour of a blue-green release) over the gate's `window`, and is only judged when
 * that traffic reached the gate's `minRequests`.
 *
 * - `Criterion.errorRate()`: share of 5xx responses, at most `max`.
 * - `Criterion.latency()`: a percentile of request durations from histogram buckets, at most `max`.
 * - `Criterion.relativeErrorRate()`: the canary's 5xx share at most `factor` × the stable
 *   version's + `slack`. The canary's own requests must reach `minRequests`. It needs stable to
 *   serve users in the same window: a `CanaryIngress` at full weight (`weight` equal to
 *   `weightTotal`, without sticky sessions) and a `BlueGreenService` refuse it, because stable's
 *   share would count as 0 there and hold the canary to `slack` alone, an absolute limit.
 *   (Should stable serve nothing in a window for another reason, that is what happens.)
 * - `Criterion.promql()`: any PromQL expression with a comparator and a threshold.
 */
export class Criterion {
  /**
   * The share of 5xx responses of the version being released, at most `options.max`.
   */
  public static errorRate(options: ErrorRateOptions): Criterion {
    checkArgs(undefined, 'Criterion', 'errorRate', [options]);
    return new Criterion(Kind.ERROR_RATE, options.name ?? 'error-rate', options);
  }

  /**
   * A percentile of the request durations of the version being released, at most `options.max`.
   */
  public static latency(options: LatencyOptions): Criterion {
    checkArgs(undefined, 'Criterion', 'latency', [options]);
    return new Criterion(Kind.LATENCY, options.name ?? `latency-${String(options.percentile).replace('.', '-')}`, options);
  }

  /**
   * The 5xx share of the version being released compared with the stable version's:
   * canary ≤ `factor` × stable + `slack`. The measured value is the canary's excess,
   * canary − `factor` × stable, which must not exceed `slack`.
   */
  public static relativeErrorRate(options: RelativeErrorRateOptions): Criterion {
    checkArgs(undefined, 'Criterion', 'relativeErrorRate', [options]);
    return new Criterion(Kind.RELATIVE_ERROR_RATE, options.name ?? 'relative-error-rate', options);
  }

  /**
   * Fails when the canary's 5xx share is worse than stable's with the given confidence, by a
   * one-sided two-proportion z-test on the requests of the window. A small rise on few requests
   * is noise and passes; the same rise on many requests fails. The measured value is the z
   * score, which must not exceed the critical value of the confidence (1.645 for 0.95). Both
   * versions must serve users at once: a canary at full weight and a blue-green release refuse
   * it, and should stable serve nothing in a window the measurement is inconclusive.
   */
  public static errorRateSignificance(options: ErrorRateSignificanceOptions): Criterion {
    checkArgs(undefined, 'Criterion', 'errorRateSignificance', [options]);
    return new Criterion(Kind.ERROR_RATE_SIGNIFICANCE, options.name ?? 'error-rate-significance', options);
  }

  /**
   * A PromQL expression of your own, compared with a threshold.
   */
  public static promql(options: PromqlCriterionOptions): Criterion {
    checkArgs(undefined, 'Criterion', 'promql', [options]);
    return new Criterion(Kind.PROMQL, options.name, options);
  }

  /** Name of the criterion. */
  public readonly name: string;

  private constructor(
    private readonly kind: Kind,
    name: string,
    private readonly options: ErrorRateOptions | LatencyOptions | RelativeErrorRateOptions | ErrorRateSignificanceOptions | PromqlCriterionOptions,
  ) {
    this.name = name;
  }

  /**
   * Checks the options and renders the measurement on the given metrics.
   *
   * @internal
   */
  public _bind(scope: IConstruct, prop: string, source: BoundSource, window: string): Verdictable {
    if (typeof this.name !== 'string' || !isDnsLabel(this.name)) {
      throw invalidProp(scope, {
        prop: `${prop}.name`,
        value: this.name,
        problem: 'a criterion name is the Argo Rollouts metric name and an alert label: at most 63 lower-case letters, digits and "-"',
        fix: 'name it like "error-rate" or "checkout-p99"',
      });
    }
    switch (this.kind) {
      case Kind.ERROR_RATE: {
        const max = this.fraction(scope, `${prop}.max`, (this.options as ErrorRateOptions).max, 'max');
        return {
          name: this.name,
          description: `5xx share of the canary's requests ${Comparator.LESS_THAN_OR_EQUAL} ${formatNumber(max)}`,
          value: errorRatio(source, 'canary', window),
          traffic: requestCount(source, 'canary', window),
          comparator: Comparator.LESS_THAN_OR_EQUAL,
          threshold: max,
        };
      }
      case Kind.LATENCY: {
        const o = this.options as LatencyOptions;
        const q = QUANTILES[o.percentile];
        if (q === undefined) {
          throw invalidProp(scope, { prop: `${prop}.percentile`, value: o.percentile, problem: 'the percentile is one of LatencyPercentile', fix: 'use LatencyPercentile.P95 or LatencyPercentile.P99' });
        }
        if (!(o.max instanceof Duration) || o.max.toMilliseconds() <= 0) {
          throw invalidProp(scope, { prop: `${prop}.max`, value: o.max, problem: 'the latency limit is a Duration longer than 0', fix: 'write e.g. max: Duration.millis(500)' });
        }
        const seconds = o.max.toMilliseconds() / 1000;
        return {
          name: this.name,
          description: `${o.percentile} request duration of the canary ${Comparator.LESS_THAN_OR_EQUAL} ${formatDuration(o.max)}`,
          value: latencyQuantile(source, 'canary', q, window),
          traffic: requestCount(source, 'canary', window),
          comparator: Comparator.LESS_THAN_OR_EQUAL,
          threshold: seconds,
        };
      }
      case Kind.RELATIVE_ERROR_RATE: {
        const o = this.options as RelativeErrorRateOptions;
        this.requireVersionsTogether(scope, prop, source, 'Criterion.relativeErrorRate()');
        if (typeof o.factor !== 'number' || !Number.isFinite(o.factor) || o.factor < 1 || o.factor > 100) {
          throw invalidProp(scope, {
            prop: `${prop}.factor`,
            value: o.factor,
            problem: 'the factor is a number from 1 to 100; below 1 a canary exactly as good as stable would fail',
            fix: 'use factor: 1.5 or 2',
          });
        }
        const slack = this.fraction(scope, `${prop}.slack`, o.slack, 'slack');
        const factor = formatNumber(o.factor);
        return {
          name: this.name,
          description: `5xx share of the canary ${Comparator.LESS_THAN_OR_EQUAL} ${factor} x the stable version's + ${formatNumber(slack)}`,
          // Stable's share counts only while stable served requests; an idle stable (a window
          // right after a step from full weight, a hand-written release) is taken as 0 errors, so
          // the canary is held to the slack alone: a CanaryIngress at full weight refuses the
          // criterion above (versionsServeTogether) rather than judge it that way. The
          // traffic that must reach the minimum is the canary's own: a busy canary is never
          // "no data" because stable is idle.
          value: `${errorRatio(source, 'canary', window)} - ${factor} * ((${errorRatio(source, 'stable', window)} and on() (${requestCount(source, 'stable', window)} > 0)) or on() vector(0))`,
          traffic: requestCount(source, 'canary', window),
          comparator: Comparator.LESS_THAN_OR_EQUAL,
          threshold: slack,
        };
      }
      case Kind.ERROR_RATE_SIGNIFICANCE: {
        const o = this.options as ErrorRateSignificanceOptions;
        this.requireVersionsTogether(scope, prop, source, 'Criterion.errorRateSignificance()');
        if (typeof o.confidence !== 'number' || !(o.confidence >= 0.8 && o.confidence <= 0.999)) {
          throw invalidProp(scope, {
            prop: `${prop}.confidence`,
            value: o.confidence,
            problem: 'the confidence is a fraction from 0.8 to 0.999; below that most noise fails a release, above it no realistic sample can',
            fix: 'use confidence: 0.95 or 0.99',
          });
        }
        const critical = Number(standardNormalQuantile(o.confidence).toFixed(4));
        return {
          name: this.name,
          description: `z score of the canary's 5xx share over stable's ${Comparator.LESS_THAN_OR_EQUAL} ${formatNumber(critical)} (${formatNumber(o.confidence)} confidence)`,
          value: errorRateZScore(source, window),
          traffic: requestCount(source, 'canary', window),
          comparator: Comparator.LESS_THAN_OR_EQUAL,
          threshold: critical,
        };
      }
      case Kind.PROMQL: {
        const o = this.options as PromqlCriterionOptions;
        checkQuery(scope, `${prop}.query`, o.query);
        if (!Object.values(Comparator).includes(o.comparator)) {
          throw invalidProp(scope, { prop: `${prop}.comparator`, value: o.comparator, problem: 'the comparator is one of Comparator', fix: 'use Comparator.LESS_THAN_OR_EQUAL or another Comparator member' });
        }
        if (typeof o.threshold !== 'number' || !Number.isFinite(o.threshold)) {
          throw invalidProp(scope, { prop: `${prop}.threshold`, value: o.threshold, problem: 'the threshold is a finite number', fix: 'give the number the query result is compared with' });
        }
        const worst = o.comparator === Comparator.LESS_THAN || o.comparator === Comparator.LESS_THAN_OR_EQUAL ? 'max' : 'min';
        return {
          name: this.name,
          description: `${o.query.trim().replace(/\s+/g, ' ')} ${o.comparator} ${formatNumber(o.threshold)}`,
          value: `${worst}(${o.query.trim()})`,
          traffic: requestCount(source, 'canary', window),
          comparator: o.comparator,
          threshold: o.threshold,
        };
      }
    }
  }

  /**
   * Refuses a comparison of versions in a state where one version serves all users: a
   * blue-green release, or a canary at full weight. The comparison would not fail safe: with
   * stable idle, a relative error rate holds the canary to the slack alone (an absolute check
   * nobody chose), and the significance test has no second sample.
   */
  private requireVersionsTogether(scope: IConstruct, prop: string, source: BoundSource, shown: string) {
    if (!source.versionsServeTogether) {
      throw invalidProp(scope, {
        prop,
        value: new Shown(shown),
        problem: 'the release serves users one version at a time in this state (a blue-green release, or a canary at full weight without sticky sessions), so the other version has no users\' traffic to compare with',
        fix: 'judge this state with absolute criteria (Criterion.errorRate, Criterion.latency): on a canary, pass relative criteria only while the weight is below its total; on a blue-green release, test the idle colour before the flip with smokeTest',
      });
    }
  }

  private fraction(scope: IConstruct, prop: string, value: unknown, name: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
      const percent = typeof value === 'number' && value >= 1 && value <= 100;
      throw invalidProp(scope, {
        prop,
        value,
        problem: `${name} is a fraction of requests from 0 up to (not including) 1${percent ? '; this looks like a percentage' : ''}`,
        fix: `write ${name}: 0.01 for 1 %`,
      });
    }
    return value;
  }
}

/**
 * Refuses query text that cannot be a PromQL expression, or that Argo Rollouts would try to
 * template (`{{...}}`).
 */
function checkQuery(scope: IConstruct, prop: string, query: unknown) {
  const refuse = (problem: string, fix: string) => { throw invalidProp(scope, { prop, value: query, problem, fix }); };
  if (typeof query !== 'string' || query.trim() === '') {
    refuse('the query is a PromQL expression', 'write e.g. sum(rate(http_requests_total{code="429"}[5m]))');
  }
  const q = query as string;
  if (q.includes('{{')) {
    refuse('Argo Rollouts reads "{{" as the start of a template argument and fails the measurement', 'write the label values out in the query');
  }
  const closing: { [c: string]: string } = { ')': '(', ']': '[', '}': '{' };
  const open: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (quote) {
      if (c === '\\') { i++; continue; }
      if (c === quote) { quote = undefined; }
      continue;
    }
    if (c === '"' || c === "'" || c === '`') { quote = c; continue; }
    if (c === '(' || c === '[' || c === '{') { open.push(c); continue; }
    if (c in closing && open.pop() !== closing[c]) {
      refuse(`the brackets do not match at character ${i + 1}`, 'balance every (, [ and { in the query');
    }
  }
  if (quote || open.length > 0) {
    refuse(quote ? `a ${quote} string is not closed` : `"${open[open.length - 1]}" is not closed`, 'close every string and bracket in the query');
  }
}
