import { API, change, judge } from '../_yaml';

const TYPO = change(API, 'selector: {component: api, variant: v2}, ports', 'selector: {component: api, variant: v2x}, ports');

describe('traffic-onto-backend-without-pods', () => {
  test('weight moved onto a Service whose selector matches no pod: 503 for that share, no fallback', () => {
    const [f] = judge(TYPO.replace('weight: 10', 'weight: 0'), TYPO).filter(x => x.rule === 'traffic-onto-backend-without-pods');
    expect(f).toMatchObject({ severity: 'error', object: 'HTTPRoute core/api' });
    expect(f.message).toMatch(/selector \{component: api, variant: v2x\} matches no pod .* 503 for that share, with no fallback/);
  });

  test('safe: the Service selects running pods', () => {
    expect(judge(API.replace('weight: 10', 'weight: 0'), API).filter(x => x.severity === 'error')).toEqual([]);
  });
});
