import { check, deployment, edit, ingress, rules, service } from '../_fixtures';

const NS = 'shop';

describe('selected-pods-scaled-to-zero', () => {
  test('an error when routed, a warning when only selected, nothing for a parked canary', () => {
    const api = deployment('api', { namespace: NS, labels: { app: 'api' } });
    const zero = edit(api, d => { d.spec.replicas = 0; });
    const svc = service('api', { app: 'api' }, NS);
    const routed = check([api, svc, ingress('api', { namespace: NS, service: 'api' })], [zero, svc, ingress('api', { namespace: NS, service: 'api' })]);
    expect(rules(routed)).toEqual(['error selected-pods-scaled-to-zero Service shop/api']);
    expect(rules(check([api, svc], [zero, svc]))).toEqual(['warning selected-pods-scaled-to-zero Service shop/api']);
    // Scaled to 0 once no Service selects it: fine.
    expect(check([api], [zero])).toEqual([]);
  });
});
