import * as fc from 'fast-check';
import { canonical, sameJson } from '../../src/check/model';

/**
 * sameJson compares in place (issue #24); its meaning is canonical(a) === canonical(b), which
 * every rule was written against. Held to that on arbitrary values, including what JSON
 * rewrites (undefined, NaN, -0) and objects with their own JSON (Date).
 */
describe('sameJson', () => {
  const leaf = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(NaN), fc.constant(-0), fc.constant(0), fc.boolean(),
    fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', '1', ''), fc.constant(new Date(0)));
  const value = fc.letrec(tie => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 })),
  })).v;

  test('is canonical(a) === canonical(b)', () => {
    fc.assert(fc.property(value, value, (a, b) => {
      expect(sameJson(a, b)).toBe(canonical(a) === canonical(b));
      expect(sameJson(a, a)).toBe(true);
    }), { numRuns: 3000 });
  });

  test.each([
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[undefined], [null], true],
    [{ a: NaN }, { a: null }, true],
    [{ a: '1' }, { a: 1 }, false],
    [{ b: 1, a: 2 }, { a: 2, b: 1 }, true],
    [undefined, null, false],
    [[1, 2], [2, 1], false],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});
