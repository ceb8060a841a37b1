/**
 * The PromQL and Argo Rollouts expressions an AnalysisGate emits. One measurement query per
 * criterion is shared by the AnalysisTemplate, the recording rule behind the alerts and the
 * gate Job, so all three see the same three outcomes:
 *
 * - no sample at all: the version served no request in the window (no data);
 * - NaN: it served fewer requests than the minimum, or nothing could be measured (inconclusive);
 * - a number: the measured value, compared with the threshold.
 */

import type { GateComparator } from './gate-program';

/**
 * The conditions of one metric of an Argo Rollouts AnalysisTemplate. Declared here rather than
 * picked from the CRD's type: this file's declarations ship, and may not name the CRD types
 * (`core/crd.ts`); analysis-gate.ts puts them into a typed AnalysisTemplate, where the compiler
 * checks them against the CRD.
 */
export interface ArgoConditions {
  successCondition?: string;
  failureCondition?: string;
}

/** Label matchers of the two versions' traffic, and the metric names to read. */
export interface BoundSource {
  readonly requestsMetric: string;
  readonly durationBucketMetric: string;
  /** Label matcher of 5xx responses, e.g. `status=~"5.."`. */
  readonly serverError: string;
  readonly canary: string[];
  readonly stable: string[];
  /** Whether both versions serve users at once, so that one can be compared with the other. */
  readonly versionsServeTogether: boolean;
  /** The duration histogram's unit: 1 for seconds, 1000 for milliseconds. */
  readonly durationUnitsPerSecond: number;
}

export type Version = 'canary' | 'stable';

/** A criterion rendered on a metric source. */
export interface Verdictable {
  readonly name: string;
  /** What is judged, in words. */
  readonly description: string;
  /** The measured value (PromQL), one series. */
  readonly value: string;
  /** Number of requests that must reach the minimum before the value is judged (PromQL). */
  readonly traffic: string;
  /** The comparison that must hold to pass. */
  readonly comparator: GateComparator;
  readonly threshold: number;
}

/** The same numbers in PromQL and expr: no exponent, no trailing zeros. */
export function formatNumber(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) { return s; }
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** A PromQL string literal. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function selector(metric: string, matchers: string[]): string {
  return `${metric}{${matchers.join(',')}}`;
}

/** Requests a version served in the window. */
export function requestCount(s: BoundSource, v: Version, window: string): string {
  return `sum(increase(${selector(s.requestsMetric, s[v])}[${window}]))`;
}

/**
 * Share of 5xx responses. A version that never answered 5xx has no 5xx series at all: the
 * error rate is then 0 (not "no data"), as long as it served requests.
 */
export function errorRatio(s: BoundSource, v: Version, window: string): string {
  const all = `sum(rate(${selector(s.requestsMetric, s[v])}[${window}]))`;
  const errors = `sum(rate(${selector(s.requestsMetric, [...s[v], s.serverError])}[${window}]))`;
  return `(${errors} or on() (0 * ${all})) / ${all}`;
}

/**
 * The one-sided two-proportion z score of the canary's 5xx share over stable's, from the
 * requests of the window: (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)) with p the pooled share.
 * Equal shares with no errors at all give 0, not 0/0. Nothing is returned while stable served no
 * request, so the measurement is inconclusive, never a pass.
 */
export function errorRateZScore(s: BoundSource, window: string): string {
  const n = (v: Version) => requestCount(s, v, window);
  const e = (v: Version) => `(sum(increase(${selector(s.requestsMetric, [...s[v], s.serverError])}[${window}])) or on() (0 * ${n(v)}))`;
  const pooled = `((${e('canary')} + ${e('stable')}) / (${n('canary')} + ${n('stable')}))`;
  const diff = `(${e('canary')} / ${n('canary')} - ${e('stable')} / ${n('stable')})`;
  const se = `sqrt(${pooled} * (1 - ${pooled}) * (1 / ${n('canary')} + 1 / ${n('stable')}))`;
  return `(${diff} / clamp_min(${se}, 1e-12)) and on() (${n('stable')} > 0)`;
}

/**
 * The value z of the standard normal distribution below which `p` of it lies (Acklam's rational
 * approximation, relative error below 1.2e-9), e.g. 1.6449 for 0.95.
 */
export function standardNormalQuantile(p: number): number {
  const a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
  const b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
    6.680131188771972e+01, -1.328068155288572e+01];
  const c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
  const d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
  // Horner's rule: k[0] x^(n-1) + ... + k[n-1].
  const poly = (k: number[], x: number) => k.reduce((sum, coefficient) => sum * x + coefficient, 0);
  const low = 0.02425;
  const tail = (q: number) => poly(c, q) / (poly(d, q) * q + 1);
  if (p < low) { return tail(Math.sqrt(-2 * Math.log(p))); }
  if (p > 1 - low) { return -tail(Math.sqrt(-2 * Math.log(1 - p))); }
  const q = p - 0.5;
  const r = q * q;
  return poly(a, r) * q / (poly(b, r) * r + 1);
}

/** A percentile of request durations from histogram buckets, in seconds. */
export function latencyQuantile(s: BoundSource, v: Version, q: number, window: string): string {
  const quantile = `histogram_quantile(${formatNumber(q)}, sum by (le) (rate(${selector(s.durationBucketMetric, s[v])}[${window}])))`;
  return s.durationUnitsPerSecond === 1 ? quantile : `${quantile} / ${formatNumber(s.durationUnitsPerSecond)}`;
}

/**
 * The measurement query: the value when the traffic reached the minimum, NaN when there was
 * some traffic but less (or no value to judge), nothing when there was none.
 */
export function measurementQuery(c: Verdictable, minRequests: number): string {
  return [
    '(',
    `  (${c.value})`,
    '  and on()',
    `  (${c.traffic} >= ${formatNumber(minRequests)})`,
    ')',
    'or on()',
    '(',
    `  (${c.traffic} > 0) * NaN`,
    ')',
  ].join('\n');
}

/** The comparison that must hold for a measurement to fail: the negation of `pass`, false for NaN. */
export function failComparator(pass: GateComparator): GateComparator {
  switch (pass) {
    case '<': return '>=';
    case '<=': return '>';
    case '>': return '<=';
    case '>=': return '<';
  }
}

/** What a gate does with a measurement that has no data. */
export type NoData = 'pass' | 'fail' | 'inconclusive';

/**
 * Argo Rollouts success and failure conditions. `result` is the list of the query's sample
 * values; indexing an empty list is an error in Argo's expression language, so every
 * `result[0]` is guarded by `len(result)`. NaN compares false both ways, which Argo reports as
 * Inconclusive.
 */
export function argoConditions(c: Verdictable, noData: NoData): ArgoConditions {
  const t = formatNumber(c.threshold);
  const pass = `result[0] ${c.comparator} ${t}`;
  const fail = `result[0] ${failComparator(c.comparator)} ${t}`;
  return {
    successCondition: noData === 'pass' ? `len(result) == 0 || ${pass}` : `len(result) > 0 && ${pass}`,
    failureCondition: noData === 'fail' ? `len(result) == 0 || ${fail}` : `len(result) > 0 && ${fail}`,
  };
}
