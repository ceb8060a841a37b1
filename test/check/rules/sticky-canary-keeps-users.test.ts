import { FindingSeverity } from '../../../src';
import { canaryIngress, check, deployment, ingress, rules, service, stickyAnnotations } from '../_fixtures';

const NS = 'shop';

describe('sticky-canary-keeps-users', () => {
  const stable = deployment('api-stable', { namespace: NS, labels: { app: 'api', track: 'stable' }, replicas: 4 });
  const canary = (replicas: number) => deployment('api-canary', { namespace: NS, labels: { app: 'api', track: 'canary' }, replicas, image: 'ghcr.io/example/app:1.1.0' });
  const services = [service('api-stable', { app: 'api', track: 'stable' }, NS), service('api-canary', { app: 'api', track: 'canary' }, NS)];
  const main = ingress('api', { namespace: NS, service: 'api-stable', annotations: stickyAnnotations() });
  const weighted = (weight: number, annotations?: any) => canaryIngress('api-canary', { namespace: NS, service: 'api-canary', weight, annotations });

  test('an abort to weight 0 leaves users pinned to the canary', () => {
    const [f, ...rest] = check([stable, canary(1), ...services, main, weighted(20)], [stable, canary(1), ...services, main, weighted(0)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'sticky-canary-keeps-users', severity: FindingSeverity.ERROR, object: 'Ingress shop/api-canary' });
    expect(f.message).toContain('sticky by default');
    expect(f.message).toContain('before it looks at the weight');
    expect(f.message).toContain('Deployment shop/api-canary (1 pod(s))');
    expect(f.fix).toContain('Scale Deployment shop/api-canary to 0 in the same commit');
    expect(f.fix).toContain('affinity-canary-behavior: legacy');
  });

  test('header routing removed counts as an abort too', () => {
    const byHeader = weighted(0, { 'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary' });
    expect(rules(check([stable, canary(1), ...services, main, byHeader], [stable, canary(1), ...services, main, weighted(0)])))
      .toEqual(['error sticky-canary-keeps-users Ingress shop/api-canary']);
  });

  test('safe: the abort scales the canary to 0; legacy behaviour; no affinity', () => {
    expect(check([stable, canary(1), ...services, main, weighted(20)], [stable, canary(0), ...services, main, weighted(0)])).toEqual([]);
    const legacy = weighted(0, { 'nginx.ingress.kubernetes.io/affinity-canary-behavior': 'legacy' });
    expect(check([stable, canary(1), ...services, main, weighted(20)], [stable, canary(1), ...services, main, legacy])).toEqual([]);
    const plain = ingress('api', { namespace: NS, service: 'api-stable' });
    expect(check([stable, canary(1), ...services, plain, weighted(20)], [stable, canary(1), ...services, plain, weighted(0)])).toEqual([]);
  });
});
