import {
  canaryIngress, check, deployment, edit, errors, hpa, httpRoute, ingress, job, pdb, rules, service, steps, stickyAnnotations,
} from './_fixtures';
import { FindingSeverity, TransitionCheck } from '../../src';

const NS = 'shop';
const blueLabels = { app: 'api', color: 'blue' };
const greenLabels = { app: 'api', color: 'green' };

function only(findings: ReturnType<typeof check>, rule: string) {
  return findings.filter(f => f.rule === rule);
}

describe('immutable-selector', () => {
  const before = deployment('api', { namespace: NS, labels: { app: 'api' } });

  test('a changed Deployment selector is rejected by the API server', () => {
    const after = deployment('api', { namespace: NS, labels: { app: 'api', track: 'stable' } });
    const [f, ...rest] = check([before], [after]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'immutable-selector', severity: FindingSeverity.ERROR, object: 'Deployment shop/api' });
    expect(f.message).toContain('{app: api} to {app: api, track: stable}');
    expect(f.message).toContain('field is immutable');
    expect(f.fix).toContain('new name');
  });

  test('StatefulSet, DaemonSet and ReplicaSet selectors are immutable too', () => {
    for (const kind of ['StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      const b = deployment('db', { namespace: NS, labels: { app: 'db' }, kind });
      const a = deployment('db', { namespace: NS, labels: { app: 'db', tier: 'data' }, kind });
      expect(rules(only(check([b], [a]), 'immutable-selector'))).toEqual([`error immutable-selector ${kind} shop/db`]);
    }
  });

  test('safe: new pod labels outside the selector, and key order does not count as a change', () => {
    const after = edit(before, d => {
      d.spec.template.metadata.labels.version = '2';
      d.spec.selector = { matchLabels: { app: 'api' } };
    });
    expect(check([before], [after])).toEqual([]);
    const reordered = edit(before, d => { d.spec = { template: d.spec.template, selector: d.spec.selector, replicas: d.spec.replicas }; });
    expect(check([before], [reordered])).toEqual([]);
  });
});

describe('job-template-changed', () => {
  const before = job('migrate', 'ghcr.io/example/migrate:1.0.0', undefined, NS);

  test('a Job that keeps its name but changes its template cannot be applied', () => {
    const after = job('migrate', 'ghcr.io/example/migrate:1.1.0', undefined, NS);
    const [f, ...rest] = check([before], [after]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'job-template-changed', severity: FindingSeverity.ERROR, object: 'Job shop/migrate' });
    expect(f.message).toContain('image ghcr.io/example/migrate:1.0.0 → ghcr.io/example/migrate:1.1.0');
    expect(f.message).toContain('immutable');
    expect(f.fix).toContain('argocd.argoproj.io/hook');
    expect(f.fix).toContain('kustomize.toolkit.fluxcd.io/force');
  });

  test('safe: a Job per version, an Argo CD hook, Flux force (any case), Argo CD Force+Replace', () => {
    expect(check([before], [job('migrate-1-1-0', 'ghcr.io/example/migrate:1.1.0', undefined, NS)])).toEqual([]);
    const exempt: { [key: string]: string }[] = [
      { 'argocd.argoproj.io/hook': 'PreSync' },
      { 'kustomize.toolkit.fluxcd.io/force': 'Enabled' },
      { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' },
    ];
    for (const annotations of exempt) {
      const after = job('migrate', 'ghcr.io/example/migrate:1.1.0', annotations, NS);
      expect(check([before], [after])).toEqual([]);
    }
    // Flux force disabled is not force.
    const disabled = job('migrate', 'ghcr.io/example/migrate:1.1.0', { 'kustomize.toolkit.fluxcd.io/force': 'disabled' }, NS);
    expect(rules(check([before], [disabled]))).toEqual(['error job-template-changed Job shop/migrate']);
  });
});

describe('traffic-onto-unready-pods', () => {
  const blue = deployment('api-blue', { namespace: NS, labels: blueLabels, replicas: 3 });
  const green = deployment('api-green', { namespace: NS, labels: greenLabels, replicas: 3 });
  const onBlue = service('api', blueLabels, NS);
  const onGreen = service('api', greenLabels, NS);

  test('(a) a Service selector switched onto a Deployment created in the same commit', () => {
    const [f, ...rest] = check([blue, onBlue], [blue, green, onGreen]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'traffic-onto-unready-pods', severity: FindingSeverity.ERROR, object: 'Service shop/api' });
    expect(f.message).toContain('Deployment shop/api-green');
    expect(f.message).toContain('is created in this commit');
    expect(f.message).toContain('within about a second');
    expect(f.fix).toContain('first');
    expect(f.fix).toContain('next commit');
  });

  test('(a) safe: create first, switch in the next commit', () => {
    const [create, flip] = steps([blue, onBlue], [blue, green, onBlue], [blue, green, onGreen]);
    expect(create).toEqual([]);
    expect(flip).toEqual([]);
  });

  test('(a) onto a Deployment scaled up or scaled to zero pods', () => {
    const greenAt1 = edit(green, d => { d.spec.replicas = 1; });
    const up = check([blue, greenAt1, onBlue], [blue, green, onGreen]);
    expect(rules(up)).toEqual(['error traffic-onto-unready-pods Service shop/api']);
    expect(up[0].message).toContain('scales up from 1 to 3 pods');
    expect(up[0].message).toContain('the 1 pod(s) already running take all of it');

    const greenAt0 = edit(green, d => { d.spec.replicas = 0; });
    const none = errors([blue, greenAt0, onBlue], [blue, greenAt0, onGreen]);
    expect(rules(none)).toEqual(['error traffic-onto-unready-pods Service shop/api']);
    expect(none[0].message).toContain('runs 0 pods');
    expect(none[0].message).toContain('no endpoint');
  });

  const stable = deployment('api-stable', { namespace: NS, labels: { app: 'api', track: 'stable' }, replicas: 4 });
  const canary = (replicas: number) => deployment('api-canary', { namespace: NS, labels: { app: 'api', track: 'canary' }, replicas, image: 'ghcr.io/example/app:1.1.0' });
  const services = [service('api-stable', { app: 'api', track: 'stable' }, NS), service('api-canary', { app: 'api', track: 'canary' }, NS)];
  const main = ingress('api', { namespace: NS, service: 'api-stable' });
  const weighted = (weight: number, annotations?: any) => canaryIngress('api-canary', { namespace: NS, service: 'api-canary', weight, annotations });

  test('(b) a canary weight raised while the canary scales up', () => {
    const found = check([stable, canary(1), ...services, main, weighted(10)], [stable, canary(3), ...services, main, weighted(50)]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods Ingress shop/api-canary']);
    expect(found[0].message).toContain('canary weight 10% → 50%');
    expect(found[0].message).toContain('Service shop/api-canary goes from 10% to 50%');
    expect(found[0].message).toContain('scales up from 1 to 3 pods');
  });

  test('(b) any annotation prefix, and a weight total other than 100', () => {
    const p = 'ingress.example.com';
    const w = (weight: number) => canaryIngress('api-canary', {
      namespace: NS, service: 'api-canary', weight, prefix: p, annotations: { [`${p}/canary-weight-total`]: '1000' },
    });
    const found = check([stable, canary(1), ...services, main, w(100)], [stable, canary(3), ...services, main, w(500)]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods Ingress shop/api-canary']);
    expect(found[0].message).toContain('canary weight 10% → 50%');
  });

  test('(b) safe: scale the canary first, raise the weight next', () => {
    const [scale, raise] = steps(
      [stable, canary(1), ...services, main, weighted(10)],
      [stable, canary(3), ...services, main, weighted(10)],
      [stable, canary(3), ...services, main, weighted(50)],
    );
    expect(scale).toEqual([]);
    expect(raise).toEqual([]);
  });

  test('(c) an HTTPRoute share raised onto a canary that scales up; weights are relative', () => {
    const route = (s: number, c: number) => httpRoute('api', NS, [{ name: 'api-stable', weight: s }, { name: 'api-canary', weight: c }]);
    const found = check([stable, canary(1), ...services, route(9, 1)], [stable, canary(3), ...services, route(1, 1)]);
    expect(rules(found)).toEqual(['error traffic-onto-unready-pods HTTPRoute shop/api']);
    expect(found[0].message).toContain('Service shop/api-canary goes from 10% to 50%');
    // Same weights scaled: the share does not change, nothing moves.
    expect(check([stable, canary(1), ...services, route(9, 1)], [stable, canary(3), ...services, route(90, 10)])).toEqual([]);
  });

  test('(c) safe: scale up first, shift weights next', () => {
    const route = (s: number, c: number) => httpRoute('api', NS, [{ name: 'api-stable', weight: s }, { name: 'api-canary', weight: c }]);
    const [scale, shift] = steps(
      [stable, canary(1), ...services, route(9, 1)],
      [stable, canary(3), ...services, route(9, 1)],
      [stable, canary(3), ...services, route(1, 1)],
    );
    expect(scale).toEqual([]);
    expect(shift).toEqual([]);
  });
});

describe('traffic-back-onto-changing-pods', () => {
  const stable = (image: string) => deployment('api-stable', { namespace: NS, labels: { app: 'api', track: 'stable' }, replicas: 4, image });
  const canary = deployment('api-canary', { namespace: NS, labels: { app: 'api', track: 'canary' }, replicas: 4, image: 'ghcr.io/example/app:1.1.0' });
  const services = [service('api-stable', { app: 'api', track: 'stable' }, NS), service('api-canary', { app: 'api', track: 'canary' }, NS)];
  const main = ingress('api', { namespace: NS, service: 'api-stable' });
  const weighted = (weight: number) => canaryIngress('api-canary', { namespace: NS, service: 'api-canary', weight });

  test('promotion in one commit: stable image changed and the canary weight back to 0', () => {
    const found = check(
      [stable('ghcr.io/example/app:1.0.0'), canary, ...services, main, weighted(100)],
      [stable('ghcr.io/example/app:1.1.0'), canary, ...services, main, weighted(0)],
    );
    expect(rules(found)).toEqual(['error traffic-back-onto-changing-pods Ingress shop/api-canary']);
    expect(found[0].message).toContain('canary weight 100% → 0%');
    expect(found[0].message).toContain('Service shop/api-stable (0% → 100%)');
    expect(found[0].message).toContain('image ghcr.io/example/app:1.0.0 → ghcr.io/example/app:1.1.0');
    expect(found[0].message).toContain('mostly still the old version');
    expect(found[0].fix).toContain('while the canary keeps its weight');
  });

  test('safe: roll stable out first, move traffic back next', () => {
    const [rollOut, back] = steps(
      [stable('ghcr.io/example/app:1.0.0'), canary, ...services, main, weighted(100)],
      [stable('ghcr.io/example/app:1.1.0'), canary, ...services, main, weighted(100)],
      [stable('ghcr.io/example/app:1.1.0'), canary, ...services, main, weighted(0)],
    );
    expect(rollOut).toEqual([]);
    expect(back).toEqual([]);
  });

  test('an HTTPRoute promotion moves weight away from a backend named canary', () => {
    const route = (s: number, c: number) => httpRoute('api', NS, [{ name: 'api-stable', weight: s }, { name: 'api-canary', weight: c }]);
    const found = check(
      [stable('ghcr.io/example/app:1.0.0'), canary, ...services, route(0, 100)],
      [stable('ghcr.io/example/app:1.1.0'), canary, ...services, route(100, 0)],
    );
    expect(rules(found)).toEqual(['error traffic-back-onto-changing-pods HTTPRoute shop/api']);
  });
});

describe('serving-pods-removed-with-switch', () => {
  const blue = deployment('api-blue', { namespace: NS, labels: blueLabels, replicas: 3 });
  const green = deployment('api-green', { namespace: NS, labels: greenLabels, replicas: 3 });
  const onBlue = service('api', blueLabels, NS);
  const onGreen = service('api', greenLabels, NS);

  test('the switched-away Deployment is deleted, scaled to 0 or changed in the same commit', () => {
    const deleted = check([blue, green, onBlue], [green, onGreen]);
    expect(rules(deleted)).toEqual(['error serving-pods-removed-with-switch Service shop/api']);
    expect(deleted[0].message).toContain('away from Deployment shop/api-blue');
    expect(deleted[0].message).toContain('is deleted');
    expect(deleted[0].message).toContain('no previous version left');
    expect(deleted[0].fix).toContain('later commit');

    const scaled = check([blue, green, onBlue], [edit(blue, d => { d.spec.replicas = 0; }), green, onGreen]);
    expect(rules(scaled)).toEqual(['error serving-pods-removed-with-switch Service shop/api']);
    expect(scaled[0].message).toContain('scales from 3 to 0 pods');

    const changed = check([blue, green, onBlue], [edit(blue, d => { d.spec.template.spec.containers[0].image = 'ghcr.io/example/app:2.0.0'; }), green, onGreen]);
    expect(rules(changed)).toEqual(['error serving-pods-removed-with-switch Service shop/api']);
    expect(changed[0].message).toContain('rolls out a new pod template');
  });

  test('safe: switch first, retire the old colour later', () => {
    const [flip, retire] = steps([blue, green, onBlue], [blue, green, onGreen], [green, onGreen]);
    expect(flip).toEqual([]);
    expect(retire).toEqual([]);
  });
});

describe('dangling-backend', () => {
  const api = deployment('api', { namespace: NS, labels: { app: 'api' } });
  const web = deployment('web', { namespace: NS, labels: { app: 'web' } });
  const apiSvc = service('api', { app: 'api' }, NS);
  const webSvc = service('web', { app: 'web' }, NS);
  const toApi = ingress('shop', { namespace: NS, service: 'api' });
  const toWeb = ingress('shop', { namespace: NS, service: 'web' });

  test('an Ingress still routes to a Service the commit deletes', () => {
    const found = check([api, web, apiSvc, webSvc, toApi], [web, webSvc, toApi]);
    expect(rules(found)).toEqual(['error dangling-backend Ingress shop/shop']);
    expect(found[0].message).toContain('Service shop/api, which this commit deletes');
    expect(found[0].message).toContain('503');
  });

  test('safe: move the Ingress first, delete the Service next', () => {
    const [move, remove] = steps([api, web, apiSvc, webSvc, toApi], [api, web, apiSvc, webSvc, toWeb], [web, webSvc, toWeb]);
    expect(move).toEqual([]);
    // The whole app api goes: the user says it is on purpose (issue #20), and then it is clean.
    expect(rules(remove)).toEqual(['error app-removed Deployment shop/api']);
    expect(TransitionCheck.between([api, web, apiSvc, webSvc, toWeb], [web, webSvc, toWeb], { allowRemoval: ['api'] })).toEqual([]);
  });

  test('a port number or name the Service does not have', () => {
    const byNumber = check([api, apiSvc, toApi], [api, apiSvc, ingress('shop', { namespace: NS, service: 'api', port: 8080 })]);
    expect(rules(byNumber)).toEqual(['error dangling-backend Ingress shop/shop']);
    expect(byNumber[0].message).toContain('port 8080 of Service shop/api, which has no such port (its ports: 80 (http))');
    const byName = check([api, apiSvc, toApi], [api, apiSvc, ingress('shop', { namespace: NS, service: 'api', port: 'grpc' })]);
    expect(byName[0].message).toContain('port name "grpc"');
    expect(check([api, apiSvc, toApi], [api, apiSvc, ingress('shop', { namespace: NS, service: 'api', port: 'http' })])).toEqual([]);
    const route = check([api, apiSvc], [api, apiSvc, httpRoute('shop', NS, [{ name: 'api', port: 8080 }])]);
    expect(rules(route)).toEqual(['error dangling-backend HTTPRoute shop/shop']);
    expect(route[0].message).toContain('500');
  });

  test('a Service absent from both states is only a warning', () => {
    const found = check([], [ingress('shop', { namespace: NS, service: 'elsewhere' })]);
    expect(rules(found)).toEqual(['warning dangling-backend Ingress shop/shop']);
    expect(found[0].message).toContain('in neither state');
  });

  test('a Service that selected pods selects none after the commit', () => {
    const deleted = check([api, apiSvc], [apiSvc]);
    expect(rules(deleted)).toEqual(['error dangling-backend Service shop/api']);
    expect(deleted[0].message).toContain('Deployment shop/api is deleted');
    const relabelled = check([api, apiSvc], [edit(api, d => { d.spec.template.metadata.labels.app = 'api2'; d.spec.selector.matchLabels.app = 'api2'; }), apiSvc]);
    expect(only(relabelled, 'dangling-backend').map(f => f.message)).toEqual([expect.stringContaining('no longer matches {app: api}')]);
  });
});

describe('replicas-dropped-for-hpa', () => {
  const fixed = deployment('api', { namespace: NS, labels: { app: 'api' }, replicas: 4 });
  const autoscaled = deployment('api', { namespace: NS, labels: { app: 'api' }, replicas: null });
  const scaler = hpa('api', 'api', NS, 4);

  test('replicas removed in the commit that introduces the HPA', () => {
    const [f, ...rest] = check([fixed], [autoscaled, scaler]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'replicas-dropped-for-hpa', severity: FindingSeverity.ERROR, object: 'Deployment shop/api' });
    expect(f.message).toContain('defaults it to 1');
    expect(f.message).toContain('from 4 pods to 1');
    expect(f.message).toContain('introduced in the same commit');
    expect(f.fix).toContain('Commit HorizontalPodAutoscaler shop/api first while keeping spec.replicas');
  });

  test('replicas removed while the HPA already exists: a warning, the documented second step', () => {
    const found = check([fixed, scaler], [autoscaled, scaler]);
    expect(rules(found)).toEqual(['warning replicas-dropped-for-hpa Deployment shop/api']);
    expect(found[0].fix).toContain('edit-last-applied');
  });

  test('safe: the HPA first, with replicas kept; nothing to drop from a single replica', () => {
    expect(check([fixed], [fixed, scaler])).toEqual([]);
    const one = edit(fixed, d => { d.spec.replicas = 1; });
    expect(check([one], [autoscaled, scaler])).toEqual([]);
    // Without an HPA the field is just a default of 1: a scale-down, not this rule.
    expect(only(check([fixed], [autoscaled]), 'replicas-dropped-for-hpa')).toEqual([]);
  });
});

describe('sticky-canary-keeps-users', () => {
  const stable = deployment('api-stable', { namespace: NS, labels: { app: 'api', track: 'stable' }, replicas: 4 });
  const canary = (replicas: number) => deployment('api-canary', { namespace: NS, labels: { app: 'api', track: 'canary' }, replicas, image: 'ghcr.io/example/app:1.1.0' });
  const services = [service('api-stable', { app: 'api', track: 'stable' }, NS), service('api-canary', { app: 'api', track: 'canary' }, NS)];
  const main = ingress('api', { namespace: NS, service: 'api-stable', annotations: stickyAnnotations() });
  const weighted = (weight: number, annotations?: any) => canaryIngress('api-canary', { namespace: NS, service: 'api-canary', weight, annotations });

  test('an abort to weight 0 leaves users pinned to the canary', () => {
    const [f, ...rest] = check([stable, canary(1), ...services, main, weighted(20)], [stable, canary(1), ...services, main, weighted(0)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'sticky-canary-keeps-users', severity: FindingSeverity.ERROR, object: 'Ingress shop/api-canary' });
    expect(f.message).toContain('sticky by default');
    expect(f.message).toContain('before it looks at the weight');
    expect(f.message).toContain('Deployment shop/api-canary (1 pod(s))');
    expect(f.fix).toContain('Scale Deployment shop/api-canary to 0 in the same commit');
    expect(f.fix).toContain('affinity-canary-behavior: legacy');
  });

  test('header routing removed counts as an abort too', () => {
    const byHeader = weighted(0, { 'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary' });
    expect(rules(check([stable, canary(1), ...services, main, byHeader], [stable, canary(1), ...services, main, weighted(0)])))
      .toEqual(['error sticky-canary-keeps-users Ingress shop/api-canary']);
  });

  test('safe: the abort scales the canary to 0; legacy behaviour; no affinity', () => {
    expect(check([stable, canary(1), ...services, main, weighted(20)], [stable, canary(0), ...services, main, weighted(0)])).toEqual([]);
    const legacy = weighted(0, { 'nginx.ingress.kubernetes.io/affinity-canary-behavior': 'legacy' });
    expect(check([stable, canary(1), ...services, main, weighted(20)], [stable, canary(1), ...services, main, legacy])).toEqual([]);
    const plain = ingress('api', { namespace: NS, service: 'api-stable' });
    expect(check([stable, canary(1), ...services, plain, weighted(20)], [stable, canary(1), ...services, plain, weighted(0)])).toEqual([]);
  });
});

describe('overlapping-selectors', () => {
  test('two Deployments of one app without a role', () => {
    const web = deployment('shop-web', { namespace: NS, labels: { app: 'shop' } });
    const worker = deployment('shop-worker', { namespace: NS, labels: { app: 'shop', role: 'worker' } });
    const found = check([], [web, worker]);
    expect(rules(found)).toEqual(['error overlapping-selectors Deployment shop/shop-web']);
    expect(found[0].message).toContain('also matches the pods of Deployment shop/shop-worker');
    expect(found[0].fix).toContain('distinguishing');
    // Checked on NEXT alone: reported even if PREVIOUS had it already.
    expect(rules(check([web, worker], [web, worker]))).toEqual(['error overlapping-selectors Deployment shop/shop-web']);
  });

  test('two PodDisruptionBudgets covering one pod', () => {
    const web = deployment('shop-web', { namespace: NS, labels: { app: 'shop', role: 'web' } });
    const found = check([], [web, pdb('shop', { app: 'shop' }, NS), pdb('shop-web', { app: 'shop', role: 'web' }, NS)]);
    expect(rules(found)).toEqual(['error overlapping-selectors Deployment shop/shop-web']);
    expect(found[0].message).toContain('PodDisruptionBudget shop/shop, PodDisruptionBudget shop/shop-web');
    expect(found[0].message).toContain('more than one PodDisruptionBudget');
    expect(found[0].message).toContain('drain');
  });

  test('safe: a role label in each selector, one budget per workload, other namespaces', () => {
    const web = deployment('shop-web', { namespace: NS, labels: { app: 'shop', role: 'web' } });
    const worker = deployment('shop-worker', { namespace: NS, labels: { app: 'shop', role: 'worker' } });
    expect(check([], [web, worker, pdb('shop-web', { app: 'shop', role: 'web' }, NS), pdb('shop-worker', { app: 'shop', role: 'worker' }, NS)])).toEqual([]);
    const elsewhere = deployment('shop-web', { namespace: 'staging', labels: { app: 'shop' } });
    expect(check([], [deployment('shop-web', { namespace: NS, labels: { app: 'shop' } }), elsewhere])).toEqual([]);
  });
});

describe('further checks', () => {
  test('immutable-field: StatefulSet volumeClaimTemplates, immutable ConfigMap data, Service clusterIP', () => {
    const sts = deployment('db', { namespace: NS, labels: { app: 'db' }, kind: 'StatefulSet' });
    const bigger = edit(sts, d => { d.spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '20Gi' } } } }]; });
    expect(rules(check([sts], [bigger]))).toEqual(['error immutable-field StatefulSet shop/db']);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: NS }, immutable: true, data: { a: '1' } };
    expect(rules(check([cm], [edit(cm, c => { c.data.a = '2'; })]))).toEqual(['error immutable-field ConfigMap shop/cfg']);
    expect(check([cm], [edit(cm, c => { c.metadata.name = 'cfg-2'; c.data.a = '2'; })])).toEqual([]);
    const svc = edit(service('db', { app: 'db' }, NS), s => { s.spec.clusterIP = '10.0.0.10'; });
    expect(rules(only(check([sts, svc], [sts, edit(svc, s => { s.spec.clusterIP = '10.0.0.11'; })]), 'immutable-field'))).toEqual(['error immutable-field Service shop/db']);
  });

  test('selected-pods-scaled-to-zero: an error when routed, a warning when only selected, nothing for a parked canary', () => {
    const api = deployment('api', { namespace: NS, labels: { app: 'api' } });
    const zero = edit(api, d => { d.spec.replicas = 0; });
    const svc = service('api', { app: 'api' }, NS);
    const routed = check([api, svc, ingress('api', { namespace: NS, service: 'api' })], [zero, svc, ingress('api', { namespace: NS, service: 'api' })]);
    expect(rules(routed)).toEqual(['error selected-pods-scaled-to-zero Service shop/api']);
    expect(rules(check([api, svc], [zero, svc]))).toEqual(['warning selected-pods-scaled-to-zero Service shop/api']);
    // Scaled to 0 once no Service selects it: fine.
    expect(check([api], [zero])).toEqual([]);
  });

  test('service-selects-nothing and duplicate-object are warnings', () => {
    expect(rules(check([], [service('api', { app: 'nope' }, NS)]))).toEqual(['warning service-selects-nothing Service shop/api']);
    const d = deployment('api', { namespace: NS, labels: { app: 'api' } });
    expect(rules(check([], [d, d]))).toEqual(['warning duplicate-object Deployment shop/api']);
  });
});
