import { change, judge, summary, WEB } from '../_yaml';

const NO_PROBE = change(WEB, /\n {8}readinessProbe:.*/, '');

describe('readiness-probe-removed', () => {
  test('the probe of a serving container removed: every new pod is Ready before it listens', () => {
    const [f] = judge(WEB, NO_PROBE).filter(x => x.rule === 'readiness-probe-removed');
    expect(f).toMatchObject({ severity: 'error', object: 'Deployment storefront/web' });
    expect(f.message).toMatch(/readiness probe of container web is removed while Service storefront\/web sends it requests/);
    expect(f.fix).toMatch(/Keep a readiness probe on container web/);
  });

  test('safe: the probe changed in place; a workload no Service selects', () => {
    expect(summary(judge(WEB, change(WEB, 'path: /healthz', 'path: /ready')))).toEqual([]);
    const worker = (t: string) => t.slice(0, t.indexOf('---'));
    expect(judge(worker(WEB), worker(NO_PROBE)).filter(x => x.rule === 'readiness-probe-removed')).toEqual([]);
  });
});
