import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, Color, Probe, Router } from '../src';

export interface GatewayCheckoutProps extends ChartProps {
  /** The colour that serves users: a flip changes the route's backendRef. */
  readonly active: Color;
  /** The version green runs: a release to the idle colour changes it. */
  readonly greenVersion?: string;
  /** Pods of blue: 0 retires it, in a commit after the flip. */
  readonly blueReplicas?: number;
}

/** The checkout blue-green release through a Gateway API HTTPRoute. */
export class GatewayCheckout extends Chart {
  constructor(scope: Construct, id: string, props: GatewayCheckoutProps) {
    super(scope, id, props);

    new BlueGreenService(this, 'checkout', {
      app: 'checkout',
      namespace: 'shop',
      active: props.active,
      blue: { image: 'ghcr.io/example/checkout:3.1.0', replicas: props.blueReplicas },
      green: { image: `ghcr.io/example/checkout:${props.greenVersion ?? '3.2.0'}` },
      replicas: 3,
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
      router: Router.gatewayApi({
        parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }],
        hostnames: ['checkout.example.com'],
      }),
      smokeTest: {
        image: 'curlimages/curl:8.11.1',
        command: ['sh', '-c', 'curl --fail --silent --show-error "$PREVIEW_URL/ready"'],
      },
    });
  }
}
