import { change, judge, WEB } from '../_yaml';

const only = (a: string, b: string) => judge(a, b).filter(f => f.rule === 'grace-period-below-prestop');

describe('grace-period-below-prestop', () => {
  test('a grace period of 10 s under a 10 s preStop sleep', () => {
    const [f] = only(WEB, change(WEB, 'terminationGracePeriodSeconds: 45', 'terminationGracePeriodSeconds: 10'));
    expect(f).toMatchObject({ severity: 'error', object: 'Deployment storefront/web' });
    expect(f.message).toMatch(/terminationGracePeriodSeconds 10 is not longer than the 10 s preStop delay of container web\. This rollout itself is fine/);
  });

  test('the default 30 s under a shell sleep of 30', () => {
    const next = change(change(WEB, /\n {6}terminationGracePeriodSeconds: 45/, ''), '[sleep, "10"]', '[/bin/sh, -c, "sleep 30"]');
    expect(only(WEB, next).map(f => f.message)).toEqual([expect.stringMatching(/terminationGracePeriodSeconds 30 is not longer than the 30 s preStop/)]);
  });

  test('safe: a grace period above the preStop; an HTTP preStop has no known delay', () => {
    expect(only(WEB, change(WEB, 'terminationGracePeriodSeconds: 45', 'terminationGracePeriodSeconds: 11'))).toEqual([]);
    expect(only(WEB, change(change(WEB, '{exec: {command: [sleep, "10"]}}', '{httpGet: {path: /drain, port: 8080}}'), 'Seconds: 45', 'Seconds: 5'))).toEqual([]);
  });
});
