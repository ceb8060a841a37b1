import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AnalysisGateProps, BlueGreenServiceProps, CanaryIngressProps, CanaryReplicas, Color, Comparator, ContainerOptions, Criterion,
  DisruptionBudget, GitOpsHook, GracefulContainerProps, GracefulDeploymentProps, KubernetesVersion, LatencyPercentile, MetricSource,
  NoDataPolicy, PreStop, Probe, Router,
  HttpIngressPathType, PercentOrAbsolute,
} from '../../src';

/**
 * Generators of valid props. Each returns the props together with what the test needs to know
 * to check the output (for example the longest preStop delay, which an HTTP hook does not show).
 */

const VERSIONS = Object.values(KubernetesVersion);
const NATIVE_SLEEP_FROM = VERSIONS.indexOf(KubernetesVersion.V1_30);

export const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
const tag = fc.oneof(
  fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/),
  fc.constant('2.4.1-alpine'),
  fc.stringMatching(/^[0-9a-f]{64}$/).map(h => `@sha256:${h}`),
);
export const image = fc.tuple(fc.constantFrom('app', 'registry.example.com/team/app', 'localhost:5000/app'), tag)
  .map(([repo, t]) => (t.startsWith('@') ? `${repo}${t}` : `${repo}:${t}`));

const probe = (withPort: boolean) => fc.record({
  kind: withPort ? fc.constantFrom('http', 'tcp', 'command') : fc.constant('command'),
  period: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  failureThreshold: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
}).map(p => {
  const options = { period: p.period === undefined ? undefined : Duration.seconds(p.period), failureThreshold: p.failureThreshold };
  if (p.kind === 'http') { return Probe.httpGet('/health', options); }
  if (p.kind === 'tcp') { return Probe.tcpSocket(options); }
  return Probe.command(['/bin/check'], options);
});

/** A container: its props, and its preStop delay in seconds. */
export const container = (nativeSleep: boolean, serving: boolean) => fc.record({
  port: fc.integer({ min: 1, max: 65535 }),
  readiness: probe(true),
  liveness: fc.option(probe(serving), { nil: undefined }),
  preStopKind: fc.constantFrom(...(nativeSleep ? ['default', 'exec', 'native', 'http', 'command'] : ['default', 'exec', 'http', 'command'])),
  delay: fc.integer({ min: 1, max: 60 }),
}).map(c => {
  const delay = Duration.seconds(c.delay);
  const preStop = c.preStopKind === 'exec' ? PreStop.execSleep(delay)
    : c.preStopKind === 'native' ? PreStop.nativeSleep(delay)
      : c.preStopKind === 'http' && serving ? PreStop.httpGet('/drain', { duration: delay })
        : c.preStopKind === 'command' ? PreStop.command(['/bin/drain'], delay)
          : undefined;
  const options: ContainerOptions = serving
    ? { port: c.port, readiness: c.readiness, liveness: c.liveness, preStop }
    : { liveness: c.liveness, preStop };
  return { options, delaySeconds: preStop ? c.delay : 10 };
});

/** Rollout, shutdown and budget settings, consistent with each other. */
const workload = (replicas: number, maxDelay: number) => fc.record({
  surge: fc.oneof(
    fc.integer({ min: 1, max: 5 }).map(PercentOrAbsolute.absolute),
    fc.integer({ min: 1, max: 100 }).map(PercentOrAbsolute.percent),
  ),
  minReady: fc.integer({ min: 0, max: 120 }),
  extraDeadline: fc.integer({ min: 1, max: 900 }),
  drain: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  graceExtra: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  budget: fc.constantFrom('default', 'maxUnavailable', 'minAvailable', 'none'),
  budgetCount: fc.integer({ min: 1, max: 100 }),
}).map(w => {
  let disruptionBudget: DisruptionBudget | undefined;
  if (w.budget === 'none') { disruptionBudget = DisruptionBudget.none(); }
  if (w.budget === 'maxUnavailable' && replicas >= 1) {
    disruptionBudget = DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1 + (w.budgetCount % replicas)));
  }
  if (w.budget === 'minAvailable' && replicas >= 2) {
    disruptionBudget = DisruptionBudget.minAvailable(PercentOrAbsolute.absolute(w.budgetCount % replicas));
  }
  const floor = w.drain === undefined ? maxDelay + 1 : maxDelay + w.drain;
  return {
    maxSurge: w.surge,
    minReady: Duration.seconds(w.minReady),
    progressDeadline: Duration.seconds(w.minReady + w.extraDeadline),
    drainTimeout: w.drain === undefined ? undefined : Duration.seconds(w.drain),
    terminationGracePeriod: w.graceExtra === undefined ? undefined : Duration.seconds(Math.max(floor, maxDelay + 1) + w.graceExtra),
    disruptionBudget,
  };
});

export interface GeneratedDeployment {
  readonly props: GracefulDeploymentProps;
  /** The longest preStop delay, in seconds. */
  readonly maxDelay: number;
}

export const gracefulDeployment: fc.Arbitrary<GeneratedDeployment> = fc.record({
  version: fc.integer({ min: 0, max: VERSIONS.length - 1 }),
  replicas: fc.integer({ min: 0, max: 8 }),
  app: dnsLabel,
  role: fc.option(fc.constantFrom('web', 'worker', 'api'), { nil: undefined }),
  appLabelKey: fc.option(fc.constantFrom('app', 'app.kubernetes.io/name', 'example.com/app'), { nil: undefined }),
  namespace: fc.option(dnsLabel, { nil: undefined }),
  autoscale: fc.boolean(),
}).chain(base => fc.record({
  base: fc.constant(base),
  containers: fc.array(
    fc.tuple(fc.boolean().chain(serving => container(base.version >= NATIVE_SLEEP_FROM, serving)), image),
    { minLength: 1, maxLength: 3 },
  ),
})).chain(({ base, containers }) => {
  const maxDelay = Math.max(...containers.map(([c]) => c.delaySeconds));
  return workload(base.autoscale ? 2 : base.replicas, maxDelay).map(w => {
    // Port names are unique within a pod: every serving container after the first names its own.
    const list: GracefulContainerProps[] = containers.map(([c, img], i) => ({ ...c.options, name: `c${i}`, image: img, portName: i > 0 ? `c${i}-http` : undefined }));
    const props: GracefulDeploymentProps = {
      ...w,
      app: base.app,
      role: base.role,
      appLabelKey: base.appLabelKey,
      namespace: base.namespace,
      kubernetesVersion: VERSIONS[base.version],
      replicas: base.autoscale ? undefined : base.replicas,
      autoscaling: base.autoscale ? { minReplicas: 2, maxReplicas: 6 } : undefined,
      containers: list,
    };
    return { props, maxDelay };
  });
});

const serving: ContainerOptions = { port: 8080, readiness: Probe.httpGet('/ready') };

export const blueGreen: fc.Arbitrary<BlueGreenServiceProps> = fc.record({
  app: dnsLabel,
  active: fc.constantFrom(Color.BLUE, Color.GREEN),
  replicas: fc.integer({ min: 1, max: 6 }),
  idleReplicas: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  blue: image,
  green: image,
  colorLabelKey: fc.option(fc.constantFrom('color', 'slot', 'version', 'release.example.com/colour'), { nil: undefined }),
  appLabelKey: fc.option(fc.constantFrom('app', 'app.kubernetes.io/name'), { nil: undefined }),
  namespace: fc.option(dnsLabel, { nil: undefined }),
  servicePort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  ingress: fc.option(fc.constantFrom('a.example.com', '*.example.org'), { nil: undefined }),
  // A PreSync smoke test would test the idle colour before its release rolls out: refused.
  smoke: fc.option(fc.constantFrom(...Object.values(GitOpsHook).filter(h => h !== GitOpsHook.ARGO_CD_PRE_SYNC)), { nil: undefined }),
  autoscale: fc.boolean(),
  antiAffinity: fc.boolean(),
}).map(g => {
  const idle = g.active === Color.BLUE ? 'green' : 'blue';
  return {
    app: g.app,
    active: g.active,
    replicas: g.autoscale ? undefined : g.replicas,
    autoscaling: g.autoscale ? { maxReplicas: 8 } : undefined,
    blue: { image: g.blue, replicas: idle === 'blue' ? g.idleReplicas : undefined },
    green: { image: g.green, replicas: idle === 'green' ? g.idleReplicas : undefined },
    colorLabelKey: g.colorLabelKey,
    appLabelKey: g.appLabelKey,
    namespace: g.namespace,
    servicePort: g.servicePort,
    container: serving,
    router: g.ingress ? Router.ingress({ host: g.ingress }) : undefined,
    smokeTest: g.smoke ? { image: 'curlimages/curl:8.11.1', hook: g.smoke } : undefined,
    colorAntiAffinity: g.antiAffinity,
  };
});

export interface GeneratedCanary {
  readonly props: CanaryIngressProps;
  /** The weight in force. */
  readonly weight: number;
}

export const canary: fc.Arbitrary<GeneratedCanary> = fc.record({
  app: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
  total: fc.option(fc.integer({ min: 101, max: 10000 }), { nil: undefined }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  plan: fc.option(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), { nil: undefined }),
  step: fc.nat(),
  header: fc.option(fc.record({
    name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/),
    value: fc.option(fc.stringMatching(/^[A-Za-z0-9/._~:-]{1,12}$/), { nil: undefined }),
  }), { nil: undefined }),
  cookie: fc.option(fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/), { nil: undefined }),
  sticky: fc.boolean(),
  proportional: fc.boolean(),
  replicas: fc.integer({ min: 1, max: 10 }),
  path: fc.constantFrom('/', '/api', '/shop/cart'),
  pathType: fc.constantFrom(...Object.values(HttpIngressPathType)),
  className: fc.option(fc.constantFrom('nginx', 'public', 'internal'), { nil: undefined }),
  namespace: fc.option(dnsLabel, { nil: undefined }),
  tls: fc.boolean(),
}).map(g => {
  const total = g.total ?? 100;
  const toWeight = (share: number) => Math.round(share * total);
  const steps = g.plan?.map(s => ({ weight: toWeight(s) }));
  const currentStep = steps ? g.step % (steps.length + 1) : undefined;
  const weight = steps ? (currentStep === 0 ? 0 : steps[currentStep! - 1].weight) : toWeight(g.share);
  const props: CanaryIngressProps = {
    app: g.app,
    router: Router.ingressNginx({
      host: 'shop.example.com',
      path: g.path,
      pathType: g.pathType,
      className: g.className,
      tlsSecretName: g.tls ? 'shop-tls' : undefined,
    }),
    namespace: g.namespace,
    stable: { image: 'shop:1.0.0' },
    canary: { image: 'shop:1.1.0' },
    container: serving,
    replicas: g.replicas,
    weightTotal: g.total,
    weight: steps ? undefined : weight,
    steps,
    currentStep,
    header: g.header,
    cookie: g.cookie,
    stickySessions: g.sticky ? {} : undefined,
    canaryReplicas: g.proportional ? CanaryReplicas.proportional() : CanaryReplicas.fixed(1),
  };
  return { props, weight };
});

/** A gate on a release that the same generator builds: the release kind, and the gate's own props. */
export interface GeneratedGate {
  readonly release: 'blue-green' | 'canary';
  readonly props: Omit<AnalysisGateProps, 'target'>;
}

const criterion = fc.oneof(
  fc.double({ min: 0.0001, max: 0.5, noNaN: true }).map(max => Criterion.errorRate({ max })),
  fc.tuple(fc.constantFrom(...Object.values(LatencyPercentile)), fc.integer({ min: 1, max: 10_000 }))
    .map(([percentile, ms]) => Criterion.latency({ percentile, max: Duration.millis(ms) })),
  fc.tuple(fc.double({ min: 1, max: 10, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true }))
    .map(([factor, slack]) => Criterion.relativeErrorRate({ factor, slack })),
  fc.double({ min: 0.8, max: 0.999, noNaN: true }).map(confidence => Criterion.errorRateSignificance({ confidence })),
  fc.tuple(fc.constantFrom(...Object.values(Comparator)), fc.double({ min: -1000, max: 1000, noNaN: true }))
    .map(([comparator, threshold]) => Criterion.promql({ name: 'saturation', query: 'max(rate(process_cpu_seconds_total[5m]))', comparator, threshold })),
);

export const analysisGate: fc.Arbitrary<GeneratedGate> = fc.record({
  release: fc.constantFrom('blue-green' as const, 'canary' as const),
  appMetrics: fc.boolean(),
  criteria: fc.uniqueArray(criterion, { minLength: 1, maxLength: 4, selector: c => c.name }),
  minRequests: fc.integer({ min: 1, max: 100_000 }),
  onNoData: fc.constantFrom(...Object.values(NoDataPolicy)),
  windowMinutes: fc.integer({ min: 1, max: 60 }),
  intervalSeconds: fc.integer({ min: 1, max: 600 }),
  count: fc.integer({ min: 1, max: 20 }),
  limits: fc.tuple(fc.nat(), fc.nat()),
  hook: fc.constantFrom(...Object.values(GitOpsHook)),
  outputs: fc.record({ analysisTemplate: fc.boolean(), prometheusRule: fc.boolean(), gateJob: fc.boolean() })
    .filter(o => o.analysisTemplate || o.prometheusRule || o.gateJob),
})
  // A blue-green release serves one colour at a time: it takes absolute criteria only.
  .filter(g => g.release === 'canary' || g.criteria.every(c => !['relative-error-rate', 'error-rate-significance'].includes(c.name)))
  .map(g => ({
  // ingress-nginx tells the versions apart only through a canary Ingress.
    release: g.release,
    props: {
      source: g.appMetrics || g.release === 'blue-green' ? MetricSource.application() : MetricSource.ingressNginx(),
      criteria: g.criteria,
      minRequests: g.minRequests,
      onNoData: g.onNoData,
      prometheusUrl: 'http://prometheus.monitoring.svc:9090',
      window: Duration.minutes(g.windowMinutes),
      interval: Duration.seconds(g.intervalSeconds),
      count: g.count,
      failureLimit: g.limits[0] % g.count,
      inconclusiveLimit: g.limits[1] % g.count,
      outputs: g.outputs,
      gateJob: g.outputs.gateJob ? { hook: g.hook, release: '2.8.0' } : undefined,
    },
  }));
