import * as fs from 'fs';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { argoPhase } from './_argo';
import { createBlocks, describeWithPrometheus, freePort, PrometheusServer, promtool, runContainer, Series, startWithRules, tempDir } from './_prometheus';
import { HandWrittenRelease } from './_release';
import { GitOpsHook } from '../../src';
import { AnalysisGate, AnalysisGateProps, NoDataPolicy } from '../../src/analysis/analysis-gate';
import { Comparator, Criterion, LatencyPercentile } from '../../src/analysis/criterion';
import { MetricSource } from '../../src/analysis/metric-source';
import { chart, validateAll } from '../support/manifests';

/**
 * The same criteria, judged three ways on real Prometheus data: the AnalysisTemplate's
 * conditions on the query's real answer, the PrometheusRule evaluated by a real server, and the
 * gate Job's program run as its container would run it.
 */

type Verdict = 'pass' | 'fail' | 'inconclusive';
/** Three built-in criteria and a custom one with a lower limit: the canary's share of 200s. */
function criteriaFor(ingress: string): Criterion[] {
  const canary = `ingress="${ingress}",canary!=""`;
  return [
    Criterion.errorRate({ max: 0.05 }),
    Criterion.latency({ percentile: LatencyPercentile.P99, max: Duration.millis(500) }),
    Criterion.relativeErrorRate({ factor: 2, slack: 0.005 }),
    Criterion.promql({
      name: 'success-share',
      query: `sum(rate(nginx_ingress_controller_requests{${canary},status="200"}[5m])) / sum(rate(nginx_ingress_controller_requests{${canary}}[5m]))`,
      comparator: Comparator.GREATER_THAN_OR_EQUAL,
      threshold: 0.95,
    }),
  ];
}
const NAMES = ['error-rate', 'latency-p99', 'relative-error-rate', 'success-share'];

function synthGate(ingress: string, props: Partial<AnalysisGateProps>) {
  const c = chart();
  const gate = new AnalysisGate(c, 'gate', {
    target: new HandWrittenRelease(c, 'release', { stableIngress: ingress, canaryIngress: `${ingress}-canary` }),
    source: MetricSource.ingressNginx(),
    criteria: criteriaFor(ingress),
    minRequests: 100,
    onNoData: NoDataPolicy.FAIL,
    prometheusUrl: 'http://127.0.0.1:9',
    name: `gate-${ingress}`,
    count: 1,
    interval: Duration.seconds(1),
    gateJob: { hook: GitOpsHook.NONE },
    alerts: { pendingFor: Duration.seconds(0) },
    ...props,
  });
  const docs = validateAll(Testing.synth(c), { tree: c });
  const find = (kind: string) => docs.find(d => d.kind === kind);
  return { gate, template: find('AnalysisTemplate'), rule: find('PrometheusRule'), job: find('Job') };
}

/**
 * ingress-nginx counters of one Ingress: stable at 0.5 % errors (or idle), the canary as given.
 * Labelled as Prometheus stores them from a ServiceMonitor scrape (kube-prometheus-stack, the
 * ingress-nginx chart): the target's `namespace` (the controller's) wins and the Ingress's own is
 * kept as `exported_namespace`; with honorLabels the Ingress's `namespace` stays.
 */
function nginxTraffic(ingress: string, canary?: { ok: number; errors: number; slow?: boolean }, stableIdle = false, honorLabels = false): Series[] {
  const name = 'nginx_ingress_controller_requests';
  const base: { [key: string]: string } = honorLabels ? { namespace: 'shop', ingress } : { exported_namespace: 'shop', namespace: 'ingress-nginx', ingress };
  const series: Series[] = stableIdle ? [] : [
    { name, labels: { ...base, canary: '', status: '200' }, perSecond: 9.95 },
    { name, labels: { ...base, canary: '', status: '500' }, perSecond: 0.05 },
  ];
  if (canary) {
    const labels = { ...base, canary: 'shop-shop-canary-80' };
    series.push({ name, labels: { ...labels, status: '200' }, perSecond: canary.ok });
    if (canary.errors > 0) { series.push({ name, labels: { ...labels, status: '500' }, perSecond: canary.errors }); }
    const total = canary.ok + canary.errors;
    for (const le of ['0.1', '0.25', '0.5', '1', '+Inf']) {
      series.push({
        name: 'nginx_ingress_controller_request_duration_seconds_bucket',
        labels: { ...labels, le },
        perSecond: canary.slow && le !== '+Inf' ? 0 : total,
      });
    }
  }
  return series;
}

// Each scenario is one Ingress in the same Prometheus; the verdicts expected per criterion
// (error-rate, latency-p99, relative-error-rate, success-share) and overall.
interface Scenario {
  readonly ingress: string;
  readonly canary?: { ok: number; errors: number; slow?: boolean };
  /** Stable serves nothing: the canary is at full weight. */
  readonly stableIdle?: boolean;
  /** Scraped with honorLabels: the Ingress's namespace is in `namespace`, and the gate says so. */
  readonly honorLabels?: boolean;
  readonly onNoData?: NoDataPolicy;
  readonly expected: Verdict[];
  readonly overall: Verdict;
}
const SCENARIOS: Scenario[] = [
  { ingress: 'pass', canary: { ok: 4.95, errors: 0.05 }, expected: ['pass', 'pass', 'pass', 'pass'], overall: 'pass' },
  { ingress: 'fail', canary: { ok: 4.5, errors: 0.5 }, expected: ['fail', 'pass', 'fail', 'fail'], overall: 'fail' },
  { ingress: 'clean', canary: { ok: 5, errors: 0 }, expected: ['pass', 'pass', 'pass', 'pass'], overall: 'pass' },
  { ingress: 'low', canary: { ok: 0.09, errors: 0.01 }, expected: ['inconclusive', 'inconclusive', 'inconclusive', 'inconclusive'], overall: 'inconclusive' },
  { ingress: 'slow', canary: { ok: 5, errors: 0, slow: true }, expected: ['pass', 'fail', 'pass', 'pass'], overall: 'fail' },
  // The canary at weight 100 serves 10 requests/s at 50 % errors while stable is idle: measured on
  // the canary's own traffic, it fails even where no data would pass.
  { ingress: 'alone', canary: { ok: 5, errors: 5 }, stableIdle: true, onNoData: NoDataPolicy.PASS, expected: ['fail', 'pass', 'fail', 'fail'], overall: 'fail' },
  { ingress: 'alone-clean', canary: { ok: 10, errors: 0 }, stableIdle: true, onNoData: NoDataPolicy.FAIL, expected: ['pass', 'pass', 'pass', 'pass'], overall: 'pass' },
  { ingress: 'honored', canary: { ok: 4.95, errors: 0.05 }, honorLabels: true, expected: ['pass', 'pass', 'pass', 'pass'], overall: 'pass' },
  { ingress: 'none', onNoData: NoDataPolicy.FAIL, expected: ['fail', 'fail', 'fail', 'fail'], overall: 'fail' },
  { ingress: 'none', onNoData: NoDataPolicy.PASS, expected: ['pass', 'pass', 'pass', 'pass'], overall: 'pass' },
  { ingress: 'none', onNoData: NoDataPolicy.INCONCLUSIVE, expected: ['inconclusive', 'inconclusive', 'inconclusive', 'inconclusive'], overall: 'inconclusive' },
];
/**
 * The z-test on the same data. 'pass' has the canary at 1 % errors on 5 requests/s and stable at
 * 0.5 % on 10/s: over 5 minutes z = 1.94, significant at 0.95 (critical 1.645) but not at 0.99
 * (2.326). 'fail' (10 %) is significant at both; 'clean' (0 %) is better than stable; 'low' has
 * too few canary requests; 'alone' has no stable traffic to compare with.
 */
interface ZScenario { readonly ingress: string; readonly confidence: number; readonly expected: Verdict }
const Z_SCENARIOS: ZScenario[] = [
  { ingress: 'pass', confidence: 0.95, expected: 'fail' },
  { ingress: 'pass', confidence: 0.99, expected: 'pass' },
  { ingress: 'fail', confidence: 0.99, expected: 'fail' },
  { ingress: 'clean', confidence: 0.95, expected: 'pass' },
  { ingress: 'low', confidence: 0.95, expected: 'inconclusive' },
  { ingress: 'alone', confidence: 0.95, expected: 'inconclusive' },
];
const zName = (z: ZScenario) => `z-${z.ingress}-${String(z.confidence).replace('.', '')}`;

const EXIT: { [v: string]: number } = { pass: 0, fail: 1, inconclusive: 2 };
const FROM_ARGO: { [phase: string]: string } = { Successful: 'pass', Failed: 'fail', Inconclusive: 'inconclusive', Error: 'error' };

function gateName(s: Scenario): string {
  return s.onNoData ? `${s.ingress}-${s.onNoData}` : s.ingress;
}

describeWithPrometheus('AnalysisGate on a real Prometheus', () => {
  let server: PrometheusServer;
  const gates: { [name: string]: ReturnType<typeof synthGate> } = {};

  beforeAll(async () => {
    const dir = tempDir('analysis-gate-');
    const port = await freePort();
    // Samples up to now and not beyond: the server appends the rules' results after the last
    // block's end only.
    const now = Math.floor(Date.now() / 1000);
    const ingresses = [...new Set(SCENARIOS.map(s => s.ingress))];
    createBlocks(dir, ingresses.flatMap(i => {
      const s = SCENARIOS.find(x => x.ingress === i)!;
      return nginxTraffic(i, s.canary, s.stableIdle, s.honorLabels);
    }), now - 1800, now, 15);
    for (const s of SCENARIOS) {
      const name = gateName(s);
      gates[name] = synthGate(s.ingress, {
        onNoData: s.onNoData ?? NoDataPolicy.FAIL,
        name: `gate-${name}`,
        prometheusUrl: `http://127.0.0.1:${port}`,
        source: MetricSource.ingressNginx(s.honorLabels ? { namespaceLabel: 'namespace' } : {}),
      });
    }
    for (const z of Z_SCENARIOS) {
      const name = zName(z);
      gates[name] = synthGate(z.ingress, {
        name: `gate-${name}`,
        prometheusUrl: `http://127.0.0.1:${port}`,
        criteria: [Criterion.errorRateSignificance({ confidence: z.confidence })],
        onNoData: NoDataPolicy.FAIL,
      });
    }
    server = await startWithRules(dir, port, Object.fromEntries(Object.entries(gates).map(([name, g]) => [name, g.rule.spec.groups])));
  }, 40_000);

  afterAll(() => server?.stop());

  test.each(SCENARIOS.map(s => [gateName(s), s] as const))('%s: the AnalysisTemplate conditions give the expected verdict on the real answer', async (name, s) => {
    const { template } = gates[name];
    const verdicts: string[] = [];
    for (const metric of template.spec.metrics) {
      verdicts.push(FROM_ARGO[argoPhase(metric, await server.query(metric.provider.prometheus.query))]);
    }
    expect(verdicts).toEqual(s.expected);
  });

  test.each(SCENARIOS.map(s => [gateName(s), s] as const))('%s: the alerts a real Prometheus fires give the same verdicts', async (name, s) => {
    const alerts = (await server.alerts()).filter(a => a.labels.gate === `gate-${name}` && a.state === 'firing');
    const verdicts = NAMES.map(criterion => {
      const mine = alerts.filter(a => a.labels.criterion === criterion).map(a => a.labels.alertname);
      if (mine.includes('AnalysisGateFailed')) { return 'fail'; }
      return mine.includes('AnalysisGateInconclusive') ? 'inconclusive' : 'pass';
    });
    expect(verdicts).toEqual(s.expected);
  });

  test.each(SCENARIOS.map(s => [gateName(s), s] as const))('%s: the gate Job exits with the same verdict', async (name, s) => {
    const container = gates[name].job.spec.template.spec.containers[0];
    const { code, output } = await runContainer(container, 15_000);
    const logged = NAMES.map(criterion => new RegExp(` ${criterion} #1: (\\w+) `).exec(output)?.[1]);
    expect(logged).toEqual(s.expected);
    expect(output).toContain(`verdict: ${s.overall} `);
    expect(code).toBe(EXIT[s.overall]);
  });

  test.each(Z_SCENARIOS.map(z => [zName(z), z] as const))('%s: the z-test gives the same verdict in Argo, the alerts and the Job', async (name, z) => {
    const { template, job } = gates[name];
    const [metric] = template.spec.metrics;
    expect(FROM_ARGO[argoPhase(metric, await server.query(metric.provider.prometheus.query))]).toBe(z.expected);
    const alerts = (await server.alerts()).filter(a => a.labels.gate === `gate-${name}` && a.state === 'firing').map(a => a.labels.alertname);
    expect(alerts.includes('AnalysisGateFailed') ? 'fail' : alerts.includes('AnalysisGateInconclusive') ? 'inconclusive' : 'pass').toBe(z.expected);
    const { code, output } = await runContainer(job.spec.template.spec.containers[0], 15_000);
    expect(output).toMatch(new RegExp(` error-rate-significance #1: ${z.expected} `));
    expect(code).toBe(EXIT[z.expected]);
  });

  test('the gate takes count measurements interval apart, and fails once failures exceed the limit', async () => {
    const { job } = synthGate('fail', { name: 'gate-fail-twice', count: 3, failureLimit: 1, prometheusUrl: server.url });
    const { code, output } = await runContainer(job.spec.template.spec.containers[0], 15_000);
    expect(output).toMatch(/ error-rate #1: fail /);
    expect(output).toMatch(/ error-rate #2: fail /);
    expect(output).not.toMatch(/ error-rate #3: /);
    expect(code).toBe(1);
  });

  test('an unreachable Prometheus is never a pass: errors up to the limit, then exit 1', async () => {
    const closed = await freePort();
    const { job } = synthGate('pass', { name: 'gate-unreachable', consecutiveErrorLimit: 1, prometheusUrl: `http://127.0.0.1:${closed}` });
    const { code, output } = await runContainer(job.spec.template.spec.containers[0], 15_000);
    expect(output).toMatch(/ error-rate: query error 1\/2: /);
    expect(output).toMatch(/ error-rate: query error 2\/2: /);
    expect(output).toMatch(/verdict: error /);
    expect(code).toBe(1);
  });

  test('a URL that is not the Prometheus API is an error, not a pass', async () => {
    const { job } = synthGate('pass', { name: 'gate-wrong-path', consecutiveErrorLimit: 0, prometheusUrl: `${server.url}/not-prometheus` });
    const { code, output } = await runContainer(job.spec.template.spec.containers[0], 15_000);
    expect(output).toMatch(/query error 1\/1: HTTP 404/);
    expect(code).toBe(1);
  });
});

describeWithPrometheus('AnalysisGate rules with promtool', () => {
  let dir: string;
  beforeAll(() => { dir = tempDir('analysis-gate-promtool-'); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The rule file of a gate on application metrics, with alerts after the default 2 minutes. */
  function ruleFile(name: string, onNoData: NoDataPolicy, stripAnnotations: boolean): string {
    const c = chart();
    new AnalysisGate(c, name, {
      target: new HandWrittenRelease(c, 'release'),
      source: MetricSource.application(),
      criteria: [Criterion.errorRate({ max: 0.05 }), Criterion.relativeErrorRate({ factor: 2, slack: 0.005 })],
      minRequests: 100,
      onNoData,
      prometheusUrl: 'http://prometheus:9090',
      name,
    });
    const rule = validateAll(Testing.synth(c), { tree: c }).find(d => d.kind === 'PrometheusRule');
    const groups = stripAnnotations
      ? rule.spec.groups.map((g: any) => ({ ...g, rules: g.rules.map(({ annotations, ...r }: any) => r) }))
      : rule.spec.groups;
    const file = path.join(dir, `${name}${stripAnnotations ? '-test' : ''}.rules.yml`);
    fs.writeFileSync(file, YAML.stringify({ groups }));
    return file;
  }

  test('every emitted rule passes promtool check rules, templates included', () => {
    for (const policy of [NoDataPolicy.FAIL, NoDataPolicy.PASS, NoDataPolicy.INCONCLUSIVE]) {
      const r = promtool(['check', 'rules', ruleFile(`check-${policy}`, policy, false)]);
      expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
      expect(r.status).toBe(0);
    }
    const scenario = synthGate('pass', {});
    const file = path.join(dir, 'nginx.rules.yml');
    fs.writeFileSync(file, YAML.stringify({ groups: scenario.rule.spec.groups }));
    expect(promtool(['check', 'rules', file]).status).toBe(0);
  });

  test('promtool test rules: violated, fine, no traffic and low traffic on synthetic series', () => {
    const rules = [ruleFile('gate-fail', NoDataPolicy.FAIL, true), ruleFile('gate-pass', NoDataPolicy.PASS, true)];
    const series = (track: string, code: string, perMinute: number) => ({
      series: `http_requests_total{namespace="shop",app_kubernetes_io_name="shop",track="${track}",code="${code}"}`,
      values: `0+${perMinute}x20`,
    });
    const stable = [series('stable', '200', 995), series('stable', '500', 5)];
    const alert = (gate: string, criterion: string, reason: string, severity: string) => ({
      exp_labels: { namespace: 'shop', gate, criterion, reason, severity },
    });
    const both = (reason: string, severity: string, gates = ['gate-fail', 'gate-pass']) =>
      gates.flatMap(g => ['error-rate', 'relative-error-rate'].map(c => alert(g, c, reason, severity)));
    const expectAt = (failed: any[], inconclusive: any[]) => [
      { eval_time: '10m', alertname: 'AnalysisGateFailed', exp_alerts: failed },
      { eval_time: '10m', alertname: 'AnalysisGateInconclusive', exp_alerts: inconclusive },
    ];
    const tests = [
      // stable 0.5 % errors, canary 10 %: violated, in both gates
      { interval: '1m', input_series: [...stable, series('canary', '200', 90), series('canary', '500', 10)], alert_rule_test: expectAt(both('violated', 'critical'), []) },
      // canary 1 %: within 5 % and within 2 × 0.5 % + 0.5 %
      { interval: '1m', input_series: [...stable, series('canary', '200', 99), series('canary', '500', 1)], alert_rule_test: expectAt([], []) },
      // no canary traffic: the no-data policy decides (fail in gate-fail, nothing in gate-pass)
      { interval: '1m', input_series: stable, alert_rule_test: expectAt(both('no-data', 'critical', ['gate-fail']), []) },
      // 50 canary requests in the window, below the minimum of 100: inconclusive even at 10 % errors
      { interval: '1m', input_series: [...stable, series('canary', '200', 9), series('canary', '500', 1)], alert_rule_test: expectAt([], both('low-traffic', 'warning')) },
    ];
    const testFile = path.join(dir, 'gate.test.yml');
    fs.writeFileSync(testFile, YAML.stringify({ rule_files: rules, evaluation_interval: '1m', tests }));
    const r = promtool(['test', 'rules', testFile]);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
