import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { BlueGreenService, Color, FindingSeverity, GitOpsEngine, Probe, ReleaseOrder, TransitionCheck } from '../src';
import { exampleState, FLOWS } from './support/flows';
import { engineSteps } from '../src/check/engine';

/**
 * Argo CD and Flux apply the newest revision they see: two commits merged before a sync are
 * applied as one. Every state the library synthesizes carries its own order (Argo CD sync waves,
 * Flux stages), so a collapse of documented commits is applied in a safe order by the engine
 * itself. Each collapse is checked with the engine's own steps (src/check/engine.ts), and the
 * same collapse applied at once (kubectl apply) is still refused where it skips a commit.
 */

const cache = new Map<string, any[]>();
function state(name: string, engine: GitOpsEngine): any[] {
  const key = `${engine} ${name}`;
  if (!cache.has(key)) { cache.set(key, exampleState(name, engine)); }
  return cache.get(key)!;
}

const errors = (from: string, to: string, engine: GitOpsEngine) =>
  TransitionCheck.between(state(from, engine), state(to, engine), { engine })
    .filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);

const ENGINES = [GitOpsEngine.ARGO_CD, GitOpsEngine.FLUX];

describe.each(ENGINES)('under %s', (engine) => {
  describe.each(Object.entries(FLOWS).filter(([, commits]) => commits.length > 2))('%s', (_flow, commits) => {
    const pairs = commits.slice(2).map((to, i) => [commits[i], commits[i + 1], to]);
    test.each(pairs)('%s -> (%s) -> %s merged into one commit passes', (from, _skipped, to) => {
      expect(errors(from, to, engine)).toEqual([]);
    });

    test(`the whole release merged into one commit passes: ${commits[0]} -> ${commits[commits.length - 1]}`, () => {
      expect(errors(commits[0], commits[commits.length - 1], engine)).toEqual([]);
    });
  });
});

describe('applied at once, the collapses that skip a commit are still refused', () => {
  const SKIPS: [string, string, string][] = [
    ['canary-step', 'canary-full', 'traffic-onto-unready-pods Ingress shop/storefront-canary'],
    ['canary-full', 'canary-promoted', 'traffic-back-onto-changing-pods Ingress shop/storefront-canary'],
    ['blue-green-idle', 'blue-green-flipped', 'traffic-onto-unready-pods Service checkout'],
    ['gateway-canary-step', 'gateway-canary-full', 'traffic-onto-unready-pods HTTPRoute shop/storefront'],
    ['gateway-blue-green-idle', 'gateway-blue-green-flipped', 'traffic-onto-unready-pods HTTPRoute shop/checkout'],
  ];
  test.each(SKIPS)('%s -> %s with kubectl apply: %s', (from, to, finding) => {
    expect(errors(from, to, GitOpsEngine.APPLY)).toContain(finding);
    // The Argo CD output applied without its waves (--engine apply) is refused the same way.
    expect(TransitionCheck.between(state(from, GitOpsEngine.ARGO_CD), state(to, GitOpsEngine.ARGO_CD), { engine: GitOpsEngine.APPLY })
      .map(f => `${f.rule} ${f.object}`)).toContain(finding);
  });
});

/**
 * Argo CD's sync as argo-cd `gitops-engine/pkg/sync/sync_context.go` runs it (read at
 * 37ee0097): the tasks of a multi-wave sync are applied one wave at a time; `Sync()` returns while
 * any task of the current wave is still running (not yet Healthy), and applies the next wave only
 * on a later call in which none is; a task whose resource is Degraded (a failed Job,
 * `pkg/health/health_job.go`) fails the operation (`executeSyncFailPhase`) before the next wave.
 * But once no task remains after the current wave and the wave holds no hook, the operation
 * succeeds as soon as it is applied: a plain Job in the last wave never fails a sync.
 */
function argoSync(steps: { label: string; applies: readonly string[] }[], failing: string): { applied: string[]; failed: boolean } {
  const applied: string[] = [];
  for (const [i, step] of steps.entries()) {
    applied.push(...step.applies);
    const last = i === steps.length - 1;
    if (!last && step.applies.includes(failing)) { return { applied, failed: true }; }
  }
  return { applied, failed: false };
}

describe('under Argo CD a failing smoke test fails the sync before the flip', () => {
  test.each([
    ['blue-green-idle', 'blue-green-flipped', 'Service checkout'],
    ['gateway-blue-green-idle', 'gateway-blue-green-flipped', 'HTTPRoute shop/checkout'],
  ])('%s -> %s merged into one commit: the smoke test runs in wave 1, %s moves in wave 2', (from, to, route) => {
    const before = state(from, GitOpsEngine.ARGO_CD);
    const after = state(to, GitOpsEngine.ARGO_CD);
    const steps = engineSteps(before, after, 'argocd');
    const smoke = after.find(d => d.kind === 'Job' && d.metadata.labels?.['app.kubernetes.io/component'] === 'smoke-test')
      ?? after.find(d => d.kind === 'Job' && /smoke-test/.test(d.metadata.name));
    const smokeLabel = `Job ${smoke.metadata.namespace ? `${smoke.metadata.namespace}/` : ''}${smoke.metadata.name}`;
    const smokeStep = steps.findIndex(s => s.applies.includes(smokeLabel));
    expect(steps[smokeStep].label).toBe('wave 1');
    // Never the last wave: a plain Job there would count as success as soon as it is applied.
    expect(smokeStep).toBeLessThan(steps.length - 1);
    const sync = argoSync(steps, smokeLabel);
    expect(sync.failed).toBe(true);
    expect(sync.applied).toContain(smokeLabel);
    expect(sync.applied).not.toContain(route);
    expect(steps.find(s => s.applies.includes(route))!.label).toBe('wave 2');
  });
});

describe('an autoscaled blue-green release merged from the release straight to the retire', () => {
  const shop = (active: Color, green: string, blueReplicas?: number) => {
    const app = new App({ outdir: Testing.app().outdir });
    ReleaseOrder.use(app, GitOpsEngine.ARGO_CD);
    new BlueGreenService(new Chart(app, 'flow'), 'shop', {
      app: 'shop',
      active,
      blue: { image: 'shop:1.0.0', replicas: blueReplicas },
      green: { image: `shop:${green}` },
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
      autoscaling: { minReplicas: 1, maxReplicas: 4 },
      smokeTest: { image: 'curlimages/curl:8.11.1' },
    });
    return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
  };
  const found = (a: any[], b: any[]) => TransitionCheck.between(a, b, { engine: GitOpsEngine.ARGO_CD })
    .filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);

  test('passes: the preview Service moving onto the retiring colour carries testers, not users', () => {
    expect(found(shop(Color.BLUE, '1.0.0'), shop(Color.GREEN, '2.0.0', 0))).toEqual([]);
  });

  test('a Service without the preview label is judged as users\' traffic', () => {
    const unlabel = (docs: any[]) => docs.map(d => (d.kind === 'Service' && d.metadata.name === 'shop-preview'
      ? { ...d, metadata: { ...d.metadata, labels: { 'app.kubernetes.io/name': 'shop' } } } : d));
    expect(found(unlabel(shop(Color.BLUE, '1.0.0')), unlabel(shop(Color.GREEN, '2.0.0', 0)))).toEqual(['capacity-floor-below-share Service shop-preview']);
  });
});
