import { change, judge, WEB } from '../_yaml';

const only = (a: string, b: string) => judge(a, b).filter(f => f.rule === 'named-target-port-missing');

describe('named-target-port-missing', () => {
  test('a targetPort name no pod declares', () => {
    const [f] = only(WEB, change(WEB, 'targetPort: http', 'targetPort: metrics'));
    expect(f).toMatchObject({ severity: 'error', object: 'Service storefront/web' });
    expect(f.message).toMatch(/targets the port named "metrics", which no container of Deployment storefront\/web declares/);
  });

  test('the Service switches to a name only the new pods carry', () => {
    const next = change(change(WEB, 'targetPort: http', 'targetPort: web'), '{name: http, containerPort: 8080}', '{name: web, containerPort: 8080}');
    const [f] = only(WEB, next);
    expect(f.message).toMatch(/now targets the port named "web", which only the new pods/);
  });

  test('safe: the name added to the pods first, targeted next', () => {
    const added = change(WEB, '[{name: http, containerPort: 8080}]', '[{name: http, containerPort: 8080}, {name: admin, containerPort: 8081}]');
    expect(only(WEB, added)).toEqual([]);
    expect(only(added, change(added, 'targetPort: http', 'targetPort: admin'))).toEqual([]);
  });
});
