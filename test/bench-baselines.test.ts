import { compare } from '../bench/equivalence';
import { variant } from '../bench/variants';

// The benchmark's ratios mean something only while every baseline writes what the library
// writes. When a default of the library changes (a new field on every Deployment, say), this
// fails until bench/raw.ts, l1.ts and plus.ts write it too.
describe('benchmark baselines write what the library writes', () => {
  test.each(['raw', 'l1'])('%s: byte-identical YAML', (name) => {
    const e = compare(variant('ours'), variant(name), 2);
    expect(e.missing).toEqual([]);
    expect(e.identical).toBe(true);
  });

  test('plus: the same objects, and every field we write with the same value', () => {
    const e = compare(variant('ours'), variant('plus'), 2);
    expect(e.sameObjects).toBe(true);
    expect(e.missing).toEqual([]);
  });
});
