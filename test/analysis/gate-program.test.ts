import * as http from 'http';
import { AddressInfo } from 'net';
import { GateConfig, GateCriterion, judge, parseAnswer, runGate, sampleValue } from '../../src/analysis/gate-program';

const criterion: GateCriterion = { name: 'error-rate', query: 'x', comparator: '<=', threshold: 0.01 };
const config = (over: Partial<GateConfig> = {}): GateConfig => ({
  gate: 'shop-analysis',
  prometheus: 'http://127.0.0.1:1',
  minRequests: 100,
  onNoData: 'fail',
  count: 1,
  intervalSeconds: 1,
  initialDelaySeconds: 0,
  failureLimit: 0,
  inconclusiveLimit: 0,
  consecutiveErrorLimit: 0,
  queryTimeoutSeconds: 1,
  criteria: [criterion],
  ...over,
});

describe('gate program', () => {
  test('reads Prometheus sample values, infinities included', () => {
    expect(sampleValue('0.5')).toBe(0.5);
    expect(sampleValue('+Inf')).toBe(Infinity);
    expect(sampleValue('-Inf')).toBe(-Infinity);
    expect(sampleValue('NaN')).toBeNaN();
  });

  test('reads vectors and scalars, and refuses answers that are not one', () => {
    expect(parseAnswer(200, true, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '0.02'] }] } }))).toEqual([0.02]);
    expect(parseAnswer(200, true, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }))).toEqual([]);
    expect(parseAnswer(200, true, JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '3'] } }))).toEqual([3]);
    expect(() => parseAnswer(502, false, '<html>bad gateway</html>')).toThrow(/HTTP 502, not a Prometheus API answer: <html>/);
    expect(() => parseAnswer(400, false, JSON.stringify({ status: 'error', error: 'parse error at char 4' }))).toThrow(/HTTP 400: parse error at char 4/);
    expect(() => parseAnswer(200, true, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }))).toThrow(/returned a matrix/);
  });

  test('judges a value against the threshold, NaN as inconclusive and no sample by the no-data policy', () => {
    expect(judge(config(), criterion, [0.005]).verdict).toBe('pass');
    expect(judge(config(), criterion, [0.01]).verdict).toBe('pass');
    expect(judge(config(), criterion, [0.02])).toEqual({ verdict: 'fail', why: '0.02 is not <= 0.01' });
    expect(judge(config(), criterion, [NaN]).verdict).toBe('inconclusive');
    expect(judge(config({ onNoData: 'pass' }), criterion, []).verdict).toBe('pass');
    expect(judge(config({ onNoData: 'inconclusive' }), criterion, []).verdict).toBe('inconclusive');
    expect(judge(config(), { ...criterion, comparator: '>' }, [0.01]).verdict).toBe('fail');
  });

  test('an unreachable Prometheus is an error verdict with exit code 1, never a pass', async () => {
    const lines: string[] = [];
    const result = await runGate(config(), line => lines.push(line));
    expect(result).toEqual({
      verdict: 'error',
      exitCode: 1,
      criteria: { 'error-rate': 'error' },
      details: [{ name: 'error-rate', comparator: '<=', threshold: 0.01, phase: 'error', measurements: [], error: expect.any(String) }],
    });
    // The details say why (fetch's cause); the log line keeps its words (Jest's sandbox adds the
    // class name, as the error comes from another realm).
    expect(result.details[0].error).toMatch(/^fetch failed \(.+\)$/);
    expect(lines.some(l => /error-rate: query error 1\/1: (TypeError: )?fetch failed$/.test(l))).toBe(true);
  });

  test('refuses a configuration without criteria', async () => {
    await expect(runGate(config({ criteria: [] }), () => undefined)).rejects.toThrow(/no criteria/);
  });
});

/**
 * Canned Prometheus answers, one per query text: the exact bodies the HTTP API returns, so that
 * the log lines and the per-criterion details can be pinned down. (The real server is exercised
 * in analysis-gate.prometheus.test.ts and test/cli.)
 */
function cannedPrometheus(): Promise<{ url: string; close: () => Promise<void> }> {
  const vector = (...values: string[]) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result: values.map(v => ({ metric: {}, value: [1, v] })) } });
  let flaky = 0;
  const answers: { [query: string]: () => [number, string] } = {
    value: () => [200, vector('0.02')],
    empty: () => [200, vector()],
    nan: () => [200, vector('NaN')],
    inf: () => [200, vector('+Inf')],
    // Unavailable once, then answers.
    flaky: () => (flaky++ === 0 ? [503, '<html>unavailable</html>'] : [200, vector('0.001')]),
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => { body += chunk; });
    req.on('end', () => {
      const answer = answers[new URLSearchParams(body).get('query') ?? ''];
      const [status, text] = answer ? answer() : [400, JSON.stringify({ status: 'error', error: 'unknown query' })];
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise(done => server.close(() => done())),
  })));
}

describe('gate program against canned Prometheus answers', () => {
  let prometheus: { url: string; close: () => Promise<void> };
  // A server per test: the flaky answer fails once per server.
  beforeEach(async () => { prometheus = await cannedPrometheus(); });
  afterEach(() => prometheus.close());

  // pass twice; no data twice; too few requests twice; an error then a pass; +Inf fails twice,
  // which ends the run before the flaky criterion's second measurement.
  const mixed = () => config({
    release: '2.8.0',
    prometheus: prometheus.url,
    onNoData: 'inconclusive',
    count: 2,
    failureLimit: 1,
    inconclusiveLimit: 1,
    consecutiveErrorLimit: 1,
    criteria: [
      { name: 'a', query: 'value', comparator: '<=', threshold: 0.05 },
      { name: 'b', query: 'empty', comparator: '<=', threshold: 0.05 },
      { name: 'c', query: 'nan', comparator: '<=', threshold: 0.05 },
      { name: 'd', query: 'flaky', comparator: '<=', threshold: 0.01 },
      { name: 'e', query: 'inf', comparator: '<', threshold: 1 },
    ],
  });

  test('logs exactly the lines the Job has always logged', async () => {
    const lines: string[] = [];
    const result = await runGate(mixed(), line => lines.push(line));
    const noData = 'inconclusive (no requests in the window (no data: inconclusive))';
    const tooFew = 'inconclusive (fewer requests than the minimum of 100, or nothing to measure)';
    expect(lines).toEqual([
      `analysis gate shop-analysis for release 2.8.0: 5 criteria, 2 measurement(s) 1s apart, Prometheus ${prometheus.url}`,
      'a #1: pass (0.02 <= 0.05)',
      `b #1: ${noData}`,
      `c #1: ${tooFew}`,
      'd: query error 1/2: HTTP 503, not a Prometheus API answer: <html>unavailable</html>',
      'e #1: fail (Infinity is not < 1)',
      'a #2: pass (0.02 <= 0.05)',
      `b #2: ${noData}`,
      `c #2: ${tooFew}`,
      'd #1: pass (0.001 <= 0.01)',
      'e #2: fail (Infinity is not < 1)',
      'verdict: fail {"a":"pass","b":"inconclusive","c":"inconclusive","d":"not finished","e":"fail"}',
    ]);
    expect(result.verdict).toBe('fail');
    expect(result.exitCode).toBe(1);
    expect(result.criteria).toEqual({ a: 'pass', b: 'inconclusive', c: 'inconclusive', d: 'not finished', e: 'fail' });
  });

  test('details each criterion: comparison, every measurement, the last one and how it ended', async () => {
    const result = await runGate(mixed(), () => undefined);
    const noData = { outcome: 'no data', verdict: 'inconclusive', why: 'no requests in the window (no data: inconclusive)' };
    const tooFew = { outcome: 'too few requests', verdict: 'inconclusive', why: 'fewer requests than the minimum of 100, or nothing to measure' };
    const value = { outcome: 'value', value: 0.02, verdict: 'pass', why: '0.02 <= 0.05' };
    const inf = { outcome: 'value', value: Infinity, verdict: 'fail', why: 'Infinity is not < 1' };
    const flaky = { outcome: 'value', value: 0.001, verdict: 'pass', why: '0.001 <= 0.01' };
    expect(result.details).toEqual([
      { name: 'a', comparator: '<=', threshold: 0.05, phase: 'pass', measurements: [value, value], last: value },
      { name: 'b', comparator: '<=', threshold: 0.05, phase: 'inconclusive', measurements: [noData, noData], last: noData },
      { name: 'c', comparator: '<=', threshold: 0.05, phase: 'inconclusive', measurements: [tooFew, tooFew], last: tooFew },
      // The unanswered query is no measurement, and an error it recovered from is not reported.
      { name: 'd', comparator: '<=', threshold: 0.01, phase: 'not finished', measurements: [flaky], last: flaky },
      { name: 'e', comparator: '<', threshold: 1, phase: 'fail', measurements: [inf, inf], last: inf },
    ]);
    // No value where there was none: NaN and absence never reach JSON as null.
    expect(result.details[1].last).not.toHaveProperty('value');
    expect(result.details[2].last).not.toHaveProperty('value');
  });

  test('a criterion whose queries keep failing ends in error, with the reason of the last one', async () => {
    const result = await runGate(config({ prometheus: prometheus.url, criteria: [{ ...criterion, query: 'not a canned query' }] }), () => undefined);
    expect(result.verdict).toBe('error');
    expect(result.details[0]).toMatchObject({ phase: 'error', measurements: [], error: 'HTTP 400: unknown query' });
    expect(result.details[0].last).toBeUndefined();
  });
});
