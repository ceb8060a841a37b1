import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { buffers } from './_helpers';
import { CHECK_USAGE, parseCheckArgs } from '../../src/cli/check';
import { runCli } from '../../src/cli/cli';


const labels = (color: string) => ({ 'app.kubernetes.io/name': 'shop', 'color': color });
const deployment = (color: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `shop-${color}`, namespace: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: labels(color) },
    template: { metadata: { labels: labels(color) }, spec: { containers: [{ name: 'shop', image }] } },
  },
});
const service = (color: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'shop', namespace: 'web' },
  spec: { selector: labels(color), ports: [{ port: 80, targetPort: 8080 }] },
});

/** A blue-green state: which colour is live, and green's image. */
const state = (active: string, greenImage: string) => [deployment('blue', 'shop:1.0.0'), deployment('green', greenImage), service(active)];

function writeState(dir: string, docs: object[]): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), docs.map(d => YAML.stringify(d)).join('---\n'));
  return dir;
}

describe('cdk8s-zero-downtime check', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-check-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a flip onto a colour whose image changes in the same commit is unsafe: exit 1, with the rule and the fix', async () => {
    const previous = writeState(path.join(root, 'a'), state('blue', 'shop:1.0.0'));
    const next = writeState(path.join(root, 'b'), state('green', 'shop:1.1.0'));
    const io = buffers();
    expect(await runCli(['check', previous, next], io)).toBe(1);
    expect(io.stdout).toMatch(/^error traffic-onto-unready-pods Service web\/shop: .* Fix: /m);
    expect(io.stdout).toMatch(/1 unsafe transition\(s\), \d+ warning\(s\): commit what each fix says first\.\n$/);
    expect(io.stderr).toBe('');
  });

  test('the release to the idle colour, then the flip: each commit passes (exit 0)', async () => {
    const start = writeState(path.join(root, 'c1'), state('blue', 'shop:1.0.0'));
    const released = writeState(path.join(root, 'c2'), state('blue', 'shop:1.1.0'));
    const flipped = writeState(path.join(root, 'c3'), state('green', 'shop:1.1.0'));
    for (const [previous, next] of [[start, released], [released, flipped]]) {
      const io = buffers();
      expect(await runCli(['check', previous, next], io)).toBe(0);
      expect(io.stdout).not.toMatch(/^error /m);
    }
    const json = buffers();
    expect(await runCli(['check', '--json', start, released], json)).toBe(0);
    expect(Array.isArray(JSON.parse(json.stdout))).toBe(true);
  });

  test('PREVIOUS from a Git ref, at the path NEXT has in the repository', async () => {
    const repo = path.join(root, 'repo');
    writeState(path.join(repo, 'dist'), state('blue', 'shop:1.0.0'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'blue live');
    writeState(path.join(repo, 'dist'), state('green', 'shop:1.1.0'));
    const io = buffers();
    expect(await runCli(['check', '--repo', repo, '--previous-ref', 'HEAD', path.join(repo, 'dist')], io)).toBe(1);
    expect(io.stdout).toContain('traffic-onto-unready-pods');
  });

  describe('no manifests is bad input (exit 2), never a pass', () => {
    const lines = (text: string) => text.split('\n').filter(l => l !== '');

    test('an empty NEXT folder', async () => {
      const previous = writeState(path.join(root, 'n1'), state('blue', 'shop:1.0.0'));
      const empty = path.join(root, 'empty-next');
      fs.mkdirSync(empty);
      const io = buffers();
      expect(await runCli(['check', previous, empty], io)).toBe(2);
      expect(lines(io.stderr)).toEqual([`cdk8s-zero-downtime check: NEXT (${empty}) holds no Kubernetes manifests: there is no .yaml or .yml file in it. Pass the folder "cdk8s synth" wrote (e.g. dist/), after running it, or pass --allow-removal '*' if every object goes on purpose.`]);
      expect(io.stdout).toBe('');
    });

    test('an empty PREVIOUS folder, or YAML with no document; --allow-empty-previous accepts it and says so', async () => {
      const next = writeState(path.join(root, 'n2'), state('blue', 'shop:1.0.0'));
      const empty = path.join(root, 'empty-previous');
      fs.mkdirSync(empty);
      const io = buffers();
      expect(await runCli(['check', empty, next], io)).toBe(2);
      expect(io.stderr).toMatch(new RegExp(`^cdk8s-zero-downtime check: PREVIOUS \\(${empty.replace(/[/.]/g, '\\$&')}\\) holds no Kubernetes manifests: there is no \\.yaml or \\.yml file in it, and comparing with nothing would pass any change\\. .*--allow-empty-previous`));
      fs.writeFileSync(path.join(empty, 'app.k8s.yaml'), '---\n# nothing\n');
      const io2 = buffers();
      expect(await runCli(['check', empty, next], io2)).toBe(2);
      expect(io2.stderr).toContain('its YAML holds no document');
      const allowed = buffers();
      expect(await runCli(['check', '--allow-empty-previous', empty, next], allowed)).toBe(0);
      expect(allowed.stderr).toBe(`cdk8s-zero-downtime check: PREVIOUS (${empty}) holds no manifests: NEXT is checked against an empty state (--allow-empty-previous).\n`);
    });

    describe('--previous-ref in real Git repositories', () => {
      const repoWith = (name: string, gitignore: string) => {
        const repo = path.join(root, name);
        fs.mkdirSync(repo, { recursive: true });
        const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { stdio: 'pipe' });
        git('init', '-q');
        fs.writeFileSync(path.join(repo, '.gitignore'), gitignore);
        writeState(path.join(repo, 'dist'), state('blue', 'shop:1.0.0'));
        return { repo, git };
      };

      test('dist/ ignored by Git: exit 2 naming the ignore rule, even with --allow-empty-previous', async () => {
        const { repo, git } = repoWith('ignored', 'node_modules\ndist/\n');
        git('add', '.');
        git('commit', '-q', '-m', 'app');
        for (const extra of [[], ['--allow-empty-previous']]) {
          const io = buffers();
          expect(await runCli(['check', ...extra, '--repo', repo, '--previous-ref', 'HEAD', path.join(repo, 'dist')], io)).toBe(2);
          expect(lines(io.stderr)).toEqual([expect.stringMatching(/^cdk8s-zero-downtime check: dist is ignored by Git \(\.gitignore:2:dist\/\), so no commit holds the manifests .* remove the pattern from the ignore file and commit dist\./)]);
          expect(io.stdout).toBe('');
        }
      });

      test('a repository with no commit: exit 2 that says to commit, or --allow-empty-previous', async () => {
        const { repo } = repoWith('unborn', 'node_modules\n');
        const io = buffers();
        expect(await runCli(['check', '--repo', repo, '--previous-ref', 'origin/main', path.join(repo, 'dist')], io)).toBe(2);
        expect(io.stderr).toMatch(/has no commit yet, so origin\/main holds no manifests: .* Commit the synthesized manifests \(dist\); .* pass --allow-empty-previous\.\n$/);
        const allowed = buffers();
        expect(await runCli(['check', '--allow-empty-previous', '--repo', repo, '--previous-ref', 'origin/main', path.join(repo, 'dist')], allowed)).toBe(0);
        expect(allowed.stderr).toBe('cdk8s-zero-downtime check: origin/main:dist holds no manifests: NEXT is checked against an empty state (--allow-empty-previous).\n');
      });

      test('a ref the repository does not have: exit 2 that says to fetch it', async () => {
        const { repo, git } = repoWith('shallow', 'node_modules\n');
        git('add', '.');
        git('commit', '-q', '-m', 'app');
        const io = buffers();
        expect(await runCli(['check', '--repo', repo, '--previous-ref', 'origin/main', path.join(repo, 'dist')], io)).toBe(2);
        expect(io.stderr).toMatch(/--previous-ref names "origin\/main", which is no branch, tag or commit of the repository .* git fetch origin main/);
      });
    });
  });

  test('input that cannot be read is exit 2 with one line and no stack trace', async () => {
    const io = buffers();
    expect(await runCli(['check', path.join(root, 'missing'), path.join(root, 'missing-too')], io)).toBe(2);
    expect(io.stderr.split('\n').filter(l => l !== '')).toHaveLength(1);
    expect(io.stderr).toMatch(/^cdk8s-zero-downtime check: .*missing/);
    expect(io.stderr).not.toMatch(/\n\s+at /);
    const bad = path.join(root, 'bad');
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, 'x.yaml'), 'kind: [unclosed\n');
    const io2 = buffers();
    expect(await runCli(['check', bad, bad], io2)).toBe(2);
    expect(io2.stderr).toMatch(/x\.yaml/);
  });

  test('a wrong command line is exit 2; --help prints the usage and exits 0', async () => {
    expect(() => parseCheckArgs(['only-one'])).toThrow(/give PREVIOUS and NEXT/);
    const io = buffers();
    expect(await runCli(['check', '--previous-ref', 'main', 'a', 'b'], io)).toBe(2);
    const help = buffers();
    expect(await runCli(['check', '--help'], help)).toBe(0);
    expect(help.stdout).toBe(CHECK_USAGE);
  });

  test('the compiled tool, as a user runs it', () => {
    const previous = writeState(path.join(root, 'e1'), state('blue', 'shop:1.0.0'));
    const next = writeState(path.join(root, 'e2'), state('green', 'shop:1.1.0'));
    const run = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'lib', 'cli', 'main.js'), 'check', previous, next], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error traffic-onto-unready-pods');
  });
});

describe('cdk8s-zero-downtime check --engine', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-engine-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  // A flip onto a colour released in the same commit, the Service in Argo CD's wave 2.
  const waved = (active: string, greenImage: string) => {
    const [blue, green, svc] = state(active, greenImage);
    return [blue, green, { ...svc, metadata: { ...svc.metadata, annotations: { 'argocd.argoproj.io/sync-wave': '2' } } }];
  };
  const previous = writeState(path.join(root, 'previous'), waved('blue', 'shop:1.0.0'));
  const next = writeState(path.join(root, 'next'), waved('green', 'shop:2.0.0'));

  test('read from the annotations: each wave is checked, and the output says the pair is safe only because Argo CD orders it', async () => {
    const io = buffers();
    expect(await runCli(['check', previous, next], io)).toBe(0);
    expect(io.stdout).toContain('engine: Argo CD (read from annotation argocd.argoproj.io/sync-wave on Service web/shop).\n');
    expect(io.stdout).toContain('  wave 0: applies Deployment web/shop-green\n  wave 2: applies Service web/shop\n');
    expect(io.stdout).toContain('Safe only because Argo CD orders it: applied at once (kubectl apply, or without the sync waves) it would be unsafe (traffic-onto-unready-pods).');
  });

  test('--engine apply judges the commit applied at once: exit 1', async () => {
    const io = buffers();
    expect(await runCli(['check', '--engine', 'apply', previous, next], io)).toBe(1);
    expect(io.stdout).toMatch(/^engine: kubectl apply \(as --engine says\)\.\nerror traffic-onto-unready-pods Service web\/shop: /);
  });

  test('an unknown engine is bad input: exit 2, one line', async () => {
    const io = buffers();
    expect(await runCli(['check', '--engine', 'argo', previous, next], io)).toBe(2);
    expect(io.stderr).toBe('cdk8s-zero-downtime check: --engine "argo" is not an engine: use argocd, flux, apply. Run "cdk8s-zero-downtime check --help" for its usage.\n');
  });
});
