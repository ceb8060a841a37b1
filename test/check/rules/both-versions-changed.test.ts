import { change, CHECKOUT, judge } from '../_yaml';

const only = (a: string, b: string) => judge(a, b).filter(f => f.rule === 'both-versions-changed');

describe('both-versions-changed', () => {
  // CHECKOUT is blue-green by hand: two Deployments told apart by `slot`.
  const both = (text: string, from: string, to: string) => text.split(from).join(to);

  test('a shared setting changed on both colours in one commit is named, with the way through the idle colour', () => {
    const next = both(CHECKOUT, 'readinessProbe: {tcpSocket: {port: 3000}}', 'readinessProbe: {httpGet: {path: /ready, port: 3000}}');
    const [f] = only(CHECKOUT, next);
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f.message).toMatch(/two versions of one app .* differ only in "slot"\), and this commit changes both pod templates the same way \(template\.spec\.containers\[0\]\.readinessProbe\.httpGet, template\.spec\.containers\[0\]\.readinessProbe\.tcpSocket\)/);
    expect(f.message).toMatch(/this rollout drops no request/);
    expect(f.fix).toMatch(/idle colour's `container`/);
  });

  test('safe: a release to one colour, an image on each, or different changes', () => {
    expect(only(CHECKOUT, change(CHECKOUT, 'readinessProbe: {tcpSocket: {port: 3000}}', 'readinessProbe: {httpGet: {path: /ready, port: 3000}}'))).toEqual([]);
    expect(only(CHECKOUT, both(CHECKOUT, 'checkout:', 'checkout-new:'))).toEqual([]);
  });
});
