import { checkUnderEngine, detectEngine, ENGINE_OF } from './engine';
import { checkArgs } from '../core/jsii-props';
import { GitOpsEngine } from '../gitops-engine';

/**
 * How bad a finding is.
 */
export enum FindingSeverity {
  /** Applying the transition drops or degrades traffic, or makes the sync fail: do not merge it as it is. */
  ERROR = 'error',
  /** Possibly unsafe, depending on what the manifests do not show (objects managed elsewhere, in-cluster clients). */
  WARNING = 'warning',
}

/**
 * One transition that would drop or degrade traffic when a GitOps tool applies the next state
 * over the previous one.
 */
export interface TransitionFinding {
  /**
   * Stable kebab-case identifier of the rule, e.g. `immutable-selector`; every rule is
   * documented in docs/transition-checker.md.
   */
  readonly rule: string;

  /** `error` for an unsafe transition, `warning` for one that may be. */
  readonly severity: FindingSeverity;

  /**
   * The object the finding is about, as `Kind namespace/name` (or `Kind name` when the
   * manifest writes no namespace), e.g. `Deployment shop/api-green`.
   */
  readonly object: string;

  /** What the API server, controller or proxy would do when the transition is applied, concretely. */
  readonly message: string;

  /** What to commit first, or instead, so that every step is safe. */
  readonly fix: string;
}

/**
 * What the user says about a transition that the manifests cannot.
 */
export interface TransitionCheckOptions {
  /**
   * Removals that are intended: objects or whole apps that NEXT no longer holds on purpose.
   * Each entry is an object's name, `Kind/name`, `Kind/namespace/name`, or an app (the value of
   * the `app.kubernetes.io/name` or `app` label of the removed objects); `*` allows every
   * removal. Without it, a NEXT that drops a running app, a serving Service or the route users
   * enter through, or that is empty, is unsafe (rules `app-removed`, `serving-service-deleted`,
   * `entry-route-removed`, `next-empty`).
   *
   * @default - no removal is intended
   */
  readonly allowRemoval?: string[];

  /**
   * The engine that applies NEXT: the checker judges every partial state it produces on the way
   * (Argo CD wave by wave, Flux stage by stage, waiting for each to converge), so a pair that is
   * unsafe applied at once can be safe under an engine that orders it.
   *
   * @default - read from the manifests: Argo CD when an object carries an `argocd.argoproj.io/`
   * annotation, Flux when one carries a Flux or `cdk8s-zero-downtime.io/stage` annotation,
   * `GitOpsEngine.APPLY` otherwise
   */
  readonly engine?: GitOpsEngine;
}


/**
 * Checks the change between two committed states of Kubernetes manifests: with Git as the
 * control plane, zero downtime is a property of each reviewed commit, not of a state.
 *
 * Objects are identified by API group, kind, namespace (a missing namespace is the same as
 * `default`) and name. Any kinds may be passed; the rules look at workloads, Services, Ingresses
 * (with ingress-nginx canary annotations), Gateway API routes, HorizontalPodAutoscalers,
 * PodDisruptionBudgets and Jobs.
 *
 * @example
 * const findings = TransitionCheck.between(previousManifests, nextManifests);
 * if (TransitionCheck.hasErrors(findings)) { process.exitCode = 1; }
 */
export class TransitionCheck {
  /**
   * Every finding for applying `next` over `previous`, errors first, then by rule and object.
   *
   * @param previous the manifests (parsed YAML or JSON objects) of the state applied now
   * @param next the manifests of the state about to be applied
   * @param options what the manifests cannot say, such as intended removals
   */
  public static between(previous: any[], next: any[], options: TransitionCheckOptions = {}): TransitionFinding[] {
    // null stands for an empty state, as it always has.
    checkArgs(undefined, 'TransitionCheck', 'between', [previous ?? [], next ?? [], options ?? {}]);
    const engine = options.engine !== undefined ? ENGINE_OF[options.engine] : detectEngine(previous ?? [], next ?? []).engine;
    return checkUnderEngine(previous ?? [], next ?? [], engine, { allowRemoval: options.allowRemoval ?? [] }).findings.map(f => ({
      rule: f.rule,
      severity: f.severity === 'error' ? FindingSeverity.ERROR : FindingSeverity.WARNING,
      object: f.object,
      message: f.message,
      fix: f.fix,
    }));
  }

  /**
   * Whether any finding is an error: the transition is unsafe (exit code 1 for the command-line tool).
   */
  public static hasErrors(findings: TransitionFinding[]): boolean {
    return findings.some(f => f.severity === FindingSeverity.ERROR);
  }

  /**
   * One finding as text: `error immutable-selector Deployment shop/api: <message> Fix: <fix>`.
   */
  public static format(finding: TransitionFinding): string {
    return `${finding.severity} ${finding.rule} ${finding.object}: ${finding.message} Fix: ${finding.fix}`;
  }

  private constructor() {}
}
