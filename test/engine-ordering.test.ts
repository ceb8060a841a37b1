import { FindingSeverity, GitOpsEngine, TransitionCheck } from '../src';
import { exampleState, FLOWS } from './support/flows';

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
