import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryIngress, CanaryReplicas, Probe, Router } from '../src';

export interface PricingProps extends ChartProps {
  /** The version being released. */
  readonly canaryVersion: string;
  /** Percent of in-cluster requests sent to the canary. */
  readonly weight: number;
}

/**
 * An internal service with no edge route: the HTTPRoute is attached to its own Service (Gateway
 * API for service mesh, GAMMA), so the mesh splits the requests of every caller in the cluster.
 */
export class Pricing extends Chart {
  constructor(scope: Construct, id: string, props: PricingProps) {
    super(scope, id, props);

    new CanaryIngress(this, 'pricing', {
      app: 'pricing',
      namespace: 'shop',
      router: Router.gatewayApi({ mesh: true }),
      stable: { image: 'ghcr.io/example/pricing:1.4.0' },
      canary: { image: `ghcr.io/example/pricing:${props.canaryVersion}` },
      weight: props.weight,
      replicas: 3,
      canaryReplicas: CanaryReplicas.fixed(1),
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
    });
  }
}
