import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { CheckoutRelease, StorefrontRelease } from '../../examples/release-position';
import { BlueGreenService, CanaryIngress, CanaryIngressProps, Color, GitOpsEngine, Probe, ReleaseOrder, ReleasePosition, Router } from '../../src';
import { nextMove } from '../../src/release/plan';
import { formatPosition, PositionData, PositionEngine } from '../../src/release/position-file';

/** The apps of examples/release-position.ts, which read the position from a file. */

/** The objects the app synthesizes from a position file, ordered for an engine when one is given. */
export function synthFromFile(file: string, engine?: GitOpsEngine): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine !== undefined) { ReleaseOrder.use(app, engine); }
  const position = ReleasePosition.fromFile(file);
  if (position.activeColor === undefined) {
    new StorefrontRelease(app, 'storefront', position);
  } else {
    new CheckoutRelease(app, 'checkout', position);
  }
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

/** The same from a position in memory. */
export function synthPosition(p: PositionData, engine?: GitOpsEngine): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine !== undefined) { ReleaseOrder.use(app, engine); }
  const position = ReleasePosition.fromJson(formatPosition(p), `releases/${p.release}.json`);
  if (p.kind === 'canary') {
    new StorefrontRelease(app, 'storefront', position);
  } else {
    new CheckoutRelease(app, 'checkout', position);
  }
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

/** The storefront release with sticky sessions: a user pinned to the canary stays there while it has pods. */
export function synthSticky(p: PositionData, engine?: GitOpsEngine): any[] {
  return synthCanary(p, engine, { router: Router.ingressNginx({ host: 'shop.example.com' }), stickySessions: {} });
}

/** The storefront release through a Gateway API route, as examples/gateway-canary.ts. */
export function synthGateway(p: PositionData, engine?: GitOpsEngine): any[] {
  return synthCanary(p, engine, {
    router: Router.gatewayApi({ parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }], hostnames: ['shop.example.com'] }),
    header: { name: 'X-Canary', value: 'always' },
  });
}

/** The checkout release through a Gateway API route, as examples/gateway-blue-green.ts. */
export function synthGatewayBlueGreen(p: PositionData, engine?: GitOpsEngine): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine !== undefined) { ReleaseOrder.use(app, engine); }
  const position = ReleasePosition.fromJson(formatPosition(p), `releases/${p.release}.json`);
  new BlueGreenService(new Chart(app, 'checkout'), 'checkout', {
    app: 'checkout',
    namespace: 'shop',
    position,
    active: position.activeColor as Color,
    blue: { image: position.blueImage! },
    green: { image: position.greenImage! },
    replicas: 3,
    container: { port: 8080, readiness: Probe.httpGet('/ready') },
    router: Router.gatewayApi({ parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }], hostnames: ['checkout.example.com'] }),
    smokeTest: { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl --fail --silent --show-error "$PREVIEW_URL/ready"'] },
  });
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

function synthCanary(p: PositionData, engine: GitOpsEngine | undefined, props: Partial<CanaryIngressProps>): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine !== undefined) { ReleaseOrder.use(app, engine); }
  const position = ReleasePosition.fromJson(formatPosition(p), `releases/${p.release}.json`);
  const chart = new Chart(app, 'storefront');
  new CanaryIngress(chart, 'storefront', {
    app: 'storefront',
    namespace: 'shop',
    router: props.router!,
    position,
    stable: { image: position.stableImage! },
    canary: { image: position.canaryImage! },
    ...props,
    autoscaling: { minReplicas: 2, maxReplicas: 4 },
    container: { port: 8080, readiness: Probe.httpGet('/ready') },
  });
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

/** The positions `release next` writes from `start` until it has nothing to do. */
export function walk(start: PositionData, engine: PositionEngine, move = nextMove): PositionData[] {
  const seen = [start];
  for (let p = move(start, engine).to; p !== undefined; p = move(p, engine).to) {
    seen.push(p);
    if (seen.length > 20) { throw new Error('no end'); }
  }
  return seen;
}
export const label = (p: PositionData) => p.kind === 'canary' ? `${p.phase} ${p.step}${p.stable === p.candidate ? ' done' : ''}` : `${p.phase} ${p.active}`;

