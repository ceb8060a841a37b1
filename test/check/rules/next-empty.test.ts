import { judge, WEB } from '../_yaml';

describe('next-empty', () => {
  test('an empty NEXT is never "no unsafe transition"', () => {
    const found = judge(WEB, '---\n# nothing\n---\n');
    expect(found.map(f => `${f.severity} ${f.rule} ${f.object}`)).toEqual(['error next-empty NEXT']);
    expect(found[0].message).toMatch(/holds no object, while the current one holds 3 \(Deployment storefront\/web, Service storefront\/web, Ingress storefront\/web\)/);
  });

  test('safe: said on purpose, or nothing before either', () => {
    expect(judge(WEB, '', { allowRemoval: ['*'] })).toEqual([]);
    expect(judge('', '')).toEqual([]);
  });
});
