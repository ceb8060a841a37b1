import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, CanaryIngress, Color, Probe, ReleasePosition, Router } from '../src';

/**
 * The storefront canary of examples/canary.ts, its position read from a file: the app passes
 * `ReleasePosition.fromFile('releases/storefront.json')`, and `cdk8s-zero-downtime release next`
 * edits that file. Everything else stays in TypeScript.
 */
export class StorefrontRelease extends Chart {
  constructor(scope: Construct, id: string, position: ReleasePosition) {
    super(scope, id);

    new CanaryIngress(this, 'storefront', {
      app: 'storefront',
      namespace: 'shop',
      router: Router.ingressNginx({ host: 'shop.example.com', tlsSecretName: 'shop-example-com-tls' }),
      position,
      // The images come from the position: the known-good version, or the candidate once
      // stable is rolled out to it.
      stable: { image: position.stableImage! },
      canary: { image: position.canaryImage! },
      header: { name: 'X-Canary' },
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
    });
  }
}

/** The checkout blue-green release of examples/blue-green.ts, its position read from a file. */
export class CheckoutRelease extends Chart {
  constructor(scope: Construct, id: string, position: ReleasePosition) {
    super(scope, id);

    new BlueGreenService(this, 'checkout', {
      app: 'checkout',
      position,
      active: position.activeColor as Color,
      blue: { image: position.blueImage! },
      green: { image: position.greenImage! },
      replicas: 3,
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
      router: Router.ingressNginx({ host: 'checkout.example.com' }),
      smokeTest: {
        image: 'curlimages/curl:8.11.1',
        command: ['sh', '-c', 'curl --fail --silent --show-error "$PREVIEW_URL/ready"'],
      },
    });
  }
}
