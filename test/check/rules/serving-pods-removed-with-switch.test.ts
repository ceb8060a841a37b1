import { check, deployment, edit, rules, service, steps } from '../_fixtures';

const NS = 'shop';
const blueLabels = { app: 'api', color: 'blue' };
const greenLabels = { app: 'api', color: 'green' };

describe('serving-pods-removed-with-switch', () => {
  const blue = deployment('api-blue', { namespace: NS, labels: blueLabels, replicas: 3 });
  const green = deployment('api-green', { namespace: NS, labels: greenLabels, replicas: 3 });
  const onBlue = service('api', blueLabels, NS);
  const onGreen = service('api', greenLabels, NS);

  test('the switched-away Deployment is deleted, scaled to 0 or changed in the same commit', () => {
    const deleted = check([blue, green, onBlue], [green, onGreen]);
    expect(rules(deleted)).toEqual(['error serving-pods-removed-with-switch Service shop/api']);
    expect(deleted[0].message).toContain('away from Deployment shop/api-blue');
    expect(deleted[0].message).toContain('is deleted');
    expect(deleted[0].message).toContain('no previous version left');
    expect(deleted[0].fix).toContain('later commit');

    const scaled = check([blue, green, onBlue], [edit(blue, d => { d.spec.replicas = 0; }), green, onGreen]);
    expect(rules(scaled)).toEqual(['error serving-pods-removed-with-switch Service shop/api']);
    expect(scaled[0].message).toContain('scales from 3 to 0 pods');

    const changed = check([blue, green, onBlue], [edit(blue, d => { d.spec.template.spec.containers[0].image = 'ghcr.io/example/app:2.0.0'; }), green, onGreen]);
    expect(rules(changed)).toEqual(['error serving-pods-removed-with-switch Service shop/api']);
    expect(changed[0].message).toContain('rolls out a new pod template');
  });

  test('safe: switch first, retire the old colour later', () => {
    const [flip, retire] = steps([blue, green, onBlue], [blue, green, onGreen], [green, onGreen]);
    expect(flip).toEqual([]);
    expect(retire).toEqual([]);
  });
});
