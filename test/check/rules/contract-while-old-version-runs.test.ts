import { FindingSeverity } from '../../../src';
import { check, deployment, edit, errors, job, rules } from '../_fixtures';

const NS = 'shop';
const RULE = 'contract-while-old-version-runs';
const PHASE = 'cdk8s-zero-downtime.io/migration-phase';
const READERS = 'cdk8s-zero-downtime.io/schema-readers';

const readers = { selector: { app: 'checkout' }, container: 'app', schemaVersions: { '3.1.0': 7, '3.2.0': 8 } };

/** A migration Job as SchemaMigration writes it: phase label, readers annotation. */
function migration(name: string, phase: 'expand' | 'contract', annotations: { [key: string]: string } = {}, extra: object = {}): any {
  const json = JSON.stringify({ ...readers, ...(phase === 'contract' ? { removesSchema: 7 } : {}), ...extra });
  return edit(job(name, 'ghcr.io/example/checkout-migrations:9', { 'argocd.argoproj.io/sync-wave': '-1', [READERS]: json, ...annotations }, NS), j => {
    j.metadata.labels = { [PHASE]: phase };
  });
}

const contract = migration('checkout-contract-9-25cc327b3b', 'contract');
const colour = (color: string, version: string, replicas: number) =>
  deployment(`checkout-${color}`, { namespace: NS, labels: { app: 'checkout', color }, image: `ghcr.io/example/checkout:${version}`, replicas });

const only = (findings: ReturnType<typeof check>) => findings.filter(f => f.rule === RULE);

describe(RULE, () => {
  test('a contract committed while a colour still runs a version that reads the removed schema', () => {
    const state = [colour('blue', '3.1.0', 3), colour('green', '3.2.0', 3)];
    const [f, ...rest] = only(check(state, [...state, contract]));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: RULE, severity: FindingSeverity.ERROR, object: 'Job shop/checkout-contract-9-25cc327b3b' });
    expect(f.message).toContain('removes the shape of schema 7 and older, and Deployment shop/checkout-blue still runs ghcr.io/example/checkout:3.1.0 (3 pod(s)), which reads schema 7');
    expect(f.fix).toContain('Retire Deployment shop/checkout-blue first');
  });

  test('a contract in the same commit as the retire: the old pods still serve when the Job runs', () => {
    const before = [colour('blue', '3.1.0', 3), colour('green', '3.2.0', 3)];
    const after = [colour('blue', '3.1.0', 0), colour('green', '3.2.0', 3), contract];
    const [f, ...rest] = only(check(before, after));
    expect(rest).toEqual([]);
    expect(f.message).toContain('Deployment shop/checkout-blue runs ghcr.io/example/checkout:3.1.0 (3 pod(s)), which reads schema 7, until this same commit scales it to 0');
    expect(f.fix).toBe('Commit the change to Deployment shop/checkout-blue alone first; once its old pods are gone, commit the contract.');
  });

  test('a contract in the same commit as the rollout that replaces the old version', () => {
    const before = [deployment('api', { namespace: NS, labels: { app: 'checkout' }, image: 'ghcr.io/example/checkout:3.1.0' })];
    const after = [deployment('api', { namespace: NS, labels: { app: 'checkout' }, image: 'ghcr.io/example/checkout:3.2.0' }), contract];
    expect(only(check(before, after)).map(f => f.message)).toEqual([expect.stringContaining('until this same commit rolls it out (image ghcr.io/example/checkout:3.1.0 → ghcr.io/example/checkout:3.2.0)')]);
  });

  test('safe: the contract after the retire, and the same contract Job on later commits (it does not run again)', () => {
    const retired = [colour('blue', '3.1.0', 0), colour('green', '3.2.0', 3)];
    expect(errors(retired, [...retired, contract])).toEqual([]);
    const next = [colour('blue', '3.2.0', 0), colour('green', '3.2.0', 3), contract];
    expect(only(check([colour('blue', '3.1.0', 3), colour('green', '3.2.0', 3), contract], next))).toEqual([]);
  });

  test('an Argo CD hook runs again on every sync, so an unchanged contract hook is checked on every commit', () => {
    const hook = migration('checkout-contract', 'contract', { 'argocd.argoproj.io/hook': 'PreSync' });
    const state = [colour('blue', '3.1.0', 3), colour('green', '3.2.0', 3), hook];
    expect(rules(only(check(state, state)))).toEqual([`error ${RULE} Job shop/checkout-contract`]);
  });

  test('expand Jobs, other apps and other namespaces are not its business', () => {
    const state = [colour('blue', '3.1.0', 3), colour('green', '3.2.0', 3)];
    expect(only(check(state, [...state, migration('checkout-expand-8-0', 'expand')]))).toEqual([]);
    const other = [deployment('billing', { namespace: NS, labels: { app: 'billing' }, image: 'ghcr.io/example/billing:3.1.0' })];
    expect(only(check(other, [...other, contract]))).toEqual([]);
    const elsewhere = [deployment('checkout', { namespace: 'staging', labels: { app: 'checkout' }, image: 'ghcr.io/example/checkout:3.1.0' })];
    expect(only(check(elsewhere, [...elsewhere, contract]))).toEqual([]);
  });

  test('versions are matched by full image, digest or tag, in the named container', () => {
    const byImage = migration('c1', 'contract', {}, { schemaVersions: { 'ghcr.io/example/checkout:3.1.0': 7, '3.2.0': 8 } });
    const byDigest = migration('c2', 'contract', {}, { schemaVersions: { 'sha256:abc': 7, '3.2.0': 8 } });
    const pinned = deployment('checkout-blue', { namespace: NS, labels: { app: 'checkout' }, image: 'ghcr.io/example/checkout:3.1.0@sha256:abc' });
    expect(only(check([colour('blue', '3.1.0', 2)], [colour('blue', '3.1.0', 2), byImage]))).toHaveLength(1);
    expect(only(check([pinned], [pinned, byDigest]))).toHaveLength(1);
    const sidecarFirst = edit(colour('blue', '3.2.0', 2), d => {
      d.spec.template.spec.containers.unshift({ name: 'proxy', image: 'envoyproxy/envoy:3.1.0' });
    });
    expect(only(check([sidecarFirst], [sidecarFirst, contract]))).toEqual([]);
  });

  test('a running image the Job does not list: nothing says it does not read the removed schema', () => {
    const state = [colour('blue', '3.0.0', 1)];
    const [f] = only(check(state, [...state, contract]));
    expect(f.severity).toBe(FindingSeverity.ERROR);
    expect(f.message).toContain('an image its cdk8s-zero-downtime.io/schema-readers annotation does not list');
  });

  test('a contract Job without the annotation cannot be checked: a warning', () => {
    const bare = edit(contract, j => { delete j.metadata.annotations[READERS]; });
    const state = [colour('blue', '3.1.0', 3)];
    expect(rules(only(check(state, [...state, bare])))).toEqual([`warning ${RULE} Job shop/checkout-contract-9-25cc327b3b`]);
  });
});
