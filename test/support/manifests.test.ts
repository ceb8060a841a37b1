import { validateManifest } from './manifests';
import { strictFieldErrors } from './strict-fields';

// The validator is what every other test relies on: prove it rejects what the API server would.
describe('validateManifest', () => {
  const deployment = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } },
    },
  });

  test('accepts a valid Deployment', () => {
    expect(() => validateManifest(deployment())).not.toThrow();
  });

  test('fails if a field has the wrong type', () => {
    const d: any = deployment();
    d.spec.replicas = 'three';
    expect(() => validateManifest(d)).toThrow(/Deployment api does not validate.*replicas must be integer/);
  });

  test('fails if the selector is empty', () => {
    const d: any = deployment();
    d.spec.selector.matchLabels = {};
    expect(() => validateManifest(d)).toThrow(/empty selector/);
  });

  test('fails if the selector does not match the pod labels', () => {
    const d: any = deployment();
    d.spec.template.metadata.labels = { app: 'other' };
    expect(() => validateManifest(d)).toThrow(/selector app=api does not match/);
  });

  test('fails on a kind it has no schema for', () => {
    expect(() => validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toThrow(/Cannot find module/);
  });
});

// Strict field validation: the API server (kubectl apply --validate=strict, the default since
// 1.27) refuses a field its schema does not declare, where the model validators let it through.
describe('validateManifest refuses unknown fields and wrong types', () => {
  const manifests = {
    Deployment: () => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'api' }, annotations: { 'example.com/owner': 'shop' } },
      spec: {
        replicas: 2,
        minReadySeconds: 5,
        progressDeadlineSeconds: 600,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            terminationGracePeriodSeconds: 30,
            containers: [{
              name: 'api',
              image: 'api:1.0.0',
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [{ name: 'MODE', value: 'prod' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 8080 } },
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
            }],
          },
        },
      },
    }),
    Service: () => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api' },
      spec: { type: 'ClusterIP', selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    }),
    PodDisruptionBudget: () => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'api' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    }),
    HorizontalPodAutoscaler: () => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
      },
    }),
    Ingress: () => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'api', annotations: { 'nginx.ingress.kubernetes.io/canary': 'true' } },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        rules: [{
          host: 'shop.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] },
        }],
      },
    }),
    Job: () => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'gate' },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: 300,
        ttlSecondsAfterFinished: 600,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'check', image: 'curl:8', command: ['sh', '-c', 'true'] }] } },
      },
    }),
    AnalysisTemplate: () => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 'success-rate' },
      spec: {
        args: [{ name: 'service' }],
        metrics: [{
          name: 'success-rate',
          interval: '1m',
          count: 5,
          failureLimit: 1,
          successCondition: 'result[0] >= 0.99',
          provider: { prometheus: { address: 'http://prometheus:9090', query: 'sum(rate(http_requests_total[1m]))' } },
        }],
      },
    }),
    PrometheusRule: () => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'api', labels: { release: 'prometheus' } },
      spec: {
        groups: [{
          name: 'api',
          interval: '30s',
          rules: [
            { record: 'api:success:ratio', expr: 'sum(rate(ok[1m])) / sum(rate(all[1m]))', labels: { team: 'shop' } },
            { alert: 'ApiDown', expr: 'up == 0', for: '5m', annotations: { summary: 'api is down' } },
          ],
        }],
      },
    }),
  };

  /** A copy of `doc` with `value` at `path` (`a.b[0].c`); the parent of the last key must exist. */
  function withField<T extends object>(doc: T, path: string, value: unknown): T {
    const copy = structuredClone(doc);
    const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
    let node = copy as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) { node = node[key] as Record<string, unknown>; }
    node[keys[keys.length - 1]] = value;
    return copy;
  }

  test.each(Object.entries(manifests))('accepts a valid %s', (_kind, build) => {
    expect(strictFieldErrors(build())).toEqual([]);
    expect(() => validateManifest(build())).not.toThrow();
  });

  // Each misspelling sits next to the real field, which the valid manifest sets.
  test.each([
    ['Deployment', 'api', 'spec.progresDeadlineSeconds'],
    ['Deployment', 'api', 'spec.template.spec.terminationGracePeriodSecond'],
    ['Deployment', 'api', 'spec.template.spec.containers[0].lifecycle.preStop.sleeep'],
    ['Deployment', 'api', 'metadata.label'],
    ['Deployment', 'api', 'spec.template.metadata.label'],
    ['Service', 'api', 'spec.ports[0].targetport'],
    ['PodDisruptionBudget', 'api', 'spec.selector.matchLabel'],
    ['HorizontalPodAutoscaler', 'api', 'spec.behavior.scaleDown.policies[0].periodSecond'],
    ['Ingress', 'api', 'spec.rules[0].http.paths[0].backend.service.port.numbr'],
    ['Job', 'gate', 'spec.ttlSecondAfterFinished'],
    ['AnalysisTemplate', 'success-rate', 'spec.metrics[0].provider.prometheus.adress'],
    ['AnalysisTemplate', 'success-rate', 'metadata.label'],
    ['PrometheusRule', 'api', 'spec.groups[0].rules[0].recrod'],
    ['PrometheusRule', 'api', 'metadata.label'],
  ] as const)('refuses %s %s with the unknown field %s', (kind, name, path) => {
    const doc = withField(manifests[kind](), path, 'x');
    expect(() => validateManifest(doc)).toThrow(`${kind} ${name}: unknown field ${path}`);
  });

  test('reports every unknown field, each with its path', () => {
    const doc = withField(withField(manifests.Deployment(), 'spec.progresDeadlineSeconds', 600), 'metadata.label', 'x');
    expect(strictFieldErrors(doc)).toEqual(['unknown field metadata.label', 'unknown field spec.progresDeadlineSeconds']);
  });

  test('refuses a label value that is a number', () => {
    const doc = withField(manifests.Deployment(), 'spec.template.metadata.labels.version', 2);
    expect(() => validateManifest(doc)).toThrow(/Deployment api does not validate.*labels\/version must be string/);
    // The strict check finds it too, without the model validator's help.
    expect(strictFieldErrors(doc)).toEqual(['spec.template.metadata.labels.version must be string, got number']);
  });

  test('refuses a value of the wrong type, naming a map key that is not an identifier', () => {
    const doc = withField(manifests.Deployment(), 'metadata.annotations', { 'example.com/owner': true });
    expect(strictFieldErrors(doc)).toEqual(['metadata.annotations["example.com/owner"] must be string, got boolean']);
    expect(strictFieldErrors(withField(manifests.PrometheusRule(), 'spec.groups[0].rules', { record: 'r' })))
      .toEqual(['spec.groups[0].rules must be array, got object']);
    expect(strictFieldErrors(withField(manifests.Job(), 'spec.template.spec.containers[0].command', 'true')))
      .toEqual(['spec.template.spec.containers[0].command must be array, got string']);
  });

  test('accepts IntOrString fields as a number or a string, and nothing else', () => {
    const surge = (value: unknown) => strictFieldErrors(withField(manifests.Deployment(), 'spec.strategy.rollingUpdate.maxSurge', value));
    expect(surge('25%')).toEqual([]);
    expect(surge(1)).toEqual([]);
    expect(() => validateManifest(withField(manifests.Deployment(), 'spec.strategy.rollingUpdate.maxSurge', 1))).not.toThrow();
    expect(surge(true)).toEqual([expect.stringMatching(/^spec\.strategy\.rollingUpdate\.maxSurge must be (number or string|string or number), got boolean$/)]);
    expect(surge({ percent: 25 })).toHaveLength(1);
  });

  test('accepts Quantity fields as a number or a string', () => {
    const limits = (value: unknown) => strictFieldErrors(withField(manifests.Deployment(), 'spec.template.spec.containers[0].resources.limits.cpu', value));
    expect(limits('500m')).toEqual([]);
    expect(limits(2)).toEqual([]);
    expect(limits([2])).toHaveLength(1);
  });

  test('accepts any key in a map, but checks the values', () => {
    const doc = withField(manifests.Deployment(), 'spec.template.metadata.labels', { 'app': 'api', 'app.kubernetes.io/version': '1.0.0', 'x': 'y' });
    expect(() => validateManifest(doc)).not.toThrow();
    expect(strictFieldErrors(withField(doc, 'spec.template.metadata.labels.x', { nested: 'y' })))
      .toEqual(['spec.template.metadata.labels.x must be string, got object']);
  });

  test('accepts anything inside free-form fields', () => {
    // Argo's x-kubernetes-preserve-unknown-fields objects: the web provider's JSON body and plugin config.
    const web = withField(manifests.AnalysisTemplate(), 'spec.metrics[0].provider', {
      web: { url: 'http://check', jsonBody: { any: { nested: [1, 'two', { three: true }] } } },
      plugin: { 'example.com/metric': { whatever: 1 } },
    });
    expect(() => validateManifest(web)).not.toThrow();
    // ...while the declared fields around them are still checked.
    expect(strictFieldErrors(withField(web, 'spec.metrics[0].provider.web.ulr', 'x'))).toEqual(['unknown field spec.metrics[0].provider.web.ulr']);
    // The Argo CRD leaves container resources untyped (`any` in the declarations).
    const job = withField(manifests.AnalysisTemplate(), 'spec.metrics[0].provider', {
      job: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'check', image: 'curl:8', resources: { limits: { 'cpu': '1', 'nvidia.com/gpu': 1 }, requests: [{ odd: true }] } }],
            },
          },
        },
      },
    });
    expect(() => validateManifest(job)).not.toThrow();
  });

  test('checks any kind the model packages describe, not only the ones listed up front', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { 'a.properties': 'x=1' } };
    expect(() => validateManifest(configMap)).not.toThrow();
    expect(() => validateManifest(withField(configMap, 'dat', {}))).toThrow('ConfigMap settings: unknown field dat');
  });
});
