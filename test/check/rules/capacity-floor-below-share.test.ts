import { API, change, judge } from '../_yaml';

const hpa = (name: string, min: number, max: number) => `---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: ${name}, namespace: core}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n  minReplicas: ${min}\n  maxReplicas: ${max}\n`;
const state = (canaryMin: number, v1: number, v2: number) =>
  change(change(API, 'api-v1, port: 80, weight: 90', `api-v1, port: 80, weight: ${v1}`), 'api-v2, port: 80, weight: 10', `api-v2, port: 80, weight: ${v2}`)
    .replace('  replicas: 6\n', '').replace('  replicas: 2\n', '') + hpa('api-v1', 2, 20) + hpa('api-v2', canaryMin, 20);
const only = (a: string, b: string) => judge(a, b).filter(f => f.rule === 'capacity-floor-below-share');

describe('capacity-floor-below-share', () => {
  test('half the load onto a canary at its HPA minimum of 1, where stable may need 20 pods', () => {
    const [f] = only(state(1, 100, 0), state(1, 50, 50));
    expect(f).toMatchObject({ severity: 'error', object: 'HTTPRoute core/api' });
    expect(f.message).toMatch(/needs about 10 pod\(s\), but Deployment core\/api-v2 \(HorizontalPodAutoscaler core\/api-v2 minReplicas 1 \(1 before\)\) guarantees only 1/);
    expect(f.fix).toMatch(/to 10 in a commit before the traffic moves/);
  });

  test('safe: the floor raised in an earlier commit; a step within the floor', () => {
    expect(only(state(1, 100, 0), state(10, 100, 0))).toEqual([]);
    expect(only(state(10, 100, 0), state(10, 50, 50))).toEqual([]);
    expect(only(state(1, 100, 0), state(1, 95, 5))).toEqual([]);
  });

  test('a floor lowered in the same commit still holds for the switch: the HPA scales down only after its window', () => {
    expect(only(state(10, 100, 0), state(2, 50, 50))).toEqual([]);
  });

  test('the load is what the previous split could serve, at most the largest track: a 1-pod canary at 1 % does not stand for 100 pods', () => {
    const fixedCanary = (v1: number, v2: number, stableMin: number) =>
      change(change(API, 'api-v1, port: 80, weight: 90', `api-v1, port: 80, weight: ${v1}`), 'api-v2, port: 80, weight: 10', `api-v2, port: 80, weight: ${v2}`)
        .replace('  replicas: 6\n', '').replace('  replicas: 2\n', '  replicas: 1\n') + hpa('api-v1', stableMin, 4);
    // Back to stable at its raised floor of 4: the most the route carried is 4 pods' worth.
    expect(only(fixedCanary(99, 1, 4), fixedCanary(100, 0, 4))).toEqual([]);
    // At a floor of 2 the same return is short of 4.
    expect(only(fixedCanary(99, 1, 2), fixedCanary(100, 0, 2))).toHaveLength(1);
  });
});
