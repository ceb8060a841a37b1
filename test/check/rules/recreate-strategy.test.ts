import { change, judge, WEB } from '../_yaml';

const RECREATE = change(WEB, /strategy: .*/, 'strategy: {type: Recreate}');
const only = (a: string, b: string) => judge(a, b).filter(f => f.rule === 'recreate-strategy');

describe('recreate-strategy', () => {
  test('a rollout under Recreate terminates every pod first', () => {
    const [f] = only(RECREATE, change(RECREATE, 'web:2.3.0', 'web:2.4.0'));
    expect(f).toMatchObject({ severity: 'error', object: 'Deployment storefront/web' });
    expect(f.message).toMatch(/strategy Recreate .* terminates all 3 running pod\(s\) first/);
  });

  test('switching to Recreate: this commit is fine, later rollouts are not', () => {
    const [f] = only(WEB, RECREATE);
    expect(f.message).toMatch(/changes to Recreate\. This commit itself is fine/);
  });

  test('safe: RollingUpdate; Recreate already there and the template unchanged', () => {
    expect(only(WEB, change(WEB, 'web:2.3.0', 'web:2.4.0'))).toEqual([]);
    expect(only(RECREATE, change(RECREATE, 'replicas: 3', 'replicas: 4'))).toEqual([]);
  });
});
