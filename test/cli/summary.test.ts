import * as fs from 'fs';
import * as path from 'path';
import { CriterionDetail, GateConfig, GateMeasurement, GateResult } from '../../src/analysis/gate-program';
import { GateJob } from '../../src/cli/gate-jobs';
import { exitCodeFor, formatValue, GateReport, renderJson, renderMarkdown } from '../../src/cli/summary';

const job: GateJob = { gate: 'storefront-analysis', jobName: 'storefront-analysis-gate', namespace: 'shop', file: 'dist/app.k8s.yaml', gateConfig: '{}' };
const config: GateConfig = {
  gate: 'storefront-analysis',
  release: '2.8.0',
  prometheus: 'http://127.0.0.1:9090',
  minRequests: 200,
  onNoData: 'fail',
  count: 3,
  intervalSeconds: 60,
  initialDelaySeconds: 0,
  failureLimit: 0,
  inconclusiveLimit: 0,
  consecutiveErrorLimit: 4,
  queryTimeoutSeconds: 10,
  criteria: [],
};
const value = (v: number, verdict: GateMeasurement['verdict']): GateMeasurement => ({ outcome: 'value', value: v, verdict, why: '' });
const detail = (over: Partial<CriterionDetail>): CriterionDetail => ({ name: 'error-rate', comparator: '<=', threshold: 0.01, phase: 'pass', measurements: [], ...over });
const report = (verdict: GateResult['verdict'], details: CriterionDetail[], c: GateConfig = config): GateReport => ({
  job,
  config: c,
  result: { verdict, exitCode: verdict === 'pass' ? 0 : verdict === 'inconclusive' ? 2 : 1, criteria: {}, details },
});

describe('summary', () => {
  test('exit codes: the scheme of every command, 3 inconclusive and 4 when Prometheus could not be queried', () => {
    expect([exitCodeFor('pass'), exitCodeFor('fail'), exitCodeFor('inconclusive'), exitCodeFor('error')]).toEqual([0, 1, 3, 4]);
  });

  test('values: six significant digits, infinities as Prometheus writes them', () => {
    expect(formatValue(0.0123456789)).toBe('0.0123457');
    expect(formatValue(0.5)).toBe('0.5');
    expect(formatValue(120)).toBe('120');
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
  });

  test('a failed gate: the gate, the release, a row per criterion with its last value, the verdict', () => {
    const markdown = renderMarkdown(report('fail', [
      detail({ phase: 'fail', measurements: [value(0.002, 'pass'), value(0.0421, 'fail')], last: value(0.0421, 'fail') }),
      detail({ name: 'latency-p99', comparator: '<=', threshold: 0.5, phase: 'fail', measurements: [value(Infinity, 'fail')], last: value(Infinity, 'fail') }),
      detail({ name: 'success-share', comparator: '>=', threshold: 0.95, phase: 'inconclusive', last: { outcome: 'too few requests', verdict: 'inconclusive', why: '' } }),
      detail({ name: 'relative-error-rate', comparator: '<', threshold: 0.005, phase: 'not finished', last: { outcome: 'no data', verdict: 'pass', why: '' } }),
    ]));
    expect(markdown).toBe([
      '### Analysis gate `storefront-analysis`: ❌ fail',
      '',
      'Release `2.8.0`; gate Job `shop/storefront-analysis-gate` in `dist/app.k8s.yaml`; 3 measurement(s) 60s apart.',
      '',
      '| Criterion | Passes when | Last value | Verdict |',
      '| --- | --- | --- | --- |',
      '| `error-rate` | `<= 0.01` | 0.0421 | ❌ fail |',
      '| `latency-p99` | `<= 0.5` | +Inf | ❌ fail |',
      '| `success-share` | `>= 0.95` | too few requests | ⚠️ inconclusive |',
      '| `relative-error-rate` | `< 0.005` | no data | ⏸️ not finished |',
      '',
      '**Verdict: fail** (exit code 1): a criterion failed: the release must not advance.',
      '',
      'A criterion not finished was stopped when another one failed or erred.',
      '',
    ].join('\n'));
  });

  test('a passing gate without a release says so, and has no note on unfinished criteria', () => {
    const { release: _release, ...noRelease } = config;
    const markdown = renderMarkdown(report('pass', [detail({ measurements: [value(0, 'pass')], last: value(0, 'pass') })], noRelease));
    expect(markdown).toContain('### Analysis gate `storefront-analysis`: ✅ pass\n');
    expect(markdown).toContain('\nNo release set; gate Job');
    expect(markdown).toContain('\n| `error-rate` | `<= 0.01` | 0 | ✅ pass |\n');
    expect(markdown).toContain('\n**Verdict: pass** (exit code 0): every criterion passed: the release may advance.\n');
    expect(markdown).not.toContain('not finished');
  });

  test('an unanswered gate shows why the queries failed, with table-breaking characters escaped', () => {
    const markdown = renderMarkdown(report('error', [
      detail({ phase: 'error', error: 'HTTP 502, not a Prometheus API answer: <html>a | b\n</html>' }),
      detail({ name: 'latency-p99', phase: 'error', error: `fetch failed (${'x'.repeat(200)})` }),
      detail({ name: 'never', phase: 'not finished' }),
    ]));
    expect(markdown).toContain('### Analysis gate `storefront-analysis`: ⛔ error\n');
    expect(markdown).toContain('\n| `error-rate` | `<= 0.01` | query failed: HTTP 502, not a Prometheus API answer: <html>a \\| b </html> | ⛔ error |\n');
    expect(markdown).toContain(`\n| \`latency-p99\` | \`<= 0.01\` | query failed: fetch failed (${'x'.repeat(146)}… | ⛔ error |\n`);
    expect(markdown).toContain('\n| `never` | `<= 0.01` | not measured | ⏸️ not finished |\n');
    expect(markdown).toContain('\n**Verdict: error** (exit code 4): Prometheus could not be queried, so there is no verdict on the release.\n');
  });

  test('an inconclusive gate', () => {
    const markdown = renderMarkdown(report('inconclusive', [detail({ phase: 'inconclusive', last: { outcome: 'no data', verdict: 'inconclusive', why: '' } })]));
    expect(markdown).toContain('\n| `error-rate` | `<= 0.01` | no data | ⚠️ inconclusive |\n');
    expect(markdown).toContain('\n**Verdict: inconclusive** (exit code 3): too few requests or no data to decide: a person decides.\n');
  });

  test('JSON: the gate, the verdict, the tool\'s exit code and the details, infinities as strings', () => {
    const last = value(Infinity, 'fail');
    const json = JSON.parse(renderJson(report('error', [detail({ phase: 'fail', measurements: [last], last }), detail({ name: 'b', phase: 'error', error: 'fetch failed' })])));
    expect(json).toEqual({
      gate: 'storefront-analysis',
      release: '2.8.0',
      job: 'storefront-analysis-gate',
      namespace: 'shop',
      file: 'dist/app.k8s.yaml',
      prometheus: 'http://127.0.0.1:9090',
      verdict: 'error',
      exitCode: 4,
      criteria: [
        { name: 'error-rate', comparator: '<=', threshold: 0.01, phase: 'fail', measurements: [{ outcome: 'value', value: '+Inf', verdict: 'fail', why: '' }], last: { outcome: 'value', value: '+Inf', verdict: 'fail', why: '' } },
        { name: 'b', comparator: '<=', threshold: 0.01, phase: 'error', measurements: [], error: 'fetch failed' },
      ],
    });
  });
});

test('docs/cli.md shows the summary exactly as it is rendered', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
  const shown = /```markdown\n([\s\S]*?)```/.exec(page)?.[1];
  // The measurements of the run the page shows (values as Prometheus computed them).
  const m = value;
  const docs = report('fail', [
    detail({ phase: 'fail', measurements: [m(0.029999999999999995, 'fail')], last: m(0.029999999999999995, 'fail') }),
    detail({ name: 'latency-p99', threshold: 0.5, phase: 'not finished', measurements: [m(0.2481012658227847, 'pass')], last: m(0.2481012658227847, 'pass') }),
    detail({ name: 'relative-error-rate', threshold: 0.005, phase: 'fail', measurements: [m(0.019999999999999997, 'fail')], last: m(0.019999999999999997, 'fail') }),
  ]);
  expect(shown).toBe(renderMarkdown({ ...docs, job: { ...job, file: 'dist/storefront.k8s.yaml' } }));
});
