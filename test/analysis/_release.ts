import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AnalysisGateProps, CanaryIngress, CanaryIngressProps, Criterion, IReleaseTarget, LatencyPercentile, MetricSource, NoDataPolicy, Probe, ReleaseSelectors, Router } from '../../src';

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

/** The storefront canary the gate tests judge: ingress-nginx, 2.7.0 stable, 2.8.0 canary at `weight`. */
export function storefrontCanary(scope: Construct, props: Partial<CanaryIngressProps> = {}): CanaryIngress {
  return new CanaryIngress(scope, 'storefront', {
    app: 'storefront',
    router: Router.ingressNginx({ host: 'shop.example.com' }),
    stable: { image: 'ghcr.io/example/storefront:2.7.0' },
    canary: { image: 'ghcr.io/example/storefront:2.8.0' },
    container: { port: 8080, readiness: Probe.httpGet('/ready') },
    ...props,
  });
}
