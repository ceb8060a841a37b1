import { ApiObject } from 'cdk8s';
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

type Labels = { [key: string]: string };

/** A hand-written zero-downtime Deployment, as plain JSON. */
export function deploymentJson(name: string, container: string, labels: Labels, replicas: number, image: string): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
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
          maxSurge: MAX_SURGE,
          maxUnavailable: 0,
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
            readinessProbe: { httpGet: { path: READY_PATH, port: CONTAINER_PORT } },
            resources: {
              limits: { memory: '256Mi' },
              requests: {
                cpu: '100m',
                memory: '128Mi',
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
  };
}

/** A PodDisruptionBudget of one pod for a Deployment. */
export function budgetJson(name: string, labels: Labels): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name,
      labels,
    },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: labels },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}

/** A ClusterIP Service from port 80 to the container port. */
export function serviceJson(name: string, labels: Labels, selector: Labels, annotations?: Labels): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
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
        targetPort: 'http',
      }],
      selector,
      type: 'ClusterIP',
    },
  };
}

/** An Ingress sending one host's "/" to one Service. */
export function ingressJson(name: string, labels: Labels, host: string, service: string, annotations?: Labels): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
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
            backend: { service: { name: service, port: { number: SERVICE_PORT } } },
          }],
        },
      }],
    },
  };
}

/** The 15 manifests of unit `i`, in the order our constructs write them. */
export function unitManifests(i: number): any[] {
  const out: any[] = [];
  const bg = blueGreenUnit(i);
  const bgLabels = { [APP_LABEL]: bg.app };
  const color = (c: string) => ({ [APP_LABEL]: bg.app, color: c });
  for (const [c, image] of [['blue', bg.blueImage], ['green', bg.greenImage]]) {
    out.push(deploymentJson(`${bg.app}-${c}`, bg.app, color(c), BG_REPLICAS, image));
    out.push(budgetJson(`${bg.app}-${c}`, color(c)));
  }
  out.push(serviceJson(bg.app, bgLabels, color('blue'), SHIFT_ANNOTATIONS));
  out.push(serviceJson(`${bg.app}-preview`, { ...bgLabels, 'app.kubernetes.io/component': 'preview' }, color('green'), SHIFT_ANNOTATIONS));
  out.push(ingressJson(bg.app, bgLabels, bg.host, bg.app));

  const c = canaryUnit(i);
  const cLabels = { [APP_LABEL]: c.app };
  const track = (t: string) => ({ [APP_LABEL]: c.app, track: t });
  out.push(deploymentJson(`${c.app}-stable`, c.app, track('stable'), STABLE_REPLICAS, c.stableImage));
  out.push(budgetJson(`${c.app}-stable`, track('stable')));
  out.push(deploymentJson(`${c.app}-canary`, c.app, track('canary'), CANARY_REPLICAS, c.canaryImage));
  out.push(budgetJson(`${c.app}-canary`, track('canary')));
  out.push(serviceJson(c.app, cLabels, track('stable')));
  out.push(serviceJson(`${c.app}-canary`, cLabels, track('canary')));
  out.push(ingressJson(c.app, cLabels, c.host, c.app));
  out.push(ingressJson(`${c.app}-canary`, cLabels, c.host, `${c.app}-canary`, canaryAnnotations()));
  return out;
}

/** The same objects as `buildOurs`, as `new ApiObject(...)` with literal JSON. */
export function buildRaw(scope: Construct, n: number, first = 0): void {
  for (let i = first; i < first + n; i++) {
    for (const m of unitManifests(i)) {
      new ApiObject(scope, `${m.kind}-${m.metadata.name}`, m);
    }
  }
}
