import { assertDrainableBudget, assertGracefulDeployment } from './invariants';

// The invariant checks guard every example and every generated input: prove each one fires.
describe('assertGracefulDeployment', () => {
  const deployment = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: {
      minReadySeconds: 0,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: 'api' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        spec: {
          terminationGracePeriodSeconds: 30,
          containers: [{
            name: 'api',
            image: 'api:1.0.0',
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
            lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } },
          }],
        },
      },
    },
  });

  test('accepts a graceful Deployment', () => {
    expect(() => assertGracefulDeployment(deployment())).not.toThrow();
  });

  test.each([
    ['maxUnavailable above 0', (d: any) => { d.spec.strategy.rollingUpdate.maxUnavailable = 1; }, /rolling-update-unsafe/],
    ['a surge of 0%', (d: any) => { d.spec.strategy.rollingUpdate.maxSurge = '0%'; }, /rolling-update-unsafe/],
    ['a deadline not above minReady', (d: any) => { d.spec.minReadySeconds = 600; }, /progressDeadlineSeconds must exceed/],
    ['no preStop hook', (d: any) => { delete d.spec.template.spec.containers[0].lifecycle; }, /prestop-hook-required at spec.template.spec.containers\[0\] \(api\)/],
    ['no readiness probe on a port', (d: any) => { delete d.spec.template.spec.containers[0].readinessProbe; }, /readiness-probe-required at spec.template.spec.containers\[0\] \(api\)/],
    ['grace not above the sleep', (d: any) => { d.spec.template.spec.terminationGracePeriodSeconds = 10; }, /grace-period-too-short/],
    ['grace not above a native sleep', (d: any) => {
      d.spec.template.spec.containers[0].lifecycle.preStop = { sleep: { seconds: 40 } };
    }, /grace-period-too-short/],
    ['a latest image', (d: any) => { d.spec.template.spec.containers[0].image = 'api:latest'; }, /unpinned image/],
    ['an empty selector', (d: any) => { d.spec.selector.matchLabels = {}; }, /empty selector/],
    ['a path-derived selector', (d: any) => { d.spec.selector.matchLabels['cdk8s.io/metadata.addr'] = 'x'; }, /depends on the construct path/],
  ])('fails on %s', (_name, breakIt, message) => {
    const d = deployment();
    breakIt(d);
    expect(() => assertGracefulDeployment(d)).toThrow(message);
  });
});

describe('assertDrainableBudget', () => {
  const labels = { app: 'api' };
  const pdb = (spec: object) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api' }, spec: { selector: { matchLabels: labels }, ...spec } });
  const api = (replicas: number) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'api', image: 'api:1.0.0' }] } } },
  });
  const state = (budget: object, replicas: number) => { const b = pdb(budget); return [b, [api(replicas), b]] as const; };

  test('accepts budgets that allow an eviction', () => {
    expect(() => assertDrainableBudget(...state({ maxUnavailable: 1 }, 2))).not.toThrow();
    expect(() => assertDrainableBudget(...state({ minAvailable: '50%' }, 4))).not.toThrow();
  });

  test('fails on budgets that block drains or are ambiguous', () => {
    expect(() => assertDrainableBudget(...state({ maxUnavailable: 0 }, 3))).toThrow(/allows no eviction/);
    expect(() => assertDrainableBudget(...state({ minAvailable: '90%' }, 3))).toThrow(/allows no eviction/);
    expect(() => assertDrainableBudget(...state({ minAvailable: 1, maxUnavailable: 1 }, 3))).toThrow(/exactly one of/);
  });
});
