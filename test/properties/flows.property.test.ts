import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import {
  BlueGreenService, BlueGreenServiceProps, CanaryIngress, CanaryIngressProps, CanaryReplicas, Color, FindingSeverity, GitOpsEngine, Probe,
  ReleaseOrder, Router, TransitionCheck,
} from '../../src';
import { capacityCutAsTrafficReturns } from '../traffic/_capacity';

/**
 * Random releases walked through their documented commits: whatever the sizes, routing options
 * and weights, every commit of a documented flow passes the transition checker. Synthesized for
 * Argo CD or Flux, any of those commits may be merged before a sync (random collapses, the
 * first and last commits kept): each collapsed pair passes too, judged step by step as the
 * engine applies it.
 */

function synth(build: (c: Chart) => void, engine?: GitOpsEngine): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine !== undefined) { ReleaseOrder.use(app, engine); }
  build(new Chart(app, 'flow'));
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

function unsafe(commits: any[][], engine: GitOpsEngine = GitOpsEngine.APPLY): string[] {
  const found: string[] = [];
  for (let i = 1; i < commits.length; i++) {
    for (const f of TransitionCheck.between(commits[i - 1], commits[i], { engine })) {
      if (f.severity === FindingSeverity.ERROR) { found.push(`commit ${i}: ${f.rule} ${f.object}`); }
    }
  }
  return found;
}

/** The commits a sync sees when some are merged before it: those `keep` marks, with the first and the last. */
function collapse(commits: any[][], keep: boolean[]): any[][] {
  return commits.filter((_c, i) => i === 0 || i === commits.length - 1 || keep[i % Math.max(keep.length, 1)] === true);
}

/** Commit by commit under the engine the commits were synthesized for, and merged at random where it orders them. */
function unsafeUnder(commits: any[][], r: { engine: GitOpsEngine; keep: boolean[] }): string[] {
  const found = unsafe(commits, r.engine);
  if (r.engine !== GitOpsEngine.APPLY) {
    found.push(...unsafe(collapse(commits, r.keep), r.engine).map(f => `collapsed ${f}`));
  }
  return found;
}

const engines = {
  engine: fc.constantFrom(GitOpsEngine.ARGO_CD, GitOpsEngine.FLUX, GitOpsEngine.APPLY),
  keep: fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
};

const container = { port: 8080, readiness: Probe.httpGet('/ready') };

const canaryRelease = fc.record({
  replicas: fc.integer({ min: 1, max: 12 }),
  // Under autoscaling `replicas` is maxReplicas, and the floor minReplicas a share of it.
  autoscaled: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  proportional: fc.boolean(),
  sticky: fc.boolean(),
  header: fc.boolean(),
  weights: fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }).map(w => [...w].sort((a, b) => a - b)),
  abortAt: fc.option(fc.nat(), { nil: undefined }),
  ...engines,
});

describe('documented release flows pass the transition checker for random releases', () => {
  test('canary: start, size then step each weight, roll stable out, promote (or abort at any step), then scale down', () => {
    fc.assert(fc.property(canaryRelease, (r) => {
      const autoscaling = r.autoscaled === undefined ? undefined
        : { minReplicas: Math.max(1, Math.round(r.autoscaled * r.replicas)), maxReplicas: r.replicas };
      const shop = (stable: string, weight: number, sizeForWeight?: number, stableFloor?: number, testers = r.header) => synth(c => new CanaryIngress(c, 'shop', {
        app: 'shop',
        router: Router.ingressNginx({ host: 'shop.example.com' }),
        stable: { image: `shop:${stable}` },
        canary: { image: 'shop:2.0.0' },
        container,
        replicas: autoscaling ? undefined : r.replicas,
        autoscaling,
        // Under autoscaling the default is proportional to maxReplicas; fixed(1) is refused above its share.
        canaryReplicas: autoscaling ? undefined : r.proportional ? CanaryReplicas.proportional() : CanaryReplicas.fixed(1),
        stickySessions: r.sticky ? {} : undefined,
        header: testers ? { name: 'X-Canary' } : undefined,
        weight,
        sizeForWeight,
        stableFloor,
      } as CanaryIngressProps), r.engine);
      // Traffic back to stable keeps the release's capacity for one commit: the canary's pods
      // and stable's floor (sizeForWeight), or for a sticky canary, which must empty at weight
      // 0 (header routing off, or its one pod keeps every pinned user), the floor alone
      // (stableFloor). The commit after scales down.
      const back = (stable: string, from: number) => (r.sticky
        ? [shop(stable, 0, undefined, autoscaling?.maxReplicas, false), shop(stable, 0, undefined, undefined, false)]
        : [shop(stable, 0, from), shop(stable, 0)]);
      // A sticky canary is sized before its first step; then each step is sized, then moved.
      const commits = [shop('1.0.0', 0)];
      let weight = 0;
      for (const [i, w] of r.weights.entries()) {
        if (r.abortAt !== undefined && r.abortAt === i && weight > 0) {
          commits.push(...back('1.0.0', weight));
          expect(unsafeUnder(commits, r)).toEqual([]);
          expect(commits.slice(1).flatMap((next, j) => capacityCutAsTrafficReturns(commits[j], next))).toEqual([]);
          return;
        }
        commits.push(shop('1.0.0', weight, w), shop('1.0.0', w));
        weight = w;
      }
      commits.push(shop('2.0.0', weight), ...back('2.0.0', weight));
      expect(unsafeUnder(commits, r)).toEqual([]);
      expect(commits.slice(1).flatMap((next, i) => capacityCutAsTrafficReturns(commits[i], next))).toEqual([]);
    }), { numRuns: 80 });
  });

  test('blue-green: release to the idle colour, flip, flip back or retire', () => {
    fc.assert(fc.property(fc.record({
      replicas: fc.integer({ min: 1, max: 8 }),
      autoscaled: fc.boolean(),
      rollback: fc.boolean(),
      ingress: fc.boolean(),
      ...engines,
    }), (r) => {
      const shop = (active: Color, green: string, blueReplicas?: number) => synth(c => new BlueGreenService(c, 'shop', {
        app: 'shop',
        active,
        blue: { image: 'shop:1.0.0', replicas: blueReplicas },
        green: { image: `shop:${green}` },
        container,
        replicas: r.autoscaled ? undefined : r.replicas,
        autoscaling: r.autoscaled ? { minReplicas: 1, maxReplicas: r.replicas } : undefined,
        router: r.ingress ? Router.ingress({ host: 'shop.example.com' }) : undefined,
      } as BlueGreenServiceProps), r.engine);
      const commits = [shop(Color.BLUE, '1.0.0'), shop(Color.BLUE, '2.0.0'), shop(Color.GREEN, '2.0.0')];
      commits.push(r.rollback ? shop(Color.BLUE, '2.0.0') : shop(Color.GREEN, '2.0.0', 0));
      expect(unsafeUnder(commits, r)).toEqual([]);
    }), { numRuns: 40 });
  });
});
