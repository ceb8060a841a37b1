import { FindingSeverity } from '../../../src';
import { check, deployment, edit, hpa, rules } from '../_fixtures';

const NS = 'shop';

function only(findings: ReturnType<typeof check>, rule: string) {
  return findings.filter(f => f.rule === rule);
}

describe('replicas-dropped-for-hpa', () => {
  const fixed = deployment('api', { namespace: NS, labels: { app: 'api' }, replicas: 4 });
  const autoscaled = deployment('api', { namespace: NS, labels: { app: 'api' }, replicas: null });
  const scaler = hpa('api', 'api', NS, 4);

  test('replicas removed in the commit that introduces the HPA', () => {
    const [f, ...rest] = check([fixed], [autoscaled, scaler]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'replicas-dropped-for-hpa', severity: FindingSeverity.ERROR, object: 'Deployment shop/api' });
    expect(f.message).toContain('defaults it to 1');
    expect(f.message).toContain('from 4 pods to 1');
    expect(f.message).toContain('introduced in the same commit');
    expect(f.fix).toContain('Commit HorizontalPodAutoscaler shop/api first while keeping spec.replicas');
  });

  test('replicas removed while the HPA already exists: a warning, the documented second step', () => {
    const found = check([fixed, scaler], [autoscaled, scaler]);
    expect(rules(found)).toEqual(['warning replicas-dropped-for-hpa Deployment shop/api']);
    expect(found[0].fix).toContain('edit-last-applied');
  });

  test('safe: the HPA first, with replicas kept; nothing to drop from a single replica', () => {
    expect(check([fixed], [fixed, scaler])).toEqual([]);
    const one = edit(fixed, d => { d.spec.replicas = 1; });
    expect(check([one], [autoscaled, scaler])).toEqual([]);
    // Without an HPA the field is just a default of 1: a scale-down, not this rule.
    expect(only(check([fixed], [autoscaled]), 'replicas-dropped-for-hpa')).toEqual([]);
  });
});
