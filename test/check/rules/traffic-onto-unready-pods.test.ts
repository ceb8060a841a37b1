import { FindingSeverity } from '../../../src';
import { canaryIngress, check, deployment, edit, errors, httpRoute, ingress, rules, service, steps } from '../_fixtures';
import { API, judge, WEB } from '../_yaml';

const NS = 'shop';
const blueLabels = { app: 'api', color: 'blue' };
const greenLabels = { app: 'api', color: 'green' };

describe('traffic-onto-unready-pods', () => {
  const blue = deployment('api-blue', { namespace: NS, labels: blueLabels, replicas: 3 });
  const green = deployment('api-green', { namespace: NS, labels: greenLabels, replicas: 3 });
  const onBlue = service('api', blueLabels, NS);
  const onGreen = service('api', greenLabels, NS);

  test('(a) a Service selector switched onto a Deployment created in the same commit', () => {
    const [f, ...rest] = check([blue, onBlue], [blue, green, onGreen]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'traffic-onto-unready-pods', severity: FindingSeverity.ERROR, object: 'Service shop/api' });
    expect(f.message).toContain('Deployment shop/api-green');
    expect(f.message).toContain('is created in this commit');
    expect(f.message).toContain('within about a second');
    expect(f.fix).toContain('first');
    expect(f.fix).toContain('next commit');
  });

  test('(a) safe: create first, switch in the next commit', () => {
    const [create, flip] = steps([blue, onBlue], [blue, green, onBlue], [blue, green, onGreen]);
    expect(create).toEqual([]);
    expect(flip).toEqual([]);
  });

  test('(a) onto a Deployment scaled up or scaled to zero pods', () => {
    const greenAt1 = edit(green, d => { d.spec.replicas = 1; });
    const up = check([blue, greenAt1, onBlue], [blue, green, onGreen]);
    expect(rules(up)).toEqual(['error traffic-onto-unready-pods Service shop/api']);
    expect(up[0].message).toContain('scales up from 1 to 3 pods');
    expect(up[0].message).toContain('the 1 pod(s) already running take all of it');

    const greenAt0 = edit(green, d => { d.spec.replicas = 0; });
    const none = errors([blue, greenAt0, onBlue], [blue, greenAt0, onGreen]);
    expect(rules(none)).toEqual(['error traffic-onto-unready-pods Service shop/api']);
    expect(none[0].message).toContain('runs 0 pods');
    expect(none[0].message).toContain('no endpoint');
  });

  const stable = deployment('api-stable', { namespace: NS, labels: { app: 'api', track: 'stable' }, replicas: 4 });
  const canary = (replicas: number) => deployment('api-canary', { namespace: NS, labels: { app: 'api', track: 'canary' }, replicas, image: 'ghcr.io/example/app:1.1.0' });
  const services = [service('api-stable', { app: 'api', track: 'stable' }, NS), service('api-canary', { app: 'api', track: 'canary' }, NS)];
  const main = ingress('api', { namespace: NS, service: 'api-stable' });
  const weighted = (weight: number, annotations?: any) => canaryIngress('api-canary', { namespace: NS, service: 'api-canary', weight, annotations });

  test('(b) a canary weight raised while the canary scales up', () => {
    const found = check([stable, canary(1), ...services, main, weighted(10)], [stable, canary(3), ...services, main, weighted(50)]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods Ingress shop/api-canary']);
    expect(found[0].message).toContain('canary weight 10% → 50%');
    expect(found[0].message).toContain('Service shop/api-canary goes from 10% to 50%');
    expect(found[0].message).toContain('scales up from 1 to 3 pods');
  });

  test('(b) any annotation prefix, and a weight total other than 100', () => {
    const p = 'ingress.example.com';
    const w = (weight: number) => canaryIngress('api-canary', {
      namespace: NS, service: 'api-canary', weight, prefix: p, annotations: { [`${p}/canary-weight-total`]: '1000' },
    });
    const found = check([stable, canary(1), ...services, main, w(100)], [stable, canary(3), ...services, main, w(500)]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods Ingress shop/api-canary']);
    expect(found[0].message).toContain('canary weight 10% → 50%');
  });

  test('(b) safe: scale the canary first, raise the weight next', () => {
    const [scale, raise] = steps(
      [stable, canary(1), ...services, main, weighted(10)],
      [stable, canary(3), ...services, main, weighted(10)],
      [stable, canary(3), ...services, main, weighted(50)],
    );
    expect(scale).toEqual([]);
    expect(raise).toEqual([]);
  });

  test('(c) an HTTPRoute share raised onto a canary that scales up; weights are relative', () => {
    const route = (s: number, c: number) => httpRoute('api', NS, [{ name: 'api-stable', weight: s }, { name: 'api-canary', weight: c }]);
    const found = check([stable, canary(1), ...services, route(9, 1)], [stable, canary(3), ...services, route(1, 1)]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods HTTPRoute shop/api']);
    expect(found[0].message).toContain('Service shop/api-canary goes from 10% to 50%');
    // Same weights scaled: the share does not change, nothing moves.
    expect(check([stable, canary(1), ...services, route(9, 1)], [stable, canary(3), ...services, route(90, 10)])).toEqual([]);
  });

  test('(c) safe: scale up first, shift weights next', () => {
    const route = (s: number, c: number) => httpRoute('api', NS, [{ name: 'api-stable', weight: s }, { name: 'api-canary', weight: c }]);
    const [scale, shift] = steps(
      [stable, canary(1), ...services, route(9, 1)],
      [stable, canary(3), ...services, route(9, 1)],
      [stable, canary(3), ...services, route(1, 1)],
    );
    expect(scale).toEqual([]);
    expect(shift).toEqual([]);
  });
});

describe('traffic-onto-unready-pods: what a backend without endpoints means depends on who routes to it', () => {
  const v2Deployment = /apiVersion: apps\/v1\nkind: Deployment\nmetadata: \{name: api-v2[^]*?---\n/;

  test('a Gateway API backend answers 503 for its share, with no fallback', () => {
    const previous = API.replace(v2Deployment, '').replace('api-v2, port: 80, weight: 10', 'api-v2, port: 80, weight: 0');
    const [f] = judge(previous, API).filter(x => x.rule === 'traffic-onto-unready-pods');
    expect(f.object).toBe('HTTPRoute core/api');
    expect(f.message).toMatch(/Service core\/api-v2 goes from 0% to 10%.* the Gateway answers 503 for that share, with no fallback to the other backends/);
  });

  test('an ingress-nginx canary without endpoints falls back to the main backend, then its first pods take the whole share', () => {
    const canary = (weight: number, pods: boolean) => `${WEB}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web-canary, namespace: storefront, annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "${weight}"}}
spec:
  ingressClassName: nginx
  rules: [{host: shop.example.org, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web-canary, port: {number: 80}}}}]}}]
---
apiVersion: v1
kind: Service
metadata: {name: web-canary, namespace: storefront}
spec: {selector: {track: canary}, ports: [{port: 80, targetPort: 8080}]}
${pods ? `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-canary, namespace: storefront}
spec:
  replicas: 2
  selector: {matchLabels: {track: canary}}
  template:
    metadata: {labels: {track: canary}}
    spec: {containers: [{name: web, image: "registry.example.com/web:2.4.0", readinessProbe: {tcpSocket: {port: 8080}}}]}
` : ''}`;
    const [f] = judge(canary(0, false), canary(20, true)).filter(x => x.rule === 'traffic-onto-unready-pods');
    expect(f.object).toBe('Ingress storefront/web-canary');
    expect(f.message).toMatch(/canary weight 0% → 20%.*ingress-nginx sends the canary share to the main backend meanwhile, and the first canary pods to turn Ready then take all of it/);
  });
});
