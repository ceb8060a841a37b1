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
  MAX_SURGE,
  PRE_STOP_SLEEP,
  READY_PATH,
  SERVICE_PORT,
  STABLE_REPLICAS,
  TMP_PATH,
  TMP_VOLUME,
  topologySpread,
  SHIFT_ANNOTATIONS,
} from './spec';

const k8s = kplus.k8s;
type Labels = { [key: string]: string };

function deployment(scope: Construct, name: string, container: string, labels: Labels, replicas: number, image: string) {
  new k8s.KubeDeployment(scope, `Deployment-${name}`, {
    metadata: {
      name,
      labels,
    },
    spec: {
      minReadySeconds: 0,
      progressDeadlineSeconds: 600,
      replicas,
      selector: { matchLabels: labels },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          maxSurge: k8s.IntOrString.fromString(MAX_SURGE),
          maxUnavailable: k8s.IntOrString.fromNumber(0),
        },
      },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          containers: [{
            name: container,
            image,
            lifecycle: { preStop: { sleep: { seconds: Number(PRE_STOP_SLEEP) } } },
            ports: [{
              containerPort: CONTAINER_PORT,
              name: 'http',
              protocol: 'TCP',
            }],
            readinessProbe: {
              httpGet: {
                path: READY_PATH,
                port: k8s.IntOrString.fromNumber(CONTAINER_PORT),
              },
            },
            resources: {
              limits: { memory: k8s.Quantity.fromString('256Mi') },
              requests: {
                cpu: k8s.Quantity.fromString('100m'),
                memory: k8s.Quantity.fromString('128Mi'),
              },
            },
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              privileged: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
            },
            volumeMounts: [{ mountPath: TMP_PATH, name: TMP_VOLUME }],
          }],
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          terminationGracePeriodSeconds: GRACE_SECONDS,
          topologySpreadConstraints: topologySpread(labels),
          volumes: [{ emptyDir: {}, name: TMP_VOLUME }],
        },
      },
    },
  });
  new k8s.KubePodDisruptionBudget(scope, `PodDisruptionBudget-${name}`, {
    metadata: {
      name,
      labels,
    },
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      selector: { matchLabels: labels },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}

function service(scope: Construct, name: string, labels: Labels, selector: Labels, annotations?: Labels) {
  new k8s.KubeService(scope, `Service-${name}`, {
    metadata: {
      name,
      labels,
      annotations,
    },
    spec: {
      ports: [{
        name: 'http',
        port: SERVICE_PORT,
        protocol: 'TCP',
        targetPort: k8s.IntOrString.fromString('http'),
      }],
      selector,
      type: 'ClusterIP',
    },
  });
}

function ingress(scope: Construct, name: string, labels: Labels, host: string, backend: string, annotations?: Labels) {
  new k8s.KubeIngress(scope, `Ingress-${name}`, {
    metadata: {
      name,
      labels,
      annotations: { ...annotations, ...SHIFT_ANNOTATIONS },
    },
    spec: {
      ingressClassName: INGRESS_CLASS,
      rules: [{
        host,
        http: {
          paths: [{
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: backend, port: { number: SERVICE_PORT } } },
          }],
        },
      }],
    },
  });
}

/** The same objects as `buildOurs`, with the generated `kplus.k8s.Kube*` classes. */
export function buildL1(scope: Construct, n: number, first = 0): void {
  for (let i = first; i < first + n; i++) {
    const bg = blueGreenUnit(i);
    const bgLabels = { [APP_LABEL]: bg.app };
    const color = (c: string) => ({ [APP_LABEL]: bg.app, color: c });
    deployment(scope, `${bg.app}-blue`, bg.app, color('blue'), BG_REPLICAS, bg.blueImage);
    deployment(scope, `${bg.app}-green`, bg.app, color('green'), BG_REPLICAS, bg.greenImage);
    service(scope, bg.app, bgLabels, color('blue'), SHIFT_ANNOTATIONS);
    service(scope, `${bg.app}-preview`, { ...bgLabels, 'app.kubernetes.io/component': 'preview' }, color('green'), SHIFT_ANNOTATIONS);
    ingress(scope, bg.app, bgLabels, bg.host, bg.app);

    const c = canaryUnit(i);
    const cLabels = { [APP_LABEL]: c.app };
    const track = (t: string) => ({ [APP_LABEL]: c.app, track: t });
    deployment(scope, `${c.app}-stable`, c.app, track('stable'), STABLE_REPLICAS, c.stableImage);
    deployment(scope, `${c.app}-canary`, c.app, track('canary'), CANARY_REPLICAS, c.canaryImage);
    service(scope, c.app, cLabels, track('stable'));
    service(scope, `${c.app}-canary`, cLabels, track('canary'));
    ingress(scope, c.app, cLabels, c.host, c.app);
    ingress(scope, `${c.app}-canary`, cLabels, c.host, `${c.app}-canary`, canaryAnnotations());
  }
}
