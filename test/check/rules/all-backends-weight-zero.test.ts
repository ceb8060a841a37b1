import { API, change, judge } from '../_yaml';

const weights = (a: number, b: number) => change(change(API, 'api-v1, port: 80, weight: 90', `api-v1, port: 80, weight: ${a}`), 'api-v2, port: 80, weight: 10', `api-v2, port: 80, weight: ${b}`);

describe('all-backends-weight-zero', () => {
  test('every backendRef of the rule at weight 0', () => {
    const found = judge(API, weights(0, 0)).filter(f => f.rule === 'all-backends-weight-zero');
    expect(found.map(f => `${f.severity} ${f.object}`)).toEqual(['error HTTPRoute core/api']);
    expect(found[0].message).toMatch(/Every backendRef of rule 0 has weight 0/);
  });

  test('safe: one backend at 0, the other with all of it', () => {
    expect(judge(API, weights(100, 0)).filter(f => f.severity === 'error')).toEqual([]);
  });
});
