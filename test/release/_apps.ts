import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { BlueGreenService, CanaryIngress, Color, GitOpsEngine, Probe, ReleaseOrder, ReleasePosition, Router } from '../../src';
import { formatPosition, PositionData } from '../../src/release/position-file';

/**
 * The examples' storefront canary and checkout blue-green release (examples/canary.ts,
 * examples/blue-green.ts), with every prop the same except that the position comes from a
 * position file: a tiny app as a team would write it.
 */

export class PositionStorefront extends Chart {
  constructor(scope: Construct, id: string, position: ReleasePosition) {
    super(scope, id);
    new CanaryIngress(this, 'storefront', {
      app: 'storefront',
      namespace: 'shop',
      router: Router.ingressNginx({ host: 'shop.example.com', tlsSecretName: 'shop-example-com-tls' }),
      stable: { image: position.stableImage! },
      canary: { image: position.canaryImage! },
      position,
      header: { name: 'X-Canary' },
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
    });
  }
}

export class PositionCheckout extends Chart {
  constructor(scope: Construct, id: string, position: ReleasePosition) {
    super(scope, id);
    new BlueGreenService(this, 'checkout', {
      app: 'checkout',
      active: (position.activeColor ?? Color.BLUE) as Color,
      blue: { image: position.blueImage! },
      green: { image: position.greenImage! },
      position,
      replicas: 3,
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
      router: Router.ingressNginx({ host: 'checkout.example.com' }),
      smokeTest: {
        image: 'curlimages/curl:8.11.1',
        command: ['sh', '-c', 'curl --fail --silent --show-error "$PREVIEW_URL/ready"'],
      },
    });
  }
}

/** The objects the app synthesizes from a position file, ordered for an engine when one is given. */
export function synthFromFile(file: string, engine?: GitOpsEngine): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine !== undefined) { ReleaseOrder.use(app, engine); }
  const position = ReleasePosition.fromFile(file);
  if (position.activeColor === undefined) {
    new PositionStorefront(app, 'storefront', position);
  } else {
    new PositionCheckout(app, 'checkout', position);
  }
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

/** The same from a position in memory. */
export function synthPosition(p: PositionData, engine?: GitOpsEngine): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine !== undefined) { ReleaseOrder.use(app, engine); }
  const position = ReleasePosition.fromJson(formatPosition(p), `releases/${p.release}.json`);
  if (p.kind === 'canary') {
    new PositionStorefront(app, 'storefront', position);
  } else {
    new PositionCheckout(app, 'checkout', position);
  }
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

/** The storefront release of examples/apps.ts at its start, as a position. */
export const STOREFRONT: PositionData = {
  release: 'storefront',
  kind: 'canary',
  image: 'ghcr.io/example/storefront',
  steps: [5, 25, 100],
  stable: '2.7.0',
  candidate: '2.8.0',
  phase: 'step',
  step: 0,
};

/** The checkout release of examples/apps.ts, released to green, as a position. */
export const CHECKOUT: PositionData = {
  release: 'checkout', kind: 'blue-green', image: 'ghcr.io/example/checkout', active: 'blue', blue: '3.1.0', green: '3.2.0', phase: 'released',
};
