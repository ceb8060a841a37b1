import { IConstruct } from 'constructs';

/**
 * Where the traffic of a release's two versions can be told apart: the names and labels that
 * an analysis needs to judge the version being released (the canary, or the colour that just
 * went live) and, where both serve users at once, to compare it with the other version.
 */
export interface ReleaseSelectors {
  /**
   * Namespace of the release's objects.
   *
   * @default - no namespace was set on the objects
   */
  readonly namespace?: string;

  /** The app name. */
  readonly app: string;

  /** Key of the pod label that carries the app name. */
  readonly appLabelKey: string;

  /**
   * Key of the pod label that tells the two versions apart (the colour label of a blue-green
   * release, the track label of a canary release).
   */
  readonly versionLabelKey: string;

  /**
   * Value of the version label on the pods the judged version is compared with: stable, or
   * the idle colour of a blue-green release.
   */
  readonly stableVersion: string;

  /**
   * Value of the version label on the pods a gate judges: the canary, or the active colour of
   * a blue-green release (the version that just went live).
   */
  readonly canaryVersion: string;

  /** Name of the Service in front of the `stableVersion` pods. */
  readonly stableService: string;

  /** Name of the Service in front of the `canaryVersion` pods. */
  readonly canaryService: string;

  /**
   * Whether both versions serve users' traffic at the same time, so that a criterion may
   * compare one with the other. A blue-green release serves one colour at a time, and a canary
   * at full weight leaves stable no users (unless sticky sessions keep some there): the other
   * version has no users' traffic to compare with, and relative criteria are refused.
   *
   * @default true
   */
  readonly versionsServeTogether?: boolean;

  /**
   * Whether the judged version receives users' traffic in this state, so that a gate has
   * something to judge. A canary at weight 0 (before a release starts, after it is promoted or
   * aborted) receives none, even with header or cookie routing: those requests come from
   * testers, too few and too unlike users' to judge, and they are judged by the testers. A gate
   * then runs no Job and fires no alert, instead of judging nothing.
   *
   * @default true
   */
  readonly inProgress?: boolean;

  /**
   * Name of the Ingress that carries the users' traffic to the stable Service.
   *
   * @default - no Ingress carries the release's traffic
   */
  readonly stableIngress?: string;

  /**
   * Name of the Ingress that carries the users' traffic to the canary Service.
   *
   * @default - no Ingress sends users' traffic to the canary Service
   */
  readonly canaryIngress?: string;
}

/**
 * A release whose two versions an `AnalysisGate` can compare: implemented by
 * `BlueGreenService` and `CanaryIngress`.
 */
export interface IReleaseTarget extends IConstruct {
  /** The names and labels that select each version's traffic. */
  readonly releaseSelectors: ReleaseSelectors;
}
