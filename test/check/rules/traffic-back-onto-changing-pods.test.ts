import { canaryIngress, check, deployment, httpRoute, ingress, rules, service, steps } from '../_fixtures';

const NS = 'shop';

describe('traffic-back-onto-changing-pods', () => {
  const stable = (image: string) => deployment('api-stable', { namespace: NS, labels: { app: 'api', track: 'stable' }, replicas: 4, image });
  const canary = deployment('api-canary', { namespace: NS, labels: { app: 'api', track: 'canary' }, replicas: 4, image: 'ghcr.io/example/app:1.1.0' });
  const services = [service('api-stable', { app: 'api', track: 'stable' }, NS), service('api-canary', { app: 'api', track: 'canary' }, NS)];
  const main = ingress('api', { namespace: NS, service: 'api-stable' });
  const weighted = (weight: number) => canaryIngress('api-canary', { namespace: NS, service: 'api-canary', weight });

  test('promotion in one commit: stable image changed and the canary weight back to 0', () => {
    const found = check(
      [stable('ghcr.io/example/app:1.0.0'), canary, ...services, main, weighted(100)],
      [stable('ghcr.io/example/app:1.1.0'), canary, ...services, main, weighted(0)],
    );
    expect(rules(found)).toEqual(['error traffic-back-onto-changing-pods Ingress shop/api-canary']);
    expect(found[0].message).toContain('canary weight 100% → 0%');
    expect(found[0].message).toContain('Service shop/api-stable (0% → 100%)');
    expect(found[0].message).toContain('image ghcr.io/example/app:1.0.0 → ghcr.io/example/app:1.1.0');
    expect(found[0].message).toContain('mostly still the old version');
    expect(found[0].fix).toContain('while the canary keeps its weight');
  });

  test('safe: roll stable out first, move traffic back next', () => {
    const [rollOut, back] = steps(
      [stable('ghcr.io/example/app:1.0.0'), canary, ...services, main, weighted(100)],
      [stable('ghcr.io/example/app:1.1.0'), canary, ...services, main, weighted(100)],
      [stable('ghcr.io/example/app:1.1.0'), canary, ...services, main, weighted(0)],
    );
    expect(rollOut).toEqual([]);
    expect(back).toEqual([]);
  });

  test('an HTTPRoute promotion moves weight away from a backend named canary', () => {
    const route = (s: number, c: number) => httpRoute('api', NS, [{ name: 'api-stable', weight: s }, { name: 'api-canary', weight: c }]);
    const found = check(
      [stable('ghcr.io/example/app:1.0.0'), canary, ...services, route(0, 100)],
      [stable('ghcr.io/example/app:1.1.0'), canary, ...services, route(100, 0)],
    );
    expect(rules(found)).toEqual(['error traffic-back-onto-changing-pods HTTPRoute shop/api']);
  });
});
