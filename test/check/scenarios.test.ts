import { Chart, Testing } from 'cdk8s';
import { canaryIngress, check, deployment, edit, errors, hpa, ingress, rules, service, steps, stickyAnnotations } from './_fixtures';
import { BlueGreenService, Color, FindingSeverity, GitOpsEngine, Probe, Router, TransitionCheck } from '../../src';

/**
 * Release steps as a team would commit them, one commit per transition: the unsafe shortcut
 * (one commit) is reported, the safe order (two commits) passes.
 */

const NS = 'shop';
const v1 = 'ghcr.io/example/checkout:3.1.0';
const v2 = 'ghcr.io/example/checkout:3.2.0';

describe('blue-green flip by Service selector', () => {
  const colour = (color: string, image: string, replicas = 3) =>
    deployment(`checkout-${color}`, { namespace: NS, labels: { 'app.kubernetes.io/name': 'checkout', color }, replicas, image });
  const services = (active: string, idle: string) => [
    service('checkout', { 'app.kubernetes.io/name': 'checkout', 'color': active }, NS),
    service('checkout-preview', { 'app.kubernetes.io/name': 'checkout', 'color': idle }, NS),
  ];
  const route = ingress('checkout', { namespace: NS, host: 'checkout.example.com', service: 'checkout' });
  const live = [colour('blue', v1), colour('green', v1), ...services('blue', 'green'), route];

  test('flip onto a colour whose image changes in the same commit: error', () => {
    const found = errors(live, [colour('blue', v1), colour('green', v2), ...services('green', 'blue'), route]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods Service shop/checkout']);
    expect(found[0].message).toContain(`image ${v1} → ${v2}`);
  });

  test('roll green out behind the preview Service, flip in the next commit: clean', () => {
    const [rollOut, flip] = steps(
      live,
      [colour('blue', v1), colour('green', v2), ...services('blue', 'green'), route],
      [colour('blue', v1), colour('green', v2), ...services('green', 'blue'), route],
    );
    expect(rollOut).toEqual([]);
    expect(flip).toEqual([]);
  });

  test('the library\'s BlueGreenService: a flip alone passes, a flip with a new green image only where the engine orders it', () => {
    const synth = (active: Color, greenImage: string) => {
      const chart = new Chart(Testing.app(), 'checkout', { namespace: NS });
      new BlueGreenService(chart, 'checkout', {
        app: 'checkout',
        active,
        blue: { image: v1 },
        green: { image: greenImage },
        replicas: 3,
        container: { port: 8080, readiness: Probe.httpGet('/ready') },
        router: Router.ingressNginx({ host: 'checkout.example.com' }),
      });
      return Testing.synth(chart);
    };
    expect(TransitionCheck.between(synth(Color.BLUE, v2), synth(Color.GREEN, v2))).toEqual([]);
    // Applied at once, the Service moves onto pods that are still rolling out.
    expect(rules(errors(synth(Color.BLUE, v1), synth(Color.GREEN, v2)))).toEqual(['error traffic-onto-unready-pods Service shop/checkout']);
    // Argo CD rolls green out in wave 0 and waits for it to be healthy before the Services move in wave 2.
    expect(TransitionCheck.between(synth(Color.BLUE, v1), synth(Color.GREEN, v2), { engine: GitOpsEngine.ARGO_CD })).toEqual([]);
  });
});

describe('ingress-nginx canary', () => {
  const stable = (image = v1) => deployment('storefront-stable', { namespace: NS, labels: { app: 'storefront', track: 'stable' }, replicas: 4, image });
  const canary = (replicas: number) => deployment('storefront-canary', { namespace: NS, labels: { app: 'storefront', track: 'canary' }, replicas, image: v2 });
  const services = [
    service('storefront', { app: 'storefront', track: 'stable' }, NS),
    service('storefront-canary', { app: 'storefront', track: 'canary' }, NS),
  ];
  const main = (sticky = false) => ingress('storefront', { namespace: NS, service: 'storefront', annotations: sticky ? stickyAnnotations() : undefined });
  const weight = (w: number) => canaryIngress('storefront-canary', { namespace: NS, service: 'storefront-canary', weight: w });

  test('weight 25 → 100 together with canary replicas 1 → 4: error', () => {
    const found = check([stable(), canary(1), ...services, main(), weight(25)], [stable(), canary(4), ...services, main(), weight(100)]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods Ingress shop/storefront-canary']);
    expect(found[0].message).toContain('canary weight 25% → 100%');
    expect(found[0].message).toContain('scales up from 1 to 4 pods');
  });

  test('replicas 1 → 4 first, weight 25 → 100 next: clean', () => {
    const [scale, shift] = steps(
      [stable(), canary(1), ...services, main(), weight(25)],
      [stable(), canary(4), ...services, main(), weight(25)],
      [stable(), canary(4), ...services, main(), weight(100)],
    );
    expect(scale).toEqual([]);
    expect(shift).toEqual([]);
  });

  test('weight 25 → 100 onto a single canary pod: a capacity warning, not an error', () => {
    const found = check([stable(), canary(1), ...services, main(), weight(25)], [stable(), canary(1), ...services, main(), weight(100)]);
    expect(rules(found)).toEqual(['warning traffic-exceeds-capacity Ingress shop/storefront-canary']);
    expect(found[0].fix).toContain('Scale Deployment shop/storefront-canary to about 4 pods first');
    expect(TransitionCheck.hasErrors(found)).toBe(false);
  });

  test('promotion in one commit (stable image changes, weight 100 → 0): error', () => {
    const found = check([stable(v1), canary(4), ...services, main(), weight(100)], [stable(v2), canary(4), ...services, main(), weight(0)]);
    expect(rules(found)).toEqual(['error traffic-back-onto-changing-pods Ingress shop/storefront-canary']);
  });

  test('promotion in two commits (stable rolls out under weight 100, then weight 0 and canary scaled down): clean', () => {
    const [rollOut, back] = steps(
      [stable(v1), canary(4), ...services, main(), weight(100)],
      [stable(v2), canary(4), ...services, main(), weight(100)],
      [stable(v2), canary(0), ...services, main(), weight(0)],
    );
    expect(rollOut).toEqual([]);
    expect(back).toEqual([]);
  });

  test('sticky abort that leaves the canary running: error; abort that scales it to 0: clean', () => {
    const before = [stable(), canary(1), ...services, main(true), weight(10)];
    const keep = check(before, [stable(), canary(1), ...services, main(true), weight(0)]);
    expect(rules(keep)).toEqual(['error sticky-canary-keeps-users Ingress shop/storefront-canary']);
    expect(check(before, [stable(), canary(0), ...services, main(true), weight(0)])).toEqual([]);
  });
});

describe('autoscaling switch', () => {
  const fixed = deployment('api', { namespace: NS, labels: { app: 'api' }, replicas: 6 });
  const open = deployment('api', { namespace: NS, labels: { app: 'api' }, replicas: null });
  const svc = service('api', { app: 'api' }, NS);
  const scaler = hpa('api', 'api', NS, 6);

  test('replicas removed and the HPA added in one commit: error', () => {
    const found = check([fixed, svc], [open, svc, scaler]);
    expect(rules(found)).toEqual(['error replicas-dropped-for-hpa Deployment shop/api']);
    expect(found[0].message).toContain('from 6 pods to 1');
  });

  test('the HPA first with replicas kept: clean; the later removal passes with a warning to hand the field over', () => {
    const [addHpa, drop] = steps([fixed, svc], [fixed, svc, scaler], [open, svc, scaler]);
    expect(addHpa).toEqual([]);
    // The handover (kubectl apply edit-last-applied, or a server-side apply manager handover)
    // happens outside Git: the removal commit passes with a warning that says so.
    expect(rules(drop)).toEqual(['warning replicas-dropped-for-hpa Deployment shop/api']);
    expect(drop[0].fix).toContain('edit-last-applied');
  });

  test('an HPA minimum counts as the replicas of a Deployment without the field', () => {
    const svcRoute = ingress('api', { namespace: NS, service: 'api' });
    const minTwo = hpa('api', 'api', NS, 2);
    const minSix = hpa('api', 'api', NS, 6);
    // min 2 → 6 is a scale-up, but nothing switches traffic: clean.
    expect(check([open, svc, svcRoute, minTwo], [open, svc, svcRoute, minSix])).toEqual([]);
  });
});

describe('two Deployments of one app', () => {
  const web = (labels: any) => deployment('shop-web', { namespace: NS, labels });
  const worker = (labels: any) => deployment('shop-worker', { namespace: NS, labels });

  test('without a role: their selectors overlap', () => {
    const found = check([], [web({ app: 'shop' }), worker({ app: 'shop' })]);
    expect(found.map(f => [f.rule, f.severity])).toEqual([['overlapping-selectors', FindingSeverity.ERROR]]);
    expect(found[0].message).toContain('Deployment shop/shop-worker');
  });

  test('with a role each: clean', () => {
    expect(check([], [web({ app: 'shop', role: 'web' }), worker({ app: 'shop', role: 'worker' })])).toEqual([]);
  });
});

describe('two transitions of the same edit give the same findings in the same order', () => {
  test('determinism', () => {
    const a = deployment('a', { namespace: NS, labels: { app: 'a' } });
    const b = deployment('b', { namespace: NS, labels: { app: 'a', role: 'b' } });
    const prev = [a, b, service('s', { app: 'a' }, NS)];
    const next = [edit(a, d => { d.spec.selector.matchLabels.x = '1'; d.spec.template.metadata.labels.x = '1'; }), b, service('s', { app: 'zzz' }, NS)];
    const first = check(prev, next);
    expect(check([...prev].reverse(), [...next].reverse())).toEqual(first);
    expect(first.map(f => f.severity)).toEqual([...first.map(f => f.severity)].sort());
  });
});
