import { allBackendsWeightZeroRule } from './all-backends-weight-zero';
import { appRemovedRule } from './app-removed';
import { bothVersionsChangedRule } from './both-versions-changed';
import { capacityFloorBelowShareRule } from './capacity-floor-below-share';
import { containerPortRenamedRule } from './container-port-renamed';
import { contractWhileOldVersionRunsRule } from './contract-while-old-version-runs';
import { danglingBackendRule } from './dangling-backend';
import { duplicateObjectRule } from './duplicate-object';
import { entryRouteRemovedRule } from './entry-route-removed';
import { gracePeriodBelowPreStopRule } from './grace-period-below-prestop';
import { immutableFieldRule } from './immutable-field';
import { immutableSelectorRule } from './immutable-selector';
import { jobTemplateChangedRule } from './job-template-changed';
import { namedTargetPortMissingRule } from './named-target-port-missing';
import { nextEmptyRule } from './next-empty';
import { numericTargetPortMismatchRule } from './numeric-target-port-mismatch';
import { objectReplacedRule } from './object-replaced';
import { overlappingSelectorsRule } from './overlapping-selectors';
import { pdbBlocksDrainRule } from './pdb-blocks-drain';
import { preStopRemovedRule } from './prestop-removed';
import { readinessProbeRemovedRule } from './readiness-probe-removed';
import { recreateStrategyRule } from './recreate-strategy';
import { replicasDroppedForHpaRule } from './replicas-dropped-for-hpa';
import { rollingUpdateUnavailableRule } from './rolling-update-unavailable';
import { routeControllerChangedRule } from './route-controller-changed';
import { RawFinding, TransitionRule } from './rule';
import { selectedPodsScaledToZeroRule } from './selected-pods-scaled-to-zero';
import { selectorMatchesOnlyNewPodsRule } from './selector-matches-only-new-pods';
import { serviceSelectsNothingRule } from './service-selects-nothing';
import { servingPodsRemovedWithSwitchRule } from './serving-pods-removed-with-switch';
import { servingServiceDeletedRule } from './serving-service-deleted';
import { stickyCanaryKeepsUsersRule } from './sticky-canary-keeps-users';
import { trafficBackOntoChangingPodsRule } from './traffic-back-onto-changing-pods';
import { trafficExceedsCapacityRule } from './traffic-exceeds-capacity';
import { trafficOntoBackendWithoutPodsRule } from './traffic-onto-backend-without-pods';
import { trafficOntoUnreadyPodsRule } from './traffic-onto-unready-pods';
import { Transition, TransitionOptions } from '../model';

export type { RawFinding, Severity, TransitionRule } from './rule';

/**
 * The registry of the transition checker: every rule, in the order findings are reported.
 * To add a rule, write `<rule-id>.ts` next to the others (its check reads only the model),
 * list it here, document it with an example in docs/transition-checker.md and test it in
 * test/check/rules/<rule-id>.test.ts; test/check/docs.test.ts fails until all three agree.
 */
export const RULES: readonly TransitionRule[] = [
  nextEmptyRule,
  appRemovedRule,
  entryRouteRemovedRule,
  immutableSelectorRule,
  jobTemplateChangedRule,
  immutableFieldRule,
  objectReplacedRule,
  servingServiceDeletedRule,
  trafficOntoUnreadyPodsRule,
  trafficOntoBackendWithoutPodsRule,
  trafficBackOntoChangingPodsRule,
  selectorMatchesOnlyNewPodsRule,
  servingPodsRemovedWithSwitchRule,
  danglingBackendRule,
  allBackendsWeightZeroRule,
  routeControllerChangedRule,
  numericTargetPortMismatchRule,
  namedTargetPortMissingRule,
  containerPortRenamedRule,
  readinessProbeRemovedRule,
  recreateStrategyRule,
  rollingUpdateUnavailableRule,
  preStopRemovedRule,
  gracePeriodBelowPreStopRule,
  bothVersionsChangedRule,
  capacityFloorBelowShareRule,
  replicasDroppedForHpaRule,
  stickyCanaryKeepsUsersRule,
  overlappingSelectorsRule,
  trafficExceedsCapacityRule,
  selectedPodsScaledToZeroRule,
  serviceSelectsNothingRule,
  duplicateObjectRule,
  pdbBlocksDrainRule,
  contractWhileOldVersionRunsRule,
];

/** The rules that judge NEXT alone: what the validation plugin can run on one synthesized state. */
export const NEXT_ONLY_RULES: readonly TransitionRule[] = RULES.filter(r => r.nextOnly);

/** The findings of the NEXT-only rules on one state (the state is both PREVIOUS and NEXT). */
export function checkState(objects: readonly unknown[]): RawFinding[] {
  return checkTransition(objects, objects, {}, NEXT_ONLY_RULES);
}

/** The rule with an id, or undefined. */
export function ruleById(id: string): TransitionRule | undefined {
  return RULES.find(r => r.id === id);
}

/**
 * Every finding of the given rules (default: all) for one transition, errors first, then in
 * rule order, by object and by message; each finding once. The model of the transition is
 * built once and shared by the rules.
 *
 * The validation plugin can call this with the rules it wants, e.g. the `nextOnly` ones with
 * NEXT as both states.
 */
export function checkTransition(
  previous: readonly unknown[], next: readonly unknown[], options: TransitionOptions = {}, rules: readonly TransitionRule[] = RULES,
): RawFinding[] {
  const t = new Transition(previous, next, options);
  const found: RawFinding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const f of rule.check(t)) {
      const id = `${f.rule}\u0000${f.object}\u0000${f.message}`;
      if (!seen.has(id)) {
        seen.add(id);
        found.push(f);
      }
    }
  }
  const order = new Map(rules.map((r, i) => [r.id, i]));
  return found
    .map((f, i) => ({ f, i }))
    .sort((x, y) => (x.f.severity === y.f.severity ? 0 : x.f.severity === 'error' ? -1 : 1)
      || ((order.get(x.f.rule) ?? 0) - (order.get(y.f.rule) ?? 0))
      || (x.f.object < y.f.object ? -1 : x.f.object > y.f.object ? 1 : 0)
      || (x.f.message < y.f.message ? -1 : x.f.message > y.f.message ? 1 : 0)
      || x.i - y.i)
    .map(x => x.f);
}
