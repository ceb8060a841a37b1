import { canaryRelease, container, deployment, ingress, pdb, service } from './_objects';
import { FindingSeverity, TransitionFinding, ZeroDowntimeValidation } from '../../src';
import { preStopSleep } from '../../src/plugin/_rules';

/** `rule object` of every finding, errors first as the plugin orders them. */
function found(manifests: any[], previous?: any[]): string[] {
  return ZeroDowntimeValidation.check(manifests, previous).map(f => `${f.severity} ${f.rule} ${f.object}`);
}

function only(manifests: any[], rule: string): TransitionFinding {
  const matching = ZeroDowntimeValidation.check(manifests).filter(f => f.rule === rule);
  expect(matching).toHaveLength(1);
  return matching[0];
}

/** A serving Deployment with one field of its first container changed. */
function withContainer(change: (c: any) => void, name = 'api'): any {
  const c = container();
  change(c);
  return deployment(name, { containers: [c] });
}

/** A worker: no port, nothing selects it. */
function worker(change: (c: any) => void = () => {}): any {
  const c = container('worker');
  delete c.ports;
  delete c.readinessProbe;
  change(c);
  return deployment('worker', { containers: [c] });
}

test('objects written by hand that follow every rule pass', () => {
  expect(found([deployment('api'), service('api', { 'app.kubernetes.io/name': 'api' }), pdb('api', { 'app.kubernetes.io/name': 'api' }, { maxUnavailable: 1 })])).toEqual([]);
  expect(found(canaryRelease())).toEqual([]);
});

describe('readiness-probe-required', () => {
  test('a container with a port and no readiness probe is an error naming the container and port', () => {
    const f = only([withContainer(c => delete c.readinessProbe)], 'readiness-probe-required');
    expect(f.severity).toBe(FindingSeverity.ERROR);
    expect(f.object).toBe('Deployment api');
    expect(f.message).toContain('Container app serves port(s) 8080 but has no readinessProbe');
    expect(f.fix).toContain('readinessProbe');
  });

  test('a StatefulSet is checked like a Deployment', () => {
    const set = withContainer(c => delete c.readinessProbe);
    set.kind = 'StatefulSet';
    delete set.spec.strategy;
    expect(only([set], 'readiness-probe-required').object).toBe('StatefulSet api');
  });

  test('pods a Service selects need a probe even when no port is declared', () => {
    const d = worker();
    const f = only([d, service('worker', { 'app.kubernetes.io/name': 'worker' })], 'readiness-probe-required');
    expect(f.message).toContain('Service worker selects these pods');
  });

  test('a worker nothing routes to needs none', () => {
    expect(found([worker(c => delete c.lifecycle)])).toEqual([]);
  });
});

describe('prestop-hook-required', () => {
  test('every container of a serving pod needs one, sidecars included', () => {
    const sidecar = { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' };
    const d = deployment('api', { containers: [container(), sidecar] });
    const f = only([d], 'prestop-hook-required');
    expect(f.message).toContain('Container proxy has no preStop hook');
  });

  test('exec, httpGet and the native sleep action all count as a hook', () => {
    for (const preStop of [{ exec: { command: ['sleep', '5'] } }, { httpGet: { path: '/drain', port: 8080 } }, { sleep: { seconds: 5 } }]) {
      expect(found([withContainer(c => { c.lifecycle = { preStop }; })])).toEqual([]);
    }
  });

  test('a worker nothing routes to may stop at once', () => {
    expect(found([worker(c => delete c.lifecycle)])).toEqual([]);
  });
});

describe('grace-period-too-short', () => {
  test('a grace period equal to the preStop sleep is an error; one second more passes', () => {
    const d = deployment('api');
    d.spec.template.spec.terminationGracePeriodSeconds = 10;
    const f = only([d], 'grace-period-too-short');
    expect(f.message).toContain('terminationGracePeriodSeconds is 10, not longer than the 10 s preStop sleep of container app');
    expect(f.fix).toContain('e.g. 30');
    d.spec.template.spec.terminationGracePeriodSeconds = 11;
    expect(found([d])).toEqual([]);
  });

  test('an unwritten grace period is the default 30 s', () => {
    const d = withContainer(c => { c.lifecycle.preStop = { sleep: { seconds: 30 } }; });
    delete d.spec.template.spec.terminationGracePeriodSeconds;
    expect(only([d], 'grace-period-too-short').message).toContain('is 30 (the default, not written)');
  });

  test('applies to workers too: SIGKILL cuts whatever they were doing', () => {
    const d = worker(c => { c.lifecycle.preStop = { exec: { command: ['sleep', '45'] } }; });
    expect(found([d])).toEqual(['error grace-period-too-short Deployment worker']);
  });

  test.each([
    [['sleep', '10'], 10],
    [['/bin/sleep', '10s'], 10],
    [['sleep', '1m'], 60],
    [['sh', '-c', 'sleep 15 && nginx -s quit'], 15],
    [['/bin/bash', '-c', 'echo draining; sleep 5; sleep 2.5'], 7.5],
    [['sh', '-c', 'nginx -s quit'], undefined],
    [['/drain'], undefined],
  ])('the sleep of preStop exec %j is %s s', (command, seconds) => {
    expect(preStopSleep({ lifecycle: { preStop: { exec: { command } } } })).toBe(seconds);
  });

  test('an httpGet hook takes as long as the application answers: not judged', () => {
    expect(preStopSleep({ lifecycle: { preStop: { httpGet: { path: '/drain', port: 8080 } } } })).toBeUndefined();
  });
});

describe('rolling-update-unsafe', () => {
  test('Recreate stops every pod before the new ones start', () => {
    const d = deployment('api');
    d.spec.strategy = { type: 'Recreate' };
    expect(only([d], 'rolling-update-unsafe').message).toContain('The strategy is Recreate');
  });

  test('an unwritten strategy defaults to maxUnavailable 25%', () => {
    const d = deployment('api', { replicas: 8 });
    delete d.spec.strategy;
    expect(only([d], 'rolling-update-unsafe').message).toContain('not written, so it defaults to 25%: the Deployment controller may stop that many old pods (2 of 8 now');
  });

  test.each([['25%', true], [1, true], [0, false], ['0%', false]])('maxUnavailable %j is reported: %s', (value, reported) => {
    const d = deployment('api');
    d.spec.strategy.rollingUpdate.maxUnavailable = value;
    expect(found([d]).length > 0).toBe(reported);
  });

  test('maxSurge 0 cannot start a new pod first', () => {
    const d = deployment('api');
    d.spec.strategy.rollingUpdate.maxSurge = '0%';
    expect(only([d], 'rolling-update-unsafe').message).toContain('maxSurge is "0%"');
  });

  test('a worker nothing routes to may be recreated', () => {
    const d = worker();
    d.spec.strategy = { type: 'Recreate' };
    expect(found([d])).toEqual([]);
  });
});

// The plugin runs the transition checker's rule for budgets (src/check/rules/pdb-blocks-drain.ts):
// one rule, one severity, whether the plugin or `check` reports it.
describe('pdb-blocks-drain', () => {
  const labels = { 'app.kubernetes.io/name': 'api' };

  test.each([
    [{ minAvailable: 2 }, 2, true],
    [{ minAvailable: 1 }, 2, false],
    [{ minAvailable: '100%' }, 3, true],
    [{ minAvailable: '50%' }, 1, true], // rounds up to the single pod
    [{ maxUnavailable: 0 }, 3, true],
    [{ maxUnavailable: '10%' }, 2, false], // rounds up to one pod
    [{ maxUnavailable: 1 }, 2, false],
  ])('%j over %s replica(s) blocks every eviction: %s', (budget, replicas, blocks) => {
    const rules = found([deployment('api', { replicas }), pdb('api', labels, budget)]);
    expect(rules.includes('warning pdb-blocks-drain PodDisruptionBudget api')).toBe(blocks);
  });

  test('the message counts the pods of the workloads it covers', () => {
    const f = only([deployment('api', { replicas: 2 }), pdb('api', labels, { minAvailable: 2 })], 'pdb-blocks-drain');
    expect(f.message).toContain('minAvailable 2 is at or above the 2 pod(s) of Deployment api: no eviction is ever allowed');
    expect(f.fix).toContain('maxUnavailable: 1');
  });

  test('replicas left to an autoscaler count its minReplicas', () => {
    const d = deployment('api');
    delete d.spec.replicas;
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 3, maxReplicas: 6 },
    };
    expect(found([d, hpa, pdb('api', labels, { minAvailable: 2 })])).toEqual([]);
  });

  test('a budget that blocks whatever the pods is reported even when it covers none here', () => {
    expect(found([pdb('other', { app: 'elsewhere' }, { maxUnavailable: 0 })])).toEqual(['warning pdb-blocks-drain PodDisruptionBudget other']);
    expect(found([pdb('other', { app: 'elsewhere' }, { minAvailable: 1 })])).toEqual([]);
  });

  test('two budgets on one pod: overlapping-selectors, from the transition checker', () => {
    const rules = found([deployment('api'), pdb('a', labels, { maxUnavailable: 1 }), pdb('b', labels, { maxUnavailable: 1 })]);
    expect(rules).toEqual(['error overlapping-selectors Deployment api']);
  });
});

describe('canary-ingress-unmatched', () => {
  test.each([
    [{ pathType: 'Exact' }, 'main Ingress differs: Ingress shop has pathType Prefix'],
    [{ path: '/api' }, 'Ingress shop has path /'],
    [{ className: 'internal' }, 'Ingress shop has class nginx'],
    [{ host: 'www.example.com' }, 'No main Ingress serves host www.example.com in class nginx'],
  ])('a canary with %j is dropped by ingress-nginx', (canary, closest) => {
    const f = only(canaryRelease(canary), 'canary-ingress-unmatched');
    expect(f.object).toBe('Ingress shop-canary');
    expect(f.message).toContain(closest);
    expect(f.message).toContain('unable to find real backend for alternative backend');
  });

  test('the legacy class annotation is the same class as ingressClassName', () => {
    const objects = canaryRelease();
    const canary = objects.find(o => o.kind === 'Ingress' && o.metadata.name === 'shop-canary');
    delete canary.spec.ingressClassName;
    canary.metadata.annotations['kubernetes.io/ingress.class'] = 'nginx';
    expect(found(objects)).toEqual([]);
  });

  test('a main Ingress alone is not a canary', () => {
    expect(found([ingress('shop', 'shop'), ...canaryRelease().filter(o => o.kind !== 'Ingress')])).toEqual([]);
  });
});

describe('rules of the transition checker', () => {
  test('overlapping selectors and a backend port the Service lacks are errors on the new state alone', () => {
    const same = { 'app.kubernetes.io/name': 'api' };
    const route = ingress('api', 'api');
    route.spec.rules[0].http.paths[0].backend.service.port.number = 81;
    expect(found([deployment('api', { labels: same }), deployment('api-copy', { labels: same }), service('api', same), route])).toEqual([
      'error dangling-backend Ingress api',
      'error overlapping-selectors Deployment api',
    ]);
  });

  test('a backend Service in no manifest is a warning', () => {
    expect(found([ingress('api', 'elsewhere')])).toEqual(['warning dangling-backend Ingress api']);
  });

  test('with a previous state, the transition rules apply too', () => {
    const before = deployment('api');
    const after = deployment('api');
    after.spec.selector.matchLabels.track = 'stable';
    after.spec.template.metadata.labels.track = 'stable';
    expect(found([after])).toEqual([]);
    expect(found([after], [before])).toEqual(['error immutable-selector Deployment api']);
  });

  test('errors come before warnings', () => {
    const rules = found([ingress('a', 'elsewhere'), withContainer(c => delete c.readinessProbe)]);
    expect(rules).toEqual(['error readiness-probe-required Deployment api', 'warning dangling-backend Ingress a']);
  });
});
