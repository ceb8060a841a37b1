import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import {
  BlueGreenService, BlueGreenServiceProps, CanaryIngress, CanaryIngressProps, CanaryReplicas, Color, FindingSeverity, Probe, Router, TransitionCheck,
} from '../../src';

/**
 * Random releases walked through their documented commits: whatever the sizes, routing options
 * and weights, every commit of a documented flow passes the transition checker.
 */

function synth(build: (c: Chart) => void): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  build(new Chart(app, 'flow'));
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

function unsafe(commits: any[][]): string[] {
  const found: string[] = [];
  for (let i = 1; i < commits.length; i++) {
    for (const f of TransitionCheck.between(commits[i - 1], commits[i])) {
      if (f.severity === FindingSeverity.ERROR) { found.push(`commit ${i}: ${f.rule} ${f.object}`); }
    }
  }
  return found;
}

const container = { port: 8080, readiness: Probe.httpGet('/ready') };

const canaryRelease = fc.record({
  replicas: fc.integer({ min: 1, max: 12 }),
  proportional: fc.boolean(),
  sticky: fc.boolean(),
  header: fc.boolean(),
  weights: fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }).map(w => [...w].sort((a, b) => a - b)),
  abortAt: fc.option(fc.nat(), { nil: undefined }),
});

describe('documented release flows pass the transition checker for random releases', () => {
  test('canary: start, size then step each weight, roll stable out, promote (or abort at any step)', () => {
    fc.assert(fc.property(canaryRelease, (r) => {
      const shop = (stable: string, weight: number, sizeForWeight?: number) => synth(c => new CanaryIngress(c, 'shop', {
        app: 'shop',
        router: Router.ingressNginx({ host: 'shop.example.com' }),
        stable: { image: `shop:${stable}` },
        canary: { image: 'shop:2.0.0' },
        container,
        replicas: r.replicas,
        canaryReplicas: r.proportional ? CanaryReplicas.proportional() : CanaryReplicas.fixed(1),
        stickySessions: r.sticky ? {} : undefined,
        header: r.header ? { name: 'X-Canary' } : undefined,
        weight,
        sizeForWeight,
      } as CanaryIngressProps));
      // A sticky canary is sized before its first step; then each step is sized, then moved.
      const commits = [shop('1.0.0', 0)];
      let weight = 0;
      for (const [i, w] of r.weights.entries()) {
        if (r.abortAt !== undefined && r.abortAt === i) {
          commits.push(shop('1.0.0', 0));
          expect(unsafe(commits)).toEqual([]);
          return;
        }
        commits.push(shop('1.0.0', weight, w), shop('1.0.0', w));
        weight = w;
      }
      commits.push(shop('2.0.0', weight), shop('2.0.0', 0));
      expect(unsafe(commits)).toEqual([]);
    }), { numRuns: 60 });
  });

  test('blue-green: release to the idle colour, flip, flip back or retire', () => {
    fc.assert(fc.property(fc.record({
      replicas: fc.integer({ min: 1, max: 8 }),
      autoscaled: fc.boolean(),
      rollback: fc.boolean(),
      ingress: fc.boolean(),
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
      } as BlueGreenServiceProps));
      const commits = [shop(Color.BLUE, '1.0.0'), shop(Color.BLUE, '2.0.0'), shop(Color.GREEN, '2.0.0')];
      commits.push(r.rollback ? shop(Color.BLUE, '2.0.0') : shop(Color.GREEN, '2.0.0', 0));
      expect(unsafe(commits)).toEqual([]);
    }), { numRuns: 40 });
  });
});
