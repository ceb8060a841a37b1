/**
 * What one benchmark unit is, shared by every variant so that they all write the same objects.
 *
 * A unit is one blue-green service and one canary service:
 *
 * - blue-green `svc<i>`: two Deployments (blue, green), a PodDisruptionBudget each, the active
 *   Service, the preview Service and an Ingress (7 objects);
 * - canary `web<i>`: two Deployments (stable, canary), a PodDisruptionBudget each, a Service
 *   each, the main Ingress and the canary Ingress (8 objects).
 */

/** Objects written per unit. */
export const OBJECTS_PER_UNIT = 15;

/** The app label key our constructs use by default. */
export const APP_LABEL = 'app.kubernetes.io/name';

export const CONTAINER_PORT = 8080;
export const SERVICE_PORT = 80;
export const READY_PATH = '/ready';
export const PRE_STOP_SLEEP = '10';
export const GRACE_SECONDS = 30;
export const MAX_SURGE = '25%';
export const INGRESS_CLASS = 'nginx';
/** The writable /tmp every Deployment mounts, its root filesystem being read-only. */
export const TMP_VOLUME = 'tmp';
export const TMP_PATH = '/tmp';

/**
 * The soft spread of one version's pods over nodes, then zones, that every Deployment has:
 * plain JSON, which the raw, L1 and cdk8s-plus variants all write as it is.
 */
export function topologySpread(selector: { [key: string]: string }) {
  return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map(topologyKey => ({
    labelSelector: { matchLabels: selector },
    matchLabelKeys: ['pod-template-hash'],
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
  }));
}

export const BG_REPLICAS = 3;
export const STABLE_REPLICAS = 4;
export const CANARY_WEIGHT = 10;
/** ceil(4 × 10 / 100): what `CanaryReplicas.proportional()` gives. */
export const CANARY_REPLICAS = 1;
export const CANARY_HEADER = 'X-Canary';

/** Names and images of the blue-green half of unit `i`. */
export function blueGreenUnit(i: number) {
  const app = `svc${i}`;
  return {
    app,
    host: `${app}.example.com`,
    blueImage: `ghcr.io/example/svc${i}:1.0.0`,
    greenImage: `ghcr.io/example/svc${i}:1.1.0`,
  };
}

/** Names and images of the canary half of unit `i`. */
export function canaryUnit(i: number) {
  const app = `web${i}`;
  return {
    app,
    host: `${app}.example.com`,
    stableImage: `ghcr.io/example/web${i}:2.0.0`,
    canaryImage: `ghcr.io/example/web${i}:2.1.0`,
  };
}

/** The annotations of the canary Ingress. */
export function canaryAnnotations(): { [key: string]: string } {
  return {
    'nginx.ingress.kubernetes.io/canary': 'true',
    'nginx.ingress.kubernetes.io/canary-by-header': CANARY_HEADER,
    'nginx.ingress.kubernetes.io/canary-weight': String(CANARY_WEIGHT),
  };
}

/** The Argo CD sync wave the library writes on what moves traffic (routes, blue-green Services). */
export const SHIFT_ANNOTATIONS: { [key: string]: string } = { 'argocd.argoproj.io/sync-wave': '2' };
