import { Chart, Testing } from 'cdk8s';
import { synthValid, targetVersions, validateAll, validateGatewayRoute, validateManifest } from './manifests';
import { GracefulDeployment, KubernetesVersion, PreStop, Probe } from '../../src';
import { calledFunctions, compileRule, escapeField } from './schema/cel';
import { celRules, CrdRelease, crdRelease } from './schema/crds';
import { KUBERNETES_RANGE, kubernetesVersionsFor } from './schema/kubernetes';

// The validator is what every other test relies on: prove it rejects what the API server would.
// Upstream versions: Kubernetes OpenAPI definitions of KUBERNETES_RANGE (1.28 and the newest
// KubernetesVersion), Argo Rollouts v1.9.1, prometheus-operator v0.93.0, Gateway API v1.2.1 and
// v1.6.1 (standard) and v1.6.1 (experimental), all read from ../shared.

/** A copy of `doc` with `value` at `path` (`a.b[0].c`); the parent of the last key must exist. */
function withField<T extends object>(doc: T, path: string, value: unknown): T {
  const copy = structuredClone(doc);
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) { node = node[key] as Record<string, unknown>; }
  if (value === undefined) { delete node[keys[keys.length - 1]]; } else { node[keys[keys.length - 1]] = value; }
  return copy;
}

/** The message validateManifest throws, or '' when it accepts the manifest. */
function problems(doc: any, options = {}): string {
  try {
    validateManifest(doc, options);
    return '';
  } catch (e: any) {
    return e.message;
  }
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
            lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
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
  // Written by hand from the v1.6.1 API reference (apis/v1/httproute_types.go): a canary split.
  HTTPRoute: () => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'shop', namespace: 'shop' },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'gateways' }],
      hostnames: ['shop.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', value: 'always' }] }],
          backendRefs: [{ name: 'shop-canary', port: 80 }],
        },
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ name: 'shop', port: 80, weight: 95 }, { name: 'shop-canary', port: 80, weight: 5 }],
        },
      ],
    },
  }),
};

type Kind = keyof typeof manifests;

describe('validateManifest', () => {
  test.each(Object.keys(manifests) as Kind[])('accepts a valid %s', (kind) => {
    expect(problems(manifests[kind]())).toBe('');
  });

  test('fails if a field has the wrong type, in every Kubernetes version it is checked against', () => {
    const message = problems(withField(manifests.Deployment(), 'spec.replicas', 'three'));
    for (const version of KUBERNETES_RANGE) {
      expect(message).toMatch(new RegExp(`Deployment api does not validate against Kubernetes ${esc(version)}:\\n {2}spec\\.replicas must be integer, got string`));
    }
  });

  test('fails if the selector is empty', () => {
    expect(problems(withField(manifests.Deployment(), 'spec.selector.matchLabels', {}))).toMatch(/empty selector/);
  });

  test('fails if the selector does not match the pod labels', () => {
    expect(problems(withField(manifests.Deployment(), 'spec.template.metadata.labels', { app: 'other' }))).toMatch(/selector app=api does not match/);
  });

  test('fails on a kind it has no schema for', () => {
    expect(problems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
      .toMatch(/Widget w: Kubernetes 1\.28 has no schema for example\.com\/v1 Widget/);
    expect(problems({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Widget', metadata: { name: 'w' } }))
      .toMatch(/Widget w: Argo Rollouts v1\.9\.1 has no schema for argoproj\.io\/v1alpha1 Widget/);
  });
});

// Strict field validation: the API server (kubectl apply --validate=strict, the default since
// 1.27) refuses a field its schema does not declare; the definitions leave that implicit.
describe('validateManifest refuses unknown fields', () => {
  // Each misspelling sits next to the real field, which the valid manifest sets.
  test.each([
    ['Deployment', 'api', 'Kubernetes 1.28', 'spec.progresDeadlineSeconds'],
    ['Deployment', 'api', 'Kubernetes 1.28', 'spec.template.spec.terminationGracePeriodSecond'],
    ['Deployment', 'api', 'Kubernetes 1.28', 'spec.template.spec.containers[0].lifecycle.preStop.exce'],
    ['Deployment', 'api', 'Kubernetes 1.28', 'metadata.label'],
    ['Deployment', 'api', 'Kubernetes 1.28', 'spec.template.metadata.label'],
    ['Service', 'api', 'Kubernetes 1.28', 'spec.ports[0].targetport'],
    ['PodDisruptionBudget', 'api', 'Kubernetes 1.28', 'spec.selector.matchLabel'],
    ['HorizontalPodAutoscaler', 'api', 'Kubernetes 1.28', 'spec.behavior.scaleDown.policies[0].periodSecond'],
    ['Ingress', 'api', 'Kubernetes 1.28', 'spec.rules[0].http.paths[0].backend.service.port.numbr'],
    ['Job', 'gate', 'Kubernetes 1.28', 'spec.ttlSecondAfterFinished'],
    ['AnalysisTemplate', 'success-rate', 'Argo Rollouts v1.9.1', 'spec.metrics[0].provider.prometheus.adress'],
    ['AnalysisTemplate', 'success-rate', 'Argo Rollouts v1.9.1', 'metadata.label'],
    ['PrometheusRule', 'api', 'prometheus-operator v0.93.0', 'spec.groups[0].rules[0].recrod'],
    ['PrometheusRule', 'api', 'prometheus-operator v0.93.0', 'metadata.label'],
    ['HTTPRoute', 'shop', 'Gateway API v1.2.1 standard', 'spec.rules[1].backendRefs[0].wieght'],
    ['HTTPRoute', 'shop', 'Gateway API v1.6.1 standard', 'spec.rules[1].backendRefs[0].wieght'],
    ['HTTPRoute', 'shop', 'Gateway API v1.6.1 standard', 'spec.parentRefs[0].sectionname'],
  ] as const)('refuses %s %s against %s with the unknown field %s', (kind, name, source, path) => {
    const message = problems(withField(manifests[kind](), path, 'x'));
    expect(message).toMatch(new RegExp(`${kind} ${name} does not validate against ${esc(source)}:(\\n {2}.*)*\\n {2}unknown field ${esc(path)}(\\n|$)`));
  });

  test('reports every unknown field, each with its path, for each version', () => {
    const doc = withField(withField(manifests.Deployment(), 'spec.progresDeadlineSeconds', 600), 'metadata.label', 'x');
    expect(problems(doc)).toBe([
      'Deployment api does not validate against Kubernetes 1.28:',
      '  unknown field metadata.label',
      '  unknown field spec.progresDeadlineSeconds',
      `Deployment api does not validate against Kubernetes ${KUBERNETES_RANGE[1]}:`,
      '  unknown field metadata.label',
      '  unknown field spec.progresDeadlineSeconds',
    ].join('\n'));
  });

  test('checks any kind the definitions describe, not only the ones the library emits', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { 'a.properties': 'x=1' } };
    expect(problems(configMap)).toBe('');
    expect(problems(withField(configMap, 'dat', {}))).toMatch(/ConfigMap settings does not validate against Kubernetes 1\.28:\n {2}unknown field dat/);
  });
});

describe('validateManifest checks types and required fields', () => {
  test('refuses a label value that is a number, naming a map key that is not an identifier', () => {
    expect(problems(withField(manifests.Deployment(), 'spec.template.metadata.labels.version', 2)))
      .toMatch(/\n {2}spec\.template\.metadata\.labels\.version must be string, got integer/);
    expect(problems(withField(manifests.Deployment(), 'metadata.annotations', { 'example.com/owner': true })))
      .toMatch(/\n {2}metadata\.annotations\["example\.com\/owner"\] must be string, got boolean/);
  });

  test.each([
    ['PrometheusRule', 'spec.groups[0].rules', { record: 'r' }, /spec\.groups\[0\]\.rules must be array, got object/],
    ['Job', 'spec.template.spec.containers[0].command', 'true', /spec\.template\.spec\.containers\[0\]\.command must be array, got string/],
    ['AnalysisTemplate', 'spec.metrics[0].count', true, /spec\.metrics\[0\]\.count must be integer or string, got boolean/],
    ['AnalysisTemplate', 'spec.metrics[0].failureLimit', '1', /^$/], // int-or-string in Argo v1.9.1
    ['HTTPRoute', 'spec.rules[1].backendRefs[0].weight', '95', /spec\.rules\[1\]\.backendRefs\[0\]\.weight must be integer, got string/],
    ['HTTPRoute', 'spec.rules[1].backendRefs[0].weight', 1000001, /spec\.rules\[1\]\.backendRefs\[0\]\.weight must be at most 1000000, got 1000001/],
    ['HTTPRoute', 'spec.rules[0].matches[0].headers[0].type', 'Prefix', /headers\[0\]\.type must be one of "Exact", "RegularExpression", got "Prefix"/],
  ] as const)('%s: %s = %j', (kind, path, value, expected) => {
    expect(problems(withField(manifests[kind](), path, value))).toMatch(expected);
  });

  test.each([
    ['Deployment', 'spec.template.spec.containers[0].name', /Deployment api does not validate against Kubernetes 1\.28:\n {2}spec\.template\.spec\.containers\[0\]\.name: Required value/],
    ['Deployment', 'spec.selector', /spec\.selector: Required value/],
    ['Service', 'spec.ports[0].port', /spec\.ports\[0\]\.port: Required value/],
    ['AnalysisTemplate', 'spec.metrics[0].name', /AnalysisTemplate success-rate does not validate against Argo Rollouts v1\.9\.1:\n {2}spec\.metrics\[0\]\.name: Required value/],
    ['PrometheusRule', 'spec.groups[0].rules[1].expr', /spec\.groups\[0\]\.rules\[1\]\.expr: Required value/],
    ['HTTPRoute', 'spec.rules[1].backendRefs[0].name', /spec\.rules\[1\]\.backendRefs\[0\]\.name: Required value/],
  ] as const)('%s: refuses a missing %s', (kind, path, expected) => {
    expect(problems(withField(manifests[kind](), path, undefined))).toMatch(expected);
  });

  test('accepts IntOrString fields as an integer or a string, and nothing else', () => {
    const surge = (value: unknown) => problems(withField(manifests.Deployment(), 'spec.strategy.rollingUpdate.maxSurge', value));
    expect(surge('25%')).toBe('');
    expect(surge(1)).toBe('');
    expect(surge(true)).toMatch(/spec\.strategy\.rollingUpdate\.maxSurge must be string or integer, got boolean/);
    expect(surge(1.5)).toMatch(/maxSurge must be string or integer, got number/);
    expect(surge({ percent: 25 })).toMatch(/maxSurge must be string or integer, got object/);
  });

  test('accepts Quantity fields as a number or a string', () => {
    const limits = (value: unknown) => problems(withField(manifests.Deployment(), 'spec.template.spec.containers[0].resources.limits.cpu', value));
    expect(limits('500m')).toBe('');
    expect(limits(2)).toBe('');
    expect(limits(0.5)).toBe('');
    expect(limits([2])).toMatch(/limits\.cpu must be string or number, got array/);
  });

  test('accepts any key in a map, but checks the values', () => {
    const doc = withField(manifests.Deployment(), 'spec.template.metadata.labels', { 'app': 'api', 'app.kubernetes.io/version': '1.0.0', 'x': 'y' });
    expect(problems(doc)).toBe('');
    expect(problems(withField(doc, 'spec.template.metadata.labels.x', { nested: 'y' }))).toMatch(/labels\.x must be string, got object/);
  });

  test('accepts anything inside free-form fields, and still checks the fields around them', () => {
    // Argo's x-kubernetes-preserve-unknown-fields objects: the web provider's JSON body and plugin config.
    const web = withField(manifests.AnalysisTemplate(), 'spec.metrics[0].provider', {
      web: { url: 'http://check', jsonBody: { any: { nested: [1, 'two', { three: true }] } } },
      plugin: { 'example.com/metric': { whatever: 1 } },
    });
    expect(problems(web)).toBe('');
    expect(problems(withField(web, 'spec.metrics[0].provider.web.ulr', 'x'))).toMatch(/\n {2}unknown field spec\.metrics\[0\]\.provider\.web\.ulr/);
    // A job provider's pod template is typed in Argo v1.9.1, down to the container resources.
    const job = (resources: unknown) => withField(manifests.AnalysisTemplate(), 'spec.metrics[0].provider', {
      job: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'check', image: 'curl:8', resources }] } } } },
    });
    expect(problems(job({ limits: { 'cpu': '1', 'nvidia.com/gpu': 1 } }))).toBe('');
    expect(problems(job({ limit: { cpu: '1' } }))).toMatch(/unknown field spec\.metrics\[0\]\.provider\.job\.spec\.template\.spec\.containers\[0\]\.resources\.limit/);
  });
});

// The newer CRDs accept what users write today, which the v0.65.1 / v1.5.0 models refused.
describe('validateManifest reads the current CRDs', () => {
  test('accepts keep_firing_for in a PrometheusRule (prometheus-operator v0.93.0)', () => {
    const doc = withField(manifests.PrometheusRule(), 'spec.groups[0].rules[1].keep_firing_for', '10m');
    expect(problems(doc)).toBe('');
    expect(problems(withField(doc, 'spec.groups[0].rules[1].keep_firing_for', ''))).toMatch(/keep_firing_for must be at least 1 characters/);
  });

  test('accepts consecutiveSuccessLimit and dryRun in an AnalysisTemplate (Argo Rollouts v1.9.1)', () => {
    const doc = withField(withField(manifests.AnalysisTemplate(), 'spec.metrics[0].consecutiveSuccessLimit', 3), 'spec.dryRun', [{ metricName: 'success-rate' }]);
    expect(problems(doc)).toBe('');
  });
});

describe('Kubernetes versions', () => {
  const sleeping = () => withField(manifests.Deployment(), 'spec.template.spec.containers[0].lifecycle.preStop', { sleep: { seconds: 5 } });

  test('checks the oldest and the newest supported minor, taken from KubernetesVersion', () => {
    const minors = Object.values(KubernetesVersion).map(v => Number(v.split('.')[1]));
    expect(KUBERNETES_RANGE).toEqual([`1.${Math.min(...minors)}`, `1.${Math.max(...minors)}`]);
    expect(kubernetesVersionsFor()).toEqual([...KUBERNETES_RANGE]);
    expect(kubernetesVersionsFor(KUBERNETES_RANGE[1])).toEqual([KUBERNETES_RANGE[1]]);
    expect(() => kubernetesVersionsFor('1.27')).toThrow(/Kubernetes 1\.27 is not a supported minor/);
  });

  test('refuses the native preStop sleep (1.30) for an object that targets 1.28, and accepts it when it targets 1.30', () => {
    expect(problems(sleeping())).toMatch(/Deployment api does not validate against Kubernetes 1\.28:\n {2}unknown field spec\.template\.spec\.containers\[0\]\.lifecycle\.preStop\.sleep$/);
    expect(problems(sleeping(), { kubernetesVersion: KubernetesVersion.V1_30 })).toBe('');
    // ...still checked against the newest minor.
    expect(problems(withField(sleeping(), 'spec.template.spec.containers[0].lifecycle.preStop.sleep.second', 5), { kubernetesVersion: KubernetesVersion.V1_30 }))
      .toMatch(new RegExp(`Kubernetes 1\\.30:[\\s\\S]*Kubernetes ${esc(KUBERNETES_RANGE[1])}:\\n {2}unknown field .*preStop\\.sleep\\.second`));
  });

  function sleepingApp(version: KubernetesVersion): Chart {
    const c = Testing.chart();
    new GracefulDeployment(c, 'web', {
      app: 'web',
      kubernetesVersion: version,
      containers: [{ image: 'web:1.0.0', port: 8080, readiness: Probe.httpGet('/ready'), preStop: PreStop.nativeSleep() }],
    });
    return c;
  }

  test('reads the version each object targets from its construct', () => {
    const c = sleepingApp(KubernetesVersion.V1_30);
    const targets = targetVersions(c);
    expect([...targets.entries()].filter(([k]) => k.startsWith('apps/v1 Deployment '))).toEqual([[expect.any(String), KubernetesVersion.V1_30]]);
    expect(() => synthValid(c)).not.toThrow();
    const docs = Testing.synth(c);
    expect(() => validateAll(docs, { tree: c })).not.toThrow();
    // Without the tree the target is unknown: the oldest minor applies, which has no sleep action.
    expect(() => validateAll(docs)).toThrow(/Kubernetes 1\.28:\n {2}unknown field spec\.template\.spec\.containers\[0\]\.lifecycle\.preStop\.sleep/);
  });
});

describe('Gateway API routes', () => {
  test('a valid HTTPRoute validates under v1.2.1 and v1.6.1 standard, and v1.6.1 experimental', () => {
    expect(() => validateGatewayRoute(manifests.HTTPRoute(), { channel: 'standard' })).not.toThrow();
    expect(() => validateGatewayRoute(manifests.HTTPRoute(), { channel: 'experimental' })).not.toThrow();
  });

  test('standard checks both versions: a rule name (Standard since v1.4) is refused by v1.2.1', () => {
    const named = withField(manifests.HTTPRoute(), 'spec.rules[1].name', 'split');
    expect(() => validateGatewayRoute(named, { channel: 'standard' }))
      .toThrow(/^HTTPRoute shop does not validate against Gateway API v1\.2\.1 standard:\n {2}unknown field spec\.rules\[1\]\.name$/);
  });

  test('experimental fields validate only against the experimental channel', () => {
    const sticky = withField(manifests.HTTPRoute(), 'spec.rules[1].sessionPersistence', { sessionName: 'canary', type: 'Cookie' });
    expect(() => validateGatewayRoute(sticky, { channel: 'experimental' })).not.toThrow();
    expect(() => validateGatewayRoute(sticky, { channel: 'standard' })).toThrow(/v1\.6\.1 standard:\n {2}unknown field spec\.rules\[1\]\.sessionPersistence/);
    expect(() => validateManifest(sticky)).toThrow(/unknown field spec\.rules\[1\]\.sessionPersistence/);
  });

  test('checks a GRPCRoute too, with its CEL rules (v1.2.1 and v1.6.1 standard)', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: { name: 'orders' },
      spec: {
        parentRefs: [{ name: 'public' }],
        rules: [{ matches: [{ method: { service: 'shop.Orders', method: 'Get' } }], backendRefs: [{ name: 'orders', port: 9090 }] }],
      },
    };
    expect(() => validateGatewayRoute(route, { channel: 'standard' })).not.toThrow();
    // A method match needs a service or a method; `type` is Exact by default.
    expect(() => validateGatewayRoute(withField(route, 'spec.rules[0].matches[0].method', {}), { channel: 'standard' }))
      .toThrow(/GRPCRoute orders does not validate against Gateway API v1\.2\.1 standard:\n {2}spec\.rules\[0\]\.matches\[0\]\.method: One or both of 'service' or 'method' must be specified/);
    expect(() => validateGatewayRoute(withField(route, 'spec.rules[0].matches[0].method.service', 'shop/Orders'), { channel: 'standard' }))
      .toThrow(/method: service must only contain valid characters/);
  });

  test('refuses what is not a Gateway API object', () => {
    expect(() => validateGatewayRoute(manifests.Ingress(), { channel: 'standard' })).toThrow(/Ingress api is not a Gateway API object/);
  });

  // CEL rules (x-kubernetes-validations), evaluated after OpenAPI defaults.
  test.each(['standard', 'experimental'] as const)('%s: refuses a path match that the CEL rules refuse', (channel) => {
    const doubleSlash = withField(manifests.HTTPRoute(), 'spec.rules[1].matches[0].path.value', '/shop//cart');
    expect(() => validateGatewayRoute(doubleSlash, { channel }))
      .toThrow(/spec\.rules\[1\]\.matches\[0\]\.path: must not contain '\/\/' when type one of \['Exact', 'PathPrefix'\]/);
    const relative = withField(manifests.HTTPRoute(), 'spec.rules[1].matches[0].path', { value: 'shop' });
    // `type` is unset: the rule sees its default, PathPrefix.
    expect(() => validateGatewayRoute(relative, { channel }))
      .toThrow(/spec\.rules\[1\]\.matches\[0\]\.path: value must be an absolute path and start with '\/' when type one of \['Exact', 'PathPrefix'\]/);
    expect(() => validateGatewayRoute(withField(relative, 'spec.rules[1].matches[0].path.type', 'RegularExpression'), { channel })).not.toThrow();
  });

  test('refuses a backendRef to a Service without a port: the rule sees the defaulted group and kind', () => {
    const noPort = withField(manifests.HTTPRoute(), 'spec.rules[1].backendRefs[1].port', undefined);
    expect(() => validateGatewayRoute(noPort, { channel: 'standard' }))
      .toThrow(/spec\.rules\[1\]\.backendRefs\[1\]: Must have port for Service reference/);
    // Another kind of backend needs no port.
    const custom = withField(withField(noPort, 'spec.rules[1].backendRefs[1].kind', 'Backend'), 'spec.rules[1].backendRefs[1].group', 'example.com');
    expect(() => validateGatewayRoute(custom, { channel: 'standard' })).not.toThrow();
  });

  test('refuses two parentRefs to the same Gateway without a sectionName (a rule reading the escaped `namespace`)', () => {
    const twice = withField(manifests.HTTPRoute(), 'spec.parentRefs', [{ name: 'public', namespace: 'gateways' }, { name: 'public', namespace: 'gateways' }]);
    expect(() => validateGatewayRoute(twice, { channel: 'standard' })).toThrow(/spec\.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent/);
    expect(() => validateGatewayRoute(withField(twice, 'spec.parentRefs[1].sectionName', 'https'), { channel: 'standard' })).toThrow(/sectionName must be specified/);
    const sections = withField(withField(twice, 'spec.parentRefs[0].sectionName', 'http'), 'spec.parentRefs[1].sectionName', 'https');
    expect(() => validateGatewayRoute(sections, { channel: 'standard' })).not.toThrow();
    // Same name, another namespace: another Gateway.
    const apart = withField(twice, 'spec.parentRefs[1]', { name: 'public', namespace: 'edge' });
    expect(() => validateGatewayRoute(apart, { channel: 'standard' })).not.toThrow();
  });
});

describe('CEL rules', () => {
  test('every rule of every CRD we validate against compiles with the functions cel.ts provides', () => {
    for (const release of Object.values(CrdRelease)) {
      const { kinds } = crdRelease(release);
      expect(kinds.size).toBeGreaterThan(0);
      for (const schema of kinds.values()) {
        for (const { rule, message } of celRules(schema)) {
          expect(() => compileRule(rule, message)).not.toThrow();
        }
      }
    }
    // The Gateway API routes carry most of them.
    const httpRoute = crdRelease(CrdRelease.GATEWAY_API_1_6_1_STANDARD).kinds.get('gateway.networking.k8s.io/v1 HTTPRoute')!;
    expect(celRules(httpRoute).length).toBeGreaterThan(30);
  });

  test('a rule calling a function nobody implemented is an error, not a pass', () => {
    expect(calledFunctions("self.startsWith('/') || isURL(self)")).toEqual(['_||_', 'isURL', 'startsWith']);
    expect(() => compileRule('true || isURL(self)', undefined)).toThrow(/calls isURL, which test\/support\/schema\/cel\.ts does not implement/);
  });

  test('transition rules are skipped: a new object has no old self', () => {
    expect(compileRule('self == oldSelf', 'immutable')).toBeUndefined();
  });

  test('a rule that cannot be evaluated fails the object, as in the API server', () => {
    const rule = compileRule('self.missing == 1', 'needs missing')!;
    expect(rule.run(new Map())).toEqual({ ok: false, error: expect.stringMatching(/missing/) });
    expect(compileRule('self.size()', undefined)!.run('abc')).toEqual({ ok: false, error: 'the rule gave 3, not a bool' });
  });

  test('escapes field names as the API server does (apiserver pkg/cel/escaping.go)', () => {
    expect(escapeField('namespace')).toBe('__namespace__');
    expect(escapeField('app.kubernetes.io/name')).toBe('app__dot__kubernetes__dot__io__slash__name');
    expect(escapeField('a__b-c')).toBe('a__underscores__b__dash__c');
    expect(escapeField('1st')).toBeUndefined();
    expect(escapeField('a b')).toBeUndefined();
  });
});
