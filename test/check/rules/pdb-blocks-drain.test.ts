import { judge, WEB } from '../_yaml';

const WITH_PDB = (spec: string) => `${WEB}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: storefront}\nspec: {${spec}, selector: {matchLabels: {app.kubernetes.io/name: web}}}\n`;

describe('pdb-blocks-drain', () => {
  test.each([
    ['minAvailable: 3', /minAvailable 3 is at or above the 3 pod\(s\) of Deployment storefront\/web/],
    ['minAvailable: "100%"', /minAvailable "100%" is at or above the 3 pod/],
    ['maxUnavailable: 0', /maxUnavailable 0 allows no eviction/],
    ['maxUnavailable: "0%"', /maxUnavailable "0%" allows no eviction/],
  ])('%s: a warning naming the budget, the exit code stays 0', (spec, message) => {
    const found = judge(WEB, WITH_PDB(spec));
    expect(found.map(f => `${f.severity} ${f.rule} ${f.object}`)).toEqual(['warning pdb-blocks-drain PodDisruptionBudget storefront/web']);
    expect(found[0].message).toMatch(message);
  });

  test('safe: maxUnavailable 1, minAvailable 2 of 3, 50% of 3 (rounds up to 2)', () => {
    for (const spec of ['maxUnavailable: 1', 'minAvailable: 2', 'minAvailable: "50%"']) {
      expect(judge(WEB, WITH_PDB(spec))).toEqual([]);
    }
  });
});
