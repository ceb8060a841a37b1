import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryIngress, Probe, Router } from '../src';

export interface GatewayStorefrontProps extends ChartProps {
  /** The version serving users. */
  readonly stableVersion: string;
  /** The version being released. */
  readonly canaryVersion: string;
  /** Percent of requests sent to the canary: a step changes the route's two weight lines. */
  readonly weight: number;
  /**
   * The weight the release is sized for: one commit before the weight moves up to it, and
   * kept for one commit after the weight moves back to 0.
   */
  readonly sizeForWeight?: number;
}

/** The storefront canary through a Gateway API HTTPRoute attached to the shared Gateway. */
export class GatewayStorefront extends Chart {
  constructor(scope: Construct, id: string, props: GatewayStorefrontProps) {
    super(scope, id, props);

    new CanaryIngress(this, 'storefront', {
      app: 'storefront',
      namespace: 'shop',
      router: Router.gatewayApi({
        parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }],
        hostnames: ['shop.example.com'],
      }),
      stable: { image: `ghcr.io/example/storefront:${props.stableVersion}` },
      canary: { image: `ghcr.io/example/storefront:${props.canaryVersion}` },
      weight: props.weight,
      sizeForWeight: props.sizeForWeight,
      // Testers send "X-Canary: always": an Exact header match, Core in Gateway API.
      header: { name: 'X-Canary', value: 'always' },
      // Stable scales between 2 and 4 pods; the canary is sized from the 4 (proportional).
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
    });
  }
}
