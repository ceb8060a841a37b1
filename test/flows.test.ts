import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { EXAMPLES } from '../examples/apps';
import {
  AutoscalingOptions, BlueGreenService, CanaryIngress, Color, ColorOptions, ContainerOptions, FindingSeverity, GitOpsEngine, GracefulDeployment,
  Probe, Router,
  TransitionCheck,
  EnvValue,
} from '../src';
import { FLOWS } from './support/flows';
import { capacityCutAsTrafficReturns } from './traffic/_capacity';

/**
 * Every release flow the docs describe is a series of commits, and each commit must pass the
 * transition checker: zero downtime is a property of the change between two committed states.
 * The skipped-step variants a hurried pull request would make are refused, with the rule named.
 */

function state(name: string): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  EXAMPLES[name](app);
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

// Commit by commit, as kubectl apply takes them: every documented commit is safe alone, whatever
// the engine (test/engine-ordering.test.ts checks the collapses under Argo CD and Flux).
const errors = (from: string, to: string) =>
  TransitionCheck.between(state(from), state(to), { engine: GitOpsEngine.APPLY }).filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);


describe.each(Object.entries(FLOWS))('%s', (_flow, commits) => {
  test.each(commits.slice(1).map((to, i) => [commits[i], to]))('%s -> %s passes the transition checker', (from, to) => {
    expect(errors(from, to)).toEqual([]);
  });
});

describe.each(Object.entries(FLOWS).filter(([flow]) => flow.includes('canary')))('%s', (_flow, commits) => {
  test.each(commits.slice(1).map((to, i) => [commits[i], to]))('%s -> %s keeps the capacity traffic returns to and leaves', (from, to) => {
    expect(capacityCutAsTrafficReturns(state(from), state(to))).toEqual([]);
  });
});

describe('moving the canary from ingress-nginx to Gateway API (docs/migrating-to-gateway-api.md)', () => {
  const between = (from: string, to: string, allowRemoval?: string[]) =>
    TransitionCheck.between(state(from), state(to), { allowRemoval, engine: GitOpsEngine.APPLY }).filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);

  test('the route added beside the Ingresses passes, with no traffic moved', () => {
    expect(between('migrate-ingress-nginx', 'migrate-both')).toEqual([]);
  });

  test('the route the example writes by hand is the one the Gateway API router writes', () => {
    const route = (name: string) => state(name).find(d => d.kind === 'HTTPRoute');
    expect(route('migrate-both')).toEqual(route('migrate-gateway-api'));
  });

  test('the Ingresses removed once DNS points at the Gateway: allowed by name, and nothing else changes', () => {
    expect(between('migrate-both', 'migrate-gateway-api', ['Ingress/storefront', 'Ingress/storefront-canary'])).toEqual([]);
    const names = (n: string) => state(n).map(d => `${d.kind} ${d.metadata.name}`);
    expect(names('migrate-both').filter(x => !names('migrate-gateway-api').includes(x))).toEqual(['Ingress storefront', 'Ingress storefront-canary']);
  });

  test('without the allowance, removing the Ingresses is refused: users whose DNS still points at ingress-nginx get 404', () => {
    expect(between('migrate-both', 'migrate-gateway-api')).toEqual(['entry-route-removed Ingress shop/storefront']);
  });

  test('skipping the step with both routes is refused', () => {
    expect(between('migrate-ingress-nginx', 'migrate-gateway-api')).toContain('entry-route-removed Ingress shop/storefront');
  });
});

describe('skipped steps are refused with the rule that says what to commit first', () => {
  test('a promotion that scales down as traffic returns cuts capacity in the commit that needs it', () => {
    expect(capacityCutAsTrafficReturns(state('canary-stable-rolled'), state('canary-done'))).toEqual([
      'HorizontalPodAutoscaler storefront-stable floor 4 -> 2',
      'Deployment storefront-canary 4 -> 1 pods',
    ]);
  });

  test('a canary step and the scale-up it needs in one commit', () => {
    expect(errors('canary-step', 'canary-full')).toEqual(['traffic-onto-unready-pods Ingress shop/storefront-canary']);
  });

  test('a promotion in one commit: stable rolls out while traffic returns to it', () => {
    expect(errors('canary-full', 'canary-promoted')).toEqual(['traffic-back-onto-changing-pods Ingress shop/storefront-canary']);
  });

  test('a flip onto a colour whose image changes in the same commit', () => {
    expect(errors('blue-green-idle', 'blue-green-flipped')).toContain('traffic-onto-unready-pods Service checkout');
  });

  test('a flip and the retirement of the old colour in one commit', () => {
    expect(errors('blue-green', 'blue-green-retired').length).toBeGreaterThan(0);
  });

  test('Gateway API: a canary step and the scale-up it needs in one commit', () => {
    expect(errors('gateway-canary-step', 'gateway-canary-full')).toEqual(['traffic-onto-unready-pods HTTPRoute shop/storefront']);
  });

  test('Gateway API: a promotion in one commit', () => {
    expect(errors('gateway-canary-full', 'gateway-canary-promoted')).toEqual(['traffic-back-onto-changing-pods HTTPRoute shop/storefront']);
  });

  test('Gateway API: a flip onto a colour whose image changes in the same commit', () => {
    expect(errors('gateway-blue-green-idle', 'gateway-blue-green-flipped')).toContain('traffic-onto-unready-pods HTTPRoute shop/checkout');
  });

  test('Gateway API: a flip and the retirement of the old colour in one commit', () => {
    expect(errors('gateway-blue-green', 'gateway-blue-green-retired').length).toBeGreaterThan(0);
  });
});

describe('flows built inline', () => {
  const synthOf = (build: (c: Chart) => void) => {
    const app = new App({ outdir: Testing.app().outdir });
    build(new Chart(app, 'flow'));
    return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
  };
  const findings = (a: any[], b: any[], severity: FindingSeverity) =>
    TransitionCheck.between(a, b).filter(f => f.severity === severity).map(f => `${f.rule} ${f.object}`);
  // A release's shared container has no image (each colour or track names its own): an image
  // there would be ignored, and is refused (src/core/jsii-props.ts).
  const serving = { port: 8080, readiness: Probe.httpGet('/ready') };
  const container = { image: 'registry.example.com/api:1.0.0', ...serving };

  test('the switch to autoscaling: refused in one commit, clean with handoverReplicas, then a warning to hand the field over', () => {
    const api = (autoscaling?: AutoscalingOptions, replicas?: number) =>
      synthOf(c => new GracefulDeployment(c, 'api', { app: 'api', replicas, autoscaling, containers: [container] }));
    const fixed = api(undefined, 4);
    expect(findings(fixed, api({ maxReplicas: 8 }), FindingSeverity.ERROR)).toEqual(['replicas-dropped-for-hpa Deployment api']);
    const handover = api({ maxReplicas: 8, handoverReplicas: 4 });
    expect(findings(fixed, handover, FindingSeverity.ERROR)).toEqual([]);
    expect(findings(handover, api({ maxReplicas: 8 }), FindingSeverity.ERROR)).toEqual([]);
    expect(findings(handover, api({ maxReplicas: 8 }), FindingSeverity.WARNING)).toEqual(['replicas-dropped-for-hpa Deployment api']);
  });

  test('a blue-green flip under autoscaling lands on a colour that kept its capacity, and passes', () => {
    const shop = (active: Color) => synthOf(c => new BlueGreenService(c, 'shop', {
      app: 'shop', active, blue: { image: 'shop:1.0.0' }, green: { image: 'shop:1.1.0' }, container: serving, autoscaling: { minReplicas: 2, maxReplicas: 6 },
    }));
    expect(findings(shop(Color.BLUE), shop(Color.GREEN), FindingSeverity.ERROR)).toEqual([]);
    expect(findings(shop(Color.GREEN), shop(Color.BLUE), FindingSeverity.ERROR)).toEqual([]);
  });

  test('a container change released through the idle colour: only green changes, the flip is two lines, and folding it into the shared container leaves the live colour as it is', () => {
    const c1 = { ...serving, env: { MODE: EnvValue.fromValue('a') } };
    const change = { readiness: Probe.httpGet('/ready', { failureThreshold: 5 }), env: { MODE: EnvValue.fromValue('b') } };
    const c2 = { ...c1, ...change };
    const shop = (active: Color, green: Partial<ColorOptions>, shared: ContainerOptions, blueReplicas?: number) => synthOf(c => new BlueGreenService(c, 'shop', {
      app: 'shop',
      active,
      blue: { image: 'shop:1.0.0', replicas: blueReplicas },
      green: { image: 'shop:1.1.0', ...green },
      container: shared,
      smokeTest: { image: 'curlimages/curl:8.11.1', command: ['curl', '-fsS', '$(PREVIEW_URL)/ready'] },
    }));
    const deployment = (docs: any[], name: string) => JSON.stringify(docs.find(d => d.kind === 'Deployment' && d.metadata.name === name));
    const commits = [
      shop(Color.BLUE, {}, c1),
      shop(Color.BLUE, { container: change }, c1), // release to the idle colour, smoke-tested
      shop(Color.GREEN, { container: change }, c1), // flip
      shop(Color.GREEN, { container: change }, c1, 0), // retire blue
      shop(Color.GREEN, {}, c2, 0), // fold the change into the shared container
    ];
    for (let i = 1; i < commits.length; i++) {
      expect(findings(commits[i - 1], commits[i], FindingSeverity.ERROR)).toEqual([]);
    }
    // The release touches green only; the live blue keeps its pods.
    expect(deployment(commits[1], 'shop-blue')).toBe(deployment(commits[0], 'shop-blue'));
    expect(deployment(commits[1], 'shop-green')).not.toBe(deployment(commits[0], 'shop-green'));
    // The flip changes the two Services only (their colour selectors: see the BlueGreenService tests).
    const changed = commits[2].map((d, i) => (JSON.stringify(d) === JSON.stringify(commits[1][i]) ? undefined : `${d.kind} ${d.metadata.name}`));
    expect(changed.filter(Boolean)).toEqual(['Service shop', 'Service shop-preview']);
    // The fold is a no-op for the live colour.
    expect(deployment(commits[4], 'shop-green')).toBe(deployment(commits[3], 'shop-green'));
  });

  test('a sticky canary: sized at weight 0, stepped, then aborted with its pods gone', () => {
    const shop = (weight: number, sizeForWeight?: number) => synthOf(c => new CanaryIngress(c, 'shop', {
      app: 'shop', router: Router.ingressNginx({ host: 'shop.example.com' }), stable: { image: 'shop:1.0.0' }, canary: { image: 'shop:1.1.0' }, container: serving, weight, sizeForWeight, stickySessions: {},
    }));
    const commits = [shop(0), shop(0, 10), shop(10), shop(0)];
    for (let i = 1; i < commits.length; i++) {
      expect(findings(commits[i - 1], commits[i], FindingSeverity.ERROR)).toEqual([]);
    }
  });
});
