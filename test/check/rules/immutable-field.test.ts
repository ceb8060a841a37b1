import { check, deployment, edit, rules, service } from '../_fixtures';

const NS = 'shop';

function only(findings: ReturnType<typeof check>, rule: string) {
  return findings.filter(f => f.rule === rule);
}

describe('immutable-field', () => {
  test('StatefulSet volumeClaimTemplates, immutable ConfigMap data, Service clusterIP', () => {
    const sts = deployment('db', { namespace: NS, labels: { app: 'db' }, kind: 'StatefulSet' });
    const bigger = edit(sts, d => { d.spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '20Gi' } } } }]; });
    expect(rules(check([sts], [bigger]))).toEqual(['error immutable-field StatefulSet shop/db']);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: NS }, immutable: true, data: { a: '1' } };
    expect(rules(check([cm], [edit(cm, c => { c.data.a = '2'; })]))).toEqual(['error immutable-field ConfigMap shop/cfg']);
    expect(check([cm], [edit(cm, c => { c.metadata.name = 'cfg-2'; c.data.a = '2'; })])).toEqual([]);
    const svc = edit(service('db', { app: 'db' }, NS), s => { s.spec.clusterIP = '10.0.0.10'; });
    expect(rules(only(check([sts, svc], [sts, edit(svc, s => { s.spec.clusterIP = '10.0.0.11'; })]), 'immutable-field'))).toEqual(['error immutable-field Service shop/db']);
  });
});
