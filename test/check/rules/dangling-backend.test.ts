import { TransitionCheck } from '../../../src';
import { check, deployment, edit, httpRoute, ingress, rules, service, steps } from '../_fixtures';

const NS = 'shop';

function only(findings: ReturnType<typeof check>, rule: string) {
  return findings.filter(f => f.rule === rule);
}

describe('dangling-backend', () => {
  const api = deployment('api', { namespace: NS, labels: { app: 'api' } });
  const web = deployment('web', { namespace: NS, labels: { app: 'web' } });
  const apiSvc = service('api', { app: 'api' }, NS);
  const webSvc = service('web', { app: 'web' }, NS);
  const toApi = ingress('shop', { namespace: NS, service: 'api' });
  const toWeb = ingress('shop', { namespace: NS, service: 'web' });

  test('an Ingress still routes to a Service the commit deletes', () => {
    const found = check([api, web, apiSvc, webSvc, toApi], [web, webSvc, toApi]);
    expect(rules(found)).toEqual(['error dangling-backend Ingress shop/shop']);
    expect(found[0].message).toContain('Service shop/api, which this commit deletes');
    expect(found[0].message).toContain('503');
  });

  test('safe: move the Ingress first, delete the Service next', () => {
    const [move, remove] = steps([api, web, apiSvc, webSvc, toApi], [api, web, apiSvc, webSvc, toWeb], [web, webSvc, toWeb]);
    expect(move).toEqual([]);
    // The whole app api goes: the user says it is on purpose (issue #20), and then it is clean.
    expect(rules(remove)).toEqual(['error app-removed Deployment shop/api']);
    expect(TransitionCheck.between([api, web, apiSvc, webSvc, toWeb], [web, webSvc, toWeb], { allowRemoval: ['api'] })).toEqual([]);
  });

  test('a port number or name the Service does not have', () => {
    const byNumber = check([api, apiSvc, toApi], [api, apiSvc, ingress('shop', { namespace: NS, service: 'api', port: 8080 })]);
    expect(rules(byNumber)).toEqual(['error dangling-backend Ingress shop/shop']);
    expect(byNumber[0].message).toContain('port 8080 of Service shop/api, which has no such port (its ports: 80 (http))');
    const byName = check([api, apiSvc, toApi], [api, apiSvc, ingress('shop', { namespace: NS, service: 'api', port: 'grpc' })]);
    expect(byName[0].message).toContain('port name "grpc"');
    expect(check([api, apiSvc, toApi], [api, apiSvc, ingress('shop', { namespace: NS, service: 'api', port: 'http' })])).toEqual([]);
    const route = check([api, apiSvc], [api, apiSvc, httpRoute('shop', NS, [{ name: 'api', port: 8080 }])]);
    expect(rules(route)).toEqual(['error dangling-backend HTTPRoute shop/shop']);
    expect(route[0].message).toContain('500');
  });

  test('a Service absent from both states is only a warning', () => {
    const found = check([], [ingress('shop', { namespace: NS, service: 'elsewhere' })]);
    expect(rules(found)).toEqual(['warning dangling-backend Ingress shop/shop']);
    expect(found[0].message).toContain('in neither state');
  });

  test('a Service that selected pods selects none after the commit', () => {
    const deleted = check([api, apiSvc], [apiSvc]);
    expect(rules(deleted)).toEqual(['error dangling-backend Service shop/api']);
    expect(deleted[0].message).toContain('Deployment shop/api is deleted');
    const relabelled = check([api, apiSvc], [edit(api, d => { d.spec.template.metadata.labels.app = 'api2'; d.spec.selector.matchLabels.app = 'api2'; }), apiSvc]);
    expect(only(relabelled, 'dangling-backend').map(f => f.message)).toEqual([expect.stringContaining('no longer matches {app: api}')]);
  });
});
