import { App, Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { analysisGate, blueGreen, canary, gracefulDeployment } from './arbitraries';
import { AnalysisGate, BlueGreenService, CanaryIngress, CanaryReplicas, Color, Criterion, GracefulDeployment, IReleaseTarget, KubernetesVersion, MetricSource, NoDataPolicy, PreStop, Probe, Router, PercentOrAbsolute } from '../../src';
import { lineDiff, documentAt } from '../support/diff';
import { assertDrainableBudget, assertGracefulDeployment } from '../support/invariants';
import { validateAll } from '../support/manifests';

const RUNS = 1000;
const A = 'nginx.ingress.kubernetes.io/';

/** Builds into a fresh chart and returns the validated manifests. */
function synth(build: (chart: Chart) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return validateAll(Testing.synth(chart), { tree: chart });
}

/** Builds into a fresh app and returns the YAML, or throws; the YAML must not exist when it throws. */
function synthYamlOrThrow(build: (chart: Chart) => void): string {
  const app = new App({ outdir: Testing.app().outdir });
  build(new Chart(app, 'test'));
  return app.synthYaml();
}

/** The release an AnalysisGate is attached to in these tests. */
function releaseFor(c: Chart, kind: 'blue-green' | 'canary'): IReleaseTarget {
  const container = { port: 80, readiness: Probe.tcpSocket() };
  return kind === 'canary'
    ? new CanaryIngress(c, 'release', { app: 'shop', router: Router.ingressNginx({ host: 'shop.example.com' }), stable: { image: 'shop:1.0.0' }, canary: { image: 'shop:1.1.0' }, container, weight: 10 })
    : new BlueGreenService(c, 'release', { app: 'shop', active: Color.BLUE, blue: { image: 'shop:1.0.0' }, green: { image: 'shop:1.1.0' }, container });
}

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

describe('random valid props keep every invariant', () => {
  jest.setTimeout(180_000);

  test('AnalysisGate', () => {
    fc.assert(fc.property(analysisGate, ({ release, props }) => {
      let gate!: AnalysisGate;
      const docs = synth(c => {
        const target = releaseFor(c, release);
        gate = new AnalysisGate(c, 'gate', { ...props, target });
      });
      const names = props.criteria.map(c => c.name);
      // One query per criterion, and every emitted form judges exactly that query.
      expect(Object.keys(gate.queries).sort()).toEqual([...names].sort());
      const template = docs.find(d => d.kind === 'AnalysisTemplate');
      const rule = docs.find(d => d.kind === 'PrometheusRule');
      const job = docs.find(d => d.kind === 'Job' && /^shop-analysis-gate(-[0-9a-f]{10})?$/.test(d.metadata.name));
      expect(Boolean(template)).toBe(props.outputs!.analysisTemplate);
      expect(Boolean(rule)).toBe(props.outputs!.prometheusRule);
      expect(gate.armed).toBe(true);
      expect(Boolean(job)).toBe(props.outputs!.gateJob);
      for (const m of template?.spec.metrics ?? []) {
        expect(m.provider.prometheus.query).toBe(gate.queries[m.name]);
        // No data is decided by the policy, never by an error on result[0].
        const guard = props.onNoData === NoDataPolicy.PASS ? /^len\(result\) == 0 \|\| / : /^len\(result\) > 0 && /;
        expect(m.successCondition).toMatch(guard);
        expect(m.failureCondition).toMatch(props.onNoData === NoDataPolicy.FAIL ? /^len\(result\) == 0 \|\| / : /^len\(result\) > 0 && /);
        expect(m.failureLimit).toBeLessThan(m.count);
      }
      for (const r of (rule?.spec.groups[0].rules ?? []).filter((x: any) => x.record)) {
        expect(r.expr).toBe(gate.queries[r.labels.criterion]);
      }
      if (job) {
        expect(job.spec.backoffLimit).toBe(0);
        const config = JSON.parse(job.spec.template.spec.containers[0].env.find((e: any) => e.name === 'GATE_CONFIG').value);
        expect(config.onNoData).toBe(props.onNoData);
        expect(config.minRequests).toBe(props.minRequests);
        for (const c of config.criteria) { expect(c.query).toBe(gate.queries[c.name]); }
        const lastMeasurement = (props.count! - 1) * props.interval!.toSeconds();
        expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(lastMeasurement);
      }
    }), { numRuns: RUNS });
  });

  test('GracefulDeployment', () => {
    fc.assert(fc.property(gracefulDeployment, ({ props, maxDelay }) => {
      const docs = synth(c => new GracefulDeployment(c, 'subject', props));
      const deployment = docs.find(d => d.kind === 'Deployment');
      assertGracefulDeployment(deployment);
      // The grace period outlasts every preStop delay, including HTTP and command hooks.
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(maxDelay);
      expect(Object.keys(deployment.spec.selector.matchLabels).length).toBeGreaterThan(0);
      expect(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
      for (const pdb of docs.filter(d => d.kind === 'PodDisruptionBudget')) {
        expect(pdb.spec.selector).toEqual(deployment.spec.selector);
        assertDrainableBudget(pdb, docs);
      }
    }), { numRuns: RUNS });
  });

  test('BlueGreenService', () => {
    fc.assert(fc.property(blueGreen, (props) => {
      const docs = synth(c => new BlueGreenService(c, 'subject', props));
      const deployments = docs.filter(d => d.kind === 'Deployment');
      deployments.forEach(assertGracefulDeployment);
      const [a, b] = deployments;
      expect(matches(a.spec.selector.matchLabels, b.spec.template.metadata.labels)).toBe(false);
      expect(matches(b.spec.selector.matchLabels, a.spec.template.metadata.labels)).toBe(false);
      const services = docs.filter(d => d.kind === 'Service');
      const selected = (svc: any) => deployments.filter(d => matches(svc.spec.selector, d.spec.template.metadata.labels));
      const [active, preview] = services;
      expect(selected(active).map(d => d.metadata.name)).toEqual([`${props.app}-${props.active}`]);
      expect(selected(preview)).toHaveLength(1);
      expect(selected(preview)[0]).not.toBe(selected(active)[0]);
      expect(selected(active)[0].spec.replicas ?? 1).toBeGreaterThan(0);
    }), { numRuns: RUNS });
  });

  test('BlueGreenService flips change only the two Services\' colour selectors (and, under autoscaling, the colours\' floors)', () => {
    fc.assert(fc.property(blueGreen, (props) => {
      // Only a flip between colours that both run is valid: give the idle colour its full size.
      const running = { ...props, blue: { image: props.blue.image }, green: { image: props.green.image } };
      const before = synthYamlOrThrow(c => new BlueGreenService(c, 'subject', { ...running, active: Color.BLUE }));
      const after = synthYamlOrThrow(c => new BlueGreenService(c, 'subject', { ...running, active: Color.GREEN }));
      const diff = lineDiff(before, after);
      const hunks = diff.filter(l => l.startsWith('@@'));
      const changed = hunks.map(l => documentAt(before, Number(/\d+/.exec(l)![0])));
      expect(changed.filter(d => d.startsWith('Service '))).toHaveLength(2);
      // The idle colour's autoscaler keeps it at full size, so a flip swaps the two floors.
      const floors = changed.filter(d => d.startsWith('HorizontalPodAutoscaler '));
      const a = running.autoscaling;
      expect(floors).toHaveLength(a && (a.minReplicas ?? 2) !== a.maxReplicas ? 2 : 0);
      expect(changed.length).toBe(2 + floors.length);
      expect(diff.filter(l => /^[-+]/.test(l)).every(l => /: (blue|green)$|minReplicas: \d+$/.test(l))).toBe(true);
    }), { numRuns: 200 });
  });

  test('CanaryIngress', () => {
    fc.assert(fc.property(canary, ({ props, weight }) => {
      const docs = synth(c => new CanaryIngress(c, 'subject', props));
      docs.filter(d => d.kind === 'Deployment').forEach(assertGracefulDeployment);
      const ingresses = docs.filter(d => d.kind === 'Ingress');
      const main = ingresses.find(i => !i.metadata.annotations?.[`${A}canary`]);
      const canaryIng = ingresses.find(i => i.metadata.annotations?.[`${A}canary`] === 'true');
      expect(ingresses).toHaveLength(2);
      const route = (ing: any) => [ing.metadata.namespace, ing.spec.ingressClassName, JSON.stringify(ing.spec.rules.map((r: any) =>
        [r.host, r.http.paths.map((p: any) => [p.path, p.pathType])]))];
      expect(route(canaryIng)).toEqual(route(main));
      expect(canaryIng.spec.tls).toBeUndefined();
      expect(JSON.stringify(docs)).not.toContain('"false"');
      const ann = canaryIng.metadata.annotations;
      expect(ann[`${A}canary-weight`]).toBe(String(weight));
      expect(ann[`${A}canary-weight-total`]).toBe(props.weightTotal === undefined ? undefined : String(props.weightTotal));
      const backend = (ing: any) => ing.spec.rules[0].http.paths[0].backend.service.name;
      expect(backend(canaryIng)).not.toBe(backend(main));
      const byName = (name: string) => docs.find(d => d.kind === 'Deployment' && d.metadata.name === name);
      expect(byName(`${props.app}-stable`).spec.replicas).toBe(props.replicas);
      const routed = weight > 0 || props.header !== undefined || props.cookie !== undefined;
      if (routed) { expect(byName(`${props.app}-canary`).spec.replicas).toBeGreaterThan(0); }
    }), { numRuns: RUNS });
  });
});

/** One way to make valid props invalid; each must be refused and write nothing. */
type Breaker<P> = (props: P) => P;

describe('random invalid props always throw and never produce YAML', () => {
  jest.setTimeout(180_000);

  const refuses = <P>(valid: fc.Arbitrary<P>, breakers: Breaker<P>[], build: (c: Chart, p: P) => void) => {
    fc.assert(fc.property(valid, fc.constantFrom(...breakers), (props, breakIt) => {
      let yaml: string | undefined;
      expect(() => { yaml = synthYamlOrThrow(c => build(c, breakIt(props))); }).toThrow(/^test\/subject: invalid '[^']+' \(received .+\): .+\. Fix: .+\.$/);
      expect(yaml).toBeUndefined();
    }), { numRuns: RUNS });
  };

  test('GracefulDeployment', () => {
    const first = (p: any, change: object) => ({ ...p, containers: [{ ...p.containers[0], ...change }, ...p.containers.slice(1)] });
    refuses(gracefulDeployment.map(g => g.props), [
      p => first(p, { port: 8080, readiness: undefined }),
      p => first(p, { image: 'app:latest' }),
      p => ({ ...first(p, { preStop: PreStop.nativeSleep() }), kubernetesVersion: KubernetesVersion.V1_28 }),
      p => ({ ...p, maxSurge: PercentOrAbsolute.absolute(0) }),
      p => ({ ...p, progressDeadline: p.minReady }),
      p => ({
        ...first(p, { preStop: PreStop.execSleep(Duration.seconds(10)) }),
        drainTimeout: undefined,
        terminationGracePeriod: Duration.seconds(10),
      }),
      p => ({ ...p, replicas: -1, autoscaling: undefined }),
      p => ({ ...p, app: p.app.toUpperCase() }),
      p => first(p, { readiness: Probe.httpGet('no-slash'), port: 8080 }),
    ], (c, p) => new GracefulDeployment(c, 'subject', p));
  });

  test('BlueGreenService', () => {
    refuses(blueGreen, [
      p => ({ ...p, [p.active]: { ...p[p.active], replicas: 0 } }),
      p => ({ ...p, blue: { image: 'shop:latest' } }),
      p => ({ ...p, container: { ...p.container, port: undefined } }),
      p => ({ ...p, colorLabelKey: p.appLabelKey ?? 'app.kubernetes.io/name' }),
      p => ({ ...p, servicePort: 0 }),
      p => ({ ...p, smokeTest: { image: 'curlimages/curl' } }),
    ], (c, p) => new BlueGreenService(c, 'subject', p));
  });

  test('AnalysisGate', () => {
    refuses(analysisGate, [
      g => ({ ...g, props: { ...g.props, onNoData: undefined as unknown as NoDataPolicy } }),
      g => ({ ...g, props: { ...g.props, minRequests: 0 } }),
      g => ({ ...g, props: { ...g.props, criteria: [] } }),
      g => ({ ...g, props: { ...g.props, failureLimit: g.props.count } }),
      g => ({ ...g, props: { ...g.props, window: Duration.seconds(59) } }),
      g => ({ ...g, props: { ...g.props, prometheusUrl: 'prometheus.monitoring.svc' } }),
      g => ({ ...g, props: { ...g.props, criteria: [Criterion.errorRate({ max: 1.5 })] } }),
      g => ({ ...g, release: 'blue-green' as const, props: { ...g.props, source: MetricSource.ingressNginx() } }),
    ], (c, g) => {
      const target = releaseFor(c, g.release);
      new AnalysisGate(c, 'subject', { ...g.props, target });
    });
  });

  test('CanaryIngress', () => {
    refuses(canary.map(g => g.props), [
      p => ({ ...p, steps: undefined, currentStep: undefined, weight: (p.weightTotal ?? 100) + 1 }),
      p => ({ ...p, weightTotal: 100 }),
      p => ({ ...p, header: { name: 'X_Canary' } }),
      p => ({ ...p, header: { name: 'X-Canary', value: 'a b' } }),
      p => ({ ...p, header: { name: 'X-Canary', pattern: '(' } }),
      p => ({ ...p, steps: undefined, currentStep: undefined, weight: 1, canaryReplicas: CanaryReplicas.fixed(0) }),
      p => ({ ...p, cookie: 'a;b' }),
      p => ({ ...p, router: Router.ingressNginx({ host: 'shop.example.com', path: 'no-slash' }) }),
      p => ({ ...p, router: Router.ingress({ host: 'shop.example.com' }) }),
    ], (c, p) => new CanaryIngress(c, 'subject', p));
  });
});
