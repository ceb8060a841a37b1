import { change, judge, WEB } from '../_yaml';

describe('prestop-removed', () => {
  test('a removed preStop: this rollout is fine, every later termination drops requests', () => {
    const [f] = judge(WEB, change(WEB, /\n {8}lifecycle:.*/, '')).filter(x => x.rule === 'prestop-removed');
    expect(f).toMatchObject({ severity: 'error', object: 'Deployment storefront/web' });
    expect(f.message).toMatch(/preStop hook of container web is removed\. This rollout itself is fine/);
  });

  test('safe: a preStop changed from exec sleep to the sleep action', () => {
    const next = change(WEB, '{exec: {command: [sleep, "10"]}}', '{sleep: {seconds: 10}}');
    expect(judge(WEB, next)).toEqual([]);
  });
});
