import { change, judge, WEB } from '../_yaml';

describe('container-port-renamed', () => {
  test('the port named http renamed while the Service targets http', () => {
    const found = judge(WEB, change(WEB, '{name: http, containerPort: 8080}', '{name: web-http, containerPort: 8080}'));
    expect(found.map(f => f.rule)).toEqual(['container-port-renamed']);
    expect(found[0]).toMatchObject({ severity: 'error', object: 'Service storefront/web' });
    expect(found[0].message).toMatch(/targets the port named "http", and container web .* port 8080 renamed to "web-http"/);
    expect(found[0].fix).toMatch(/targetPort: 8080/);
  });

  test('safe: renamed after the Service targets the number', () => {
    const numeric = change(WEB, 'targetPort: http', 'targetPort: 8080');
    expect(judge(numeric, change(numeric, '{name: http, containerPort: 8080}', '{name: web-http, containerPort: 8080}'))).toEqual([]);
  });
});
