import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AnalysisGate,
  CanaryIngress,
  Criterion,
  LatencyPercentile,
  MetricSource,
  NoDataPolicy,
  Probe,
  Router,
} from '../src';

export interface StorefrontGateProps {
  /** Percent of requests sent to the canary. */
  readonly weight?: number;
}

/**
 * A canary at 10 % through ingress-nginx, and the numbers that decide whether it goes further:
 * judged by Argo Rollouts, by Prometheus alerts and by a Job that Argo CD runs after each sync.
 */
export class StorefrontGate extends Chart {
  constructor(scope: Construct, id: string, props: StorefrontGateProps = {}) {
    super(scope, id);
    const weight = props.weight ?? 10;
    const absolute = [
      Criterion.errorRate({ max: 0.01 }),
      Criterion.latency({ percentile: LatencyPercentile.P99, max: Duration.millis(500) }),
    ];

    const storefront = new CanaryIngress(this, 'storefront', {
      app: 'storefront',
      namespace: 'shop',
      router: Router.ingressNginx({ host: 'shop.example.com' }),
      stable: { image: 'ghcr.io/example/storefront:2.7.0' },
      canary: { image: 'ghcr.io/example/storefront:2.8.0' },
      weight,
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
    });

    new AnalysisGate(this, 'gate', {
      target: storefront,
      source: MetricSource.ingressNginx(),
      // Compared with stable only while stable serves users: at 100 % it serves nobody.
      criteria: weight < 100 ? [...absolute, Criterion.relativeErrorRate({ factor: 2, slack: 0.005 })] : absolute,
      minRequests: 200,
      onNoData: NoDataPolicy.FAIL,
      prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
      initialDelay: Duration.minutes(5),
      count: 3,
      alerts: { ruleLabels: { release: 'kube-prometheus-stack' } },
    });
  }
}
