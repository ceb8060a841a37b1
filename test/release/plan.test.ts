import { App, Chart, Testing } from 'cdk8s';
import { CHECKOUT, label, STOREFRONT, synthGateway, synthGatewayBlueGreen, synthPosition, synthSticky, walk } from './_apps';
import { CheckoutRelease, StorefrontRelease } from '../../examples/release-position';
import { BlueGreenService, CanaryIngress, Color, FindingSeverity, GitOpsEngine, Probe, ReleasePosition, Router, TransitionCheck } from '../../src';
import { abortMove, nextMove } from '../../src/release/plan';
import { formatPosition, parsePosition, PositionData, PositionEngine } from '../../src/release/position-file';
import { exampleState } from '../support/flows';

const at = (p: PositionData, change: object): PositionData => ({ ...p, ...change } as PositionData);
const ENGINES: [PositionEngine, GitOpsEngine][] = [['apply', GitOpsEngine.APPLY], ['argocd', GitOpsEngine.ARGO_CD], ['flux', GitOpsEngine.FLUX]];

describe('every documented commit is a position', () => {
  // examples/apps.ts: the commits of the documented flows, written with props.
  const COMMITS: [string, PositionData][] = [
    ['canary-start', STOREFRONT],
    ['canary', at(STOREFRONT, { step: 1 })],
    ['canary-step', at(STOREFRONT, { step: 2 })],
    ['canary-sized', at(STOREFRONT, { step: 2, phase: 'sized' })],
    ['canary-full', at(STOREFRONT, { step: 3 })],
    ['canary-stable-rolled', at(STOREFRONT, { step: 3, phase: 'rolled' })],
    ['canary-promoted', at(STOREFRONT, { step: 3, phase: 'promoted' })],
    ['canary-done', at(STOREFRONT, { stable: '2.8.0' })],
    ['canary-aborted', at(STOREFRONT, { step: 2, phase: 'aborted' })],
    ['blue-green-idle', at(CHECKOUT, { green: '3.1.0' })],
    ['blue-green', CHECKOUT],
    ['blue-green-flipped', at(CHECKOUT, { active: 'green', phase: 'flipped' })],
    ['blue-green-retired', at(CHECKOUT, { active: 'green', phase: 'retired' })],
  ];
  test.each(COMMITS)('%s synthesizes from its position exactly as from its props', (example, position) => {
    expect(synthPosition(position)).toEqual(exampleState(example));
  });
});

describe('release next', () => {
  test('under apply, a canary goes through every interim commit: sized before each raise, rolled before promoted', () => {
    expect(walk(STOREFRONT, 'apply').map(label)).toEqual([
      'step 0', 'sized 0', 'step 1', 'sized 1', 'step 2', 'sized 2', 'step 3', 'rolled 3', 'promoted 3', 'step 0 done',
    ]);
  });

  test.each(['argocd', 'flux'] as const)('under %s, sizing and the step are one commit, and so are the roll-out and weight 0; lowering the floor is not', (engine) => {
    expect(walk(STOREFRONT, engine).map(label)).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'promoted 3', 'step 0 done']);
  });

  test.each(ENGINES)('under %s, a blue-green release flips, then retires: two decisions, two commits', (engine) => {
    expect(walk(CHECKOUT, engine).map(label)).toEqual(['released blue', 'flipped green', 'retired green']);
  });

  test('the release ends with the candidate as the stable version, and nothing more to do', () => {
    const end = walk(STOREFRONT, 'argocd').pop()!;
    expect(end).toMatchObject({ stable: '2.8.0', candidate: '2.8.0', phase: 'step', step: 0 });
    expect(nextMove(end, 'argocd')).toEqual({ says: expect.stringMatching(/nothing to release: stable runs 2\.8\.0/) });
  });

  test('a step is a one-line diff of the file', () => {
    const before = formatPosition(at(STOREFRONT, { step: 1 })).split('\n');
    const after = formatPosition(nextMove(at(STOREFRONT, { step: 1 }), 'argocd').to!).split('\n');
    expect(after.filter((line, i) => line !== before[i])).toEqual(['  "step": 2,'.replace(/,$/, '')]);
  });
});

describe('release abort', () => {
  test.each([
    ['step 2', at(STOREFRONT, { step: 2 }), ['step 2', 'aborted 2', 'aborted 0']],
    ['sized 2 (sized for 100)', at(STOREFRONT, { step: 2, phase: 'sized' }), ['sized 2', 'aborted 3', 'aborted 0']],
    ['rolled', at(STOREFRONT, { step: 3, phase: 'rolled' }), ['rolled 3', 'step 3', 'aborted 3', 'aborted 0']],
  ] as const)('under apply from %s', (_name, from, expected) => {
    expect(walk(from, 'apply', abortMove).map(label)).toEqual(expected);
  });

  test('under Argo CD, stable is rolled back and the weight set to 0 in one commit', () => {
    expect(walk(at(STOREFRONT, { step: 3, phase: 'rolled' }), 'argocd', abortMove).map(label)).toEqual(['rolled 3', 'aborted 3', 'aborted 0']);
  });

  test('a retired colour is scaled up before the flip back under apply; in one commit under Argo CD and Flux', () => {
    const retired = at(CHECKOUT, { active: 'green', phase: 'retired' });
    expect(walk(retired, 'apply', abortMove).map(label)).toEqual(['retired green', 'rollback green', 'aborted blue']);
    expect(walk(retired, 'argocd', abortMove).map(label)).toEqual(['retired green', 'aborted blue']);
    expect(walk(retired, 'flux', abortMove).map(label)).toEqual(['retired green', 'aborted blue']);
  });

  test('after an abort, next does not release the candidate again', () => {
    expect(nextMove(at(STOREFRONT, { phase: 'aborted', step: 0 }), 'apply').to).toBeUndefined();
    expect(nextMove(at(CHECKOUT, { phase: 'aborted' }), 'apply').to).toBeUndefined();
  });

  test('a promoted release is not aborted: stable already runs the candidate for every user', () => {
    expect(abortMove(at(STOREFRONT, { step: 3, phase: 'promoted' }), 'apply')).toMatchObject({ refused: true, says: expect.stringMatching(/release 2\.7\.0 as a new candidate/) });
  });
});

/**
 * Every position next or abort can reach, for every engine: each move's two synthesized states
 * pass the transition checker as the engine applies them, and every abort ends with users on
 * the known-good version.
 */
describe.each(ENGINES)('under %s every move passes the checker', (engine, gitops) => {
  const errors = (a: PositionData, b: PositionData) => TransitionCheck.between(synthPosition(a, gitops), synthPosition(b, gitops), { engine: gitops })
    .filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);
  const expectSafe = (a: PositionData, b: PositionData) => expect([label(a), label(b), errors(a, b)]).toEqual([label(a), label(b), []]);
  for (const start of [STOREFRONT, CHECKOUT]) {
    const path = walk(start, engine);
    test(`${start.release}: next from start to finish (${path.map(label).join(' -> ')})`, () => {
      for (let i = 1; i < path.length; i++) { expectSafe(path[i - 1], path[i]); }
    });
    test(`${start.release}: abort from every position of the release passes and ends on the known-good version`, () => {
      for (const from of path.slice(0, -1)) {
        const back = walk(from, engine, abortMove);
        for (let i = 1; i < back.length; i++) { expectSafe(back[i - 1], back[i]); }
        const end = back[back.length - 1];
        if (end.kind === 'canary') {
          if (abortMove(from, engine).refused) { continue; }
          expect(end).toMatchObject({ phase: 'aborted', step: 0, stable: '2.7.0' });
        } else {
          expect(end.active).toBe('blue');
        }
      }
    });
  }
});

describe.each(ENGINES.flatMap(([e, g]) => [[e, g, 'canary', STOREFRONT, synthGateway], [e, g, 'blue-green', CHECKOUT, synthGatewayBlueGreen]] as const))('under %s a %s release through Gateway API: every move and every abort passes the checker', (engine, gitops, _kind, start, synth) => {
  const errors = (a: PositionData, b: PositionData) => TransitionCheck.between(synth(a, gitops), synth(b, gitops), { engine: gitops })
    .filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);
  const expectSafe = (a: PositionData, b: PositionData) => expect([label(a), label(b), errors(a, b)]).toEqual([label(a), label(b), []]);
  const path = walk(start, engine);
  test('next from start to finish, and abort from every position', () => {
    for (let i = 1; i < path.length; i++) { expectSafe(path[i - 1], path[i]); }
    for (const from of path.slice(0, -1)) {
      const back = walk(from, engine, abortMove);
      for (let i = 1; i < back.length; i++) { expectSafe(back[i - 1], back[i]); }
    }
  });
});

describe.each(ENGINES)('under %s a sticky canary: every move and every abort passes the checker', (engine, gitops) => {
  const errors = (a: PositionData, b: PositionData) => TransitionCheck.between(synthSticky(a, gitops), synthSticky(b, gitops), { engine: gitops })
    .filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);
  const expectSafe = (a: PositionData, b: PositionData) => expect([label(a), label(b), errors(a, b)]).toEqual([label(a), label(b), []]);
  const path = walk(STOREFRONT, engine);
  test('next from start to finish', () => {
    for (let i = 1; i < path.length; i++) { expectSafe(path[i - 1], path[i]); }
  });
  test('abort from every position, parking the canary at 0 pods so pinned users come back', () => {
    for (const from of path.slice(0, -1)) {
      const back = walk(from, engine, abortMove);
      for (let i = 1; i < back.length; i++) { expectSafe(back[i - 1], back[i]); }
    }
    const parked = synthSticky({ ...STOREFRONT, phase: 'aborted', step: 2 } as PositionData);
    expect(parked.find(o => o.kind === 'Deployment' && o.metadata.name === 'storefront-canary').spec.replicas).toBe(0);
    expect(parked.find(o => o.kind === 'HorizontalPodAutoscaler').spec.minReplicas).toBe(4);
  });
});

describe('a hand-broken position file is refused with the file, the field, the value and the fix', () => {
  const file = 'releases/storefront.json';
  const text = (change: object) => JSON.stringify({ ...STOREFRONT, ...change });
  test.each([
    ['not JSON', '{ "release": "storefront", ', /^releases\/storefront\.json: is not JSON \(.+\)\. Fix: write one JSON object/],
    ['an unknown field', text({ weigth: 5 }), /^releases\/storefront\.json: invalid "weigth" \(received 5\): a canary position has no field "weigth"\. Fix: remove it; the fields are release, kind, engine, image, steps, stable, candidate, phase, step\.$/],
    ['a wrong phase', text({ phase: 'promote' }), /invalid "phase" \(received "promote"\): a canary phase is one of "step", "sized", "rolled", "promoted", "aborted"\. Fix: /],
    ['a step out of range', text({ step: 4 }), /invalid "step" \(received 4\): in phase "step" the step is a whole number from 0 to 3 \(the steps are \[5,25,100\]\)\. Fix: set "step" between 0 and 3\.$/],
    ['a rolled position before the last step', text({ phase: 'rolled', step: 2 }), /invalid "step" \(received 2\): in phase "rolled" the step is the last one, 3\. Fix: set "step" to 3\.$/],
    ['steps that fall', text({ steps: [5, 50, 25, 100] }), /invalid "steps" \(received \[5,50,25,100\]\): .*rise/],
    ['an image with a tag', text({ image: 'ghcr.io/example/storefront:2.7.0' }), /invalid "image" \(received "ghcr\.io\/example\/storefront:2\.7\.0"\): "image" is the image repository without a tag/],
    ['a wrong kind', text({ kind: 'canary-ingress' }), /invalid "kind" \(received "canary-ingress"\)/],
    ['a wrong engine', text({ engine: 'argo' }), /invalid "engine" \(received "argo"\): the engine is "argocd", "flux" or "apply"/],
    ['a blue-green colour', JSON.stringify({ ...CHECKOUT, active: 'Blue' }), /invalid "active" \(received "Blue"\)/],
    ['a blue-green phase', JSON.stringify({ ...CHECKOUT, phase: 'flip' }), /invalid "phase" \(received "flip"\): a blue-green phase is one of "released", /],
    ['no JSON object', '[]', /^releases\/storefront\.json: holds no JSON object\. Fix: write one JSON object/],
    ['a release that is no app name', text({ release: 'Store Front' }), /invalid "release" \(received "Store Front"\)/],
    ['a version that is no tag', text({ candidate: 'v 2' }), /invalid "candidate" \(received "v 2"\)/],
    ['a candidate equal to stable mid-release', text({ candidate: (STOREFRONT as any).stable, phase: 'step', step: 2 }), /invalid "candidate" \(received "[^"]+"\): the candidate is the stable version, so nothing is being released/],
  ])('%s', (_what, content, message) => {
    expect(() => parsePosition(content, file)).toThrow(message);
    expect(() => ReleasePosition.fromJson(content, file)).toThrow(message);
  });

  test('a missing file is named', () => {
    expect(() => ReleasePosition.fromFile('releases/missing.json')).toThrow(/^releases\/missing\.json: cannot be read \(ENOENT\)\. Fix: /);
  });

  test('the file the tool writes reads back the same', () => {
    for (const p of [...walk(STOREFRONT, 'apply'), ...walk(CHECKOUT, 'apply')]) {
      expect(parsePosition(formatPosition(p), file)).toEqual(p);
    }
  });
});

describe('the constructs refuse props that contradict the position', () => {
  const position = ReleasePosition.fromJson(formatPosition(at(STOREFRONT, { step: 2 })), 'releases/storefront.json');
  const build = (f: (chart: Chart) => void) => () => f(new Chart(new App({ outdir: Testing.app().outdir }), 'app'));
  test('a weight other than the position\'s', () => {
    expect(build(c => new StorefrontRelease(c, 'x', position))).not.toThrow();
    expect(build(c => new CanaryIngress(c, 'storefront', {
      app: 'storefront',
      router: Router.ingressNginx({ host: 'shop.example.com' }),
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
      stable: { image: position.stableImage! },
      canary: { image: position.canaryImage! },
      position,
      weight: 50,
    }))).toThrow(/^app\/storefront: invalid 'weight' \(received 50\): the position file releases\/storefront\.json decides it \(it says weight 25\).+Fix: remove weight, or change the position file\.$/);
  });

  test('a file that names another engine than the app orders for', () => {
    const argo = ReleasePosition.fromJson(formatPosition(at(STOREFRONT, { engine: 'argocd' })), 'releases/storefront.json');
    expect(build(c => new StorefrontRelease(c, 'x', argo))).toThrow(/invalid 'position' \(received "engine": "argocd" in releases\/storefront\.json\): "release next" merges the commits that argocd orders itself, and this app chooses no engine\. Fix: call ReleaseOrder\.use\(app, GitOpsEngine\.ARGO_CD\)/);
    expect(() => synthPosition(at(STOREFRONT, { engine: 'argocd' }), GitOpsEngine.FLUX)).toThrow(/and this app orders its objects for FLUX/);
    expect(() => synthPosition(at(STOREFRONT, { engine: 'argocd' }), GitOpsEngine.ARGO_CD)).not.toThrow();
  });

  test('a position of another release', () => {
    const other = ReleasePosition.fromJson(formatPosition(at(STOREFRONT, { release: 'cart' })), 'releases/cart.json');
    expect(build(c => new StorefrontRelease(c, 'x', other))).toThrow(/invalid 'position' \(received the position of "cart" in releases\/cart\.json\): this release is "storefront"/);
  });

  test('a blue-green position for a canary', () => {
    const bg = ReleasePosition.fromJson(formatPosition(CHECKOUT), 'releases/checkout.json');
    expect(build(c => new BlueGreenService(c, 'checkout', {
      app: 'checkout',
      active: Color.BLUE,
      blue: { image: 'ghcr.io/example/checkout:3.1.0' },
      green: { image: 'ghcr.io/example/checkout:3.2.0' },
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
      position,
    }))).toThrow(/invalid 'position' \(received the canary position in releases\/storefront\.json\): this release is a blue-green release/);
    expect(build(c => new CheckoutRelease(c, 'x', bg))).not.toThrow();
  });
});
