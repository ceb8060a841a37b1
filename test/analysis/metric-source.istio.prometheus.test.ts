import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { argoPhase } from './_argo';
import { createBlocks, describeWithPrometheus, freePort, PrometheusServer, promtool, runContainer, Series, startWithRules, tempDir } from './_prometheus';
import { HandWrittenRelease } from './_release';
import { GitOpsHook } from '../../src';
import { AnalysisGate, NoDataPolicy } from '../../src/analysis/analysis-gate';
import { Criterion, LatencyPercentile } from '../../src/analysis/criterion';
import { MetricSource } from '../../src/analysis/metric-source';
import { chart, validateAll } from '../support/manifests';

/**
 * MetricSource.istio on real Prometheus data, judged three ways as in
 * analysis-gate.prometheus.test.ts: the AnalysisTemplate's conditions on the query's answer, the
 * PrometheusRule's alerts on a real server, and the gate Job's program.
 *
 * The series are what Istio proxies export (istio/proxy istio_stats.cc): `istio_requests_total`
 * and the millisecond histogram `istio_request_duration_milliseconds_bucket`, both labelled with
 * `reporter`, `destination_service`, `destination_service_name`, `destination_service_namespace`
 * and `response_code` among others. Every request is reported twice, once by the gateway
 * (`source`) and once by the serving pod's sidecar (`destination`), as in a mesh with sidecars
 * behind an Istio gateway; the sidecar's copies carry the same Service labels here, so that a
 * query counting both would see twice the requests.
 */

type Verdict = 'pass' | 'fail' | 'inconclusive';
const NAMES = ['error-rate', 'latency-p99', 'relative-error-rate'];
const criteria = () => [
  Criterion.errorRate({ max: 0.05 }),
  Criterion.latency({ percentile: LatencyPercentile.P99, max: Duration.millis(500) }),
  Criterion.relativeErrorRate({ factor: 2, slack: 0.005 }),
];

interface Canary {
  readonly ok: number;
  readonly errors: number;
  /** Every request takes longer than a second. */
  readonly slow?: boolean;
  /**
   * 503s per second the gateway answers itself (response flag UF: the connection to a canary pod
   * failed): the canary's sidecar never sees them.
   */
  readonly unreached?: number;
  /**
   * The canary Service has no ready pod: the gateway answers its whole share with 503 (response
   * flag UH) and, with no pod to ask, reports the namespace as "unknown".
   */
  readonly noPods?: boolean;
  /**
   * A gRPC service: its calls answer HTTP 200, with `grpc_response_status` 0, and this many calls
   * per second fail with UNAVAILABLE (14), still HTTP 200.
   */
  readonly grpcFailures?: number;
}

/**
 * One release in namespace `ns`: Services "shop" (stable, 0.5 % errors at 10 requests/s, fast)
 * and "shop-canary", reported by both the gateway and the sidecars.
 */
function istioTraffic(ns: string, canary?: Canary): Series[] {
  const series: Series[] = [];
  const add = (reporter: string, service: string, codes: { [code: string]: number }, slow: boolean, noPods = false) => {
    const labels = {
      reporter,
      source_workload: reporter === 'source' ? 'istio-gateway' : 'unknown',
      destination_workload: noPods ? 'unknown' : service,
      destination_service: `${service}.${ns}.svc.cluster.local`,
      destination_service_name: service,
      destination_service_namespace: noPods ? 'unknown' : ns,
      response_flags: noPods ? 'UH' : '-',
    };
    for (const [key, perSecond] of Object.entries(codes)) {
      if (perSecond === 0) { continue; }
      // "200/14": HTTP 200 with gRPC status 14; "200/0" a gRPC success.
      const [code, grpc] = key.split('/');
      const status = { response_code: code, ...(grpc === undefined ? {} : { grpc_response_status: grpc }) };
      series.push({ name: 'istio_requests_total', labels: { ...labels, ...status }, perSecond });
      for (const le of ['25', '100', '250', '500', '1000', '+Inf']) {
        series.push({
          name: 'istio_request_duration_milliseconds_bucket',
          labels: { ...labels, ...status, le },
          perSecond: slow && le !== '+Inf' ? 0 : perSecond,
        });
      }
    }
  };
  for (const reporter of ['source', 'destination']) {
    add(reporter, 'shop', { 200: 9.95, 500: 0.05 }, false);
    if (canary?.noPods) {
      if (reporter === 'source') { add(reporter, 'shop-canary', { 503: canary.ok }, false, true); }
    } else if (canary) {
      const unreached = reporter === 'source' ? canary.unreached ?? 0 : 0;
      const codes: { [code: string]: number } = canary.grpcFailures === undefined
        ? { 200: canary.ok, 500: canary.errors, 503: unreached }
        : { '200/0': canary.ok, '200/14': canary.grpcFailures };
      add(reporter, 'shop-canary', codes, canary.slow ?? false);
    }
  }
  return series;
}

interface Scenario {
  /** The release's namespace, one per kind of traffic. */
  readonly ns: string;
  readonly canary?: Canary;
  readonly onNoData?: NoDataPolicy;
  /** Judge the canary by its gRPC status. */
  readonly grpc?: boolean;
  readonly expected: Verdict[];
  readonly overall: Verdict;
  readonly why: string;
}
const SCENARIOS: Scenario[] = [
  { ns: 'pass', canary: { ok: 4.95, errors: 0.05 }, expected: ['pass', 'pass', 'pass'], overall: 'pass', why: 'a healthy canary: 1 % errors, every request within 25 ms (25 s if the unit were read as seconds)' },
  { ns: 'fail', canary: { ok: 4.5, errors: 0.5 }, expected: ['fail', 'pass', 'fail'], overall: 'fail', why: '10 % errors' },
  { ns: 'slow', canary: { ok: 5, errors: 0, slow: true }, expected: ['pass', 'fail', 'pass'], overall: 'fail', why: 'every request over a second' },
  // 75 requests per reporter in the window: judged, were the two reporters added up.
  { ns: 'low', canary: { ok: 0.25, errors: 0 }, expected: ['inconclusive', 'inconclusive', 'inconclusive'], overall: 'inconclusive', why: 'fewer requests than the minimum, counted once' },
  { ns: 'unreached', canary: { ok: 4.5, errors: 0, unreached: 0.5 }, expected: ['fail', 'pass', 'fail'], overall: 'fail', why: 'the gateway answers 10 % of the canary\'s requests with 503: the users saw them' },
  // Were the namespace read from destination_service_namespace, these 503s would be no data, and pass.
  { ns: 'nopods', canary: { ok: 0.5, errors: 0, noPods: true }, onNoData: NoDataPolicy.PASS, expected: ['fail', 'pass', 'fail'], overall: 'fail', why: 'the canary Service has no ready pod: its share gets 503 from the gateway' },
  // gRPC canaries whose every call is HTTP 200: judged by grpc_response_status. Stable serves HTTP
  // with no gRPC status, so its gRPC failure share is 0 and the relative limit is the slack.
  { ns: 'grpc-fail', canary: { ok: 4.5, errors: 0, grpcFailures: 0.5 }, grpc: true, expected: ['fail', 'pass', 'fail'], overall: 'fail', why: '10 % of the gRPC calls fail with UNAVAILABLE, all HTTP 200' },
  { ns: 'grpc-pass', canary: { ok: 5, errors: 0, grpcFailures: 0.02 }, grpc: true, expected: ['pass', 'pass', 'pass'], overall: 'pass', why: '0.4 % of the gRPC calls fail' },
  { ns: 'none', onNoData: NoDataPolicy.FAIL, expected: ['fail', 'fail', 'fail'], overall: 'fail', why: 'no canary traffic, no data fails' },
  { ns: 'none', onNoData: NoDataPolicy.PASS, expected: ['pass', 'pass', 'pass'], overall: 'pass', why: 'no canary traffic, no data passes' },
  { ns: 'none', onNoData: NoDataPolicy.INCONCLUSIVE, expected: ['inconclusive', 'inconclusive', 'inconclusive'], overall: 'inconclusive', why: 'no canary traffic, no data is inconclusive' },
];
const gateName = (s: Scenario) => ['istio', s.ns, s.onNoData].filter(x => x !== undefined).join('-');

const EXIT: { [v: string]: number } = { pass: 0, fail: 1, inconclusive: 2 };
const FROM_ARGO: { [phase: string]: string } = { Successful: 'pass', Failed: 'fail', Inconclusive: 'inconclusive', Error: 'error' };

/** A gate on a release routed by a Gateway API route or the mesh: no Ingress. */
function synthGate(s: Scenario, prometheusUrl: string) {
  const c = chart();
  new AnalysisGate(c, 'gate', {
    target: new HandWrittenRelease(c, 'release', { namespace: s.ns, stableIngress: undefined, canaryIngress: undefined }),
    source: MetricSource.istio(s.grpc ? { grpc: true } : {}),
    criteria: criteria(),
    minRequests: 100,
    onNoData: s.onNoData ?? NoDataPolicy.FAIL,
    prometheusUrl,
    name: gateName(s),
    count: 1,
    interval: Duration.seconds(1),
    gateJob: { hook: GitOpsHook.NONE },
    alerts: { pendingFor: Duration.seconds(0) },
  });
  const docs = validateAll(Testing.synth(c), { tree: c });
  const find = (kind: string) => docs.find(d => d.kind === kind);
  return { template: find('AnalysisTemplate'), rule: find('PrometheusRule'), job: find('Job') };
}

describeWithPrometheus('MetricSource.istio on a real Prometheus', () => {
  let server: PrometheusServer;
  let dir: string;
  const gates: { [name: string]: ReturnType<typeof synthGate> } = {};

  beforeAll(async () => {
    dir = tempDir('istio-gate-');
    const port = await freePort();
    const now = Math.floor(Date.now() / 1000);
    const namespaces = [...new Set(SCENARIOS.map(s => s.ns))];
    createBlocks(dir, namespaces.flatMap(ns => istioTraffic(ns, SCENARIOS.find(s => s.ns === ns)!.canary)), now - 1800, now, 15);
    for (const s of SCENARIOS) {
      gates[gateName(s)] = synthGate(s, `http://127.0.0.1:${port}`);
    }
    server = await startWithRules(dir, port, Object.fromEntries(Object.entries(gates).map(([name, g]) => [name, g.rule.spec.groups])));
  }, 40_000);

  afterAll(() => server?.stop());

  test('every emitted rule passes promtool check rules', () => {
    for (const s of SCENARIOS) {
      const r = promtool(['check', 'rules', path.join(dir, `${gateName(s)}.rules.yml`)]);
      expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
      expect(r.status).toBe(0);
    }
  });

  test.each(SCENARIOS.map(s => [gateName(s), s.why, s] as const))('%s (%s): the AnalysisTemplate conditions give the expected verdicts', async (name, _why, s) => {
    const verdicts: string[] = [];
    for (const metric of gates[name].template.spec.metrics) {
      verdicts.push(FROM_ARGO[argoPhase(metric, await server.query(metric.provider.prometheus.query))]);
    }
    expect(verdicts).toEqual(s.expected);
  });

  test.each(SCENARIOS.map(s => [gateName(s), s] as const))('%s: the alerts a real Prometheus fires give the same verdicts', async (name, s) => {
    const alerts = (await server.alerts()).filter(a => a.labels.gate === name && a.state === 'firing');
    const verdicts = NAMES.map(criterion => {
      const mine = alerts.filter(a => a.labels.criterion === criterion).map(a => a.labels.alertname);
      if (mine.includes('AnalysisGateFailed')) { return 'fail'; }
      return mine.includes('AnalysisGateInconclusive') ? 'inconclusive' : 'pass';
    });
    expect(verdicts).toEqual(s.expected);
  });

  test.each(SCENARIOS.map(s => [gateName(s), s] as const))('%s: the gate Job exits with the same verdict', async (name, s) => {
    const { code, output } = await runContainer(gates[name].job.spec.template.spec.containers[0], 15_000);
    const logged = NAMES.map(criterion => new RegExp(` ${criterion} #1: (\\w+) `).exec(output)?.[1]);
    expect(logged).toEqual(s.expected);
    expect(output).toContain(`verdict: ${s.overall} `);
    expect(code).toBe(EXIT[s.overall]);
  });

  test('the healthy canary\'s p99 is measured in seconds: 25 ms reads as 0.025', async () => {
    const metric = gates['istio-pass'].template.spec.metrics.find((m: any) => m.name === 'latency-p99');
    const [value] = await server.query(metric.provider.prometheus.query);
    expect(value).toBeCloseTo(0.02475, 5);
  });
});
