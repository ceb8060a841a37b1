import { Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { argoPhase } from './_argo';
import { errorRate, GateProps, gateProps, HandWrittenRelease, p99, relative, storefrontCanary } from './_release';
import { BlueGreenService, CanaryReplicas, Color, GitOpsHook, Probe } from '../../src';
import { AnalysisGate, NoDataPolicy } from '../../src/analysis/analysis-gate';
import { Comparator, Criterion, LatencyPercentile } from '../../src/analysis/criterion';
import { MetricSource } from '../../src/analysis/metric-source';
import { nonRootRefusal } from '../support/kubelet';
import { chart, synthValid, synthYaml } from '../support/manifests';

type Props = GateProps;
const base: Props = gateProps(MetricSource.ingressNginx());

function gateIn(scope: Construct, props: Partial<Props> = {}, release: ConstructorParameters<typeof HandWrittenRelease>[2] = {}) {
  return new AnalysisGate(scope, 'gate', { ...base, ...props, target: new HandWrittenRelease(scope, 'release', release) });
}

function synth(props: Partial<Props> = {}, release: ConstructorParameters<typeof HandWrittenRelease>[2] = {}) {
  const c = chart();
  const gate = gateIn(c, props, release);
  const docs = synthValid(c);
  const job = docs.find(d => d.kind === 'Job');
  const config = job && JSON.parse(job.spec.template.spec.containers[0].env.find((e: any) => e.name === 'GATE_CONFIG').value);
  return { gate, docs, template: docs.find(d => d.kind === 'AnalysisTemplate'), rule: docs.find(d => d.kind === 'PrometheusRule'), job, config };
}

function build(props: Partial<Props>, release: ConstructorParameters<typeof HandWrittenRelease>[2] = {}) {
  return () => gateIn(chart(), props, release);
}

describe('AnalysisGate', () => {
  describe('from one definition', () => {
    test('emits an AnalysisTemplate, a PrometheusRule and a gate Job that validate against their schemas', () => {
      const { docs } = synth({ criteria: [errorRate, p99, relative] });
      expect(docs.map(d => `${d.apiVersion} ${d.kind} ${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
        'argoproj.io/v1alpha1 AnalysisTemplate shop/shop-analysis',
        'monitoring.coreos.com/v1 PrometheusRule shop/shop-analysis',
        'batch/v1 Job shop/shop-analysis-gate',
      ]);
    });

    test('the AnalysisTemplate, the recording rule and the Job run the same query per criterion', () => {
      const { gate, template, rule, config } = synth({ criteria: [errorRate, p99, relative] });
      const names = ['error-rate', 'latency-p99', 'relative-error-rate'];
      expect(Object.keys(gate.queries)).toEqual(names);
      for (const name of names) {
        const query = gate.queries[name];
        expect(template.spec.metrics.find((m: any) => m.name === name).provider.prometheus.query).toBe(query);
        expect(rule.spec.groups[0].rules.find((r: any) => r.record && r.labels.criterion === name).expr).toBe(query);
        expect(config.criteria.find((c: any) => c.name === name).query).toBe(query);
      }
    });

    test('measurement settings are the same in the AnalysisTemplate and the Job', () => {
      const { template, config } = synth({
        count: 3, interval: Duration.seconds(30), initialDelay: Duration.minutes(2), failureLimit: 1, inconclusiveLimit: 2, consecutiveErrorLimit: 1,
      });
      expect(template.spec.metrics[0]).toMatchObject({
        name: 'error-rate', count: 3, interval: '30s', initialDelay: '2m', failureLimit: 1, inconclusiveLimit: 2, consecutiveErrorLimit: 1,
      });
      expect(config).toMatchObject({
        count: 3, intervalSeconds: 30, initialDelaySeconds: 120, failureLimit: 1, inconclusiveLimit: 2, consecutiveErrorLimit: 1, minRequests: 100, onNoData: 'fail',
      });
    });

    test('defaults: 5 measurements a minute apart over a 5 minute window, no failure tolerated, 4 errors in a row', () => {
      const { gate, template } = synth();
      expect(template.spec.metrics[0]).toMatchObject({ count: 5, interval: '1m', failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4 });
      expect(template.spec.metrics[0].initialDelay).toBeUndefined();
      expect(gate.window.toSeconds()).toBe(300);
      expect(gate.queries['error-rate']).toContain('[5m]');
    });

    test('synthesis is deterministic', () => {
      const build1 = (s: Construct) => gateIn(s, { criteria: [errorRate, p99, relative] });
      expect(synthYaml(build1)).toBe(synthYaml(build1));
    });
  });

  describe('queries', () => {
    test('ingress-nginx: both versions on the main Ingress, the canary told apart by its canary label', () => {
      const { gate } = synth();
      const q = gate.queries['error-rate'];
      expect(q).toContain('sum(rate(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary!="",status=~"5.."}[5m]))');
      expect(q).toContain('sum(increase(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary!=""}[5m])) >= 100');
      expect(q).not.toContain('shop-canary');
    });

    test('a version that never answered 5xx has an error rate of 0, not "no data"', () => {
      const { gate } = synth();
      expect(gate.queries['error-rate']).toContain(
        'or on() (0 * sum(rate(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary!=""}[5m])))',
      );
    });

    test('the relative criterion compares with the stable traffic (canary="") and counts the minimum on the canary', () => {
      const { gate } = synth({ criteria: [relative] });
      const q = gate.queries['relative-error-rate'];
      expect(q).toContain(' - 2 * (((sum(rate(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary="",status=~"5.."}[5m]))');
      // Stable's error share counts only while stable served requests; otherwise it is 0.
      expect(q).toContain('and on() (sum(increase(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary=""}[5m])) > 0)) or on() vector(0))');
      // The minimum is the canary's own traffic, never clamped by an idle stable.
      expect(q).toContain('(sum(increase(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary!=""}[5m])) >= 100)');
      expect(q).not.toContain('clamp_max');
    });

    test('significance: a one-sided two-proportion z score against the critical value of the confidence', () => {
      const { gate, template } = synth({ criteria: [Criterion.errorRateSignificance({ confidence: 0.95 })] });
      const q = gate.queries['error-rate-significance'];
      // The pooled share under the square root, from the counts of both versions in the window.
      expect(q).toContain('sqrt(((');
      expect(q).toContain('sum(increase(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary!="",status=~"5.."}[5m]))');
      expect(q).toContain('sum(increase(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary="",status=~"5.."}[5m]))');
      // No comparison while stable served nothing; the minimum is the canary's own traffic.
      expect(q).toContain('and on() (sum(increase(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary=""}[5m])) > 0)');
      expect(q).toContain('(sum(increase(nginx_ingress_controller_requests{exported_namespace="shop",ingress="shop",canary!=""}[5m])) >= 100)');
      expect(template.spec.metrics[0].successCondition).toBe('len(result) > 0 && result[0] <= 1.6449');
      const strict = synth({ criteria: [Criterion.errorRateSignificance({ confidence: 0.99 })] }).template;
      expect(strict.spec.metrics[0].successCondition).toBe('len(result) > 0 && result[0] <= 2.3263');
    });

    test('fails if the confidence of the significance test is outside 0.8 to 0.999', () => {
      expect(build({ criteria: [Criterion.errorRateSignificance({ confidence: 95 })] }))
        .toThrow(/invalid 'criteria\[0\]\.confidence' \(received 95\): the confidence is a fraction from 0\.8 to 0\.999/);
    });

    test('latency: histogram_quantile over the duration buckets by le', () => {
      const { gate } = synth({ criteria: [Criterion.latency({ percentile: LatencyPercentile.P95, max: Duration.millis(250) })] });
      expect(gate.queries['latency-p95']).toContain(
        'histogram_quantile(0.95, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket{exported_namespace="shop",ingress="shop",canary!=""}[5m])))',
      );
    });

    test('ingress-nginx metrics carry the Ingress namespace as exported_namespace by default, namespace with honorLabels', () => {
      expect(synth().gate.queries['error-rate']).toContain('{exported_namespace="shop",ingress="shop",canary!=""}');
      const { gate } = synth({ source: MetricSource.ingressNginx({ namespaceLabel: 'namespace' }) });
      expect(gate.queries['error-rate']).toContain('{namespace="shop",ingress="shop",canary!=""}');
    });

    test('application metrics: app and version labels from the release, sanitised like relabelling does', () => {
      const { gate } = synth({ source: MetricSource.application() });
      const q = gate.queries['error-rate'];
      expect(q).toContain('http_requests_total{namespace="shop",app_kubernetes_io_name="shop",track="canary",code=~"5.."}');
      expect(q).toContain('sum(increase(http_requests_total{namespace="shop",app_kubernetes_io_name="shop",track="canary"}[5m]))');
    });

    test('application metric and label names are configurable', () => {
      const { gate } = synth({
        source: MetricSource.application({ requestsMetric: 'shop_requests_total', statusLabel: 'status', versionLabel: 'slot', appLabel: 'app' }),
      });
      expect(gate.queries['error-rate']).toContain('shop_requests_total{namespace="shop",app="shop",slot="canary",status=~"5.."}');
    });

    test('without a namespace the queries have no namespace matcher', () => {
      const { gate, docs } = synth({}, { namespace: undefined });
      expect(gate.queries['error-rate']).toContain('{ingress="shop",canary!=""}');
      for (const d of docs) { expect(d.metadata.namespace).toBeUndefined(); }
    });

    test('a custom query is judged on its worst series: max for upper limits, min for lower limits', () => {
      const custom = (comparator: Comparator) => Criterion.promql({ name: 'saturation', query: 'rate(x[5m])', comparator, threshold: 0.8 });
      expect(synth({ criteria: [custom(Comparator.LESS_THAN)] }).gate.queries.saturation).toContain('(max(rate(x[5m])))');
      expect(synth({ criteria: [custom(Comparator.GREATER_THAN_OR_EQUAL)] }).gate.queries.saturation).toContain('(min(rate(x[5m])))');
    });

    test('thresholds are written without exponents', () => {
      const { template } = synth({ criteria: [Criterion.errorRate({ max: 0.0000001 })] });
      expect(template.spec.metrics[0].successCondition).toBe('len(result) > 0 && result[0] <= 0.0000001');
    });
  });

  describe('no-data policy in the AnalysisTemplate conditions', () => {
    const phases = (onNoData: NoDataPolicy) => {
      const metric = synth({ onNoData }).template.spec.metrics[0];
      return [[], [NaN], [0.01], [0.05], [0.2], [Infinity]].map(values => argoPhase(metric, values));
    };

    test('FAIL: no sample fails; NaN (low traffic) is inconclusive; the value decides otherwise', () => {
      expect(phases(NoDataPolicy.FAIL)).toEqual(['Failed', 'Inconclusive', 'Successful', 'Successful', 'Failed', 'Failed']);
    });

    test('PASS: no sample passes', () => {
      expect(phases(NoDataPolicy.PASS)).toEqual(['Successful', 'Inconclusive', 'Successful', 'Successful', 'Failed', 'Failed']);
    });

    test('INCONCLUSIVE: no sample is inconclusive, and never an error from result[0]', () => {
      expect(phases(NoDataPolicy.INCONCLUSIVE)).toEqual(['Inconclusive', 'Inconclusive', 'Successful', 'Successful', 'Failed', 'Failed']);
    });

    test('the conditions as written', () => {
      expect(synth({ onNoData: NoDataPolicy.FAIL }).template.spec.metrics[0]).toMatchObject({
        successCondition: 'len(result) > 0 && result[0] <= 0.05',
        failureCondition: 'len(result) == 0 || result[0] > 0.05',
      });
    });
  });

  describe('PrometheusRule', () => {
    const alertsOf = (rule: any) => rule.spec.groups[0].rules.filter((r: any) => r.alert).map((r: any) => `${r.alert} ${r.labels.reason} ${r.expr}`);

    test('records each measurement and alerts on violation, low traffic and no data (FAIL)', () => {
      const { rule } = synth({ onNoData: NoDataPolicy.FAIL });
      const series = 'analysis_gate:measurement{namespace="shop",gate="shop-analysis",criterion="error-rate"}';
      expect(alertsOf(rule)).toEqual([
        `AnalysisGateFailed violated ${series} > 0.05`,
        `AnalysisGateInconclusive low-traffic ${series} != ${series}`,
        `AnalysisGateFailed no-data absent(${series})`,
      ]);
    });

    test('no-data alerts follow the policy: inconclusive, or none when no data passes', () => {
      expect(alertsOf(synth({ onNoData: NoDataPolicy.INCONCLUSIVE }).rule)[2]).toMatch(/^AnalysisGateInconclusive no-data absent\(/);
      expect(alertsOf(synth({ onNoData: NoDataPolicy.PASS }).rule)).toHaveLength(2);
    });

    test('alert labels, pending time and the labels the operator selects rules by', () => {
      const { rule } = synth({ alerts: { pendingFor: Duration.minutes(5), labels: { team: 'shop', severity: 'page' }, ruleLabels: { release: 'kube-prometheus-stack' } } });
      const alert = rule.spec.groups[0].rules.find((r: any) => r.alert);
      expect(alert.for).toBe('5m');
      expect(alert.labels).toEqual({ namespace: 'shop', gate: 'shop-analysis', criterion: 'error-rate', reason: 'violated', severity: 'page', team: 'shop' });
      expect(rule.metadata.labels.release).toBe('kube-prometheus-stack');
    });
  });

  describe('gate Job', () => {
    test('pinned node image, the program inline, no retries, a deadline that fits the measurements', () => {
      const { job } = synth();
      const pod = job.spec.template.spec;
      const [c] = pod.containers;
      expect(c.image).toBe('node:22.14.0-alpine3.21');
      expect(c.command.slice(0, 2)).toEqual(['node', '-e']);
      expect(c.command[2]).toContain('/api/v1/query');
      expect(job.spec.backoffLimit).toBe(0);
      // (5 - 1 + 4) × 60s + 5 × 10s + 60s
      expect(job.spec.activeDeadlineSeconds).toBe(590);
      expect(job.spec.podFailurePolicy.rules).toEqual([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]);
      expect(pod.restartPolicy).toBe('Never');
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    });

    test('the kubelet starts the default gate image under runAsNonRoot: it runs as the node user, 1000', () => {
      const pod = synth().job.spec.template.spec;
      const [c] = pod.containers;
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
      // node:*-alpine has no USER: the kubelet counts it as root and refuses it unless a numeric user is set.
      expect(nonRootRefusal(pod, c, {})).toBeUndefined();
      const { runAsUser, runAsGroup, ...withoutUser } = c.securityContext;
      expect(nonRootRefusal(pod, { ...c, securityContext: withoutUser }, {})).toMatch(/would run as root/);
    });

    test('the gate runs as the user and group given for another image, never as root', () => {
      const { job } = synth({ gateJob: { image: 'registry.example.com/node:22', user: 10001, group: 10002 } });
      expect(job.spec.template.spec.containers[0].securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10002 });
      expect(build({ gateJob: { user: 0 } })).toThrow(/invalid 'gateJob\.user' \(received 0\): the user is a numeric ID from 1 to 2147483647; the pod runs as non-root, and the kubelet refuses to start a container as root/);
    });

    test('an Argo CD PostSync hook by default, PreSync, Flux or plain on request', () => {
      const annotations = (hook?: GitOpsHook) => synth({ gateJob: { hook } }).job.metadata.annotations;
      expect(annotations()).toEqual({ 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' });
      expect(annotations(GitOpsHook.ARGO_CD_PRE_SYNC)['argocd.argoproj.io/hook']).toBe('PreSync');
      expect(synth({ gateJob: { hook: GitOpsHook.FLUX, release: '1.4.2' } }).job.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/force': 'Enabled' });
      expect(annotations(GitOpsHook.NONE)).toBeUndefined();
    });

    test('a plain Job (kubectl apply) is named by what it runs: a new release is a new Job, an unchanged one keeps its name', () => {
      // A Job's pod template is immutable (kubernetes apis/batch validation): the same name with a
      // new GATE_CONFIG would be refused on apply.
      const name = (release: string) => synth({ gateJob: { hook: GitOpsHook.NONE, release } }).job.metadata.name;
      expect(name('1.4.2')).toMatch(/-gate-[0-9a-f]{10}$/);
      expect(name('1.4.2')).toBe(name('1.4.2'));
      expect(name('1.5.0')).not.toBe(name('1.4.2'));
      // Hooks keep their name: Argo CD deletes the previous run, Flux re-creates a changed Job.
      expect(synth({ gateJob: { hook: GitOpsHook.ARGO_CD_POST_SYNC, release: '1.4.2' } }).job.metadata.name).toMatch(/-gate$/);
    });

    test('with Flux, the release is part of the Job spec, so a new release replaces the Job and runs the gate again', () => {
      const job = (release: string) => synth({ gateJob: { hook: GitOpsHook.FLUX, release } });
      const [a, b] = [job('1.4.2'), job('1.5.0')];
      expect(a.config.release).toBe('1.4.2');
      expect(JSON.stringify(a.job.spec.template)).not.toBe(JSON.stringify(b.job.spec.template));
    });

    test('fails if a Flux gate does not name its release', () => {
      expect(build({ gateJob: { hook: GitOpsHook.FLUX } })).toThrow(/invalid 'gateJob\.release' \(received nothing\): Flux only runs a Job again when its spec changes/);
    });

    test('the Job settings carry the URL without a trailing slash', () => {
      expect(synth({ prometheusUrl: 'http://prometheus:9090/' }).config.prometheus).toBe('http://prometheus:9090');
    });
  });

  describe('outputs', () => {
    test('each form can be turned off for clusters without its CRDs', () => {
      const { docs, gate } = synth({ outputs: { analysisTemplate: false, prometheusRule: false } });
      expect(docs.map(d => d.kind)).toEqual(['Job']);
      expect(gate.analysisTemplate).toBeUndefined();
      expect(gate.prometheusRule).toBeUndefined();
      expect(gate.gateJob).toBeDefined();
    });
  });

  describe('armed only while the release is in progress', () => {
    const canaryAt = (weight: number, header?: boolean) => {
      const c = chart();
      const target = storefrontCanary(c, { weight, header: header ? { name: 'X-Canary' } : undefined });
      const gate = new AnalysisGate(c, 'gate', { ...base, target });
      const docs = synthValid(c);
      const rule = docs.find(d => d.kind === 'PrometheusRule');
      return { gate, job: docs.find(d => d.kind === 'Job'), template: docs.find(d => d.kind === 'AnalysisTemplate'), rules: rule.spec.groups[0].rules };
    };

    test('at weight 0 (before a release, after promotion or abort) no Job runs and no alert can fire', () => {
      const { gate, job, template, rules } = canaryAt(0);
      expect(gate.armed).toBe(false);
      expect(gate.gateJob).toBeUndefined();
      expect(job).toBeUndefined();
      expect(rules.filter((r: any) => r.alert)).toEqual([]);
      // The recording rules and the AnalysisTemplate stay: they judge nothing by themselves.
      expect(rules.filter((r: any) => r.record).length).toBe(1);
      expect(template).toBeDefined();
    });

    test('with weight, the Job runs and the alerts are armed', () => {
      for (const { gate, job, rules } of [canaryAt(5), canaryAt(5, true)]) {
        expect(gate.armed).toBe(true);
        expect(job).toBeDefined();
        expect(rules.filter((r: any) => r.alert).map((r: any) => r.labels.reason)).toEqual(['violated', 'low-traffic', 'no-data']);
      }
    });

    test('header routing alone (testers at weight 0) does not arm it: no Job, no alert between releases', () => {
      // The canary example routes a header in every commit: armed by it, the gate would judge
      // the start and promoted commits and fail on no data between releases.
      const { gate, job, rules } = canaryAt(0, true);
      expect(gate.armed).toBe(false);
      expect(job).toBeUndefined();
      expect(rules.filter((r: any) => r.alert)).toEqual([]);
    });
  });

  describe('release targets', () => {
    test('derives app, namespace and colours from a BlueGreenService: the live (active) colour is judged', () => {
      const c = chart();
      const bg = new BlueGreenService(c, 'checkout', {
        app: 'checkout',
        namespace: 'shop',
        active: Color.BLUE,
        blue: { image: 'ghcr.io/example/checkout:3.1.0' },
        green: { image: 'ghcr.io/example/checkout:3.2.0' },
        container: { port: 8080, readiness: Probe.httpGet('/ready') },
      });
      const gate = new AnalysisGate(c, 'gate', { ...base, source: MetricSource.application(), target: bg });
      expect(gate.name).toBe('checkout-analysis');
      expect(gate.namespace).toBe('shop');
      expect(gate.queries['error-rate']).toContain('{namespace="shop",app_kubernetes_io_name="checkout",color="blue"');
      expect(gate.queries['error-rate']).not.toContain('color="green"');
      expect(synthValid(c).length).toBeGreaterThan(3);
    });

    test('refuses a relative criterion on a BlueGreenService: the idle colour has no users\' traffic', () => {
      const c = chart();
      const bg = new BlueGreenService(c, 'checkout', {
        app: 'checkout',
        active: Color.GREEN,
        blue: { image: 'ghcr.io/example/checkout:3.1.0' },
        green: { image: 'ghcr.io/example/checkout:3.2.0' },
        container: { port: 8080, readiness: Probe.httpGet('/ready') },
      });
      expect(() => new AnalysisGate(c, 'gate', { ...base, source: MetricSource.application(), target: bg, criteria: [Criterion.errorRate({ max: 0.01 }), relative] }))
        .toThrow(/gate: invalid 'criteria\[1\]' \(received Criterion\.relativeErrorRate\(\)\): the release serves users one version at a time in this state \(a blue-green release.*Fix: judge this state with absolute criteria.*on a blue-green release, test the idle colour before the flip with smokeTest/);
    });

    describe('a CanaryIngress at full weight', () => {
      const gateAt = (weight: number, criteria: Criterion[], sticky = false) => () => {
        const c = chart();
        const target = storefrontCanary(c, { weight, stickySessions: sticky ? {} : undefined, canaryReplicas: CanaryReplicas.proportional() });
        return new AnalysisGate(c, 'gate', { ...base, target, criteria });
      };

      test('refuses relative criteria: stable serves nobody, and its share would count as 0', () => {
        // The relative query takes an idle stable's error share as 0: at weight 100 it would hold
        // the canary to the slack alone, an absolute limit nobody chose.
        expect(gateAt(100, [errorRate, relative])).toThrow(/gate: invalid 'criteria\[1\]' \(received Criterion\.relativeErrorRate\(\)\): the release serves users one version at a time in this state \(.*a canary at full weight without sticky sessions\).*Fix: .*on a canary, pass relative criteria only while the weight is below its total/);
        expect(gateAt(100, [Criterion.errorRateSignificance({ confidence: 0.95 })])).toThrow(/invalid 'criteria\[0\]' \(received Criterion\.errorRateSignificance\(\)\)/);
      });

      test('takes absolute criteria there, relative ones below it, and relative ones with sticky sessions', () => {
        expect(gateAt(100, [errorRate, p99])().armed).toBe(true);
        expect(Object.keys(gateAt(99, [errorRate, relative])().queries)).toEqual(['error-rate', 'relative-error-rate']);
        // Users pinned to stable by their affinity cookie stay there at any weight.
        expect(Object.keys(gateAt(100, [relative], true)().queries)).toEqual(['relative-error-rate']);
      });
    });

    test('derives the main Ingress and namespace from a CanaryIngress: its canary traffic is canary!=""', () => {
      const c = chart();
      const storefront = storefrontCanary(c, { namespace: 'web', weight: 10 });
      const gate = new AnalysisGate(c, 'gate', { ...base, target: storefront });
      expect(gate.queries['error-rate']).toContain('nginx_ingress_controller_requests{exported_namespace="web",ingress="storefront",canary!=""}');
      const app = new AnalysisGate(c, 'app-gate', { ...base, name: 'storefront-app', source: MetricSource.application(), target: storefront });
      expect(app.queries['error-rate']).toContain('{namespace="web",app_kubernetes_io_name="storefront",track="canary"');
      expect(synthValid(c).filter(d => d.kind === 'AnalysisTemplate')).toHaveLength(2);
    });

    test('fails if ingress-nginx metrics are asked of a release without a canary Ingress', () => {
      expect(build({}, { canaryIngress: undefined })).toThrow(
        /gate: invalid 'source' \(received "MetricSource.ingressNginx\(\)"\): ingress-nginx only tells the versions apart .* no canary Ingress\. Fix: use MetricSource.application\(\)/,
      );
    });

    test('fails if both versions carry the same version label value', () => {
      expect(build({}, { canaryVersion: 'stable' })).toThrow(/invalid 'target.releaseSelectors.canaryVersion' \(received "stable"\): .* compare a version with itself/);
    });
  });

  describe('refusals', () => {
    test('fails if minRequests is missing, 0 or fractional', () => {
      expect(build({ minRequests: undefined as any })).toThrow(/invalid 'minRequests' \(received nothing\)/);
      expect(build({ minRequests: 0 })).toThrow(/invalid 'minRequests' \(received 0\): .*Fix: set minRequests/);
      expect(build({ minRequests: 2.5 })).toThrow(/invalid 'minRequests' \(received 2\.5\)/);
    });

    test('fails if the no-data policy is not chosen', () => {
      expect(build({ onNoData: undefined as any })).toThrow(/invalid 'onNoData' \(received nothing\): onNoData is required \(what a measurement means when the version being released served no request at all\)\. Fix: give onNoData: .*NoDataPolicy\.FAIL/);
    });

    test('fails if the Prometheus URL is not an http(s) base URL', () => {
      expect(build({ prometheusUrl: 'prometheus:9090' })).toThrow(/invalid 'prometheusUrl' \(received "prometheus:9090"\)/);
      expect(build({ prometheusUrl: 'http://prometheus:9090/?x=1' })).toThrow(/invalid 'prometheusUrl' \(received "http:\/\/prometheus:9090\/\?x=1"\)/);
      expect(build({ prometheusUrl: 'http://user:secret@prometheus:9090' })).toThrow(/invalid 'prometheusUrl'.*without query, fragment or credentials/);
    });

    test('fails if the window is shorter than a minute or the interval not whole seconds', () => {
      expect(build({ window: Duration.seconds(30) })).toThrow(/invalid 'window' \(received Duration of 30s\): window is whole seconds of at least 1m/);
      expect(build({ interval: Duration.millis(1500) })).toThrow(/invalid 'interval' \(received Duration of 1\.5s\)/);
    });

    test('fails if count is 0 or a limit makes the verdict impossible', () => {
      expect(build({ count: 0 })).toThrow(/invalid 'count' \(received 0\)/);
      expect(build({ count: 3, failureLimit: 3 })).toThrow(/invalid 'failureLimit' \(received 3\): .*Fix: set failureLimit below count \(3\), or the gate can never fail/);
      expect(build({ inconclusiveLimit: -1 })).toThrow(/invalid 'inconclusiveLimit' \(received -1\)/);
      expect(build({ consecutiveErrorLimit: 1.5 })).toThrow(/invalid 'consecutiveErrorLimit' \(received 1\.5\)/);
    });

    test('fails if there is no criterion, or two share a name', () => {
      expect(build({ criteria: [] })).toThrow(/invalid 'criteria' \(received \[\]\): a gate without criteria passes everything/);
      expect(build({ criteria: [errorRate, Criterion.errorRate({ max: 0.01 })] })).toThrow(
        /invalid 'criteria\[1\]\.name' \(received "error-rate"\): criteria\[0\] has the same name/,
      );
    });

    test('fails if an error rate is not a fraction', () => {
      expect(build({ criteria: [Criterion.errorRate({ max: 5 })] })).toThrow(/invalid 'criteria\[0\]\.max' \(received 5\): .*this looks like a percentage\. Fix: write max: 0\.01 for 1 %/);
      expect(build({ criteria: [Criterion.errorRate({ max: -0.1 })] })).toThrow(/invalid 'criteria\[0\]\.max' \(received -0\.1\)/);
    });

    test('fails if a latency limit is not longer than 0', () => {
      expect(build({ criteria: [Criterion.latency({ percentile: LatencyPercentile.P99, max: Duration.millis(0) })] })).toThrow(
        /invalid 'criteria\[0\]\.max' \(received Duration of 0s\)/,
      );
    });

    test('fails if the relative factor is below 1 or the slack is missing', () => {
      expect(build({ criteria: [Criterion.relativeErrorRate({ factor: 0.5, slack: 0 })] })).toThrow(/invalid 'criteria\[0\]\.factor' \(received 0\.5\): .*below 1 a canary exactly as good as stable would fail/);
      // Refused where it is written, by the factory (src/core/jsii-props.ts).
      expect(() => Criterion.relativeErrorRate({ factor: 2, slack: undefined as any })).toThrow(/^Criterion\.relativeErrorRate: invalid 'options\.slack' \(received nothing\)/);
    });

    test('fails if a custom query is empty, unbalanced or templated for Argo', () => {
      const custom = (query: string) => build({ criteria: [Criterion.promql({ name: 'custom', query, comparator: Comparator.LESS_THAN, threshold: 1 })] });
      expect(custom(' ')).toThrow(/invalid 'criteria\[0\]\.query' \(received " "\)/);
      expect(custom('sum(rate(x[5m])')).toThrow(/invalid 'criteria\[0\]\.query' \(received "sum\(rate\(x\[5m\]\)"\): "\(" is not closed/);
      expect(custom('sum(rate(x{a="{{args.x}}"}[5m]))')).toThrow(/invalid 'criteria\[0\]\.query'.*Argo Rollouts reads "\{\{"/);
      expect(custom('sum(x{a=")"})')).not.toThrow();
    });

    test('fails if a criterion name is not a DNS label', () => {
      expect(build({ criteria: [Criterion.errorRate({ max: 0.01, name: 'Error Rate' })] })).toThrow(/invalid 'criteria\[0\]\.name' \(received "Error Rate"\)/);
    });

    test('fails if a metric or label name is not a Prometheus name', () => {
      expect(build({ source: MetricSource.application({ versionLabel: 'app.kubernetes.io/version' }) })).toThrow(
        /invalid 'source\.versionLabel' \(received "app\.kubernetes\.io\/version"\): a Prometheus label name/,
      );
      expect(build({ source: MetricSource.ingressNginx({ requestsMetric: 'nginx-requests' }) })).toThrow(/invalid 'source\.requestsMetric' \(received "nginx-requests"\)/);
    });

    test('fails if the gate image is not pinned', () => {
      expect(build({ gateJob: { image: 'node:latest' } })).toThrow(/invalid 'gateJob\.image' \(received "node:latest"\): the image is not pinned/);
    });

    test('fails if the Job deadline would stop it before its last measurement', () => {
      expect(build({ gateJob: { activeDeadline: Duration.minutes(2) } })).toThrow(
        /invalid 'gateJob\.activeDeadline' \(received Duration of 2m\): the measurements take at least 250s.*Fix: set activeDeadline to Duration\.seconds\(310\)/,
      );
    });

    test('fails if every output is off, or options are given for an output that is off', () => {
      expect(build({ outputs: { analysisTemplate: false, prometheusRule: false, gateJob: false } })).toThrow(/invalid 'outputs'.*the gate emits nothing/);
      expect(build({ outputs: { gateJob: false }, gateJob: { hook: GitOpsHook.NONE } })).toThrow(/invalid 'gateJob'.*no effect while outputs\.gateJob is false/);
    });

    test('fails if an alert label would replace one the gate sets', () => {
      expect(build({ alerts: { labels: { criterion: 'x' } } })).toThrow(/invalid 'alerts\.labels\.criterion' \(received "x"\)/);
    });

    test('nothing is emitted when a prop is refused', () => {
      const c = chart();
      expect(() => gateIn(c, { count: 0 })).toThrow();
      expect(() => gateIn(c, { criteria: [errorRate, Criterion.errorRate({ max: 2 })] }, {})).toThrow();
      expect(Testing.synth(c)).toEqual([]);
    });
  });
});
