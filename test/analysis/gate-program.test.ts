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
    expect(result).toEqual({ verdict: 'error', exitCode: 1, criteria: { 'error-rate': 'error' } });
    expect(lines.some(l => /error-rate: query error 1\/1/.test(l))).toBe(true);
  });

  test('refuses a configuration without criteria', async () => {
    await expect(runGate(config({ criteria: [] }), () => undefined)).rejects.toThrow(/no criteria/);
  });
});
