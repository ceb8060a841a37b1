import { FindingSeverity, GitOpsEngine, TransitionCheck, TransitionFinding } from '../../src';

/**
 * Plain Kubernetes objects for the transition checker's tests, written the way they would be
 * committed: only the fields the rules read, plus enough to look real.
 */

export type Labels = { [key: string]: string };

export interface DeploymentOptions {
  readonly namespace?: string;
  readonly labels: Labels;
  /** Selector labels (default: the pod labels). */
  readonly selector?: Labels;
  /** undefined: 2; null: no `replicas` field. */
  readonly replicas?: number | null;
  readonly image?: string;
  readonly kind?: string;
}

export function deployment(name: string, o: DeploymentOptions): any {
  const spec: any = {
    selector: { matchLabels: { ...(o.selector ?? o.labels) } },
    template: {
      metadata: { labels: { ...o.labels } },
      spec: {
        containers: [{
          name: 'app',
          image: o.image ?? 'ghcr.io/example/app:1.0.0',
          ports: [{ containerPort: 8080, name: 'http' }],
          readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
        }],
      },
    },
  };
  if (o.replicas !== null) { spec.replicas = o.replicas ?? 2; }
  return {
    apiVersion: 'apps/v1',
    kind: o.kind ?? 'Deployment',
    metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}), labels: { ...o.labels } },
    spec,
  };
}

export function service(name: string, selector: Labels, namespace?: string, ports: any[] = [{ name: 'http', port: 80, targetPort: 8080 }]): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { selector: { ...selector }, ports },
  };
}

export interface IngressOptions {
  readonly namespace?: string;
  readonly host?: string;
  readonly path?: string;
  readonly service: string;
  readonly port?: number | string;
  readonly annotations?: Labels;
}

export function ingress(name: string, o: IngressOptions): any {
  const port = typeof o.port === 'string' ? { name: o.port } : { number: o.port ?? 80 };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}), ...(o.annotations ? { annotations: { ...o.annotations } } : {}) },
    spec: {
      ingressClassName: 'nginx',
      rules: [{
        host: o.host ?? 'shop.example.com',
        http: { paths: [{ path: o.path ?? '/', pathType: 'Prefix', backend: { service: { name: o.service, port } } }] },
      }],
    },
  };
}

const NGINX = 'nginx.ingress.kubernetes.io';

/** An ingress-nginx canary Ingress with a weight (and further annotations). */
export function canaryIngress(name: string, o: IngressOptions & { weight: number; prefix?: string }): any {
  const p = o.prefix ?? NGINX;
  return ingress(name, {
    ...o,
    annotations: { [`${p}/canary`]: 'true', [`${p}/canary-weight`]: String(o.weight), ...(o.annotations ?? {}) },
  });
}

export function stickyAnnotations(prefix = NGINX): Labels {
  return { [`${prefix}/affinity`]: 'cookie', [`${prefix}/session-cookie-name`]: 'route' };
}

export function httpRoute(name: string, namespace: string, backends: { name: string; weight?: number; port?: number }[]): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'gateway' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: backends.map(b => ({ name: b.name, port: b.port ?? 80, ...(b.weight !== undefined ? { weight: b.weight } : {}) })),
      }],
    },
  };
}

export function hpa(name: string, target: string, namespace?: string, minReplicas?: number): any {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      ...(minReplicas !== undefined ? { minReplicas } : {}),
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  };
}

export function pdb(name: string, selector: Labels, namespace?: string): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { maxUnavailable: 1, selector: { matchLabels: { ...selector } } },
  };
}

export function job(name: string, image: string, annotations?: Labels, namespace?: string): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations } : {}) },
    spec: {
      backoffLimit: 0,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image }] } },
    },
  };
}

/** A deep copy with changes applied, so that a NEXT state can be written as an edit of PREVIOUS. */
export function edit<T>(obj: T, change: (copy: any) => void): T {
  const copy = JSON.parse(JSON.stringify(obj));
  change(copy);
  return copy;
}

/** The findings of one transition applied at once: the rules' own semantics, whatever annotations the fixtures carry. */
export function check(previous: any[], next: any[]): TransitionFinding[] {
  return TransitionCheck.between(previous, next, { engine: GitOpsEngine.APPLY });
}

export function errors(previous: any[], next: any[]): TransitionFinding[] {
  return check(previous, next).filter(f => f.severity === FindingSeverity.ERROR);
}

export function rules(findings: TransitionFinding[]): string[] {
  return findings.map(f => `${f.severity} ${f.rule} ${f.object}`);
}

/** Runs a sequence of states and returns the findings of each transition. */
export function steps(...states: any[][]): TransitionFinding[][] {
  const out: TransitionFinding[][] = [];
  for (let i = 1; i < states.length; i++) { out.push(check(states[i - 1], states[i])); }
  return out;
}
