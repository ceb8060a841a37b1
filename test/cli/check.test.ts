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
