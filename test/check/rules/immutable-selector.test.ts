import { FindingSeverity } from '../../../src';
import { check, deployment, edit, rules } from '../_fixtures';

const NS = 'shop';

function only(findings: ReturnType<typeof check>, rule: string) {
  return findings.filter(f => f.rule === rule);
}

describe('immutable-selector', () => {
  const before = deployment('api', { namespace: NS, labels: { app: 'api' } });

  test('a changed Deployment selector is rejected by the API server', () => {
    const after = deployment('api', { namespace: NS, labels: { app: 'api', track: 'stable' } });
    const [f, ...rest] = check([before], [after]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'immutable-selector', severity: FindingSeverity.ERROR, object: 'Deployment shop/api' });
    expect(f.message).toContain('{app: api} to {app: api, track: stable}');
    expect(f.message).toContain('field is immutable');
    expect(f.fix).toContain('new name');
  });

  test('StatefulSet, DaemonSet and ReplicaSet selectors are immutable too', () => {
    for (const kind of ['StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      const b = deployment('db', { namespace: NS, labels: { app: 'db' }, kind });
      const a = deployment('db', { namespace: NS, labels: { app: 'db', tier: 'data' }, kind });
      expect(rules(only(check([b], [a]), 'immutable-selector'))).toEqual([`error immutable-selector ${kind} shop/db`]);
    }
  });

  test('safe: new pod labels outside the selector, and key order does not count as a change', () => {
    const after = edit(before, d => {
      d.spec.template.metadata.labels.version = '2';
      d.spec.selector = { matchLabels: { app: 'api' } };
    });
    expect(check([before], [after])).toEqual([]);
    const reordered = edit(before, d => { d.spec = { template: d.spec.template, selector: d.spec.selector, replicas: d.spec.replicas }; });
    expect(check([before], [reordered])).toEqual([]);
  });
});
