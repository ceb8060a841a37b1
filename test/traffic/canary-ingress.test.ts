import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { CanaryIngress, CanaryIngressProps, CanaryReplicas, IngressNginxRouteOptions, Probe, Router, HttpIngressPathType } from '../../src';
import { documentAt, lineDiff } from '../support/diff';
import { assertGracefulDeployment } from '../support/invariants';
import { allOf, chart, synthValid, synthYaml } from '../support/manifests';

const A = 'nginx.ingress.kubernetes.io/';
/** Routes move traffic in Argo CD's wave 2, after the pods (src/core/stage.ts). */
const SHIFT = { 'argocd.argoproj.io/sync-wave': '2' };
const nginx = (o: Partial<IngressNginxRouteOptions> = {}) => Router.ingressNginx({ host: 'myapp.example.com', ...o });

const base: CanaryIngressProps = {
  app: 'myapp',
  router: nginx(),
  stable: { image: 'registry.example.com/myapp:1.0.0' },
  canary: { image: 'registry.example.com/myapp:1.1.0' },
  container: { port: 8080, readiness: Probe.httpGet('/ready') },
  replicas: 4,
};

function synth(props: Partial<CanaryIngressProps> = {}) {
  const c = chart();
  const canary = new CanaryIngress(c, 'myapp', { ...base, ...props });
  const docs = synthValid(c);
  const named = (kind: string, name: string) => docs.find(d => d.kind === kind && d.metadata.name === name);
  return { canary, docs, main: named('Ingress', 'myapp'), canaryIng: named('Ingress', 'myapp-canary'), named };
}

function build(props: Partial<CanaryIngressProps>) {
  return () => new CanaryIngress(chart(), 'myapp', { ...base, ...props });
}

const yamlFor = (props: Partial<CanaryIngressProps>) => synthYaml(scope => new CanaryIngress(scope, 'myapp', { ...base, ...props }));

describe('CanaryIngress', () => {
  test('the well-known scenario: myapp.example.com, path /, 10 % to the canary', () => {
    const { main, canaryIng, named } = synth({ weight: 10 });
    expect(canaryIng.metadata.annotations).toEqual({ [`${A}canary`]: 'true', [`${A}canary-weight`]: '10', ...SHIFT });
    expect(main.metadata.annotations).toEqual(SHIFT);
    const backend = (ing: any) => ing.spec.rules[0].http.paths[0].backend.service;
    expect(backend(main)).toEqual({ name: 'myapp', port: { number: 80 } });
    expect(backend(canaryIng)).toEqual({ name: 'myapp-canary', port: { number: 80 } });
    expect(named('Service', 'myapp').spec.selector).toEqual({ 'app.kubernetes.io/name': 'myapp', 'track': 'stable' });
    expect(named('Service', 'myapp-canary').spec.selector).toEqual({ 'app.kubernetes.io/name': 'myapp', 'track': 'canary' });
    expect(named('Deployment', 'myapp-stable').spec.replicas).toBe(4);
    expect(named('Deployment', 'myapp-canary').spec.replicas).toBe(1);
  });

  test('the canary Ingress matches the main Ingress exactly and carries no TLS', () => {
    const { main, canaryIng } = synth({ weight: 5, router: nginx({ path: '/api', pathType: HttpIngressPathType.EXACT, className: 'public', tlsSecretName: 'myapp-tls' }), namespace: 'shop' });
    const route = (ing: any) => ({
      ns: ing.metadata.namespace,
      cls: ing.spec.ingressClassName,
      host: ing.spec.rules[0].host,
      path: ing.spec.rules[0].http.paths[0].path,
      type: ing.spec.rules[0].http.paths[0].pathType,
    });
    expect(route(canaryIng)).toEqual(route(main));
    expect(route(main)).toEqual({ ns: 'shop', cls: 'public', host: 'myapp.example.com', path: '/api', type: 'Exact' });
    expect(main.spec.tls).toEqual([{ hosts: ['myapp.example.com'], secretName: 'myapp-tls' }]);
    expect(canaryIng.spec.tls).toBeUndefined();
  });

  test('both tracks are graceful Deployments; the stable track keeps its size', () => {
    const { docs, canary } = synth({ weight: 50, canaryReplicas: CanaryReplicas.proportional() });
    allOf(docs, 'Deployment').forEach(assertGracefulDeployment);
    expect(canary.stableDeployment.replicas).toBe(4);
  });

  describe('a step', () => {
    test('from 5 to 25 changes only the weight annotation line', () => {
      const diff = lineDiff(yamlFor({ weight: 5 }), yamlFor({ weight: 25 }));
      expect(diff).toEqual([expect.stringMatching(/^@@ line \d+ @@$/), `-    ${A}canary-weight: "5"`, `+    ${A}canary-weight: "25"`]);
    });

    test('sized to the weight also changes the canary replica line, nothing else', () => {
      const props = { canaryReplicas: CanaryReplicas.proportional() };
      const before = yamlFor({ ...props, weight: 5 });
      const after = yamlFor({ ...props, weight: 50 });
      const diff = lineDiff(before, after);
      const lines = diff.filter(l => l.startsWith('@@')).map(l => Number(/\d+/.exec(l)![0]));
      expect(lines.map(n => documentAt(before, n))).toEqual(['Deployment myapp-canary', 'Ingress myapp-canary']);
      expect(diff).toContain('-  replicas: 1');
      expect(diff).toContain('+  replicas: 2');
    });

    test('through a plan is an edit of currentStep', () => {
      const steps = [{ weight: 1 }, { weight: 5 }, { weight: 25, header: { name: 'X-Canary', value: 'yes' } }, { weight: 50 }, { weight: 100 }];
      expect(synth({ steps, currentStep: 2 }).canary.weight).toBe(5);
      const third = synth({ steps, currentStep: 3 });
      expect(third.canaryIng.metadata.annotations).toEqual({
        [`${A}canary`]: 'true', [`${A}canary-weight`]: '25', [`${A}canary-by-header`]: 'X-Canary', [`${A}canary-by-header-value`]: 'yes', ...SHIFT,
      });
      expect(synth({ steps, currentStep: 0 }).canary.weight).toBe(0);
      const diff = lineDiff(yamlFor({ steps, currentStep: 1 }), yamlFor({ steps, currentStep: 2 }));
      expect(diff.slice(1)).toEqual([`-    ${A}canary-weight: "1"`, `+    ${A}canary-weight: "5"`]);
    });
  });

  describe('commits that pass the transition checker', () => {
    const replicasOf = (docs: any[]) => docs.find(d => d.kind === 'Deployment' && d.metadata.name === 'myapp-canary').spec.replicas;

    test('sizeForWeight sizes a proportional canary for the next weight while the weight stays', () => {
      const props = { replicas: 8, canaryReplicas: CanaryReplicas.proportional(), weight: 25 };
      expect(replicasOf(synth(props).docs)).toBe(2);
      const sized = synth({ ...props, sizeForWeight: 50 });
      expect(replicasOf(sized.docs)).toBe(4);
      expect(sized.canary.weight).toBe(25);
      expect(() => synth({ ...props, sizeForWeight: 10 })).toThrow(/invalid 'sizeForWeight' \(received 10\): the canary would be sized for less traffic than the weight of 25 sends it/);
    });

    test('a sticky canary at weight 0 runs no pods, so pinned users really leave it; a prepared one keeps them', () => {
      const sticky = { stickySessions: {}, weight: 0 };
      expect(replicasOf(synth(sticky).docs)).toBe(0);
      expect(replicasOf(synth({ ...sticky, sizeForWeight: 5 }).docs)).toBe(1);
      expect(replicasOf(synth({ weight: 0 }).docs)).toBe(1);
    });
  });

  test('adopts a hand-written canary: its Services and Ingresses keep their names', () => {
    const { docs, canary } = synth({ names: { stableService: 'api-stable', canaryService: 'api-new' }, router: nginx({ name: 'api', canaryName: 'api-new' }), weight: 5 });
    expect(docs.filter(d => d.kind === 'Service').map(d => d.metadata.name).sort()).toEqual(['api-new', 'api-stable']);
    expect(docs.filter(d => d.kind === 'Ingress').map(d => [d.metadata.name, d.spec.rules[0].http.paths[0].backend.service.name]).sort())
      .toEqual([['api', 'api-stable'], ['api-new', 'api-new']]);
    expect(canary.releaseSelectors).toMatchObject({ stableService: 'api-stable', canaryService: 'api-new', stableIngress: 'api', canaryIngress: 'api-new' });
    expect(build({ names: { canaryService: 'myapp' } })).toThrow(/invalid 'names\.canaryService' \(received "myapp"\): the canary needs its own Service/);
    expect(build({ names: { stableService: 'My_Service' } })).toThrow(/invalid 'names\.stableService' \(received "My_Service"\): a Service name must be/);
    expect(build({ router: nginx({ name: 'My_Ingress' }) })).toThrow(/invalid 'router\.name' \(received "My_Ingress"\): an Ingress name must be/);
    expect(build({ router: nginx({ canaryName: 'myapp' }) })).toThrow(/invalid 'router\.canaryName' \(received "myapp"\): the canary needs its own Ingress/);
  });

  describe('routing options', () => {
    test('sub-percent steps with a weight total above 100', () => {
      const { canaryIng } = synth({ weight: 5, weightTotal: 1000 });
      expect(canaryIng.metadata.annotations[`${A}canary-weight`]).toBe('5');
      expect(canaryIng.metadata.annotations[`${A}canary-weight-total`]).toBe('1000');
    });

    test('header with a pattern, and cookie routing, next to the weight', () => {
      const { canaryIng } = synth({ weight: 10, header: { name: 'X-Group', pattern: '^(beta|internal)$' }, cookie: 'myapp_canary' });
      expect(canaryIng.metadata.annotations).toEqual({
        [`${A}canary`]: 'true',
        [`${A}canary-weight`]: '10',
        [`${A}canary-by-header`]: 'X-Group',
        [`${A}canary-by-header-pattern`]: '^(beta|internal)$',
        [`${A}canary-by-cookie`]: 'myapp_canary',
        ...SHIFT,
      });
    });

    test('header routing alone keeps one canary pod even at weight 0', () => {
      const { named } = synth({ header: { name: 'X-Canary' }, canaryReplicas: CanaryReplicas.proportional() });
      expect(named('Deployment', 'myapp-canary').spec.replicas).toBe(1);
    });

    test('sticky sessions set cookie affinity on the main Ingress and sticky canary behaviour', () => {
      const { main, canaryIng } = synth({ weight: 10, stickySessions: { maxAge: Duration.hours(1) }, router: nginx({ annotations: { [`${A}proxy-read-timeout`]: '30' } }) });
      expect(main.metadata.annotations).toEqual({
        [`${A}affinity`]: 'cookie',
        [`${A}session-cookie-name`]: 'myapp-route',
        [`${A}session-cookie-max-age`]: '3600',
        [`${A}proxy-read-timeout`]: '30',
        ...SHIFT,
      });
      expect(canaryIng.metadata.annotations[`${A}affinity-canary-behavior`]).toBe('sticky');
    });

    test('a custom annotation prefix', () => {
      const { canaryIng } = synth({ weight: 3, router: nginx({ annotationPrefix: 'ingress.example.com' }) });
      expect(canaryIng.metadata.annotations).toEqual({ 'ingress.example.com/canary': 'true', 'ingress.example.com/canary-weight': '3', ...SHIFT });
    });

    test('canary sizes: fixed, proportional (ceil, at least 1), 0 when idle', () => {
      const size = (props: Partial<CanaryIngressProps>) => synth(props).canary.canaryReplicaCount;
      expect(size({ weight: 10, canaryReplicas: CanaryReplicas.fixed(2) })).toBe(2);
      expect(size({ weight: 1, canaryReplicas: CanaryReplicas.proportional() })).toBe(1);
      expect(size({ weight: 60, canaryReplicas: CanaryReplicas.proportional() })).toBe(3);
      expect(size({ weight: 0, canaryReplicas: CanaryReplicas.proportional() })).toBe(0);
      expect(size({ weight: 0, canaryReplicas: CanaryReplicas.fixed(0) })).toBe(0);
    });

    test('a canary budget at every size, so a step never adds or removes an object', () => {
      const count = (w: number) => allOf(synth({ weight: w, canaryReplicas: CanaryReplicas.proportional() }).docs, 'PodDisruptionBudget').length;
      expect(count(0)).toBe(count(60));
    });

    test('releaseSelectors describe both tracks', () => {
      expect(synth({ namespace: 'shop' }).canary.releaseSelectors).toEqual({
        namespace: 'shop',
        app: 'myapp',
        appLabelKey: 'app.kubernetes.io/name',
        versionLabelKey: 'track',
        stableVersion: 'stable',
        canaryVersion: 'canary',
        stableService: 'myapp',
        canaryService: 'myapp-canary',
        stableIngress: 'myapp',
        canaryIngress: 'myapp-canary',
        // At weight 0 the canary serves no users: nothing for a gate to judge.
        inProgress: false,
        versionsServeTogether: true,
      });
      expect(synth({ weight: 5 }).canary.releaseSelectors.inProgress).toBe(true);
    });

    test('only the weight arms a gate: header or cookie routing at weight 0 is testers\' traffic', () => {
      // The canary example always routes a header: a gate armed by it would run its Job and
      // alerts in the start and promoted commits, and fail on no data between releases.
      const testers = synth({ header: { name: 'X-Canary' }, cookie: 'myapp_canary' }).canary;
      expect(testers.releaseSelectors.inProgress).toBe(false);
      // Sizing still counts the testers: the canary keeps a pod for them.
      expect(testers.canaryReplicaCount).toBe(1);
      expect(synth({ weight: 1, header: { name: 'X-Canary' } }).canary.releaseSelectors.inProgress).toBe(true);
    });

    test('at full weight stable serves no users to compare with, unless sticky sessions keep some there', () => {
      expect(synth({ weight: 99 }).canary.releaseSelectors.versionsServeTogether).toBe(true);
      expect(synth({ weight: 100 }).canary.releaseSelectors.versionsServeTogether).toBe(false);
      expect(synth({ weight: 1000, weightTotal: 1000 }).canary.releaseSelectors.versionsServeTogether).toBe(false);
      // balancer.lua reads an affinity cookie before the weight: users pinned to stable stay.
      expect(synth({ weight: 100, stickySessions: {} }).canary.releaseSelectors.versionsServeTogether).toBe(true);
    });

    test('the canary Ingress is the default child', () => {
      const c = chart();
      const canary = new CanaryIngress(c, 'myapp', base);
      expect(ApiObject.of(canary)).toBe(canary.canaryRoute);
    });
  });

  describe('under autoscaling', () => {
    const autoscaling = { minReplicas: 2, maxReplicas: 10 };
    const hpa = (docs: any[]) => docs.find(d => d.kind === 'HorizontalPodAutoscaler' && d.spec.scaleTargetRef.name === 'myapp-stable');
    const canaryPods = (docs: any[]) => docs.find(d => d.kind === 'Deployment' && d.metadata.name === 'myapp-canary').spec.replicas;
    const at = (props: Partial<CanaryIngressProps>) => synth({ replicas: undefined, autoscaling, ...props });

    test('the canary is proportional by default and sized from maxReplicas, with no autoscaler of its own', () => {
      // The load stable's autoscaler serves may be anything up to maxReplicas when the weight
      // moves: sized from minReplicas, the canary would carry up to 5x its pods' worth here.
      const { docs, canary } = at({ weight: 50 });
      expect(canaryPods(docs)).toBe(5);
      expect(canary.canaryReplicaCount).toBe(5);
      expect(canaryPods(at({ weight: 5 }).docs)).toBe(1);
      expect(canaryPods(at({ weight: 100 }).docs)).toBe(10);
      expect(canaryPods(at({ weight: 0 }).docs)).toBe(0);
      expect(canaryPods(at({ weight: 25, canaryReplicas: CanaryReplicas.proportional() }).docs)).toBe(3);
      expect(docs.filter(d => d.kind === 'HorizontalPodAutoscaler').map(d => d.spec.scaleTargetRef.name)).toEqual(['myapp-stable']);
    });

    test('stable\'s floor is maxReplicas while the canary gets or is sized for traffic, minReplicas otherwise', () => {
      expect(hpa(at({ weight: 0 }).docs).spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
      expect(hpa(at({ weight: 5 }).docs).spec).toMatchObject({ minReplicas: 10, maxReplicas: 10 });
      expect(hpa(at({ weight: 100 }).docs).spec.minReplicas).toBe(10);
      // Before the first step, and in the commit that moves traffic back to stable.
      expect(hpa(at({ weight: 0, sizeForWeight: 5 }).docs).spec.minReplicas).toBe(10);
      const back = at({ weight: 0, sizeForWeight: 100 });
      expect(hpa(back.docs).spec.minReplicas).toBe(10);
      expect(canaryPods(back.docs)).toBe(10);
      expect(back.canary.stableFloor).toBe(10);
      // The stable Deployment leaves its size to the autoscaler in every state.
      expect(back.named('Deployment', 'myapp-stable').spec.replicas).toBeUndefined();
    });

    test('stableFloor holds or lowers the floor', () => {
      expect(hpa(at({ weight: 50, stableFloor: 6 }).docs).spec.minReplicas).toBe(6);
      // A sticky canary at weight 0 runs no pods: the floor is held explicitly.
      const sticky = at({ weight: 0, stickySessions: {}, stableFloor: 10 });
      expect(hpa(sticky.docs).spec.minReplicas).toBe(10);
      expect(canaryPods(sticky.docs)).toBe(0);
    });

    test('a step changes the weight line, and the first one the floor line too', () => {
      const yaml = (props: Partial<CanaryIngressProps>) => yamlFor({ replicas: undefined, autoscaling, header: { name: 'X-Canary' }, ...props });
      const first = lineDiff(yaml({ weight: 0 }), yaml({ weight: 5 }));
      expect(first.filter(l => !l.startsWith('@@'))).toEqual(['-  minReplicas: 2', '+  minReplicas: 10', `-    ${A}canary-weight: "0"`, `+    ${A}canary-weight: "5"`]);
      const next = lineDiff(yaml({ weight: 5, sizeForWeight: 10 }), yaml({ weight: 10 }));
      expect(next.filter(l => !l.startsWith('@@'))).toEqual([`-    ${A}canary-weight: "5"`, `+    ${A}canary-weight: "10"`]);
    });

    test('the stable budget does not come and go with the floor', () => {
      const budgets = (weight: number) => allOf(at({ weight, autoscaling: { minReplicas: 1, maxReplicas: 4 } }).docs, 'PodDisruptionBudget').map(d => d.metadata.name);
      expect(budgets(10)).toEqual(budgets(0));
    });

    test('docs/canary-ingress.md shows the pods each state costs', () => {
      const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'canary-ingress.md'), 'utf8');
      const m = /<!-- cost: autoscaling (\d+) (\d+) -->\n((?:\|.*\n)+)/.exec(doc)!;
      const rows = m[3].trim().split('\n').slice(2).map(r => r.split('|').slice(1, -1).map(c => c.trim()));
      expect(rows.length).toBeGreaterThanOrEqual(6);
      for (const [, weight, sizeFor, floor, pods, total] of rows) {
        const { docs } = synth({
          replicas: undefined,
          autoscaling: { minReplicas: Number(m[1]), maxReplicas: Number(m[2]) },
          weight: Number(weight),
          sizeForWeight: sizeFor === '' ? undefined : Number(sizeFor),
        });
        expect([hpa(docs).spec.minReplicas, canaryPods(docs)]).toEqual([Number(floor), Number(pods)]);
        expect(Number(floor) + Number(pods)).toBe(Number(total));
      }
    });

    test('fails if a fixed canary is smaller than its share of maxReplicas while it gets traffic', () => {
      expect(() => at({ weight: 50, canaryReplicas: CanaryReplicas.fixed(2) }))
        .toThrow(/invalid 'canaryReplicas' \(received CanaryReplicas\.fixed\(2\) at weight 50 of 100\): under autoscaling .*maxReplicas \(10\).*5 pod\(s\)\. Fix: use CanaryReplicas\.fixed\(5\) or more/);
      expect(canaryPods(at({ weight: 50, canaryReplicas: CanaryReplicas.fixed(5) }).docs)).toBe(5);
      expect(canaryPods(at({ weight: 0, canaryReplicas: CanaryReplicas.fixed(1) }).docs)).toBe(1);
    });

    test('fails on a stable floor outside the autoscaler\'s bounds, or without autoscaling', () => {
      expect(() => at({ weight: 5, stableFloor: 11 })).toThrow(/invalid 'stableFloor' \(received 11\): the floor of the stable autoscaler is a whole number from autoscaling\.minReplicas \(2\) to autoscaling\.maxReplicas \(10\)/);
      expect(() => at({ weight: 5, stableFloor: 1 })).toThrow(/invalid 'stableFloor' \(received 1\)/);
      expect(build({ stableFloor: 4 })).toThrow(/invalid 'stableFloor' \(received 4\): the floor is the stable autoscaler's minReplicas, and this release has no autoscaling/);
    });
  });

  describe('refusals', () => {
    test('fails if the stable track has no pods, at any weight', () => {
      // ingress-nginx balancer.lua: the main backend without endpoints has no balancer, and the
      // request gets 503 before the canary's weight is read, even at weight 100.
      for (const weight of [0, 50, 100]) {
        expect(build({ replicas: 0, weight })).toThrow(/invalid 'replicas' \(received 0\): ingress-nginx answers 503 to every request, the canary's share included, when the main \(stable\) Service has no endpoints/);
      }
    });

    test('fails if the weight is out of range or not a whole number', () => {
      expect(build({ weight: 101 })).toThrow(/test\/myapp: invalid 'weight' \(received 101\): a weight is a whole number from 0 to 100/);
      expect(build({ weight: -1 })).toThrow(/invalid 'weight' \(received -1\)/);
      expect(build({ weight: 0.5 })).toThrow(/invalid 'weight' \(received 0\.5\).*set weightTotal: 1000/);
      expect(build({ weight: 1500, weightTotal: 1000 })).toThrow(/invalid 'weight' \(received 1500\): a weight is a whole number from 0 to 1000/);
    });

    test('fails if an explicit weight total is 100 or less', () => {
      expect(build({ weightTotal: 100 })).toThrow(/invalid 'weightTotal' \(received 100\): ingress-nginx ignores a weight total of 100 or less/);
      expect(build({ weightTotal: 10, weight: 5 })).toThrow(/invalid 'weightTotal' \(received 10\)/);
    });

    test('fails on header names, values and cookies ingress-nginx drops', () => {
      expect(build({ header: { name: 'X_Canary' } })).toThrow(/invalid 'header\.name' \(received "X_Canary"\): ingress-nginx accepts header names of letters, digits and "-" only/);
      expect(build({ header: { name: 'X-Canary', value: 'a=b' } })).toThrow(/invalid 'header\.value' \(received "a=b"\)/);
      expect(build({ cookie: 'canary cookie' })).toThrow(/invalid 'cookie' \(received "canary cookie"\)/);
    });

    test('fails if a pattern does not compile, has characters ingress-nginx drops, or comes with a value', () => {
      expect(build({ header: { name: 'X-Canary', pattern: '^(beta' } })).toThrow(/invalid 'header\.pattern' \(received "\^\(beta"\): the pattern is not a valid regular expression/);
      expect(build({ header: { name: 'X-Canary', pattern: 'a b' } })).toThrow(/invalid 'header\.pattern' \(received "a b"\): ingress-nginx drops patterns with spaces/);
      expect(build({ header: { name: 'X-Canary', value: 'yes', pattern: 'y.*' } })).toThrow(/invalid 'header\.pattern' \(received "y\.\*"\): the controller ignores the pattern when a value is set/);
    });

    test('fails if the canary would get traffic with no pods', () => {
      expect(build({ weight: 10, canaryReplicas: CanaryReplicas.fixed(0) }))
        .toThrow(/invalid 'canaryReplicas' \(received 0 pods with weight 10\): the router would send requests to a Service with no pods/);
    });

    test('fails on a plan used wrongly', () => {
      expect(build({ steps: [{ weight: 5 }], weight: 5, currentStep: 1 })).toThrow(/invalid 'weight' \(received 5\): weight and steps both set the weight/);
      expect(build({ steps: [{ weight: 5 }] })).toThrow(/invalid 'currentStep' \(received nothing\)/);
      expect(build({ steps: [{ weight: 5 }], currentStep: 2 })).toThrow(/invalid 'currentStep' \(received 2\): the current step is a whole number from 0 \(not started\) to 1/);
      expect(build({ steps: [{ weight: 5 }, { weight: 500 }], currentStep: 1 })).toThrow(/invalid 'steps\[1\]\.weight' \(received 500\)/);
      expect(build({ currentStep: 1 })).toThrow(/invalid 'currentStep' \(received 1\): currentStep picks a step of `steps`, and there are none/);
    });

    test('fails on a router that cannot split traffic, and on anything that is not a router', () => {
      // A plain Ingress has no field for a share of requests: only ingress-nginx's canary
      // annotations split one host and path between two Services.
      expect(build({ router: Router.ingress({ host: 'myapp.example.com' }) }))
        .toThrow(/^test\/myapp: invalid 'router' \(received Router\.ingress\(\.\.\.\)\): an Ingress controller in general has no way to send a share .* Fix: use Router\.gatewayApi\(\{ parentRefs: \[\{ name: 'your-gateway' \}\], hostnames: \[\.\.\.\] \}\) or Router\.ingressNginx\(\{ host: "myapp\.example\.com" \}\) for a canary\.$/);
      expect(build({ router: { host: 'myapp.example.com' } as any }))
        .toThrow(/invalid 'router' \(received \{"host":"myapp\.example\.com"\}\).*Fix: wrap it: Router\.ingressNginx\(\{ host: "myapp\.example\.com" \}\)/);
      expect(build({ router: nginx({ annotationPrefix: 'Ingress.Example/' }) })).toThrow(/invalid 'router\.annotationPrefix' \(received "Ingress\.Example\/"\)/);
    });

    test('fails on canary annotations on the main Ingress', () => {
      expect(build({ router: nginx({ annotations: { [`${A}canary`]: 'false' } }) })).toThrow(/invalid 'router\.annotations\["nginx\.ingress\.kubernetes\.io\/canary"\]' \(received "false"\)/);
    });

    test('fails on unpinned images, missing port and bad routes', () => {
      expect(build({ canary: { image: 'myapp:latest' } })).toThrow(/invalid 'canary\.image' \(received "myapp:latest"\)/);
      expect(build({ container: {} })).toThrow(/invalid 'container\.port' \(received nothing\)/);
      expect(build({ router: nginx({ host: 'MyApp.example.com' }) })).toThrow(/invalid 'router\.host' \(received "MyApp\.example\.com"\)/);
      expect(build({ router: nginx({ path: 'api' }) })).toThrow(/invalid 'router\.path' \(received "api"\)/);
      expect(build({ trackLabelKey: 'app.kubernetes.io/name' })).toThrow(/invalid 'trackLabelKey'/);
    });

    test('fails at synth if a patch makes the canary Ingress diverge from the main Ingress', () => {
      const c = chart();
      const canary = new CanaryIngress(c, 'myapp', { ...base, weight: 5 });
      ApiObject.of(canary).addJsonPatch(JsonPatch.replace('/spec/rules/0/http/paths/0/path', '/v2'));
      expect(() => synthValid(c)).toThrow(/\[test\/myapp\] the canary Ingress no longer matches the main Ingress \(host myapp\.example\.com, path \/, Prefix, class nginx\)/);
    });
  });
});
