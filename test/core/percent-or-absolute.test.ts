import * as kplus33 from 'cdk8s-plus-33';
import { PercentOrAbsolute } from '../../src';

describe('PercentOrAbsolute', () => {
  test('writes what cdk8s-plus-33 writes', () => {
    expect(PercentOrAbsolute.percent(25).value).toBe(kplus33.PercentOrAbsolute.percent(25).value);
    expect(PercentOrAbsolute.absolute(1).value).toBe(kplus33.PercentOrAbsolute.absolute(1).value);
    expect(PercentOrAbsolute.percent(25).value).toBe('25%');
    expect(PercentOrAbsolute.absolute(1).value).toBe(1);
  });

  test('isZero is true for 0 and 0% only', () => {
    const values = [PercentOrAbsolute.absolute(0), PercentOrAbsolute.percent(0), PercentOrAbsolute.absolute(1), PercentOrAbsolute.percent(10)];
    expect(values.map(p => p.isZero())).toEqual([true, true, false, false]);
  });

  test('fails if the number is not a number, from JavaScript', () => {
    expect(() => PercentOrAbsolute.absolute('1' as any)).toThrow(/^PercentOrAbsolute\.absolute: invalid 'num' \(received "1"\): a number is expected, not a string\. Fix: write 1 without quotes\.$/);
  });
});
