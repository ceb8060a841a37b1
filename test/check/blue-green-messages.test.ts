import { change, CHECKOUT, judge } from './_yaml';

/** The two findings issue #20 found wrong: flip plus retire, and release plus flip. */
const flip = (t: string) => t.replace('slot: blue}\n  ports', 'slot: X}\n  ports').replace('slot: green}\n  ports', 'slot: blue}\n  ports').replace('slot: X}', 'slot: green}');

describe('blue-green in one commit', () => {
  test('flip plus retire of the old colour: reported on the live Service, flip first and retire later', () => {
    const next = flip(change(CHECKOUT, 'replicas: 4\n  selector: {matchLabels: {svc: checkout, slot: blue}}', 'replicas: 0\n  selector: {matchLabels: {svc: checkout, slot: blue}}'));
    const errors = judge(CHECKOUT, next).filter(f => f.severity === 'error');
    expect(errors.map(f => `${f.rule} ${f.object}`)).toEqual(['serving-pods-removed-with-switch Service pay/checkout']);
    expect(errors[0].message).toMatch(/away from Deployment pay\/checkout-blue, which served it until now and scales from 4 to 0 pods in the same commit/);
    expect(errors[0].fix).toMatch(/^Commit the selector switch alone; change, scale down or delete Deployment pay\/checkout-blue in a later commit/);
  });

  test('release plus flip: says that no pod of the new colour runs yet, not "0 pod(s) already running"', () => {
    const idle = change(CHECKOUT, 'replicas: 4\n  selector: {matchLabels: {svc: checkout, slot: green}}', 'replicas: 0\n  selector: {matchLabels: {svc: checkout, slot: green}}');
    const released = flip(change(CHECKOUT, 'checkout:7.2', 'checkout:7.3'));
    const errors = judge(idle, released).filter(f => f.rule === 'traffic-onto-unready-pods' && f.object === 'Service pay/checkout');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/onto Deployment pay\/checkout-green, which rolls out a new pod template \(image registry\.example\.com\/checkout:7\.2 → registry\.example\.com\/checkout:7\.3\) and scales up from 0 to 4 pods/);
    expect(errors[0].message).toMatch(/no pod of it runs yet: its 4 pod\(s\) start with the same apply/);
    expect(errors[0].message).not.toMatch(/0 pod\(s\) already running|old template/);
    expect(errors[0].fix).toMatch(/Commit the change to Deployment pay\/checkout-green first/);
  });
});
