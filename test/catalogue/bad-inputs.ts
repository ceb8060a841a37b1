import { ApiObject, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AnalysisGate, AnalysisGateProps, BlueGreenService, BlueGreenServiceProps, CanaryIngress, CanaryIngressProps, CanaryReplicas, Color,
  Comparator, Criterion, DisruptionBudget, GitOpsHook, GracefulDeployment, GracefulDeploymentProps, IReleaseTarget, KubernetesVersion,
  GatewayApiRouteOptions, GatewayPathMatch, LatencyPercentile, Volume, ReleaseSelectors,
  MetricSource, NoDataPolicy, PreStop, Probe, Router,
  MigrationPhase, MigrationRelease, SchemaMigration, SchemaMigrationProps, SqlLint, ReleasePosition,
  EnvFieldPaths, EnvValue, PercentOrAbsolute, ServiceType, GitOpsEngine, ReleaseOrder,
} from '../../src';

/**
 * One input the library refuses at synth time: what is refused, the value the message must
 * show, and the cluster behaviour the refusal prevents.
 */
export interface BadInput {
  /** The construct that refuses it. */
  readonly construct: string;
  /** The prop the message names. */
  readonly prop: string;
  /** The received value, as the message shows it. */
  readonly received: string;
  /** What would happen in the cluster if it were written. */
  readonly prevents: string;
  /** Builds the bad input under `scope` with construct id `subject`. */
  readonly build: (scope: Construct) => void;
}

const image = 'registry.example.com/app:1.0.0';
const serving = { port: 8080, readiness: Probe.httpGet('/ready') };

const gd = (props: Partial<GracefulDeploymentProps>) => (scope: Construct) =>
  new GracefulDeployment(scope, 'subject', { app: 'app', containers: [{ image, ...serving }], ...props });
const bg = (props: Partial<BlueGreenServiceProps>) => (scope: Construct) => new BlueGreenService(scope, 'subject', {
  app: 'app', active: Color.BLUE, blue: { image }, green: { image }, container: serving, ...props,
});
const canary = (props: Partial<CanaryIngressProps>) => (scope: Construct) => new CanaryIngress(scope, 'subject', {
  app: 'app', router: Router.ingressNginx({ host: 'app.example.com' }), stable: { image }, canary: { image }, container: serving, ...props,
});
const gatewayCanary = (props: Partial<CanaryIngressProps>, route: Partial<GatewayApiRouteOptions> = {}) =>
  canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], ...route }), ...props });

/** A gate on a valid release built by `release`; only the gate's props are bad. */
const gateOn = (release: (scope: Construct) => IReleaseTarget, source: () => MetricSource) =>
  (props: Partial<AnalysisGateProps>) => (scope: Construct) => {
    new AnalysisGate(scope, 'subject', {
      target: release(scope),
      source: source(),
      criteria: [Criterion.errorRate({ max: 0.01 })],
      minRequests: 100,
      onNoData: NoDataPolicy.FAIL,
      prometheusUrl: 'http://prometheus.monitoring:9090',
      ...props,
    });
  };
const gate = gateOn(scope => new CanaryIngress(scope, 'release', {
  app: 'app', router: Router.ingressNginx({ host: 'app.example.com' }), stable: { image }, canary: { image }, container: serving, weight: 5,
}), () => MetricSource.ingressNginx());
const fullWeightGate = gateOn(scope => new CanaryIngress(scope, 'release', {
  app: 'app', router: Router.ingressNginx({ host: 'app.example.com' }), stable: { image }, canary: { image }, container: serving, weight: 100,
}), () => MetricSource.ingressNginx());
const bgGate = gateOn(scope => new BlueGreenService(scope, 'release', {
  app: 'app', active: Color.GREEN, blue: { image }, green: { image }, container: serving,
}), () => MetricSource.application());

/** A gate on Istio's metrics of a hand-written release: an IReleaseTarget that names its own Services. */
const istioGate = (selectors: Partial<ReleaseSelectors>) => gateOn(scope => {
  class HandWritten extends Construct implements IReleaseTarget {
    public readonly releaseSelectors: ReleaseSelectors = {
      app: 'app',
      appLabelKey: 'app.kubernetes.io/name',
      versionLabelKey: 'track',
      stableVersion: 'stable',
      canaryVersion: 'canary',
      stableService: 'app',
      canaryService: 'app-canary',
      ...selectors,
    };
  }
  return new HandWritten(scope, 'release');
}, () => MetricSource.istio())({});

/** A schema migration of a blue-green release (blue at 1.0.0, schema 7; green at 1.1.0, schema 8); only the migration's props are bad. */
const migration = (props: Partial<SchemaMigrationProps>, release: { blueReplicas?: number } = {}) => (scope: Construct) => {
  const checkout = new BlueGreenService(scope, 'release', {
    app: 'app', active: Color.GREEN, blue: { image, replicas: release.blueReplicas }, green: { image: 'registry.example.com/app:1.1.0' }, container: serving,
  });
  new SchemaMigration(scope, 'subject', {
    release: MigrationRelease.blueGreen(checkout),
    schemaVersions: { '1.0.0': 7, '1.1.0': 8 },
    phase: MigrationPhase.EXPAND,
    schemaVersion: 8,
    runner: { image: 'flyway/flyway:10.21.0' },
    ...props,
  });
};
/** A construct built in a chart ordered for an engine (ReleaseOrder.use on the still empty chart). */
const orderedFor = (engine: GitOpsEngine, build: (scope: Construct) => void) => (scope: Construct) => {
  ReleaseOrder.use(scope, engine);
  build(scope);
};
const contract: Partial<SchemaMigrationProps> = { phase: MigrationPhase.CONTRACT, schemaVersion: 9, removesSchema: 7 };

/** Position files of the release "app" (docs/release-automation.md), as a team would write them. */
const CANARY_FILE = { release: 'app', kind: 'canary', image: 'registry.example.com/app', steps: [5, 25, 100], stable: '1.0.0', candidate: '2.0.0', phase: 'step', step: 2 };
const BLUE_GREEN_FILE = { release: 'app', kind: 'blue-green', image: 'registry.example.com/app', active: 'blue', blue: '1.0.0', green: '2.0.0', phase: 'released' };
const positionFile = (fields: object) => ReleasePosition.fromJson(JSON.stringify(fields), 'releases/app.json');
const canaryAt = positionFile(CANARY_FILE);
const blueGreenAt = positionFile(BLUE_GREEN_FILE);
const argoAt = positionFile({ ...CANARY_FILE, engine: 'argocd' });
const shortAt = positionFile({ ...CANARY_FILE, steps: [5, 25, 50] });
const retiredAt = positionFile({ ...BLUE_GREEN_FILE, active: 'green', phase: 'retired' });
const promotedAt = positionFile({ ...CANARY_FILE, phase: 'promoted', step: 3 });
const colours = (at: ReleasePosition) => ({ blue: { image: at.blueImage! }, green: { image: at.greenImage! } });
const positioned = { position: canaryAt, stable: { image: canaryAt.stableImage! }, canary: { image: canaryAt.canaryImage! } };

const G = 'GracefulDeployment';
const N = 'AnalysisGate';
const B = 'BlueGreenService';
const C = 'CanaryIngress';
const M = 'SchemaMigration';

export const BAD_INPUTS: BadInput[] = [
  // GracefulDeployment
  { construct: G, prop: 'containers[0].readiness', received: 'nothing', prevents: 'pods receive requests before they can serve them, and until the kubelet kills them', build: gd({ containers: [{ image, port: 8080 }] }) },
  { construct: G, prop: 'terminationGracePeriod', received: 'Duration of 10s', prevents: 'SIGKILL arrives while the preStop delay is still running: in-flight requests are cut', build: gd({ terminationGracePeriod: Duration.seconds(10) }) },
  { construct: G, prop: 'terminationGracePeriod', received: 'Duration of 20s', prevents: 'SIGKILL arrives before the application has drained for the drainTimeout it asked for', build: gd({ terminationGracePeriod: Duration.seconds(20), drainTimeout: Duration.seconds(30) }) },
  { construct: G, prop: 'maxSurge', received: '0', prevents: 'with maxUnavailable 0 the rollout can never start a new pod: it hangs until the progress deadline', build: gd({ maxSurge: PercentOrAbsolute.absolute(0) }) },
  { construct: G, prop: 'maxSurge', received: '"0%"', prevents: 'the same as a zero surge: no rollout progress', build: gd({ maxSurge: PercentOrAbsolute.percent(0) }) },
  { construct: G, prop: 'progressDeadline', received: '1m with minReady 1m', prevents: 'every rollout is reported as failed before a pod can count as available', build: gd({ minReady: Duration.minutes(1), progressDeadline: Duration.minutes(1) }) },
  { construct: G, prop: 'containers[0].image', received: '"app:latest"', prevents: 'the cluster runs a different build under an unchanged manifest; rollbacks cannot restore the old one', build: gd({ containers: [{ image: 'app:latest', ...serving }] }) },
  { construct: G, prop: 'containers[0].image', received: '"registry.example.com:5000/app"', prevents: 'an untagged image means latest: the same as above', build: gd({ containers: [{ image: 'registry.example.com:5000/app', ...serving }] }) },
  { construct: G, prop: 'containers[0].image', received: '""', prevents: 'the API server rejects a container without an image', build: gd({ containers: [{ image: '', ...serving }] }) },
  { construct: G, prop: 'containers[0].preStop', received: 'PreStop.nativeSleep(10s) with kubernetesVersion 1.28', prevents: 'API servers before 1.30 reject (or drop) the sleep action, so the delay vanishes', build: gd({ kubernetesVersion: KubernetesVersion.V1_28, containers: [{ image, ...serving, preStop: PreStop.nativeSleep() }] }) },
  { construct: G, prop: 'containers[0].preStop', received: 'Duration of 0s', prevents: 'no delay: the pod stops serving while load balancers still send it requests', build: gd({ containers: [{ image, ...serving, preStop: PreStop.execSleep(Duration.seconds(0)) }] }) },
  { construct: G, prop: 'containers[0].preStop', received: 'Duration of 1.5s', prevents: 'sleep durations are whole seconds in the API', build: gd({ containers: [{ image, ...serving, preStop: PreStop.execSleep(Duration.millis(1500)) }] }) },
  { construct: G, prop: 'containers[0].preStop path', received: '"drain"', prevents: 'the kubelet calls an invalid URL, the hook fails and the delay vanishes', build: gd({ containers: [{ image, ...serving, preStop: PreStop.httpGet('drain', { duration: Duration.seconds(5) }) }] }) },
  { construct: G, prop: 'disruptionBudget', received: 'DisruptionBudget.maxUnavailable(0) with 2 replica(s)', prevents: 'node drains and cluster upgrades block forever', build: gd({ disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(0)) }) },
  { construct: G, prop: 'disruptionBudget', received: 'DisruptionBudget.minAvailable(2) with 2 replica(s)', prevents: 'node drains block forever: no pod may ever be evicted', build: gd({ disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.absolute(2)) }) },
  { construct: G, prop: 'disruptionBudget', received: 'DisruptionBudget.minAvailable("100%") with 3 replica(s)', prevents: 'the same, with a percentage', build: gd({ replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.percent(100)) }) },
  { construct: G, prop: 'app', received: '"Checkout_API"', prevents: 'the API server rejects the name and the label selector', build: gd({ app: 'Checkout_API' }) },
  { construct: G, prop: 'namespace', received: '"Prod"', prevents: 'the API server rejects an invalid namespace name', build: gd({ namespace: 'Prod' }) },
  { construct: G, prop: 'podLabels["app.kubernetes.io/name"]', received: '"other"', prevents: 'the selector would match no pod of its own template; the API server rejects the Deployment', build: gd({ podLabels: { 'app.kubernetes.io/name': 'other' } }) },
  { construct: G, prop: 'selector label "tier"', received: '"web tier"', prevents: 'the API server rejects invalid label values', build: gd({ selectorLabels: { tier: 'web tier' } }) },
  { construct: G, prop: 'containers', received: '[]', prevents: 'the API server rejects a pod without containers', build: gd({ containers: [] }) },
  { construct: G, prop: 'containers[1].name', received: '"app"', prevents: 'the API server rejects two containers with one name', build: gd({ containers: [{ image, ...serving }, { image, name: 'app' }] }) },
  { construct: G, prop: 'replicas', received: '-1', prevents: 'the API server rejects a negative replica count', build: gd({ replicas: -1 }) },
  { construct: G, prop: 'replicas', received: '3', prevents: 'every GitOps sync resets the replica count the autoscaler chose', build: gd({ replicas: 3, autoscaling: { maxReplicas: 6 } }) },
  { construct: G, prop: 'autoscaling.maxReplicas', received: '1', prevents: 'the API server rejects an autoscaler whose maximum is below its minimum', build: gd({ autoscaling: { minReplicas: 2, maxReplicas: 1 } }) },
  { construct: G, prop: 'containers[0].liveness.successThreshold', received: '2', prevents: 'the API server rejects liveness probes with a success threshold other than 1', build: gd({ containers: [{ image, ...serving, liveness: Probe.httpGet('/healthz', { successThreshold: 2 }) }] }) },
  { construct: G, prop: 'containers[0].env["TEAM"]', received: 'EnvValue.fromFieldRef(EnvFieldPaths.POD_LABEL) without a key', prevents: 'the API server takes metadata.labels in an environment variable only with a key: the pod template is refused and the sync fails', build: gd({ containers: [{ image, ...serving, env: { TEAM: EnvValue.fromFieldRef(EnvFieldPaths.POD_LABEL) } }] }) },
  { construct: G, prop: 'containers[0].env["URL"]', received: '"http://$(HOST)/"', prevents: 'the kubelet expands only variables defined earlier: the application reads the literal "$(HOST)"', build: gd({ containers: [{ image, ...serving, env: { URL: EnvValue.fromValue('http://$(HOST)/'), HOST: EnvValue.fromValue('db') } }] }) },
  { construct: G, prop: 'containers[0].resources', received: 'no cpu request on container "app"', prevents: 'the autoscaler has no CPU metric (FailedGetResourceMetric) and never scales', build: gd({ autoscaling: { maxReplicas: 4 }, containers: [{ image, ...serving, resources: { memory: { request: Size.mebibytes(64) } } }] }) },
  { construct: G, prop: 'role', received: 'selector {"app.kubernetes.io/name":"app","app.kubernetes.io/component":"legacy"} beside Deployment app (catalogue/plain) with {"app.kubernetes.io/name":"app"}', prevents: 'two Deployments fight over pods, and pods under two PodDisruptionBudgets block every node drain', build: scope => { new GracefulDeployment(scope, 'plain', { app: 'app', containers: [{ image, ...serving }] }); gd({ role: 'legacy' })(scope); } },
  { construct: G, prop: 'initContainers[0].port', received: 'port', prevents: 'the API server rejects ports and probes on init containers', build: gd({ initContainers: [{ image, port: 8080 }] }) },
  { construct: G, prop: 'terminationGracePeriod', received: 'Duration of 24s', prevents: 'before 1.29 the sidecar is killed while it waits for the app to drain: the proxy disappears under in-flight requests', build: gd({ kubernetesVersion: KubernetesVersion.V1_28, terminationGracePeriod: Duration.seconds(24), sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2' }] }) },
  { construct: G, prop: 'rolloutOnChangeOf[0]', received: 'Service x', prevents: 'a digest of an object pods do not read: rollouts on unrelated changes', build: scope => gd({ rolloutOnChangeOf: [new ApiObject(scope, 'x', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } })] })(scope) },
  { construct: G, prop: 'service', received: 'a Service', prevents: 'a Service with no port to send to selects pods that serve nothing', build: gd({ service: {}, containers: [{ image }] }) },
  { construct: G, prop: 'router', received: 'a router without a Service', prevents: 'an Ingress needs a Service to send to: without one, every request through it fails', build: gd({ router: Router.ingress({ host: 'app.example.com' }) }) },
  { construct: G, prop: 'podSecurity.user', received: '0', prevents: 'the kubelet refuses a root user under runAsNonRoot: no pod starts (CreateContainerConfigError)', build: gd({ podSecurity: { user: 0 } }) },
  { construct: G, prop: 'containers[0].mounts[0].path', received: '"cache"', prevents: 'the API server rejects a relative mount path', build: gd({ containers: [{ image, ...serving, mounts: [{ volume: Volume.emptyDir('cache'), path: 'cache' }] }] }) },
  { construct: G, prop: 'containers[0].writableTmp', received: '"tmp"', prevents: 'two volumes under one name: the API server rejects the pod', build: gd({ containers: [{ image, ...serving, mounts: [{ volume: Volume.configMap('tmp', 'settings'), path: '/etc/settings' }] }] }) },
  { construct: G, prop: 'containers[0].envFrom[0]', received: '{"configMap":"a","secret":"b"}', prevents: 'an entry with both sources is rejected by the API server', build: gd({ containers: [{ image, ...serving, envFrom: [{ configMap: 'a', secret: 'b' }] }] }) },
  { construct: G, prop: 'labels["app.kubernetes.io/name"]', received: '"other"', prevents: 'object labels that contradict the selector mislead every tool that reads them', build: gd({ labels: { 'app.kubernetes.io/name': 'other' } }) },
  { construct: G, prop: 'containers[0].readiness path', received: '"ready"', prevents: 'the probe never passes, so the pod never becomes ready and the rollout hangs', build: gd({ containers: [{ image, port: 8080, readiness: Probe.httpGet('ready') }] }) },
  { construct: G, prop: 'containers[0].liveness port', received: 'nothing', prevents: 'the API server rejects an HTTP or TCP probe without a port', build: gd({ containers: [{ image, liveness: Probe.tcpSocket() }] }) },

  // BlueGreenService
  { construct: B, prop: 'blue.replicas', received: '0', prevents: 'the active Service selects no pod: every request fails', build: bg({ blue: { image, replicas: 0 } }) },
  { construct: B, prop: 'green.image', received: '""', prevents: 'a colour without an image cannot run', build: bg({ green: { image: '' } }) },
  { construct: B, prop: 'blue.image', received: '"app:latest"', prevents: 'a flip back may not return to the build that ran before', build: bg({ blue: { image: 'app:latest' } }) },
  { construct: B, prop: 'active', received: '"purple"', prevents: 'the Service would select no colour', build: bg({ active: 'purple' as Color }) },
  { construct: B, prop: 'container.port', received: 'nothing', prevents: 'the Services would have no port to send traffic to', build: bg({ container: {} }) },
  { construct: B, prop: 'colorLabelKey', received: '"app.kubernetes.io/name"', prevents: 'the colour would overwrite the app label and both colours would share a selector', build: bg({ colorLabelKey: 'app.kubernetes.io/name' }) },
  { construct: B, prop: 'previewServiceName', received: '"app"', prevents: 'the preview Service would replace the active one', build: bg({ serviceName: 'app', previewServiceName: 'app' }) },
  { construct: B, prop: 'serviceType', received: '"ExternalName"', prevents: 'an ExternalName Service has no selector and cannot flip', build: bg({ serviceType: ServiceType.EXTERNAL_NAME }) },
  { construct: B, prop: 'servicePort', received: '70000', prevents: 'the API server rejects the port', build: bg({ servicePort: 70000 }) },
  { construct: B, prop: 'router.host', received: '"Shop Example"', prevents: 'the API server rejects the host', build: bg({ router: Router.ingress({ host: 'Shop Example' }) }) },
  { construct: B, prop: 'smokeTest.image', received: '"curlimages/curl"', prevents: 'the smoke test changes under an unchanged manifest', build: bg({ smokeTest: { image: 'curlimages/curl' } }) },
  // Refusals of the shared pod spec name the prop as written on the release, at the release's path.
  { construct: B, prop: 'container.readiness', received: 'nothing', prevents: 'both colours receive requests before they can serve them', build: bg({ container: { port: 8080 } }) },
  { construct: B, prop: 'container.preStop', received: 'PreStop.nativeSleep(10s) with kubernetesVersion 1.28', prevents: 'the 1.28 API server rejects the sleep action: the sync fails', build: bg({ kubernetesVersion: KubernetesVersion.V1_28, container: { ...serving, preStop: PreStop.nativeSleep() } }) },
  { construct: B, prop: 'container.name', received: '"Web"', prevents: 'the API server rejects a container name with capitals', build: bg({ container: { ...serving, name: 'Web' } }) },
  { construct: B, prop: 'green.replicas', received: '-1', prevents: 'the API server rejects a negative replica count', build: bg({ green: { image, replicas: -1 } }) },
  { construct: B, prop: 'terminationGracePeriod', received: 'Duration of 5s', prevents: 'SIGKILL arrives during the preStop delay of both colours', build: bg({ terminationGracePeriod: Duration.seconds(5) }) },
  { construct: B, prop: 'app', received: '"Checkout"', prevents: 'the API server rejects Deployment and Service names with capitals', build: bg({ app: 'Checkout' }) },
  { construct: B, prop: 'app', received: '"checkout-payments-reconciliation-service-x"', prevents: 'the smoke-test Job\'s name would not fit the 63-character job-name label of its pods', build: bg({ app: 'checkout-payments-reconciliation-service-x', smokeTest: { image: 'curlimages/curl:8.11.1' } }) },
  { construct: B, prop: 'smokeTest.env["TEAM"]', received: 'EnvValue.fromFieldRef(EnvFieldPaths.POD_LABEL) without a key', prevents: 'the API server refuses the smoke-test Job\'s pod template: the sync fails before the flip can be tested', build: bg({ smokeTest: { image: 'curlimages/curl:8.11.1', env: { TEAM: EnvValue.fromFieldRef(EnvFieldPaths.POD_LABEL) } } }) },
  { construct: B, prop: 'smokeTest.user', received: '0', prevents: 'the kubelet refuses to start a root container under runAsNonRoot: the smoke test never runs', build: bg({ smokeTest: { image: 'curlimages/curl:8.11.1', user: 0 } }) },
  { construct: B, prop: 'smokeTest.backoffLimit', received: '100', prevents: 'a failing hook Job retries for hours and holds the sync', build: bg({ smokeTest: { image: 'curlimages/curl:8.11.1', backoffLimit: 100 } }) },

  // CanaryIngress
  { construct: C, prop: 'weight', received: '101', prevents: 'ingress-nginx reads an invalid weight as 0 (or sends everything)', build: canary({ weight: 101 }) },
  { construct: C, prop: 'weight', received: '0.5', prevents: 'ingress-nginx reads a fractional weight as 0: the canary silently gets nothing', build: canary({ weight: 0.5 }) },
  { construct: C, prop: 'weightTotal', received: '100', prevents: 'ingress-nginx ignores totals of 100 or less', build: canary({ weightTotal: 100 }) },
  { construct: C, prop: 'weightTotal', received: '10', prevents: 'with total 10 and weight 5 the canary gets 5 %, not 50 %', build: canary({ weightTotal: 10, weight: 5 }) },
  { construct: C, prop: 'header.name', received: '"X_Canary"', prevents: 'nginx drops headers with "_" and the controller drops the annotation: no header routing', build: canary({ header: { name: 'X_Canary' } }) },
  { construct: C, prop: 'header.value', received: '"a=b"', prevents: 'the controller drops the value: no header routing, with only a log line', build: canary({ header: { name: 'X-Canary', value: 'a=b' } }) },
  { construct: C, prop: 'header.pattern', received: '"^(beta"', prevents: 'a regex error sends every header request to stable', build: canary({ header: { name: 'X-Canary', pattern: '^(beta' } }) },
  { construct: C, prop: 'header.pattern', received: '"y.*"', prevents: 'the controller ignores a pattern given with a value', build: canary({ header: { name: 'X-Canary', value: 'yes', pattern: 'y.*' } }) },
  { construct: C, prop: 'cookie', received: '"canary cookie"', prevents: 'the controller drops the cookie annotation', build: canary({ cookie: 'canary cookie' }) },
  { construct: C, prop: 'canaryReplicas', received: '0 pods with weight 10', prevents: 'requests routed to the canary find no pods and fail', build: canary({ weight: 10, canaryReplicas: CanaryReplicas.fixed(0) }) },
  { construct: C, prop: 'currentStep', received: '2', prevents: 'a step that does not exist in the plan', build: canary({ steps: [{ weight: 5 }], currentStep: 2 }) },
  { construct: C, prop: 'weight', received: '5', prevents: 'two sources for one weight: which one is in force would be unclear in review', build: canary({ steps: [{ weight: 5 }], currentStep: 1, weight: 5 }) },
  { construct: C, prop: 'router', received: 'Router.ingress(...)', prevents: 'a plain Ingress has no way to give the canary a share: it would get all of the requests or none', build: canary({ router: Router.ingress({ host: 'app.example.com' }) }) },
  { construct: C, prop: 'router', received: '{"host":"app.example.com"}', prevents: 'options without Router.ingressNginx(...) are no route at all: in JavaScript they would reach the construct unchecked', build: canary({ router: { host: 'app.example.com' } as unknown as Router }) },
  { construct: C, prop: 'host', received: '"app.example.com"', prevents: 'a prop of the version before routers, kept by a JavaScript app, would be ignored', build: canary({ host: 'app.example.com' } as Partial<CanaryIngressProps>) },
  { construct: B, prop: 'ingress', received: '{"host":"shop.example.com"}', prevents: 'a blue-green route of the version before routers would be ignored, and the next sync would delete the Ingress', build: bg({ ingress: { host: 'shop.example.com' } } as Partial<BlueGreenServiceProps>) },
  { construct: B, prop: 'router', received: 'the Router already given to catalogue/first/subject', prevents: 'two Ingresses for one host and path: the controller serves one of them', build: scope => { const router = Router.ingress({ host: 'shop.example.com' }); bg({ router })(new Construct(scope, 'first')); bg({ router })(scope); } },
  { construct: C, prop: 'router.annotations["nginx.ingress.kubernetes.io/canary"]', received: '"false"', prevents: 'a canary annotation on the main Ingress confuses the controller and its admission webhook', build: canary({ router: Router.ingressNginx({ host: 'app.example.com', annotations: { 'nginx.ingress.kubernetes.io/canary': 'false' } }) }) },
  { construct: C, prop: 'router.path', received: '"api"', prevents: 'the API server rejects an Ingress path without "/"', build: canary({ router: Router.ingressNginx({ host: 'app.example.com', path: 'api' }) }) },
  { construct: C, prop: 'router.canaryName', received: '"app"', prevents: 'one Ingress cannot be both the main and the canary Ingress: the canary would replace the route users take', build: canary({ router: Router.ingressNginx({ host: 'app.example.com', canaryName: 'app' }) }) },
  // Router.gatewayApi: what the HTTPRoute/GRPCRoute CRDs (v1.2.1, v1.6.1 standard) and their CEL rules reject, or what fails under Gateway API semantics.
  { construct: G, prop: 'router.parentRefs', received: 'nothing', prevents: 'a route no Gateway accepts is served by nothing: every request to its host gets 404', build: gd({ service: {}, router: Router.gatewayApi({ hostnames: ['app.example.com'] }) }) },
  { construct: C, prop: 'router.parentRefs', received: '[{"name":"public"}]', prevents: 'a route attached to both a Gateway and a Service: one mesh splits both, another ignores the route', build: canary({ router: Router.gatewayApi({ mesh: true, parentRefs: [{ name: 'public' }] }) }) },
  { construct: C, prop: 'router.parentRefs', received: '33 parents', prevents: 'the API server rejects more than 32 parentRefs', build: canary({ router: Router.gatewayApi({ parentRefs: Array.from({ length: 33 }, (_, i) => ({ name: `gw${i}` })) }) }) },
  { construct: C, prop: 'router.parentRefs[0].name', received: '""', prevents: 'the API server rejects a parentRef without a name', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: '' }] }) }) },
  { construct: C, prop: 'router.parentRefs[0].namespace', received: '"Gateway"', prevents: 'the API server rejects the namespace', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public', namespace: 'Gateway' }] }) }) },
  { construct: C, prop: 'router.parentRefs[0].sectionName', received: '"HTTPS"', prevents: 'the API server rejects the listener name', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public', sectionName: 'HTTPS' }] }) }) },
  { construct: C, prop: 'router.hostnames', received: '["app.example.com"]', prevents: 'a mesh route matches the Service callers address: GAMMA meshes ignore or reject hostnames', build: canary({ router: Router.gatewayApi({ mesh: true, hostnames: ['app.example.com'] }) }) },
  { construct: C, prop: 'router.hostnames', received: '[]', prevents: 'the API server rejects an empty hostnames list', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], hostnames: [] }) }) },
  { construct: C, prop: 'router.hostnames[0]', received: '"App.example.com"', prevents: 'the API server rejects the host name', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], hostnames: ['App.example.com'] }) }) },
  { construct: C, prop: 'router.path', received: '"/a/../b"', prevents: 'the HTTPRoute CEL rules reject the path', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], path: '/a/../b' }) }) },
  { construct: C, prop: 'router.path', received: '"/api"', prevents: 'a GRPCRoute has no path match: the option would be ignored', build: canary({ router: Router.gatewayApiGrpc({ parentRefs: [{ name: 'public' }], path: '/api' }) }) },
  { construct: C, prop: 'router.name', received: '"App"', prevents: 'the API server rejects the route name', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], name: 'App' }) }) },
  { construct: C, prop: 'router.urlRewrite.replaceFullPath', received: '"/v2"', prevents: 'the API server rejects a rewrite with both path replacements', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], urlRewrite: { replacePrefixMatch: '/', replaceFullPath: '/v2' } }) }) },
  { construct: C, prop: 'router.urlRewrite.replacePrefixMatch', received: '"/"', prevents: 'the HTTPRoute CEL rules reject a prefix rewrite on an Exact match', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], pathMatch: GatewayPathMatch.EXACT, urlRewrite: { replacePrefixMatch: '/' } }) }) },
  { construct: C, prop: 'router.urlRewrite.hostname', received: '"*.example.com"', prevents: 'the API server rejects a wildcard as the rewritten host', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], urlRewrite: { hostname: '*.example.com' } }) }) },
  { construct: C, prop: 'router.redirects[0].path', received: '"old"', prevents: 'the API server rejects a path without "/"', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], redirects: [{ path: 'old' }] }) }) },
  { construct: C, prop: 'router.redirects[0].path', received: '"/"', prevents: 'a redirect of the route\'s own path takes every request: none reaches the app', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], redirects: [{ path: '/', scheme: 'https' }] }) }) },
  { construct: C, prop: 'router.redirects[0].scheme', received: '"ftp"', prevents: 'the API server rejects the scheme', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], redirects: [{ path: '/old', scheme: 'ftp' }] }) }) },
  { construct: C, prop: 'router.redirects[0].statusCode', received: '308', prevents: 'the API server rejects status codes other than 301 and 302', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], redirects: [{ path: '/old', statusCode: 308 }] }) }) },
  { construct: C, prop: 'router.requestHeaders', received: '{"add":{"X-A":"1"},"remove":["x-a"]}', prevents: 'the API server rejects a header named twice in one filter', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], requestHeaders: { add: { 'X-A': '1' }, remove: ['x-a'] } }) }) },
  { construct: C, prop: 'router.requestHeaders.set["X A"]', received: '"X A"', prevents: 'the API server rejects the header name', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], requestHeaders: { set: { 'X A': '1' } } }) }) },
  { construct: C, prop: 'router.responseHeaders.set["X-A"]', received: '""', prevents: 'the API server rejects an empty header value', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], responseHeaders: { set: { 'X-A': '' } } }) }) },
  { construct: C, prop: 'router.timeouts.request', received: 'Duration of 100000s', prevents: 'the API server rejects a Gateway API duration with more than 5 digits', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], timeouts: { request: Duration.seconds(100000) } }) }) },
  { construct: C, prop: 'router.timeouts.backendRequest', received: 'Duration of 1m', prevents: 'the HTTPRoute CEL rules reject a backend timeout longer than the request timeout', build: canary({ router: Router.gatewayApi({ parentRefs: [{ name: 'public' }], timeouts: { request: Duration.seconds(10), backendRequest: Duration.minutes(1) } }) }) },
  { construct: C, prop: 'weightTotal', received: '2000000', prevents: 'the API server rejects backendRef weights above 1,000,000', build: gatewayCanary({ weightTotal: 2000000 }) },
  { construct: C, prop: 'cookie', received: '"canary"', prevents: 'Gateway API has no cookie match: the cookie would be ignored and testers would get the weight', build: gatewayCanary({ cookie: 'canary' }) },
  { construct: C, prop: 'stickySessions', received: '{}', prevents: 'session persistence is experimental: the standard route would split every request on its own', build: gatewayCanary({ stickySessions: {} }) },
  { construct: C, prop: 'header.pattern', received: '"^beta$"', prevents: 'a RegularExpression header match is implementation-specific: its syntax and anchoring differ between Gateways', build: gatewayCanary({ header: { name: 'X-Canary', pattern: '^beta$' } }) },
  { construct: C, prop: 'header.pattern', received: '""', prevents: 'the API server rejects an empty header pattern', build: gatewayCanary({ header: { name: 'X-Canary', pattern: '' } }, { implementationSpecificRegex: true }) },
  { construct: C, prop: 'header.value', received: 'nothing', prevents: 'Gateway API has no "always"/"never": a header without a value cannot be matched', build: gatewayCanary({ header: { name: 'X-Canary' } }) },
  { construct: C, prop: 'header.value', received: '""', prevents: 'the API server rejects an empty header value', build: gatewayCanary({ header: { name: 'X-Canary', value: '' } }) },
  { construct: C, prop: 'header.name', received: '"X Canary"', prevents: 'the API server rejects the header name', build: gatewayCanary({ header: { name: 'X Canary', value: 'always' } }) },
  { construct: B, prop: 'serviceName', received: '"a-service-name-that-fits-alone-but-not-with-green-after-it"', prevents: 'the colour Services a Gateway API route flips between would have invalid names', build: bg({ serviceName: 'a-service-name-that-fits-alone-but-not-with-green-after-it', router: Router.gatewayApi({ parentRefs: [{ name: 'public' }] }) }) },
  { construct: B, prop: 'previewServiceName', received: '"app-green"', prevents: 'a preview Service with the green colour\'s Service name: one object, whose selector the last one applied decides', build: bg({ previewServiceName: 'app-green', smokeTest: { image: 'curlimages/curl:8.11.1' }, router: Router.gatewayApi({ parentRefs: [{ name: 'public' }] }) }) },
  { construct: B, prop: 'inClusterService', received: 'false', prevents: 'the Ingress would send users to a Service that is not written: every request fails', build: bg({ inClusterService: false, router: Router.ingress({ host: 'app.example.com' }) }) },
  { construct: B, prop: 'serviceType', received: '"LoadBalancer"', prevents: 'a load balancer asked for on a Service a Gateway API release does not write: its callers would lose it without a word', build: bg({ serviceType: ServiceType.LOAD_BALANCER, router: Router.gatewayApi({ parentRefs: [{ name: 'public' }] }) }) },
  { construct: B, prop: 'previewServiceName', received: '"app-next"', prevents: 'a name for a preview Service a Gateway API release without a smoke test does not write', build: bg({ previewServiceName: 'app-next', router: Router.gatewayApi({ parentRefs: [{ name: 'public' }] }) }) },
  { construct: C, prop: 'canary.image', received: '"app:latest"', prevents: 'the canary changes under an unchanged manifest', build: canary({ canary: { image: 'app:latest' } }) },
  { construct: C, prop: 'stable.image', received: '""', prevents: 'the stable track without an image cannot run', build: canary({ stable: { image: '' } }) },
  { construct: C, prop: 'container.readiness', received: 'nothing', prevents: 'both tracks receive requests before they can serve them', build: canary({ container: { port: 8080 } }) },
  { construct: C, prop: 'container.liveness.successThreshold', received: '2', prevents: 'the API server rejects liveness probes with a success threshold other than 1', build: canary({ container: { ...serving, liveness: Probe.httpGet('/healthz', { successThreshold: 2 }) } }) },
  { construct: C, prop: 'maxSurge', received: '0', prevents: 'with maxUnavailable 0 a rollout of either track can never progress', build: canary({ maxSurge: PercentOrAbsolute.absolute(0) }) },
  { construct: C, prop: 'names.canaryService', received: '"app"', prevents: 'ingress-nginx takes a canary only for a different Service than the main one: the canary would be ignored', build: canary({ names: { canaryService: 'app' } }) },
  { construct: C, prop: 'sizeForWeight', received: '10', prevents: 'a canary sized for less traffic than its weight sends: its pods overload', build: canary({ weight: 25, sizeForWeight: 10, canaryReplicas: CanaryReplicas.proportional() }) },
  { construct: C, prop: 'stickySessions.maxAge', received: 'Duration of 0s', prevents: 'a cookie that expires at once gives no affinity', build: canary({ stickySessions: { maxAge: Duration.seconds(0) } }) },
  { construct: G, prop: 'containers[0].preStop', received: 'PreStop.nativeSleep(15s) with kubernetesVersion 1.29', prevents: 'the sleep action is alpha and off by default in 1.29', build: gd({ kubernetesVersion: KubernetesVersion.V1_29, containers: [{ image, ...serving, preStop: PreStop.nativeSleep(Duration.seconds(15)) }] }) },

  // AnalysisGate
  { construct: N, prop: 'onNoData', received: 'nothing', prevents: 'a silent default verdict when the new version gets no traffic: the most common wrong verdict of analysis tools', build: gate({ onNoData: undefined as unknown as NoDataPolicy }) },
  { construct: N, prop: 'minRequests', received: '0', prevents: 'a verdict from a handful of requests: one error in three requests fails, none in three passes', build: gate({ minRequests: 0 }) },
  { construct: N, prop: 'criteria', received: '[]', prevents: 'a gate that passes everything', build: gate({ criteria: [] }) },
  { construct: N, prop: 'criteria[0].max', received: '5', prevents: 'a 500 % error-rate limit (a percentage written as a fraction): the gate never fails', build: gate({ criteria: [Criterion.errorRate({ max: 5 })] }) },
  { construct: N, prop: 'criteria[0].factor', received: '0.5', prevents: 'a canary exactly as good as stable would fail', build: gate({ criteria: [Criterion.relativeErrorRate({ factor: 0.5, slack: 0 })] }) },
  { construct: N, prop: 'criteria[0].max', received: 'Duration of 0s', prevents: 'a latency limit no request can meet', build: gate({ criteria: [Criterion.latency({ percentile: LatencyPercentile.P99, max: Duration.millis(0) })] }) },
  { construct: N, prop: 'criteria[0].query', received: '"sum(rate(x[5m])"', prevents: 'a query Prometheus rejects: every measurement errors', build: gate({ criteria: [Criterion.promql({ name: 'custom', query: 'sum(rate(x[5m])', comparator: Comparator.LESS_THAN, threshold: 1 })] }) },
  { construct: N, prop: 'prometheusUrl', received: '"prometheus:9090"', prevents: 'a URL without a scheme: every query fails', build: gate({ prometheusUrl: 'prometheus:9090' }) },
  { construct: N, prop: 'window', received: 'Duration of 30s', prevents: 'rate() over fewer than two scrapes returns nothing: no data instead of a measurement', build: gate({ window: Duration.seconds(30) }) },
  { construct: N, prop: 'failureLimit', received: '3', prevents: 'with 3 measurements and 3 tolerated failures the gate can never fail', build: gate({ count: 3, failureLimit: 3 }) },
  { construct: N, prop: 'gateJob.image', received: '"node:latest"', prevents: 'the gate program runs on whatever node the tag points to today', build: gate({ gateJob: { image: 'node:latest' } }) },
  { construct: N, prop: 'gateJob.activeDeadline', received: 'Duration of 2m', prevents: 'Kubernetes stops the gate before its last measurement: a release fails for lack of time', build: gate({ gateJob: { activeDeadline: Duration.minutes(2) } }) },
  { construct: N, prop: 'criteria[0]', received: 'Criterion.relativeErrorRate()', prevents: 'on blue-green the other colour has no users\' traffic: the comparison is with nothing, or with the old version', build: bgGate({ criteria: [Criterion.relativeErrorRate({ factor: 2, slack: 0.005 })] }) },
  { construct: N, prop: 'criteria[0].confidence', received: '95', prevents: 'a percentage written as a fraction: no confidence level, the test cannot be computed', build: gate({ criteria: [Criterion.errorRateSignificance({ confidence: 95 })] }) },
  { construct: N, prop: 'criteria[0]', received: 'Criterion.errorRateSignificance()', prevents: 'on blue-green the other colour has no users\' traffic: there is no second sample to test against', build: bgGate({ criteria: [Criterion.errorRateSignificance({ confidence: 0.95 })] }) },
  { construct: N, prop: 'gateJob.user', received: '0', prevents: 'the kubelet refuses to start a root container under runAsNonRoot: the gate never gives a verdict', build: gate({ gateJob: { user: 0 } }) },
  { construct: N, prop: 'gateJob.release', received: 'nothing', prevents: 'Flux never reruns an unchanged Job: a gate that passed once passes every later release', build: gate({ gateJob: { hook: GitOpsHook.FLUX } }) },

  // SchemaMigration
  { construct: M, prop: 'release', received: 'nothing', prevents: 'a migration that knows no release cannot tell which running version it breaks', build: migration({ release: undefined as unknown as MigrationRelease }) },
  { construct: M, prop: 'phase', received: '"shrink"', prevents: 'neither an expand nor a contract: nothing says whether it may run while the old version serves', build: migration({ phase: 'shrink' as MigrationPhase }) },
  { construct: M, prop: 'schemaVersion', received: '0', prevents: 'a schema version the migration tools do not number: the runner\'s target is meaningless', build: migration({ schemaVersion: 0 }) },
  { construct: M, prop: 'removesSchema', received: '7', prevents: 'an expand that says it removes a shape is a contract run before the old version is gone', build: migration({ removesSchema: 7 }) },
  { construct: M, prop: 'removesSchema', received: 'nothing', prevents: 'a contract that does not say what it breaks cannot be held back until the old version is gone', build: migration({ ...contract, removesSchema: undefined }, { blueReplicas: 0 }) },
  { construct: M, prop: 'schemaVersions', received: '{}', prevents: 'no version says which schema it reads: any migration could break any of them', build: migration({ schemaVersions: {} }) },
  { construct: M, prop: 'schemaVersions', received: 'key "1.0.0 "', prevents: 'a key that matches no image: the version it meant counts as unknown', build: migration({ schemaVersions: { '1.0.0 ': 7, '1.1.0': 8 } }) },
  { construct: M, prop: 'schemaVersions["1.1.0"]', received: '-1', prevents: 'a schema version that no migration tool numbers', build: migration({ schemaVersions: { '1.0.0': 7, '1.1.0': -1 } }) },
  { construct: M, prop: 'schemaVersions', received: 'no entry for "registry.example.com/app:1.1.0", which green runs', prevents: 'a running version whose schema is unknown may read exactly what the migration removes', build: migration({ schemaVersions: { '1.0.0': 7 } }) },
  { construct: M, prop: 'schemaVersion', received: '7', prevents: 'the new version serves against a database without the columns it reads: its requests fail', build: migration({ schemaVersion: 7 }) },
  { construct: M, prop: 'phase', received: 'MigrationPhase.CONTRACT removing schema 7 while blue runs registry.example.com/app:1.0.0', prevents: 'the old colour, kept warm for a rollback, loses the columns it reads: its requests fail, and a rollback lands on a broken version', build: migration(contract) },
  {
    construct: M,
    prop: 'phase',
    received: 'MigrationPhase.CONTRACT removing schema 7 while the stable track runs registry.example.com/app:1.0.0',
    prevents: 'mid-canary, the users on the stable track lose the columns their version reads',
    build: scope => {
      const release = new CanaryIngress(scope, 'release', {
        app: 'app', router: Router.ingressNginx({ host: 'app.example.com' }), stable: { image }, canary: { image: 'registry.example.com/app:1.1.0' }, container: serving, weight: 10,
      });
      new SchemaMigration(scope, 'subject', {
        release: MigrationRelease.canary(release), schemaVersions: { '1.0.0': 7, '1.1.0': 8 }, runner: { image: 'flyway/flyway:10.21.0' }, ...contract,
      } as SchemaMigrationProps);
    },
  },
  { construct: M, prop: 'runner.image', received: '"flyway/flyway:latest"', prevents: 'the migration that runs changes under an unchanged manifest', build: migration({ runner: { image: 'flyway/flyway:latest' } }) },
  { construct: M, prop: 'hook', received: '"ARGO_CD_POST_SYNC"', prevents: 'the expand runs after the new version already serves: its first requests fail, and Argo CD re-runs the hook on every sync', build: migration({ hook: GitOpsHook.ARGO_CD_POST_SYNC }) },
  { construct: M, prop: 'hook', received: 'GitOpsHook.FLUX in chart catalogue with blue', prevents: 'Flux applies the Job and the new pods together: the new version may start before its columns exist', build: migration({ hook: GitOpsHook.FLUX }) },
  { construct: M, prop: 'hook', received: '"ARGO"', prevents: 'a tool no one runs: the Job would not be ordered before the new version', build: migration({ hook: 'ARGO' as GitOpsHook }) },
  { construct: M, prop: 'argoCdSyncWave', received: '0', prevents: 'the migration runs alongside the Deployments instead of before them', build: migration({ argoCdSyncWave: 0 }) },
  { construct: M, prop: 'argoCdSyncWave', received: '-1', prevents: 'a wave for a tool that is not running the Job: an ordering that is not there', build: migration({ hook: GitOpsHook.NONE, argoCdSyncWave: -1 }) },
  { construct: M, prop: 'runner.backoffLimit', received: '100', prevents: 'a failing migration retries for hours, taking its locks again and holding the sync', build: migration({ runner: { image: 'flyway/flyway:10.21.0', backoffLimit: 100 } }) },
  { construct: M, prop: 'runner.activeDeadline', received: 'Duration of 0s', prevents: 'a migration Job without a deadline can hold the release forever', build: migration({ runner: { image: 'flyway/flyway:10.21.0', activeDeadline: Duration.seconds(0) } }) },
  { construct: M, prop: 'runner.user', received: '0', prevents: 'the kubelet refuses a root container under runAsNonRoot: the migration never runs and the release waits for it', build: migration({ runner: { image: 'flyway/flyway:10.21.0', user: 0 } }) },
  { construct: M, prop: 'runner.env["URL"]', received: '"jdbc:postgresql://$(HOST)/app"', prevents: 'the runner connects to the literal "$(HOST)"', build: migration({ runner: { image: 'flyway/flyway:10.21.0', env: { URL: EnvValue.fromValue('jdbc:postgresql://$(HOST)/app'), HOST: EnvValue.fromValue('db') } } }) },
  { construct: M, prop: 'name', received: '"Migrate_V8"', prevents: 'the API server rejects the Job name', build: migration({ name: 'Migrate_V8' }) },
  { construct: M, prop: 'sqlFiles[0]', received: '""', prevents: 'a migration whose SQL is not there cannot be linted or named by its content', build: migration({ sqlFiles: [''] }) },
  { construct: M, prop: 'sqlFiles[0]', received: '"db/V8__missing.sql"', prevents: 'the same, for a path that does not exist', build: migration({ sqlFiles: ['db/V8__missing.sql'] }) },
  { construct: M, prop: 'sqlFiles[0]', received: '"test/migration/sql/V8__add_required_column.sql"', prevents: 'squawk finds a NOT NULL column without a default: the running version\'s INSERTs fail as soon as the expand has run', build: migration({ sqlFiles: ['test/migration/sql/V8__add_required_column.sql'], lint: SqlLint.squawk() }) },
  { construct: M, prop: 'lint', received: 'SqlLint.squawk()', prevents: 'a lint with nothing to lint passes everything', build: migration({ lint: SqlLint.squawk() }) },
  { construct: M, prop: 'lint.binary', received: '"no/such/squawk"', prevents: 'a lint whose linter is missing would pass everything', build: migration({ sqlFiles: ['test/migration/sql/V8__rename_column.sql'], lint: SqlLint.squawk({ binary: 'no/such/squawk' }) }) },
  { construct: M, prop: 'lint.exclude[0]', received: '"Renaming Column"', prevents: 'a rule name squawk does not know: the rule stays on, or squawk fails', build: migration({ sqlFiles: ['test/migration/sql/V8__rename_column.sql'], lint: SqlLint.squawk({ exclude: ['Renaming Column'] }) }) },

  // Ports: Services route to the serving container port by name.
  { construct: G, prop: 'containers[0].portName', received: '"HTTP_8080"', prevents: 'the API server rejects the pod template: not an IANA service name', build: gd({ containers: [{ image, ...serving, portName: 'HTTP_8080' }] }) },
  { construct: G, prop: 'sidecars[0].portName', received: '"http"', prevents: 'two ports named "http" in one pod: the API server only warns, and a Service, NetworkPolicy or scrape config that names the port can no longer tell the app from the proxy', build: gd({ sidecars: [{ name: 'proxy', image, ...serving }] }) },
  {
    construct: G,
    prop: 'rolloutOnChangeOf[0]',
    received: 'ConfigMap app-config, mounted as volume "config"',
    prevents: 'the kubelet rewrites the mounted files of every old pod within a minute of the change: all pods switch at once, before the rollout, and a failed rollout leaves them on the new content',
    build: scope => gd({
      rolloutOnChangeOf: [new ApiObject(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { LEVEL: 'info' } })],
      containers: [{ image, ...serving, mounts: [{ volume: Volume.configMap('config', 'app-config'), path: '/etc/app' }] }],
    })(scope),
  },
  { construct: B, prop: 'green.container.portName', received: '"web"', prevents: 'the Services route to "http": the colour\'s pods would get no endpoints, and a flip to it would send every request nowhere', build: bg({ green: { image, container: { portName: 'web' } } }) },
  // Canary capacity and the gate's comparisons
  { construct: C, prop: 'replicas', received: '0', prevents: 'ingress-nginx answers 503 to every request, the canary\'s share included, when the main Service has no endpoints (at weight 100 too)', build: canary({ replicas: 0, weight: 100 }) },
  { construct: C, prop: 'canaryReplicas', received: 'CanaryReplicas.fixed(2) at weight 50 of 100', prevents: 'under autoscaling stable may serve up to maxReplicas pods\' worth of load: half of it lands on 2 pods', build: canary({ autoscaling: { minReplicas: 2, maxReplicas: 10 }, weight: 50, canaryReplicas: CanaryReplicas.fixed(2) }) },
  { construct: C, prop: 'stableFloor', received: '11', prevents: 'the API server rejects an autoscaler whose minReplicas exceeds maxReplicas: the sync fails', build: canary({ autoscaling: { minReplicas: 2, maxReplicas: 10 }, weight: 5, stableFloor: 11 }) },
  { construct: C, prop: 'stableFloor', received: '4', prevents: 'a floor for an autoscaler that does not exist would be silently ignored', build: canary({ stableFloor: 4 }) },
  { construct: N, prop: 'criteria[1]', received: 'Criterion.relativeErrorRate()', prevents: 'at full weight stable serves nobody: its error share counts as 0 and the canary is held to the slack alone, an absolute limit nobody chose', build: fullWeightGate({ criteria: [Criterion.errorRate({ max: 0.01 }), Criterion.relativeErrorRate({ factor: 2, slack: 0.005 })] }) },
  // What a caller without a compiler (plain JavaScript; Python, Java, C#, Go through jsii) can
  // hand over: checked against the jsii assembly (src/core/jsii-props.ts). `as any` stands for
  // the missing compiler.
  { construct: C, prop: 'weigth', received: '25', prevents: 'a misspelt prop is ignored: the canary gets weight 0 and the release silently does not start', build: canary({ weigth: 25 } as any) },
  { construct: C, prop: 'sizeForWieght', received: '10', prevents: 'the canary is sized for no traffic and overloads when the weight is raised', build: canary({ weight: 5, sizeForWieght: 10 } as any) },
  { construct: C, prop: 'canaryReplica', received: 'a CanaryReplicas', prevents: 'the canary replica count chosen is ignored', build: canary({ canaryReplica: CanaryReplicas.fixed(2) } as any) },
  { construct: C, prop: 'container.readiness', received: '{"path":"/ready"}', prevents: 'a probe object the library cannot render: a TypeError instead of a readiness probe', build: canary({ container: { port: 8080, readiness: { path: '/ready' } as any } }) },
  { construct: C, prop: 'container.readiness', received: 'Probe.httpGet, not called', prevents: 'the factory instead of a probe: a TypeError instead of a readiness probe', build: canary({ container: { port: 8080, readiness: Probe.httpGet as any } }) },
  { construct: B, prop: 'container.preStop', received: '{"seconds":10}', prevents: 'a preStop delay the library cannot render: a TypeError instead of a drain delay', build: bg({ container: { ...serving, preStop: { seconds: 10 } as any } }) },
  { construct: G, prop: 'containers[0].mounts[0].volume', received: '{"name":"cache"}', prevents: 'a volume the library cannot render: a TypeError instead of a mount', build: gd({ containers: [{ image, ...serving, mounts: [{ volume: { name: 'cache' } as any, path: '/cache' }] }] }) },
  { construct: G, prop: 'containers[0].env["LOG_LEVEL"]', received: '"info"', prevents: 'an environment variable without its value: the application reads an empty string', build: gd({ containers: [{ image, ...serving, env: { LOG_LEVEL: 'info' as any } }] }) },
  { construct: C, prop: 'weight', received: 'null', prevents: 'null read as weight 0: the canary silently gets nothing', build: canary({ weight: null as any }) },
  { construct: G, prop: 'maxSurge', received: '1', prevents: 'a bare number where a PercentOrAbsolute belongs: the surge cannot be read (it was refused as "nothing")', build: gd({ maxSurge: 1 as any }) },
  { construct: G, prop: 'autoscaling.min', received: '2', prevents: 'an autoscaler without the bounds meant: the API server rejects it without maxReplicas', build: gd({ autoscaling: { min: 2, max: 4 } as any }) },
  { construct: G, prop: 'autoscaling.maxReplicas', received: 'nothing', prevents: 'the API server rejects an autoscaler without maxReplicas', build: gd({ autoscaling: { minReplicas: 2 } as any }) },
  { construct: C, prop: 'weight', received: '12.5', prevents: 'ingress-nginx reads a fractional weight as 0: the canary silently gets nothing', build: canary({ weight: 12.5 }) },
  { construct: C, prop: 'weight', received: 'Infinity', prevents: 'a weight no annotation can carry', build: canary({ weight: Infinity }) },
  { construct: N, prop: 'source', received: 'MetricSource.ingressNginx, not called', prevents: 'the factory instead of a metric source: a TypeError instead of queries', build: gate({ source: MetricSource.ingressNginx as any }) },
  { construct: M, prop: 'runner.backofLimit', received: '2', prevents: 'a misspelt runner prop is ignored: a failing migration retries as often as the default allows, not as written', build: migration({ runner: { image: 'flyway/flyway:10.21.0', backofLimit: 2 } as any }) },
  { construct: B, prop: 'active', received: '"BLUE"', prevents: 'the Service would select no colour', build: bg({ active: 'BLUE' as Color }) },
  { construct: N, prop: 'target.releaseSelectors.canaryService', received: '"app"', prevents: 'Istio counts requests by the Service they were sent to: with both versions behind one Service the canary would be judged on stable\'s traffic as well', build: istioGate({ canaryService: 'app' }) },
  { construct: N, prop: 'target.releaseSelectors.stableService', received: '""', prevents: 'destination_service_name="" matches no request: stable would count as error-free and a relative criterion would hold the canary to the slack alone', build: istioGate({ stableService: '' }) },
  { construct: B, prop: 'smokeTest.hook', received: '"ARGO_CD_PRE_SYNC"', prevents: 'a PreSync hook runs before the idle colour\'s release rolls out: the smoke test passes or fails on the old pods, and the flip follows either way', build: bg({ smokeTest: { image: 'curlimages/curl:8.11.1', hook: GitOpsHook.ARGO_CD_PRE_SYNC } }) },
  { construct: C, prop: 'weight', received: '50', prevents: 'a weight that contradicts the position file: "release next" edits the file and the release would silently not move', build: canary({ ...positioned, weight: 50 }) },
  { construct: C, prop: 'stable.image', received: '"registry.example.com/app:2.0.0"', prevents: 'a stable image other than the position\'s known-good version: an abort would send users back to the wrong one', build: canary({ ...positioned, stable: { image: 'registry.example.com/app:2.0.0' } }) },
  { construct: C, prop: 'position', received: 'the blue-green position in releases/app.json', prevents: 'a canary driven by a blue-green plan: no step would ever be written', build: canary({ ...positioned, position: blueGreenAt }) },
  { construct: C, prop: 'position', received: '"engine": "argocd" in releases/app.json', prevents: '"release next" merges commits the app does not order: the sized canary and the raised weight applied at once', build: canary({ ...positioned, position: argoAt }) },
  { construct: B, prop: 'active', received: '"green"', prevents: 'an active colour that contradicts the position file: a flip or abort written by "release" would not change the Service', build: bg({ position: blueGreenAt, active: Color.GREEN, blue: { image: blueGreenAt.blueImage! }, green: { image: blueGreenAt.greenImage! } }) },
  { construct: B, prop: 'smokeTest.hook', received: '"ARGO_CD_POST_SYNC"', prevents: 'an Argo CD hook in an app ordered for Flux: nothing runs it between the idle colour\'s rollout and the flip', build: orderedFor(GitOpsEngine.FLUX, bg({ smokeTest: { image: 'curlimages/curl:8.11.1', hook: GitOpsHook.ARGO_CD_POST_SYNC } })) },
  { construct: M, prop: 'hook', received: '"NONE"', prevents: 'a plain Job in an app ordered for Argo CD runs with the pods instead of before them', build: orderedFor(GitOpsEngine.ARGO_CD, migration({ hook: GitOpsHook.NONE })) },
  { construct: M, prop: 'argoCdSyncWave', received: '2', prevents: 'a contract before the retire wave (3) runs while the old version\'s pods still serve, when the two commits are merged', build: migration({ ...contract, argoCdSyncWave: 2 }, { blueReplicas: 0 }) },
  { construct: N, prop: 'name', received: `"${'g'.repeat(50)}"`, prevents: 'a plain gate Job named <name>-gate-<digest> beyond 63 characters: its pods cannot carry the job-name label', build: gate({ name: 'g'.repeat(50), gateJob: { hook: GitOpsHook.NONE, release: '1.0.0' } }) },
  { construct: C, prop: 'position', received: 'steps [5,25,50] in releases/app.json', prevents: 'a plan that never reaches full weight: stable would be rolled out while it still serves half the users', build: canary({ position: shortAt, stable: { image: shortAt.stableImage! }, canary: { image: shortAt.canaryImage! } }) },
  { construct: C, prop: 'steps', received: '[{"weight":5}]', prevents: 'a plan written twice: "release next" would move the file\'s steps while the construct followed its own', build: canary({ ...positioned, steps: [{ weight: 5 }] }) },
  { construct: C, prop: 'currentStep', received: '1', prevents: 'a step that contradicts the position file: the weight written would not be the one the file says is in force', build: canary({ ...positioned, currentStep: 1 }) },
  { construct: C, prop: 'stableFloor', received: '3', prevents: 'a floor below the canary\'s share as a parked sticky canary sends its pinned users back to stable', build: canary({ position: promotedAt, stable: { image: promotedAt.stableImage! }, canary: { image: promotedAt.canaryImage! }, stickySessions: {}, autoscaling: { minReplicas: 2, maxReplicas: 6 }, stableFloor: 3 }) },
  { construct: C, prop: 'sizeForWeight', received: '50', prevents: 'a sizing that contradicts the position file: "release next" would not know the canary is sized', build: canary({ ...positioned, sizeForWeight: 50 }) },
  { construct: C, prop: 'canary.image', received: '"registry.example.com/app:3.0.0"', prevents: 'a candidate other than the position\'s: the gate and the plan would judge one version while another serves', build: canary({ ...positioned, canary: { image: 'registry.example.com/app:3.0.0' } }) },
  { construct: B, prop: 'green.image', received: '"registry.example.com/app:3.0.0"', prevents: 'a colour image that contradicts the position file: a flip written by "release" would send users to a version no one released', build: bg({ position: blueGreenAt, ...colours(blueGreenAt), green: { image: 'registry.example.com/app:3.0.0' } }) },
  { construct: B, prop: 'blue.replicas', received: '2', prevents: 'pods for a colour the position file retired: the retire written by "release" would not take effect', build: bg({ position: retiredAt, active: Color.GREEN, ...colours(retiredAt), blue: { image: retiredAt.blueImage!, replicas: 2 } }) },
  { construct: B, prop: 'green.replicas', received: '0', prevents: 'a colour retired by hand while the position file says it runs: a flip written by "release" would send users to no pods', build: bg({ position: blueGreenAt, ...colours(blueGreenAt), green: { image: blueGreenAt.greenImage!, replicas: 0 } }) },
];

/** The table of docs/bad-inputs.md, generated from the catalogue so the page cannot drift. */
export function renderTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| construct | prop | refused value | what it would do in the cluster |',
    '| --- | --- | --- | --- |',
    ...BAD_INPUTS.map(b => `| ${b.construct} | \`${cell(b.prop)}\` | \`${cell(b.received)}\` | ${cell(b.prevents)} |`),
  ].join('\n') + '\n';
}
