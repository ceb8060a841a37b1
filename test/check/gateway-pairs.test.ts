import { change, errorRules, judge, summary } from './_yaml';

/*
 * Hand-written Gateway API pairs, as a team that routes through HTTPRoute (edge) or a mesh
 * route (GAMMA) commits them, with no object made by this library: blue-green by colour
 * Services (the flip moves the backendRef), weights onto pods that are not Ready, missing
 * backends, all-zero weights, flips onto cold colours, detached routes.
 */

const colour = (slot: string, replicas: number, image = '4.0') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-${slot}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: cart, slot: ${slot}}}
  template:
    metadata: {labels: {app: cart, slot: ${slot}}}
    spec:
      containers:
      - {name: cart, image: "registry.example.com/cart:${image}", ports: [{name: http, containerPort: 8080}], readinessProbe: {httpGet: {path: /ready, port: http}}}
---
apiVersion: v1
kind: Service
metadata: {name: cart-${slot}, namespace: shop}
spec: {selector: {app: cart, slot: ${slot}}, ports: [{name: http, port: 80, targetPort: http}]}
`;
const route = (active: string, parent = '{name: public, namespace: gateways, sectionName: https}') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart, namespace: shop}
spec:
  parentRefs: [${parent}]
  hostnames: [cart.example.org]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: cart-${active}, port: 80}]
`;
const hpa = (slot: string, min: number) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: cart-${slot}, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: cart-${slot}}
  minReplicas: ${min}
  maxReplicas: 12
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
`;

// A mesh canary: the route's parent is the Service callers address (GAMMA).
const MESH = (weight: number, canaryReplicas = 1, parent = '{group: "", kind: Service, name: cart-blue, port: 80}') =>
  `${colour('blue', 4)}${colour('green', canaryReplicas, '4.1')}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart-mesh, namespace: shop}
spec:
  parentRefs: [${parent}]
  rules:
  - backendRefs:
    - {name: cart-blue, port: 80, weight: ${100 - weight}}
    - {name: cart-green, port: 80, weight: ${weight}}
`;

const errors = (previous: string, next: string) => errorRules(judge(previous, next));

describe('hand-written Gateway API pairs', () => {
  describe('blue-green by colour Services: the flip moves the backendRef', () => {
    const BLUE_LIVE = `${colour('blue', 4)}${colour('green', 4, '4.1')}${route('blue')}`;

    test('a flip onto a colour that runs at full size is safe', () => {
      expect(errors(BLUE_LIVE, `${colour('blue', 4)}${colour('green', 4, '4.1')}${route('green')}`)).toEqual([]);
    });

    test('a flip onto a colour started in the same commit sends every request to pods that are not Ready', () => {
      expect(errors(`${colour('blue', 4)}${colour('green', 0, '4.1')}${route('blue')}`, `${colour('blue', 4)}${colour('green', 4, '4.1')}${route('green')}`))
        .toContain('traffic-onto-unready-pods');
    });

    test('a flip onto a retired colour (0 pods): the Gateway answers 503, with no fallback', () => {
      const findings = judge(`${colour('blue', 4)}${colour('green', 0, '4.1')}${route('blue')}`, `${colour('blue', 4)}${colour('green', 0, '4.1')}${route('green')}`);
      expect(summary(findings)).toContain('error traffic-onto-unready-pods HTTPRoute shop/cart');
      expect(findings.map(f => f.message).join('\n')).toMatch(/no endpoint at all: the Gateway answers 503 for that share, with no fallback/);
    });

    test('a flip onto a cold colour, fallen to its autoscaler\'s floor, is refused', () => {
      const state = (active: string) => `${colour('blue', 4)}${hpa('blue', 2)}${colour('green', 4, '4.1')}${hpa('green', 1)}${route(active)}`;
      expect(errors(state('blue'), state('green'))).toContain('capacity-floor-below-share');
    });

    test('a flip onto a colour whose Service the commit deletes: 500 for every request', () => {
      const next = change(`${colour('blue', 4)}${colour('green', 4, '4.1')}${route('green')}`, /---\napiVersion: v1\nkind: Service\nmetadata: \{name: cart-green[^]*?\n(?=---)/, '');
      expect(errors(BLUE_LIVE, next)).toContain('dangling-backend');
    });

    test('the route detached from the Gateway users reach: 404 there', () => {
      const findings = judge(BLUE_LIVE, `${colour('blue', 4)}${colour('green', 4, '4.1')}${route('blue', '{name: internal, namespace: gateways, sectionName: https}')}`);
      expect(summary(findings)).toContain('error route-controller-changed HTTPRoute shop/cart');
      expect(findings.find(f => f.rule === 'route-controller-changed')!.message).toMatch(/detached from Gateway gateways\/public section https .*answers 404/);
    });

    test('a second parent added before the first is dropped is safe', () => {
      expect(errors(BLUE_LIVE, `${colour('blue', 4)}${colour('green', 4, '4.1')}${route('blue', '{name: public, namespace: gateways, sectionName: https}, {name: internal, namespace: gateways}')}`)).toEqual([]);
    });
  });

  describe('a mesh canary (GAMMA): the parentRef is a Service', () => {
    test('a weight step onto a canary that runs is safe', () => {
      expect(errors(MESH(10), MESH(20))).toEqual([]);
    });

    test('weight onto a canary with no pods: 503 for that share, with no fallback to stable', () => {
      const findings = judge(MESH(0, 0), MESH(10, 0));
      expect(summary(findings)).toContain('error traffic-onto-unready-pods HTTPRoute shop/cart-mesh');
      expect(findings.map(f => f.message).join('\n')).toMatch(/no endpoint at all: the Gateway answers 503 for that share, with no fallback/);
    });

    test('weight onto canary pods created in the same commit', () => {
      expect(errors(MESH(0, 0), MESH(10, 2))).toContain('traffic-onto-unready-pods');
    });

    test('the mesh route removed: callers of the Service reach its own endpoints (stable), no 404', () => {
      const findings = judge(MESH(10), MESH(10, 1, ''));
      expect(findings.filter(f => f.rule === 'route-controller-changed').map(f => f.message).join('\n')).not.toMatch(/404/);
    });

    test('the mesh route deleted: no 404, the Service\'s callers reach its own endpoints', () => {
      const next = MESH(10).replace(/---\napiVersion: gateway[^]*$/, '');
      expect(errors(MESH(10), next)).toEqual([]);
    });

    test('every weight at 0', () => {
      const next = change(MESH(0), 'weight: 100', 'weight: 0');
      expect(errors(MESH(10), next)).toContain('all-backends-weight-zero');
    });
  });
});
