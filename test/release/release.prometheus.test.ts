import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CHECKOUT, STOREFRONT, synthFromFile } from './_apps';
import { FindingSeverity, GitOpsEngine, TransitionCheck } from '../../src';
import { runCli } from '../../src/cli/cli';
import { formatPosition, PositionData } from '../../src/release/position-file';
import { createBlocks, describeWithPrometheus, freePort, PrometheusServer, Series, tempDir } from '../analysis/_prometheus';
import { gateYaml } from '../cli/_gates';
import { buffers } from '../cli/_helpers';

/**
 * Issue #25, done when: in a temporary Git repository, a canary and a blue-green release are
 * driven from start to finish only by `release next`, each commit synthesized from the position
 * file by a tiny app and passing the transition checker for its engine, with the gate evaluated
 * against a real Prometheus (Debian's, on recorded series); a failing gate makes `release next`
 * exit 1, and `release abort` leads to commits that pass the checker and end with users on the
 * known-good version.
 */

/** app_requests_total of one release: stable at 0.5 % errors, the candidate as given (test/cli/gate.prometheus.test.ts). */
function traffic(namespace: string, canary: { ok: number; errors: number }): Series[] {
  const series = (track: string, code: string, perSecond: number): Series => ({ name: 'app_requests_total', labels: { namespace, app: 'shop', track, code }, perSecond });
  return [
    series('stable', '200', 9.95), series('stable', '500', 0.05),
    series('canary', '200', canary.ok), series('canary', '500', canary.errors),
  ];
}

const ENGINE: { [name: string]: GitOpsEngine } = { apply: GitOpsEngine.APPLY, argocd: GitOpsEngine.ARGO_CD, flux: GitOpsEngine.FLUX };

/** A GitOps repository: the position file, the synthesized YAML, one commit per position. */
class Repo {
  public readonly dir = tempDir('release-repo-');
  public readonly file: string;
  public readonly states: any[][] = [];
  public readonly findings: string[][] = [];
  public readonly log: string[] = [];
  /** How often `release next` ran the gate, and what it said. */
  public gateRuns = 0;

  constructor(start: PositionData, public readonly engine: string) {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'ci@example.com');
    this.git('config', 'user.name', 'CI');
    fs.mkdirSync(path.join(this.dir, 'releases'));
    this.file = path.join(this.dir, 'releases', `${start.release}.json`);
    fs.writeFileSync(this.file, formatPosition({ ...start, engine: engine as any }));
    this.commit('start');
  }

  public git(...args: string[]): string {
    const r = spawnSync('git', args, { cwd: this.dir, encoding: 'utf8' });
    if (r.status !== 0) { throw new Error(`git ${args.join(' ')}: ${r.stderr}`); }
    return r.stdout;
  }

  /** Whether `release` changed the file since the last commit. */
  public changed(): boolean {
    return this.git('status', '--porcelain', '--', 'releases').trim() !== '';
  }

  /** Synthesizes the app from the file, checks the pair with the one before, commits both. */
  public commit(message: string): void {
    const state = synthFromFile(this.file, ENGINE[this.engine]);
    const previous = this.states[this.states.length - 1];
    if (previous) {
      this.findings.push(TransitionCheck.between(previous, state, { engine: ENGINE[this.engine] })
        .filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`));
    }
    this.states.push(state);
    fs.writeFileSync(path.join(this.dir, 'dist.k8s.yaml'), state.map(o => YAML.stringify(o)).join('---\n'));
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    this.log.push(message);
  }

  /** Runs `cdk8s-zero-downtime release ...` as CI would; commits what it wrote. */
  public async release(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = buffers();
    const code = await runCli(['release', ...args.map(a => (a === 'FILE' ? this.file : a))], io);
    if (/running the gate of Job/.test(io.stderr)) { this.gateRuns++; }
    if (code === 0 && this.changed()) { this.commit(io.stdout.trim()); }
    return { code, stdout: io.stdout, stderr: io.stderr };
  }

  public position(): any { return JSON.parse(fs.readFileSync(this.file, 'utf8')); }
  public last(): any[] { return this.states[this.states.length - 1]; }
  public cleanup(): void { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

const find = (state: any[], kind: string, name: string) => state.find(o => o.kind === kind && o.metadata.name === name);
const canaryWeight = (state: any[]) => find(state, 'Ingress', 'storefront-canary')?.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight'];

describeWithPrometheus('releases driven by release next in a Git repository, gated by a real Prometheus', () => {
  let server: PrometheusServer;
  let gates: string;
  const repos: Repo[] = [];

  beforeAll(async () => {
    const dir = tempDir('release-prometheus-');
    const now = Math.floor(Date.now() / 1000);
    createBlocks(dir, [
      ...traffic('pass', { ok: 4.95, errors: 0.05 }), // 1 % errors
      ...traffic('fail', { ok: 4.5, errors: 0.5 }), // 10 % errors
    ], now - 1800, now, 15);
    server = await PrometheusServer.start(dir, await freePort(), []);
    // The gate Jobs as synthesized by AnalysisGate (test/cli/_gates.ts): their settings and queries.
    gates = tempDir('release-gates-');
    for (const name of ['pass', 'fail']) {
      fs.mkdirSync(path.join(gates, name));
      fs.writeFileSync(path.join(gates, name, 'gate.k8s.yaml'), gateYaml(name, `gate-${name}`));
    }
  }, 60_000);

  afterAll(() => {
    server?.stop();
    if (gates) { fs.rmSync(gates, { recursive: true, force: true }); }
    repos.forEach(r => r.cleanup());
  });

  const gate = (verdict: 'pass' | 'fail') => ['--prometheus', server.url, '--manifests', path.join(gates, verdict)];

  /** `release next` until it has nothing to do; every exit code must be 0. */
  async function drive(repo: Repo): Promise<void> {
    for (let i = 0; i < 15; i++) {
      const r = await repo.release('next', 'FILE', '--soak', '0s', ...gate('pass'));
      expect([r.code, r.stderr]).toEqual([0, expect.not.stringMatching(/failed|waiting/)]);
      if (!repo.changed() && r.stdout.includes('nothing to do')) { return; }
    }
    throw new Error(`no end: ${repo.log.join(' | ')}`);
  }

  test.each(['apply', 'argocd'])('a canary release from start to finish under %s', async (engine) => {
    const repo = new Repo(STOREFRONT, engine);
    repos.push(repo);
    await drive(repo);
    expect(repo.findings.every(f => f.length === 0)).toBe(true);
    expect(repo.findings).toEqual(repo.findings.map(() => []));
    // Every commit is one position; under Argo CD the sizing and the roll-out are merged.
    expect(repo.log.length).toBe(engine === 'apply' ? 10 : 6);
    expect(repo.position()).toMatchObject({ stable: '2.8.0', candidate: '2.8.0', phase: 'step', step: 0 });
    const stable = find(repo.last(), 'Deployment', 'storefront-stable');
    expect(stable.spec.template.spec.containers[0].image).toBe('ghcr.io/example/storefront:2.8.0');
    expect(canaryWeight(repo.last()) ?? '0').toBe('0');
    // Only testers' header routing reaches the canary's one pod now, as in canary-done.
    expect(find(repo.last(), 'Deployment', 'storefront-canary').spec.replicas).toBe(1);
    // The gate ran while users were on the candidate, and only then: from steps 1 to 3 (and
    // under apply from the sized positions between them, weight 5 and 25).
    expect(repo.gateRuns).toBe(engine === 'apply' ? 5 : 3);
  }, 120_000);

  test.each(['apply', 'flux'])('a blue-green release from start to finish under %s', async (engine) => {
    const repo = new Repo(CHECKOUT, engine);
    repos.push(repo);
    await drive(repo);
    expect(repo.findings).toEqual(repo.findings.map(() => []));
    expect(repo.log.length).toBe(3);
    // Before the flip the smoke test judges the idle colour; after it, the gate judges users' traffic.
    expect(repo.gateRuns).toBe(1);
    expect(repo.position()).toMatchObject({ active: 'green', phase: 'retired' });
    expect(find(repo.last(), 'Service', 'checkout').spec.selector.color).toBe('green');
    expect(find(repo.last(), 'Deployment', 'checkout-blue').spec.replicas).toBe(0);
  }, 120_000);

  test.each(['apply', 'argocd'])('a failing gate at a step under %s: next exits 1 and writes nothing, abort brings users back to stable', async (engine) => {
    const repo = new Repo({ ...STOREFRONT, step: 2 } as PositionData, engine);
    repos.push(repo);
    const before = fs.readFileSync(repo.file, 'utf8');
    const failed = await repo.release('next', 'FILE', ...gate('fail'));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/the gate failed: the release must not advance\. Run "cdk8s-zero-downtime release abort .*storefront\.json" to send users back/);
    expect(fs.readFileSync(repo.file, 'utf8')).toBe(before);
    for (let i = 0; i < 5; i++) {
      const r = await repo.release('abort', 'FILE');
      expect(r.code).toBe(0);
      if (r.stdout.includes('nothing to do')) { break; }
    }
    expect(repo.findings).toEqual(repo.findings.map(() => []));
    expect(repo.log.slice(1)).toEqual([
      expect.stringMatching(/^storefront: weight back to 0: users back on 2\.7\.0/),
      expect.stringMatching(/^storefront: finish the abort: the canary scaled down/),
    ]);
    expect(canaryWeight(repo.last()) ?? '0').toBe('0');
    // Sized back down to the one pod testers' header routing reaches, as in canary-start.
    expect(find(repo.last(), 'Deployment', 'storefront-canary').spec.replicas).toBe(1);
    expect(find(repo.last(), 'Deployment', 'storefront-stable').spec.template.spec.containers[0].image).toBe('ghcr.io/example/storefront:2.7.0');
    // And next does not release the aborted candidate again.
    const after = await repo.release('next', 'FILE');
    expect([after.code, repo.changed()]).toEqual([0, false]);
    expect(after.stdout).toMatch(/was aborted; users are on 2\.7\.0/);
  }, 120_000);

  test('a failing gate after a blue-green flip: abort flips back in one commit', async () => {
    const repo = new Repo({ ...CHECKOUT, active: 'green', phase: 'flipped' } as PositionData, 'apply');
    repos.push(repo);
    expect((await repo.release('next', 'FILE', ...gate('fail'))).code).toBe(1);
    expect((await repo.release('abort', 'FILE')).code).toBe(0);
    expect(repo.findings).toEqual([[]]);
    expect(find(repo.last(), 'Service', 'checkout').spec.selector.color).toBe('blue');
  }, 60_000);

  test('--soak waits for the time since the file\'s last commit: exit 3, nothing written', async () => {
    const repo = new Repo(STOREFRONT, 'apply');
    repos.push(repo);
    const r = await repo.release('next', 'FILE', '--soak', '1h');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/waiting: .*storefront\.json last changed \d+s ago, and the release soaks 3600s at each position; nothing written/);
    expect(repo.changed()).toBe(false);
  });
});
