import { checkArgs } from './jsii-props';

/**
 * A number of pods, either absolute (`3`) or a percentage of the desired replicas (`"25%"`),
 * as Kubernetes writes `maxSurge`, `maxUnavailable` and `minAvailable`.
 *
 * The same factories as cdk8s-plus's `PercentOrAbsolute`, so code written for cdk8s-plus only
 * changes its import.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge
 */
export class PercentOrAbsolute {
  /**
   * A percentage of the desired replicas, written as `"N%"`.
   *
   * @param percent the percentage, e.g. 25
   */
  public static percent(percent: number): PercentOrAbsolute {
    checkArgs(undefined, 'PercentOrAbsolute', 'percent', [percent]);
    return new PercentOrAbsolute(`${percent}%`);
  }

  /**
   * A number of pods, written as a number.
   *
   * @param num the number of pods
   */
  public static absolute(num: number): PercentOrAbsolute {
    checkArgs(undefined, 'PercentOrAbsolute', 'absolute', [num]);
    return new PercentOrAbsolute(num);
  }

  /**
   * The value as Kubernetes writes it: a number, or a string ending in "%".
   */
  public readonly value: any;

  private constructor(value: any) {
    this.value = value;
  }

  /**
   * True for 0 and 0%.
   */
  public isZero(): boolean {
    return this.value === 0 || this.value === '0%';
  }
}
