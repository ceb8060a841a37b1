import { IConstruct } from 'constructs';
import type { PodDisruptionBudgetSpec } from 'kubernetes-types/policy/v1';
import { invalidProp, Shown } from '../core/errors';
import { checkArgs } from '../core/jsii-props';
import { parsePercentOrAbsolute } from '../core/percent';
import { PercentOrAbsolute } from '../core/percent-or-absolute';

enum BudgetKind { MAX_UNAVAILABLE, MIN_AVAILABLE, NONE }

/**
 * How many pods voluntary disruptions (node drains, cluster upgrades) may take down at once.
 *
 * A budget that allows no eviction at all blocks node drains forever, so it is refused.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export class DisruptionBudget {
  /**
   * At most this many pods (or this share, rounded up) may be evicted at once.
   */
  public static maxUnavailable(value: PercentOrAbsolute): DisruptionBudget {
    checkArgs(undefined, 'DisruptionBudget', 'maxUnavailable', [value]);
    return new DisruptionBudget(BudgetKind.MAX_UNAVAILABLE, value);
  }

  /**
   * At least this many pods (or this share, rounded up) must stay available.
   */
  public static minAvailable(value: PercentOrAbsolute): DisruptionBudget {
    checkArgs(undefined, 'DisruptionBudget', 'minAvailable', [value]);
    return new DisruptionBudget(BudgetKind.MIN_AVAILABLE, value);
  }

  /**
   * No PodDisruptionBudget.
   */
  public static none(): DisruptionBudget {
    return new DisruptionBudget(BudgetKind.NONE);
  }

  private constructor(private readonly kind: BudgetKind, private readonly value?: PercentOrAbsolute) {}

  /**
   * The `spec` fields that set the budget, or undefined for `none()`.
   *
   * @internal
   */
  public _render(scope: IConstruct, prop: string, replicas: number): Pick<PodDisruptionBudgetSpec, 'maxUnavailable' | 'minAvailable'> | undefined {
    if (this.kind === BudgetKind.NONE) { return undefined; }
    const field = this.kind === BudgetKind.MAX_UNAVAILABLE ? 'maxUnavailable' : 'minAvailable';
    const raw = this.value?.value;
    const parsed = parsePercentOrAbsolute(raw);
    const shown = `DisruptionBudget.${field}(${JSON.stringify(raw)})`;
    if (parsed === undefined) {
      throw invalidProp(scope, { prop, value: new Shown(shown), problem: 'a budget is a whole number of pods or a percentage from 0% to 100%', fix: 'use PercentOrAbsolute.absolute(1) or PercentOrAbsolute.percent(25)' });
    }
    // The eviction API rounds percentages of a PodDisruptionBudget up.
    const pods = parsed.percent ? Math.ceil(replicas * parsed.amount / 100) : parsed.amount;
    const evictable = this.kind === BudgetKind.MAX_UNAVAILABLE ? pods : replicas - pods;
    if (evictable < 1) {
      throw invalidProp(scope, {
        prop,
        value: new Shown(`${shown} with ${replicas} replica(s)`),
        problem: 'this budget allows no pod to be evicted, which blocks node drains and cluster upgrades forever',
        fix: replicas > 1 ? 'use DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1))' : 'raise replicas above 1, or use DisruptionBudget.none() for a single replica',
      });
    }
    const value = raw as number | string;
    return this.kind === BudgetKind.MAX_UNAVAILABLE ? { maxUnavailable: value } : { minAvailable: value };
  }
}
