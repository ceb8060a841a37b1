import { change, judge, WEB } from '../_yaml';

const RENAMED = change(WEB, 'metadata: {name: web, namespace: storefront}\nspec:\n  replicas', 'metadata: {name: storefront-web, namespace: storefront}\nspec:\n  replicas');

describe('object-replaced', () => {
  test('a Deployment renamed in one commit: delete plus create behind the same Service', () => {
    const found = judge(WEB, RENAMED);
    expect(found.map(f => `${f.rule} ${f.object}`)).toEqual(['object-replaced Deployment storefront/storefront-web']);
    expect(found[0].message).toMatch(/Deployment storefront\/web is deleted and Deployment storefront\/storefront-web created in the same commit, behind Service storefront\/web/);
  });

  test('safe in three commits: the new one beside the old with labels of its own, the Service on a shared label, the old deleted', () => {
    const own = change(change(RENAMED, '{matchLabels: {app.kubernetes.io/name: web}}', '{matchLabels: {app.kubernetes.io/name: storefront-web}}'),
      'labels: {app.kubernetes.io/name: web, tier: frontend}', 'labels: {app.kubernetes.io/name: storefront-web, tier: frontend}');
    const added = `${WEB}---\n${own.slice(0, own.indexOf('---'))}`;
    const shared = (t: string) => change(t, 'selector: {app.kubernetes.io/name: web}\n  ports', 'selector: {tier: frontend}\n  ports');
    expect(judge(WEB, added).filter(f => f.severity === 'error')).toEqual([]);
    expect(judge(added, shared(added)).filter(f => f.severity === 'error')).toEqual([]);
    expect(judge(shared(added), shared(own)).filter(f => f.severity === 'error')).toEqual([]);
  });

  test('adding the new one beside the old with the same selector is an overlap', () => {
    const both = `${WEB}---\n${RENAMED.slice(0, RENAMED.indexOf('---'))}`;
    expect(judge(WEB, both).map(f => f.rule)).toEqual(['overlapping-selectors']);
  });

  test('the old and new one (same labels) checked on their own are a replacement', () => {
    const both = `${WEB}---\n${RENAMED.slice(0, RENAMED.indexOf('---'))}`;
    expect(judge(both, RENAMED).filter(f => f.rule === 'object-replaced')).toEqual([]);
  });
});
