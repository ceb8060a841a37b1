/**
 * Raw Kubernetes objects, written as someone not using this library's constructs would write
 * them, for the validation plugin's tests. Each builder starts from an object that passes every
 * rule; a test changes the one field its rule is about.
 */

export type Labels = { [key: string]: string };

/** A container that serves port 8080, with a readiness probe and a preStop sleep. */
export function container(name = 'app'): any {
  return {
    name,
    image: 'ghcr.io/example/app:1.0.0',
    ports: [{ containerPort: 8080, name: 'http' }],
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } },
  };
}

export interface DeploymentOptions {
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly replicas?: number;
  readonly containers?: any[];
}

/** A Deployment that passes every rule: surge-only rolling update, grace period above the sleep. */
export function deployment(name: string, o: DeploymentOptions = {}): any {
  const labels = o.labels ?? { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}), labels },
    spec: {
      replicas: o.replicas ?? 2,
      selector: { matchLabels: { ...labels } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: { ...labels } },
        spec: { terminationGracePeriodSeconds: 30, containers: o.containers ?? [container()] },
      },
    },
  };
}

export function service(name: string, selector: Labels, namespace?: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { selector: { ...selector }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

export type Budget = { minAvailable?: number | string; maxUnavailable?: number | string };

export function pdb(name: string, selector: Labels, budget: Budget, namespace?: string): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { selector: { matchLabels: { ...selector } }, ...budget },
  };
}

export interface IngressOptions {
  readonly host?: string;
  readonly path?: string;
  readonly pathType?: string;
  readonly className?: string;
  readonly canaryWeight?: number;
}

/** An Ingress to one Service; with canaryWeight, an ingress-nginx canary Ingress. */
export function ingress(name: string, backend: string, o: IngressOptions = {}): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      ...(o.canaryWeight !== undefined ? {
        annotations: {
          'nginx.ingress.kubernetes.io/canary': 'true',
          'nginx.ingress.kubernetes.io/canary-weight': String(o.canaryWeight),
        },
      } : {}),
    },
    spec: {
      ingressClassName: o.className ?? 'nginx',
      rules: [{
        host: o.host ?? 'shop.example.com',
        http: {
          paths: [{
            path: o.path ?? '/',
            pathType: o.pathType ?? 'Prefix',
            backend: { service: { name: backend, port: { number: 80 } } },
          }],
        },
      }],
    },
  };
}

/** A canary release written by hand: stable and canary Deployments, Services and Ingresses. */
export function canaryRelease(canary: IngressOptions = {}): any[] {
  const stable = { 'app.kubernetes.io/name': 'shop', 'track': 'stable' };
  const next = { 'app.kubernetes.io/name': 'shop', 'track': 'canary' };
  return [
    deployment('shop', { labels: stable }),
    deployment('shop-canary', { labels: next }),
    service('shop', stable),
    service('shop-canary', next),
    ingress('shop', 'shop'),
    ingress('shop-canary', 'shop-canary', { canaryWeight: 10, ...canary }),
  ];
}
