import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryIngress, CanaryReplicas, Probe, Router } from '../src';

export interface StorefrontProps extends ChartProps {
  /** The version serving users. */
  readonly stableVersion: string;
  /** The version being released. */
  readonly canaryVersion: string;
  /** Percent of requests sent to the canary: the one line a step changes. */
  readonly weight: number;
  /** The weight to size the canary for, one commit before the weight moves there. */
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
      replicas: 4,
      canaryReplicas: CanaryReplicas.proportional(),
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
    });
  }
}
