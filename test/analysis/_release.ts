import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AnalysisGateProps, Criterion, IReleaseTarget, LatencyPercentile, MetricSource, NoDataPolicy, ReleaseSelectors } from '../../src';

/** The criteria the gate tests judge with. */
export const errorRate = Criterion.errorRate({ max: 0.05 });
export const p99 = Criterion.latency({ percentile: LatencyPercentile.P99, max: Duration.millis(500) });
export const relative = Criterion.relativeErrorRate({ factor: 2, slack: 0.005 });

/** A gate's props without its target: one criterion, a request floor, no data fails. */
export type GateProps = Omit<AnalysisGateProps, 'target'>;
export function gateProps(source: MetricSource): GateProps {
  return { source, criteria: [errorRate], minRequests: 100, onNoData: NoDataPolicy.FAIL, prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090' };
}

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
