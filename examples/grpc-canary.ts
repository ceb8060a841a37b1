import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryIngress, CanaryReplicas, Probe, Router } from '../src';

export interface InventoryProps extends ChartProps {
  /** The version being released. */
  readonly canaryVersion: string;
  /** Percent of calls sent to the canary. */
  readonly weight: number;
}

/** A gRPC service released as a canary through a Gateway API GRPCRoute. */
export class Inventory extends Chart {
  constructor(scope: Construct, id: string, props: InventoryProps) {
    super(scope, id, props);

    new CanaryIngress(this, 'inventory', {
      app: 'inventory',
      namespace: 'shop',
      router: Router.gatewayApiGrpc({
        parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'grpc' }],
        hostnames: ['inventory.example.com'],
      }),
      stable: { image: 'ghcr.io/example/inventory:5.0.0' },
      canary: { image: `ghcr.io/example/inventory:${props.canaryVersion}` },
      weight: props.weight,
      // Callers set the "x-canary: always" metadata to reach the canary.
      header: { name: 'x-canary', value: 'always' },
      replicas: 4,
      canaryReplicas: CanaryReplicas.fixed(1),
      container: {
        port: 9090,
        readiness: Probe.grpc(),
      },
    });
  }
}
