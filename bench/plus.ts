import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import {
  APP_LABEL,
  BG_REPLICAS,
  blueGreenUnit,
  CANARY_REPLICAS,
  canaryAnnotations,
  canaryUnit,
  CONTAINER_PORT,
  GRACE_SECONDS,
  INGRESS_CLASS,
  PRE_STOP_SLEEP,
  READY_PATH,
  SERVICE_PORT,
  STABLE_REPLICAS,
  TMP_PATH,
  TMP_VOLUME,
  topologySpread,
  SHIFT_ANNOTATIONS,
} from './spec';

type Labels = { [key: string]: string };

/**
 * A zero-downtime Deployment and its PodDisruptionBudget as a cdk8s-plus-33 user would write
 * them: `select: false` and an explicit selector (no generated `cdk8s.io/metadata.addr` label),
 * maxUnavailable 0, a readiness probe, a preStop sleep and a grace period. cdk8s-plus has no
 * PodDisruptionBudget construct, so the budget is the generated L1 class.
 */
function deployment(scope: Construct, name: string, container: string, labels: Labels, replicas: number, image: string) {
  const tmp = kplus.Volume.fromEmptyDir(scope, `Tmp-${name}`, TMP_VOLUME);
  const d = new kplus.Deployment(scope, `Deployment-${name}`, {
    metadata: {
      name,
      labels,
    },
    podMetadata: { labels },
    select: false,
    replicas,
    minReady: Duration.seconds(0),
    progressDeadline: Duration.seconds(600),
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.percent(25),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    }),
    automountServiceAccountToken: false,
    terminationGracePeriod: Duration.seconds(GRACE_SECONDS),
    securityContext: { ensureNonRoot: true },
    containers: [{
      name: container,
      image,
      // `ports` rather than `portNumber`: with `portNumber` cdk8s-plus adds a default startup probe.
      ports: [{
        number: CONTAINER_PORT,
        name: 'http',
        protocol: kplus.Protocol.TCP,
      }],
      // What Kubernetes assumes for a tagged image when the field is absent, as in our output.
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      readiness: kplus.Probe.fromHttpGet(READY_PATH, { port: CONTAINER_PORT }),
      resources: {
        cpu: { request: kplus.Cpu.millis(100) },
        memory: {
          request: Size.mebibytes(128),
          limit: Size.mebibytes(256),
        },
      },
      securityContext: {
        ensureNonRoot: true,
        privileged: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: [kplus.Capability.ALL] },
      },
      volumeMounts: [{ volume: tmp, path: TMP_PATH }],
    }],
  });
  d.select(kplus.LabelSelector.of({ labels }));
  // PodSecurityContextProps has no seccomp profile.
  ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  // No prop for topologySpreadConstraints: its `scheduling.spread()` separates pods by anti-affinity.
  ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', topologySpread(labels)));
  // Handler has no native sleep action (the library's default preStop from Kubernetes 1.34).
  ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/lifecycle', { preStop: { sleep: { seconds: Number(PRE_STOP_SLEEP) } } }));

  new kplus.k8s.KubePodDisruptionBudget(scope, `PodDisruptionBudget-${name}`, {
    metadata: {
      name,
      labels,
    },
    spec: {
      maxUnavailable: kplus.k8s.IntOrString.fromNumber(1),
      selector: { matchLabels: labels },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}

function service(scope: Construct, name: string, labels: Labels, selector: Labels, annotations?: Labels): kplus.Service {
  const svc = new kplus.Service(scope, `Service-${name}`, {
    metadata: {
      name,
      labels,
      annotations,
    },
    selector: kplus.Pods.select(scope, `Pods-${name}`, { labels: selector }),
    type: kplus.ServiceType.CLUSTER_IP,
    ports: [{
      name: 'http',
      port: SERVICE_PORT,
      targetPort: CONTAINER_PORT,
      protocol: kplus.Protocol.TCP,
    }],
  });
  // cdk8s-plus takes a numeric targetPort only; the library routes to the port by name. The L1
  // converts the patched value as an IntOrString, so the patch gives one.
  ApiObject.of(svc).addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', kplus.k8s.IntOrString.fromString('http')));
  return svc;
}

function ingress(scope: Construct, name: string, labels: Labels, host: string, backend: kplus.Service, annotations?: Labels) {
  new kplus.Ingress(scope, `Ingress-${name}`, {
    metadata: {
      name,
      labels,
      annotations: { ...annotations, ...SHIFT_ANNOTATIONS },
    },
    className: INGRESS_CLASS,
    rules: [{
      host,
      path: '/',
      pathType: kplus.HttpIngressPathType.PREFIX,
      backend: kplus.IngressBackend.fromService(backend, { port: SERVICE_PORT }),
    }],
  });
}

/** The same objects as `buildOurs`, with cdk8s-plus-33 L2 constructs. */
export function buildPlus(scope: Construct, n: number, first = 0): void {
  for (let i = first; i < first + n; i++) {
    const bg = blueGreenUnit(i);
    const bgLabels = { [APP_LABEL]: bg.app };
    const color = (c: string) => ({ [APP_LABEL]: bg.app, color: c });
    deployment(scope, `${bg.app}-blue`, bg.app, color('blue'), BG_REPLICAS, bg.blueImage);
    deployment(scope, `${bg.app}-green`, bg.app, color('green'), BG_REPLICAS, bg.greenImage);
    const active = service(scope, bg.app, bgLabels, color('blue'), SHIFT_ANNOTATIONS);
    service(scope, `${bg.app}-preview`, { ...bgLabels, 'app.kubernetes.io/component': 'preview' }, color('green'), SHIFT_ANNOTATIONS);
    ingress(scope, bg.app, bgLabels, bg.host, active);

    const c = canaryUnit(i);
    const cLabels = { [APP_LABEL]: c.app };
    const track = (t: string) => ({ [APP_LABEL]: c.app, track: t });
    deployment(scope, `${c.app}-stable`, c.app, track('stable'), STABLE_REPLICAS, c.stableImage);
    deployment(scope, `${c.app}-canary`, c.app, track('canary'), CANARY_REPLICAS, c.canaryImage);
    const stable = service(scope, c.app, cLabels, track('stable'));
    const canary = service(scope, `${c.app}-canary`, cLabels, track('canary'));
    ingress(scope, c.app, cLabels, c.host, stable);
    ingress(scope, `${c.app}-canary`, cLabels, c.host, canary, canaryAnnotations());
  }
}
