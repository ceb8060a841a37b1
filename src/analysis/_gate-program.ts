/**
 * The program the gate Job runs (`node -e`), with its settings in the `GATE_CONFIG`
 * environment variable. Plain JavaScript for Node.js 18 or later, no dependencies, so the
 * tests run exactly this text against a real Prometheus.
 *
 * It takes `count` measurements `interval` apart, like an Argo Rollouts AnalysisRun:
 * a criterion fails when more than `failureLimit` measurements failed, is inconclusive when
 * more than `inconclusiveLimit` were, and errs when more than `consecutiveErrorLimit` queries
 * in a row could not be answered. Exit code: 0 pass, 1 fail (or error), 2 inconclusive.
 */
export const GATE_PROGRAM = String.raw`'use strict';
const EXIT = { pass: 0, fail: 1, error: 1, inconclusive: 2 };
const PASSES = {
  '<': (v, t) => v < t,
  '<=': (v, t) => v <= t,
  '>': (v, t) => v > t,
  '>=': (v, t) => v >= t,
};
const FAILS = {
  '<': (v, t) => v >= t,
  '<=': (v, t) => v > t,
  '>': (v, t) => v <= t,
  '>=': (v, t) => v < t,
};

function log(line) {
  process.stdout.write(new Date().toISOString() + ' ' + line + '\n');
}

function sleep(seconds) {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

// Prometheus writes sample values as strings: "0.5", "NaN", "+Inf", "-Inf".
function sampleValue(text) {
  if (text === '+Inf') { return Infinity; }
  if (text === '-Inf') { return -Infinity; }
  return Number(text);
}

async function query(config, promql) {
  const response = await fetch(config.prometheus + '/api/v1/query', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: promql }).toString(),
    signal: AbortSignal.timeout(config.queryTimeoutSeconds * 1000),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new Error('HTTP ' + response.status + ', not a Prometheus API answer: ' + text.slice(0, 200));
  }
  if (!response.ok || body.status !== 'success') {
    throw new Error('HTTP ' + response.status + ': ' + (body.error || text.slice(0, 200)));
  }
  const data = body.data;
  if (data.resultType === 'vector') { return data.result.map((s) => sampleValue(s.value[1])); }
  if (data.resultType === 'scalar') { return [sampleValue(data.result[1])]; }
  throw new Error('the query returned a ' + data.resultType + '; a criterion needs an instant vector');
}

// The verdict on one measurement. Same rules as the AnalysisTemplate's conditions: no sample
// is "no data", NaN (too few requests, or nothing to measure) passes and fails nothing.
function judge(config, criterion, values) {
  if (values.length === 0) {
    return { verdict: config.onNoData, why: 'no requests in the window (no data: ' + config.onNoData + ')' };
  }
  const v = values[0];
  const t = criterion.threshold;
  if (PASSES[criterion.comparator](v, t)) { return { verdict: 'pass', why: v + ' ' + criterion.comparator + ' ' + t }; }
  if (FAILS[criterion.comparator](v, t)) { return { verdict: 'fail', why: v + ' is not ' + criterion.comparator + ' ' + t }; }
  return { verdict: 'inconclusive', why: 'fewer requests than the minimum of ' + config.minRequests + ', or nothing to measure' };
}

async function main() {
  const config = JSON.parse(process.env.GATE_CONFIG || 'null');
  if (!config || !Array.isArray(config.criteria) || config.criteria.length === 0) {
    throw new Error('GATE_CONFIG holds no criteria');
  }
  const states = config.criteria.map((c) => ({
    criterion: c, measured: 0, failed: 0, inconclusive: 0, consecutiveErrors: 0, phase: undefined,
  }));
  log('analysis gate ' + config.gate + (config.release ? ' for release ' + config.release : '') + ': ' + states.length + ' criteria, ' + config.count + ' measurement(s) ' + config.intervalSeconds + 's apart, Prometheus ' + config.prometheus);
  if (config.initialDelaySeconds > 0) { await sleep(config.initialDelaySeconds); }
  for (;;) {
    for (const s of states.filter((x) => x.phase === undefined)) {
      const c = s.criterion;
      let values;
      try {
        values = await query(config, c.query);
      } catch (e) {
        s.consecutiveErrors++;
        log(c.name + ': query error ' + s.consecutiveErrors + '/' + (config.consecutiveErrorLimit + 1) + ': ' + (e && e.message ? e.message : e));
        if (s.consecutiveErrors > config.consecutiveErrorLimit) { s.phase = 'error'; }
        continue;
      }
      s.consecutiveErrors = 0;
      s.measured++;
      const m = judge(config, c, values);
      log(c.name + ' #' + s.measured + ': ' + m.verdict + ' (' + m.why + ')');
      if (m.verdict === 'fail') { s.failed++; }
      if (m.verdict === 'inconclusive') { s.inconclusive++; }
      if (s.failed > config.failureLimit) { s.phase = 'fail'; }
      else if (s.inconclusive > config.inconclusiveLimit) { s.phase = 'inconclusive'; }
      else if (s.measured >= config.count) { s.phase = 'pass'; }
    }
    const broken = states.some((s) => s.phase === 'fail' || s.phase === 'error');
    if (broken || states.every((s) => s.phase !== undefined)) { break; }
    await sleep(config.intervalSeconds);
  }
  const worst = ['error', 'fail', 'inconclusive', 'pass'].find((p) => states.some((s) => s.phase === p)) || 'inconclusive';
  const summary = {};
  for (const s of states) { summary[s.criterion.name] = s.phase || 'not finished'; }
  log('verdict: ' + worst + ' ' + JSON.stringify(summary));
  return EXIT[worst];
}

main().then(
  (code) => { process.exitCode = code; },
  (e) => { log('verdict: error (' + (e && e.message ? e.message : e) + ')'); process.exitCode = 1; },
);
`;
