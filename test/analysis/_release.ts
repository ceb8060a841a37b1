import { Construct } from 'constructs';
import { IReleaseTarget, ReleaseSelectors } from '../../src';

/**
 * A release made of hand-written objects, described only by its selectors: what a
 * `CanaryIngress` (canary Ingress "shop-canary" next to main Ingress "shop") reports.
 */
export class HandWrittenRelease extends Construct implements IReleaseTarget {
  public readonly releaseSelectors: ReleaseSelectors;

  constructor(scope: Construct, id: string, overrides: Partial<ReleaseSelectors> = {}) {
    super(scope, id);
    this.releaseSelectors = {
      namespace: 'shop',
      app: 'shop',
      appLabelKey: 'app.kubernetes.io/name',
      versionLabelKey: 'track',
      stableVersion: 'stable',
      canaryVersion: 'canary',
      stableService: 'shop',
      canaryService: 'shop-canary',
      stableIngress: 'shop',
      canaryIngress: 'shop-canary',
      ...overrides,
    };
  }
}
