import { IConstruct } from 'constructs';

/**
 * Where the traffic of a release's two versions can be told apart: the names and labels that
 * an analysis needs to compare the version being released (canary, or the idle colour) with the
 * version serving users (stable, or the active colour).
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

  /** Value of the version label on the pods serving users now (the active colour, stable). */
  readonly stableVersion: string;

  /** Value of the version label on the pods being released (the idle colour, canary). */
  readonly canaryVersion: string;

  /** Name of the Service in front of the pods serving users now. */
  readonly stableService: string;

  /** Name of the Service in front of the pods being released. */
  readonly canaryService: string;

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
