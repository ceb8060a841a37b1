import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryIngress, Probe, Router } from '../src';

/** Where the storefront is on its way from ingress-nginx to Gateway API. */
export enum RouterMigration {
  /** Users reach the storefront through ingress-nginx only. */
  INGRESS_NGINX = 'ingress-nginx',
  /** The HTTPRoute is added beside the Ingresses; DNS still points at ingress-nginx. */
  BOTH = 'both',
  /** DNS points at the Gateway: the router is Gateway API, and the Ingresses are gone. */
  GATEWAY_API = 'gateway-api',
}

export interface StorefrontMigrationProps extends ChartProps {
  /** The step of the move. */
  readonly router: RouterMigration;
}

const GATEWAY = { parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }], hostnames: ['shop.example.com'] };

/**
 * The storefront canary of examples/canary.ts, moved from ingress-nginx to Gateway API between
 * releases (weight 0), in commits that never leave a user without a route.
 */
export class StorefrontMigration extends Chart {
  constructor(scope: Construct, id: string, props: StorefrontMigrationProps) {
    super(scope, id, props);

    new CanaryIngress(this, 'storefront', {
      app: 'storefront',
      namespace: 'shop',
      router: props.router === RouterMigration.GATEWAY_API
        ? Router.gatewayApi(GATEWAY)
        : Router.ingressNginx({ host: 'shop.example.com', tlsSecretName: 'shop-example-com-tls' }),
      stable: { image: 'ghcr.io/example/storefront:2.8.0' },
      canary: { image: 'ghcr.io/example/storefront:2.8.0' },
      weight: 0,
      // Gateway API matches a header by value: testers send "X-Canary: always".
      header: props.router === RouterMigration.GATEWAY_API ? { name: 'X-Canary', value: 'always' } : { name: 'X-Canary' },
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
    });

    if (props.router === RouterMigration.BOTH) {
      // The route Router.gatewayApi(GATEWAY) writes in the last step, written here beside the
      // Ingresses, so the Gateway serves the host before DNS points at it.
      new ApiObject(this, 'route', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: {
          name: 'storefront',
          namespace: 'shop',
          labels: { 'app.kubernetes.io/name': 'storefront' },
          // Routes move traffic in Argo CD's wave 2, once the pods of wave 0 are healthy.
          annotations: { 'argocd.argoproj.io/sync-wave': '2' },
        },
        spec: {
          ...GATEWAY,
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'X-Canary', value: 'always' }] }],
              backendRefs: [{ name: 'storefront-canary', port: 80 }],
            },
            {
              matches: [{ path: { type: 'PathPrefix', value: '/' } }],
              backendRefs: [{ name: 'storefront', port: 80, weight: 100 }, { name: 'storefront-canary', port: 80, weight: 0 }],
            },
          ],
        },
      });
    }
  }
}
