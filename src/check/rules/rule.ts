import { canonical, isObject, showLabels, Transition } from '../model';

/**
 * What every transition rule is: one file per rule in this folder exports one `TransitionRule`,
 * with its id, what it catches, the upstream behaviour behind it and its check. The check reads
 * only the shared model of the transition (../model.ts), computed once per pair of states.
 * index.ts lists the rules; docs/transition-checker.md documents each one with an example that
 * test/check/docs.test.ts runs, so the docs and the registry cannot drift.
 */

/** How bad a finding is, before transition-check.ts gives it the public enum. */
export type Severity = 'error' | 'warning';

/** One finding of a rule. */
export interface RawFinding {
  readonly rule: string;
  readonly severity: Severity;
  /** The object to look at: `Deployment shop/api` (`Deployment api` without a namespace). */
  readonly object: string;
  /** What the API server, controller or proxy does when NEXT is applied over PREVIOUS. */
  readonly message: string;
  /** What to commit first, or instead. */
  readonly fix: string;
}

/** One rule of the transition checker. */
export interface TransitionRule {
  /** Stable kebab-case id: findings carry it, users ignore rules by it, the docs list it. */
  readonly id: string;
  /** The severities its findings can have (a rule may warn where the manifests cannot tell). */
  readonly severities: readonly Severity[];
  /** One line: what the rule catches. */
  readonly summary: string;
  /** The upstream behaviour that makes it a hazard, with the source that was checked. */
  readonly reason: string;
  /**
   * Whether the rule judges NEXT alone (PREVIOUS is not read): the validation plugin can run
   * such a rule on one synthesized state.
   */
  readonly nextOnly: boolean;
  /** Every finding of the rule for one transition. */
  readonly check: (t: Transition) => RawFinding[];
}

export function error(rule: string, object: string, message: string, fix: string): RawFinding {
  return { rule, severity: 'error', object, message, fix };
}

export function warning(rule: string, object: string, message: string, fix: string): RawFinding {
  return { rule, severity: 'warning', object, message, fix };
}

/** A metav1.LabelSelector for messages: `{app: api}` plus its matchExpressions. */
export function showSelector(selector: unknown): string {
  if (!isObject(selector)) { return 'nothing'; }
  const labels = showLabels(selector.matchLabels);
  const expressions = Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0
    ? ` with matchExpressions ${canonical(selector.matchExpressions)}` : '';
  return `${labels}${expressions}`;
}
