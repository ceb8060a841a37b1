import { canaryIngress, check, deployment, edit, hpa, httpRoute, ingress, rules, service } from './_fixtures';
import {
  canaryOf, canonical, effectiveReplicas, labelSelectorMatches, mapSelects, sameJson, State, trafficRoutes,
} from '../../src/check/model';

describe('object identity', () => {
  test('a missing namespace is the same as default', () => {
    const before = deployment('api', { labels: { app: 'api' } });
    const after = deployment('api', { namespace: 'default', labels: { app: 'api', v: '2' } });
    expect(rules(check([before], [after]))).toEqual(['error immutable-selector Deployment default/api']);
  });

  test('the API group is part of the identity, the version is not', () => {
    const apps = deployment('api', { namespace: 'shop', labels: { app: 'api' } });
    const beta = edit(apps, d => { d.apiVersion = 'apps/v1beta2'; d.spec.selector.matchLabels.v = '2'; d.spec.template.metadata.labels.v = '2'; });
    expect(rules(check([apps], [beta]))).toEqual(['error immutable-selector Deployment shop/api']);
    const extensions = edit(beta, d => { d.apiVersion = 'extensions/v1beta1'; });
    expect(check([apps], [extensions]).filter(f => f.rule === 'immutable-selector')).toEqual([]);
  });

  test('List objects are flattened; non-objects and objects without kind or name are ignored', () => {
    const d = deployment('api', { namespace: 'shop', labels: { app: 'api' } });
    const state = new State([{ apiVersion: 'v1', kind: 'List', items: [d] }, null, 'text', 42, [], { kind: 'Deployment' }, { metadata: { name: 'x' } }]);
    expect([...state.entries.keys()]).toEqual(['apps|Deployment|shop|api']);
    expect(check(null as any, undefined as any)).toEqual([]);
  });

  test('a duplicate keeps the last definition', () => {
    const a = deployment('api', { namespace: 'shop', labels: { app: 'api' }, replicas: 1 });
    const b = edit(a, x => { x.spec.replicas = 5; });
    const state = new State([a, b]);
    expect(state.duplicates.map(e => e.label)).toEqual(['Deployment shop/api']);
    expect(state.get('apps|Deployment|shop|api')!.obj.spec.replicas).toBe(5);
  });
});

describe('comparison and selection', () => {
  test('deep equality on JSON with sorted keys', () => {
    expect(canonical({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });

  test('a Service selector selects when every pair is in the labels; an empty one selects nothing', () => {
    expect(mapSelects({ app: 'api' }, { app: 'api', track: 'stable' })).toBe(true);
    expect(mapSelects({ app: 'api', track: 'canary' }, { app: 'api', track: 'stable' })).toBe(false);
    expect(mapSelects({}, { app: 'api' })).toBe(false);
    expect(mapSelects(undefined, { app: 'api' })).toBe(false);
  });

  test('label selectors: matchLabels and every matchExpressions operator', () => {
    const labels = { app: 'api', tier: 'web' };
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(labelSelectorMatches(undefined, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'role', operator: 'Exists' }] }, labels)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'Bogus' }] }, labels)).toBe(false);
  });

  test('replicas: the field, else the minReplicas of an HPA targeting it (1 when unset), else 1', () => {
    const open = deployment('api', { namespace: 'shop', labels: { app: 'api' }, replicas: null });
    const entry = (s: State) => s.get('apps|Deployment|shop|api')!;
    const alone = new State([open]);
    expect(effectiveReplicas(alone, entry(alone))).toBe(1);
    const scaled = new State([open, hpa('api', 'api', 'shop', 3)]);
    expect(effectiveReplicas(scaled, entry(scaled))).toBe(3);
    const noMin = new State([open, hpa('api', 'api', 'shop')]);
    expect(effectiveReplicas(noMin, entry(noMin))).toBe(1);
    const otherNs = new State([open, hpa('api', 'api', 'staging', 3)]);
    expect(effectiveReplicas(otherNs, entry(otherNs))).toBe(1);
  });
});

describe('routers', () => {
  test('ingress-nginx canary annotations: any prefix, boolean spellings, weight total', () => {
    const c = (annotations: any) => canaryOf({ key: '', group: 'networking.k8s.io', kind: 'Ingress', namespace: 'shop', name: 'c', label: '', obj: { metadata: { annotations } } });
    expect(c({ 'nginx.ingress.kubernetes.io/canary': 'True', 'nginx.ingress.kubernetes.io/canary-weight': '30' })).toMatchObject({ share: 0.3, total: 100 });
    expect(c({ 'x.io/canary': 'true', 'x.io/canary-weight': '5', 'x.io/canary-weight-total': '10' })).toMatchObject({ prefix: 'x.io', share: 0.5 });
    expect(c({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '300' })!.share).toBe(1);
    expect(c({ 'nginx.ingress.kubernetes.io/canary': 'false', 'nginx.ingress.kubernetes.io/canary-weight': '30' })).toBeUndefined();
    expect(c({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary' })).toMatchObject({ share: 0, byHeaderOrCookie: true });
  });

  test('a canary Ingress takes its share of the main Ingress route with the same host and path', () => {
    const routes = trafficRoutes(new State([
      ingress('main', { namespace: 'shop', service: 'stable' }),
      canaryIngress('canary', { namespace: 'shop', service: 'canary', weight: 20 }),
      canaryIngress('other-path', { namespace: 'shop', service: 'canary', weight: 20, path: '/other' }),
    ]));
    expect(Object.fromEntries(routes.get('ingress:shop.example.com/')!.shares)).toEqual({ '|Service|shop|stable': 0.8, '|Service|shop|canary': 0.2 });
  });

  test('Gateway API weights are relative; default weight 1; other backend kinds take their share', () => {
    const route = httpRoute('api', 'shop', [{ name: 'a' }, { name: 'b', weight: 3 }]);
    route.spec.rules[0].backendRefs.push({ group: 'example.com', kind: 'Bucket', name: 'static', weight: 4 });
    const grpc = edit(httpRoute('rpc', 'shop', [{ name: 'a' }, { name: 'b' }]), r => { r.kind = 'GRPCRoute'; });
    const routes = [...trafficRoutes(new State([route, grpc])).values()];
    expect(routes.map(r => Object.fromEntries(r.shares))).toEqual([
      { '|Service|shop|a': 0.125, '|Service|shop|b': 0.375, 'example.com|Bucket|shop|static': 0.5 },
      { '|Service|shop|a': 0.5, '|Service|shop|b': 0.5 },
    ]);
  });

  test('legacy Ingress backends (serviceName/servicePort) are checked too', () => {
    const legacy = {
      apiVersion: 'extensions/v1beta1',
      kind: 'Ingress',
      metadata: { name: 'old', namespace: 'shop' },
      spec: { backend: { serviceName: 'api', servicePort: 'grpc' } },
    };
    const found = check([], [deployment('api', { namespace: 'shop', labels: { app: 'api' } }), service('api', { app: 'api' }, 'shop'), legacy]);
    expect(rules(found)).toEqual(['error dangling-backend Ingress shop/old']);
    expect(found[0].message).toContain('default backend routes to port name "grpc"');
  });

  test('a switch of the main Ingress backend is a switch too', () => {
    const blue = deployment('api-blue', { namespace: 'shop', labels: { app: 'api', color: 'blue' } });
    const green = deployment('api-green', { namespace: 'shop', labels: { app: 'api', color: 'green' } });
    const svcs = [service('api-blue', { app: 'api', color: 'blue' }, 'shop'), service('api-green', { app: 'api', color: 'green' }, 'shop')];
    const found = check([blue, ...svcs, ingress('api', { namespace: 'shop', service: 'api-blue' })], [blue, green, ...svcs, ingress('api', { namespace: 'shop', service: 'api-green' })]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods Ingress shop/api']);
    expect(found[0].message).toContain('backend changes from Service shop/api-blue to Service shop/api-green');
  });
});
