import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryIngress, Probe, Router } from '../src';

export interface StorefrontProps extends ChartProps {
  /** The version serving users. */
  readonly stableVersion: string;
  /** The version being released. */
  readonly canaryVersion: string;
  /** Percent of requests sent to the canary: the one line a step changes. */
  readonly weight: number;
  /**
   * The weight the release is sized for: one commit before the weight moves up to it, and
   * kept for one commit after the weight moves back to 0.
   */
  readonly sizeForWeight?: number;
}

export class Storefront extends Chart {
  constructor(scope: Construct, id: string, props: StorefrontProps) {
    super(scope, id, props);

    new CanaryIngress(this, 'storefront', {
      app: 'storefront',
      namespace: 'shop',
      router: Router.ingressNginx({ host: 'shop.example.com', tlsSecretName: 'shop-example-com-tls' }),
      stable: { image: `ghcr.io/example/storefront:${props.stableVersion}` },
      canary: { image: `ghcr.io/example/storefront:${props.canaryVersion}` },
      weight: props.weight,
      sizeForWeight: props.sizeForWeight,
      header: { name: 'X-Canary' },
      // Stable scales between 2 and 4 pods; the canary is sized from the 4 (proportional).
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
    });
  }
}
