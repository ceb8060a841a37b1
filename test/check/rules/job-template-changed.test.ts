import { FindingSeverity } from '../../../src';
import { check, job, rules } from '../_fixtures';

const NS = 'shop';

describe('job-template-changed', () => {
  const before = job('migrate', 'ghcr.io/example/migrate:1.0.0', undefined, NS);

  test('a Job that keeps its name but changes its template cannot be applied', () => {
    const after = job('migrate', 'ghcr.io/example/migrate:1.1.0', undefined, NS);
    const [f, ...rest] = check([before], [after]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'job-template-changed', severity: FindingSeverity.ERROR, object: 'Job shop/migrate' });
    expect(f.message).toContain('image ghcr.io/example/migrate:1.0.0 → ghcr.io/example/migrate:1.1.0');
    expect(f.message).toContain('immutable');
    expect(f.fix).toContain('argocd.argoproj.io/hook');
    expect(f.fix).toContain('kustomize.toolkit.fluxcd.io/force');
  });

  test('safe: a Job per version, an Argo CD hook, Flux force (any case), Argo CD Force+Replace', () => {
    expect(check([before], [job('migrate-1-1-0', 'ghcr.io/example/migrate:1.1.0', undefined, NS)])).toEqual([]);
    const exempt: { [key: string]: string }[] = [
      { 'argocd.argoproj.io/hook': 'PreSync' },
      { 'kustomize.toolkit.fluxcd.io/force': 'Enabled' },
      { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' },
    ];
    for (const annotations of exempt) {
      const after = job('migrate', 'ghcr.io/example/migrate:1.1.0', annotations, NS);
      expect(check([before], [after])).toEqual([]);
    }
    // Flux force disabled is not force.
    const disabled = job('migrate', 'ghcr.io/example/migrate:1.1.0', { 'kustomize.toolkit.fluxcd.io/force': 'disabled' }, NS);
    expect(rules(check([before], [disabled]))).toEqual(['error job-template-changed Job shop/migrate']);
  });
});
