import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { buffers } from './_helpers';
import { runCli } from '../../src/cli/cli';
import { FLUX_LAYOUT_USAGE, fluxLayout, MARKER_FILE } from '../../src/cli/flux-layout';
import { GitOpsEngine } from '../../src/gitops-engine';
import { exampleState } from '../support/flows';

/**
 * `flux-layout` turns a commit synthesized for Flux into one folder and one Kustomization per
 * release stage. What Flux does with them is written down in src/cli/flux-layout.ts
 * (fluxcd/kustomize-controller `checkDependencies`: dependsOn waits for Ready at the same
 * revision; `spec.wait` health-checks every applied object, a Job only when Complete).
 *
 * The Kustomization CRD (`config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml` of
 * fluxcd/kustomize-controller v1.9) is not in ../shared/crds, so its fields are checked by hand
 * against that version's schema: `spec.interval` pattern, `spec.sourceRef.kind` enum, `path`,
 * `prune`, `wait`, `dependsOn[].name`, `targetNamespace`.
 */

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-flux-layout-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let count = 0;
const fresh = (name: string) => path.join(root, `${name}-${++count}`);

/** Synthesizes an example for Flux into a folder, as `cdk8s synth` would. */
const synthCache = new Map<string, string>();
function synth(example: string): string {
  if (!synthCache.has(example)) {
    const dir = fresh(`synth-${example}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), Yaml.stringify(...exampleState(example, GitOpsEngine.FLUX)));
    synthCache.set(example, dir);
  }
  return synthCache.get(example)!;
}

const OPTIONS = ['--name', 'checkout', '--path', './deploy/checkout', '--source', 'GitRepository/flux-system'];

async function layout(input: string, out: string, extra: string[] = OPTIONS) {
  const io = buffers();
  const code = await runCli(['flux-layout', input, '--out', out, ...extra], io);
  return { code, ...io };
}

const docs = (file: string) => YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS());
const stageOf = (o: any) => o.metadata?.annotations?.['cdk8s-zero-downtime.io/stage'] ?? 'prepare';
const FOLDERS = ['01-migrate', '02-prepare', '03-verify', '04-shift', '05-retire', '06-contract'];

describe('cdk8s-zero-downtime flux-layout', () => {
  test('each stage\'s objects go to their own folder, in input order, with their annotation', async () => {
    const out = fresh('out');
    const r = await layout(synth('blue-green-retired'), out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const input = docs(path.join(synth('blue-green-retired'), 'app.k8s.yaml'));
    for (const folder of FOLDERS) {
      const stage = folder.slice(3);
      const expected = input.filter(o => stageOf(o) === stage);
      const file = path.join(out, folder, 'resources.yaml');
      if (expected.length === 0) {
        expect(fs.existsSync(file)).toBe(false);
        // Git keeps no empty folder: an empty stage is a kustomize configuration without resources.
        expect(docs(path.join(out, folder, 'kustomization.yaml'))).toEqual([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [] }]);
      } else {
        expect(docs(file)).toEqual(expected);
      }
    }
    // This example retires blue in its own stage, after the Service moved to green.
    expect(docs(path.join(out, '05-retire', 'resources.yaml')).map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/checkout-blue']);
    expect(docs(path.join(out, '04-shift', 'resources.yaml')).map(o => `${o.kind}/${o.metadata.name}`)).toContain('Service/checkout');
  });

  test('one Kustomization per stage, each dependsOn the one before, with wait: true and prune: true', async () => {
    const out = fresh('out');
    expect((await layout(synth('blue-green'), out, [...OPTIONS, '--namespace', 'apps', '--interval', '1h30m', '--target-namespace', 'shop'])).code).toBe(0);
    const ks = docs(path.join(out, 'kustomizations.yaml'));
    expect(ks.map(k => k.metadata.name)).toEqual(['checkout-migrate', 'checkout-prepare', 'checkout-verify', 'checkout-shift', 'checkout-retire', 'checkout-contract']);
    ks.forEach((k, i) => {
      expect(k).toEqual({
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: `checkout-${FOLDERS[i].slice(3)}`, namespace: 'apps' },
        spec: {
          ...(i > 0 ? { dependsOn: [{ name: `checkout-${FOLDERS[i - 1].slice(3)}` }] } : {}),
          interval: '1h30m',
          path: `./deploy/checkout/${FOLDERS[i]}`,
          prune: true,
          sourceRef: { kind: 'GitRepository', name: 'flux-system' },
          targetNamespace: 'shop',
          wait: true,
        },
      });
    });
    // The Kustomization CRD v1.9: spec.interval must match ^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$.
    for (const k of ks) { expect(k.spec.interval).toMatch(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/); }
    // DIR/kustomization.yaml builds the Kustomizations only: a parent Kustomization does not
    // walk into DIR and apply the stage folders all at once (fluxcd/pkg kustomize_generator.go).
    expect(docs(path.join(out, 'kustomization.yaml'))).toEqual([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['kustomizations.yaml'] }]);
  });

  test('defaults: namespace flux-system, interval 10m, no targetNamespace; --path . is the repository root', async () => {
    const out = fresh('out');
    expect((await layout(synth('blue-green'), out, ['--name', 'checkout', '--path', '.', '--source', 'OCIRepository/apps'])).code).toBe(0);
    const [first] = docs(path.join(out, 'kustomizations.yaml'));
    expect(first.metadata.namespace).toBe('flux-system');
    expect(first.spec).toEqual({ interval: '10m', path: './01-migrate', prune: true, sourceRef: { kind: 'OCIRepository', name: 'apps' }, wait: true });
  });

  test('the same input gives the same bytes, file by file', async () => {
    const [a, b] = [fresh('out'), fresh('out')];
    await layout(synth('canary-step'), a);
    await layout(synth('canary-step'), b);
    const files = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    expect(files(a)).toEqual(files(b));
    expect(files(a)).toContain(MARKER_FILE);
    for (const f of files(a)) {
      if (fs.statSync(path.join(a, f)).isFile()) { expect(fs.readFileSync(path.join(b, f))).toEqual(fs.readFileSync(path.join(a, f))); }
    }
  });

  test('run again on its own output, it replaces only the files it wrote', async () => {
    const out = fresh('out');
    await layout(synth('blue-green-retired'), out);
    fs.writeFileSync(path.join(out, 'README.md'), 'ours\n');
    const r = await layout(synth('blue-green'), out);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('ours\n');
    // blue-green retires nothing: the retire stage is empty again.
    expect(fs.existsSync(path.join(out, '05-retire', 'resources.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(out, '05-retire', 'kustomization.yaml'))).toBe(true);
  });

  test('the library\'s Deployments move between stages with no note: Flux never prunes them', async () => {
    const out = fresh('out');
    await layout(synth('blue-green-flipped'), out);
    const r = await layout(synth('blue-green-retired'), out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('an object without prune: disabled that moves to a later stage gets a note: Flux deletes it from the earlier stage first', async () => {
    const out = fresh('out');
    const strip = (dir: string) => {
      for (const f of fs.readdirSync(dir)) {
        const file = path.join(dir, f);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n {4}kustomize\.toolkit\.fluxcd\.io\/prune: disabled/g, ''));
      }
      return dir;
    };
    await layout(strip(synth('blue-green-flipped')), out);
    const r = await layout(strip(synth('blue-green-retired')), out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('cdk8s-zero-downtime flux-layout: note: Deployment checkout-blue moves from stage prepare to retire: Flux\'s Kustomization checkout-prepare deletes it (it left that folder) before checkout-retire creates it again. That is safe only if it serves no traffic once the commit before this one is applied: let Flux apply that commit first, do not merge the two together.\n');
  });

  describe('bad input is exit 2, one line naming the value and the fix; nothing is written', () => {
    const cases: [string, string[], RegExp][] = [
      ['--name not a label', ['--name', 'Checkout_App', '--path', '.', '--source', 'GitRepository/flux-system'], /--name "Checkout_App" cannot name the Kustomizations .*lowercase letters.*Write e\.g\. --name shop/],
      ['--name too long for a label value', ['--name', 'a'.repeat(55), '--path', '.', '--source', 'GitRepository/flux-system'], new RegExp(`--name "${'a'.repeat(55)}" .*at most 54 characters`)],
      ['--source without a kind', ['--name', 'checkout', '--path', '.', '--source', 'flux-system'], /--source "flux-system" is not KIND\/NAME .*GitRepository, OCIRepository, Bucket/],
      ['--source with an unknown kind', ['--name', 'checkout', '--path', '.', '--source', 'HelmRepository/charts'], /--source "HelmRepository\/charts" is not KIND\/NAME/],
      ['--interval not a duration', ['--name', 'checkout', '--path', '.', '--source', 'GitRepository/x', '--interval', '10 minutes'], /--interval "10 minutes" is not a duration Flux accepts.*e\.g\. 10m/],
      ['--path out of the repository', ['--name', 'checkout', '--path', '../other', '--source', 'GitRepository/x'], /--path "\.\.\/other" is not a path inside the repository/],
      ['--path absolute', ['--name', 'checkout', '--path', '/deploy', '--source', 'GitRepository/x'], /--path "\/deploy" is not a path inside the repository/],
      ['--namespace not a name', ['--name', 'checkout', '--path', '.', '--source', 'GitRepository/x', '--namespace', 'Flux'], /--namespace "Flux" is not a namespace name/],
      ['--target-namespace not a name', ['--name', 'checkout', '--path', '.', '--source', 'GitRepository/x', '--target-namespace', 'a.b'], /--target-namespace "a\.b" is not a namespace name/],
      ['no --source', ['--name', 'checkout', '--path', '.'], /--source is required: write --source KIND\/NAME/],
    ];
    test.each(cases)('%s', async (_what, extra, message) => {
      const out = fresh('out');
      const r = await layout(synth('blue-green'), out, extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^cdk8s-zero-downtime flux-layout: ${message.source}[^\n]*\n$`));
      expect(fs.existsSync(out)).toBe(false);
    });

    test('a non-empty folder this command did not write', async () => {
      const out = fresh('out');
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'app.yaml'), 'kind: ConfigMap\n');
      const r = await layout(synth('blue-green'), out);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--out ${out} is not empty and was not written by cdk8s-zero-downtime flux-layout (it has no ${MARKER_FILE})`);
      expect(fs.readdirSync(out)).toEqual(['app.yaml']);
    });

    test('an unknown stage name', async () => {
      const input = fresh('synth');
      fs.mkdirSync(input);
      fs.writeFileSync(path.join(input, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    cdk8s-zero-downtime.io/stage: cleanup\n');
      const out = fresh('out');
      const r = await layout(input, out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ConfigMap x \(document 1 of .*a\.yaml\) has cdk8s-zero-downtime\.io\/stage: "cleanup", which is not a stage; the stages are migrate, prepare, verify, shift, retire, contract\./);
      expect(fs.existsSync(out)).toBe(false);
    });

    test('an empty or missing SYNTH_DIR, and an --out inside it', async () => {
      const empty = fresh('synth');
      fs.mkdirSync(empty);
      expect((await layout(empty, fresh('out'))).stderr).toMatch(/SYNTH_DIR \(.*\) holds no Kubernetes manifests/);
      expect((await layout(path.join(root, 'nope'), fresh('out'))).stderr).toMatch(/nope: no such file or folder/);
      const r = await layout(synth('blue-green'), path.join(synth('blue-green'), 'flux'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--out .*flux and SYNTH_DIR .* overlap/);
    });
  });

  test('check --engine flux reads the layout: a collapsed pair is checked stage by stage, with the verdict of the synthesized output', async () => {
    const pairs: [string, string, number][] = [
      ['blue-green-idle', 'blue-green-flipped', 0],
      ['canary-step', 'canary-full', 0],
      ['canary-full', 'canary-promoted', 0],
    ];
    for (const [from, to, code] of pairs) {
      const [a, b] = [fresh('out'), fresh('out')];
      await layout(synth(from), a);
      await layout(synth(to), b);
      const onLayout = buffers();
      expect(await runCli(['check', '--engine', 'flux', a, b], onLayout)).toBe(code);
      expect(onLayout.stdout).toMatch(/^engine: Flux \(as --engine says\)\.\nFlux applies this commit in \d+ steps/);
      const onSynth = buffers();
      expect(await runCli(['check', '--engine', 'flux', synth(from), synth(to)], onSynth)).toBe(code);
      const findings = (text: string) => text.split('\n').filter(l => /^(error|warning) /.test(l));
      expect(findings(onLayout.stdout)).toEqual(findings(onSynth.stdout));
      // The same collapse applied at once is what the stages protect against.
      expect(await runCli(['check', '--engine', 'apply', a, b], buffers())).toBe(1);
    }
  });

  test('without --engine, check reads Flux from the layout', async () => {
    const [a, b] = [fresh('out'), fresh('out')];
    await layout(synth('canary-step'), a);
    await layout(synth('canary-full'), b);
    const io = buffers();
    expect(await runCli(['check', a, b], io)).toBe(0);
    expect(io.stdout).toMatch(/^engine: Flux \(read from /);
  });

  test('--help prints the usage with its exit codes, as docs/cli.md shows it', async () => {
    const io = buffers();
    expect(await runCli(['flux-layout', '--help'], io)).toBe(0);
    expect(io.stdout).toBe(FLUX_LAYOUT_USAGE);
    expect(FLUX_LAYOUT_USAGE).toContain('\n  0    pass: the layout was written');
    const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
    expect(page).toContain('```\n$ npx cdk8s-zero-downtime flux-layout --help\n' + FLUX_LAYOUT_USAGE + '```\n');
  });

  test('the Kustomizations the docs show are what flux-layout writes for that example', () => {
    const docsDir = path.join(__dirname, '..', '..', 'docs');
    const shown = fs.readdirSync(docsDir).filter(f => f.endsWith('.md')).flatMap(page => {
      const text = fs.readFileSync(path.join(docsDir, page), 'utf8');
      const found = [...text.matchAll(/<!-- flux-layout: (\S+) (\S+) (\S+) (\S+)\/(\S+) -->\n```yaml\n([\s\S]*?)```/g)];
      // A marker whose block is not right below it would otherwise be skipped silently.
      expect(found).toHaveLength(text.split('<!-- flux-layout: ').length - 1);
      return found;
    });
    expect(shown.length).toBeGreaterThan(0);
    for (const [, example, name, repoPath, sourceKind, sourceName, body] of shown) {
      const documents = exampleState(example, GitOpsEngine.FLUX).map((object, i) => ({ source: example, index: i + 1, object }));
      const written = fluxLayout(documents, { help: false, name, repoPath, sourceKind, sourceName, namespace: 'flux-system', interval: '10m' });
      expect(body).toBe(written.files.get('kustomizations.yaml'));
    }
  });
});
