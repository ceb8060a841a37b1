import { change, judge, WEB } from '../_yaml';

const NUMERIC = change(change(WEB, 'targetPort: http', 'targetPort: 8080'), '[{name: http, containerPort: 8080}]', '[{containerPort: 8080}]');
const only = (a: string, b: string) => judge(a, b).filter(f => f.rule === 'numeric-target-port-mismatch');

describe('numeric-target-port-mismatch', () => {
  test('targetPort and containerPort moved to 9090 together: the old pods are sent 9090', () => {
    const next = change(change(NUMERIC, 'containerPort: 8080', 'containerPort: 9090'), 'targetPort: 8080', 'targetPort: 9090');
    const [f, ...rest] = only(NUMERIC, next);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', object: 'Service storefront/web' });
    expect(f.message).toMatch(/targetPort 9090, but the running pods of Deployment storefront\/web listen on 8080/);
  });

  test('the container port moved, the numeric targetPort not: the new pods are sent 8080', () => {
    const [f] = only(NUMERIC, change(NUMERIC, 'containerPort: 8080', 'containerPort: 9090'));
    expect(f.message).toMatch(/targetPort 8080, but the pods .* after this commit listen on 9090/);
  });

  test('safe: a named targetPort follows each pod; an unchanged port', () => {
    expect(only(WEB, change(WEB, 'containerPort: 8080', 'containerPort: 9090'))).toEqual([]);
    expect(only(NUMERIC, change(NUMERIC, 'web:2.3.0', 'web:2.4.0'))).toEqual([]);
  });
});
