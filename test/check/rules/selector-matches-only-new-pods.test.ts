import { change, judge, WEB } from '../_yaml';

const LABELLED = change(WEB, 'tier: frontend}', 'tier: frontend, release: r2}');
const SELECTING = (t: string) => change(t, 'selector: {app.kubernetes.io/name: web}\n  ports', 'selector: {app.kubernetes.io/name: web, release: r2}\n  ports');

describe('selector-matches-only-new-pods', () => {
  test('the selector moves to a label the same commit adds to the pods', () => {
    const found = judge(WEB, SELECTING(LABELLED));
    expect(found.map(f => `${f.rule} ${f.object}`)).toEqual(['selector-matches-only-new-pods Service storefront/web']);
    expect(found[0].message).toMatch(/to \{app\.kubernetes\.io\/name: web, release: r2\}, which only the new pods of Deployment storefront\/web will carry/);
  });

  test('safe in two commits', () => {
    expect(judge(WEB, LABELLED)).toEqual([]);
    expect(judge(LABELLED, SELECTING(LABELLED))).toEqual([]);
  });
});
