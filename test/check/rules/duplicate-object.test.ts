import { check, deployment, rules } from '../_fixtures';

const NS = 'shop';

describe('duplicate-object', () => {
  test('an object defined twice is a warning', () => {
    const d = deployment('api', { namespace: NS, labels: { app: 'api' } });
    expect(rules(check([], [d, d]))).toEqual(['warning duplicate-object Deployment shop/api']);
  });
});
