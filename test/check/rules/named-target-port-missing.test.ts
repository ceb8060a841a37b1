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

describe('named-target-port-missing: only what the commit changes', () => {
  test('a Service over two workloads of which one never had the name is not reported on an unrelated commit', () => {
    const sidecarless = `${WEB}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-batch, namespace: storefront}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app.kubernetes.io/name: web, role: batch}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: web, role: batch}}\n    spec: {containers: [{name: batch, image: "registry.example.com/batch:1"}]}\n`;
    expect(judge(sidecarless, change(sidecarless, 'web:2.3.0', 'web:2.4.0')).filter(f => f.rule === 'named-target-port-missing')).toEqual([]);
    // Its arrival, though, is reported: its pods get no endpoint on http.
    expect(judge(WEB, sidecarless).filter(f => f.rule === 'named-target-port-missing').map(f => f.message))
      .toEqual([expect.stringMatching(/"http", which no container of Deployment storefront\/web-batch declares/)]);
  });
});
