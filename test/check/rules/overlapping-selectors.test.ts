import { check, deployment, pdb, rules } from '../_fixtures';

const NS = 'shop';

describe('overlapping-selectors', () => {
  test('two Deployments of one app without a role', () => {
    const web = deployment('shop-web', { namespace: NS, labels: { app: 'shop' } });
    const worker = deployment('shop-worker', { namespace: NS, labels: { app: 'shop', role: 'worker' } });
    const found = check([], [web, worker]);
    expect(rules(found)).toEqual(['error overlapping-selectors Deployment shop/shop-web']);
    expect(found[0].message).toContain('also matches the pods of Deployment shop/shop-worker');
    expect(found[0].fix).toContain('distinguishing');
    // Checked on NEXT alone: reported even if PREVIOUS had it already.
    expect(rules(check([web, worker], [web, worker]))).toEqual(['error overlapping-selectors Deployment shop/shop-web']);
  });

  test('two PodDisruptionBudgets covering one pod', () => {
    const web = deployment('shop-web', { namespace: NS, labels: { app: 'shop', role: 'web' } });
    const found = check([], [web, pdb('shop', { app: 'shop' }, NS), pdb('shop-web', { app: 'shop', role: 'web' }, NS)]);
    expect(rules(found)).toEqual(['error overlapping-selectors Deployment shop/shop-web']);
    expect(found[0].message).toContain('PodDisruptionBudget shop/shop, PodDisruptionBudget shop/shop-web');
    expect(found[0].message).toContain('more than one PodDisruptionBudget');
    expect(found[0].message).toContain('drain');
  });

  test('safe: a role label in each selector, one budget per workload, other namespaces', () => {
    const web = deployment('shop-web', { namespace: NS, labels: { app: 'shop', role: 'web' } });
    const worker = deployment('shop-worker', { namespace: NS, labels: { app: 'shop', role: 'worker' } });
    expect(check([], [web, worker, pdb('shop-web', { app: 'shop', role: 'web' }, NS), pdb('shop-worker', { app: 'shop', role: 'worker' }, NS)])).toEqual([]);
    const elsewhere = deployment('shop-web', { namespace: 'staging', labels: { app: 'shop' } });
    expect(check([], [deployment('shop-web', { namespace: NS, labels: { app: 'shop' } }), elsewhere])).toEqual([]);
  });
});
