import { change, judge, WEB } from '../_yaml';

const only = (a: string, b: string) => judge(a, b).filter(f => f.rule === 'rolling-update-unavailable');
const strategy = (text: string, ru: string) => change(text, 'maxSurge: 1, maxUnavailable: 0', ru);
const bump = (t: string) => change(t, 'web:2.3.0', 'web:2.4.0');

describe('rolling-update-unavailable', () => {
  test('maxUnavailable 100% of 3 rounds down to 3: every old pod may go first', () => {
    const [f] = only(WEB, bump(strategy(WEB, 'maxSurge: 1, maxUnavailable: "100%"')));
    expect(f).toMatchObject({ severity: 'error', object: 'Deployment storefront/web' });
    expect(f.message).toMatch(/maxUnavailable 100% resolves to 3 pod\(s\) for 3 replica\(s\)/);
  });

  test('rounding: 50% of 1 replica is 0 (safe), 1 of 1 is all of it', () => {
    const one = change(WEB, 'replicas: 3', 'replicas: 1');
    expect(only(one, bump(strategy(one, 'maxSurge: "25%", maxUnavailable: "50%"')))).toEqual([]);
    const [f] = only(one, bump(strategy(one, 'maxSurge: 0, maxUnavailable: 1')));
    expect(f.message).toMatch(/maxUnavailable 1 resolves to 1 pod\(s\) for 1 replica\(s\)/);
  });

  test('both 0 is refused by the API server', () => {
    const [f] = only(WEB, strategy(WEB, 'maxSurge: 0, maxUnavailable: "0%"'));
    expect(f.message).toMatch(/maxSurge and maxUnavailable are both 0/);
  });

  test('made unsafe without a rollout: this commit is fine, later ones are not', () => {
    const [f] = only(WEB, strategy(WEB, 'maxSurge: 1, maxUnavailable: 3'));
    expect(f.message).toMatch(/This commit itself is fine/);
  });

  test('safe: maxUnavailable 0 and maxSurge 1', () => {
    expect(only(WEB, bump(WEB))).toEqual([]);
  });
});
