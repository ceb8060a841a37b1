import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { gateYaml } from './_gates';
import { Criterion, LatencyPercentile } from '../../src/analysis/criterion';
import { MetricSource } from '../../src/analysis/metric-source';
import { createBlocks, describeWithPrometheus, freePort, PrometheusServer, Series, tempDir } from '../analysis/_prometheus';

/**
 * The compiled executable, run as a user's CI runs it (`node lib/cli/main.js gate ...`, which is
 * what `npx cdk8s-zero-downtime` starts), on manifests synthesized by the real construct,
 * against a real Prometheus holding a passing, a failing and a low-traffic release.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'lib', 'cli', 'main.js');

/** Fails with what to do when lib/ is missing or older than the sources it is compiled from. */
function checkCompiled(): void {
  const pairs: [string, string][] = [
    ...fs.readdirSync(path.join(ROOT, 'src', 'cli')).filter(f => f.endsWith('.ts'))
      .map((f): [string, string] => [path.join(ROOT, 'src', 'cli', f), path.join(ROOT, 'lib', 'cli', f.replace(/\.ts$/, '.js'))]),
    [path.join(ROOT, 'src', 'analysis', 'gate-program.ts'), path.join(ROOT, 'lib', 'analysis', 'gate-program.js')],
  ];
  for (const [source, compiled] of pairs) {
    if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(source).mtimeMs) {
      throw new Error(`${path.relative(ROOT, compiled)} is missing or older than ${path.relative(ROOT, source)}: run \`npx projen compile\` first (the test task does)`);
    }
  }
}

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** Runs the executable in `cwd`, as a CI step would. */
function cli(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the CLI did not finish in 20s: ${stderr}`)); }, 20_000);
    child.on('error', reject);
    child.on('close', code => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** app_requests_total of one release: stable at 0.5 % errors, the canary as given. */
function traffic(namespace: string, canary: { ok: number; errors: number }): Series[] {
  const series = (track: string, code: string, perSecond: number): Series => ({ name: 'app_requests_total', labels: { namespace, app: 'shop', track, code }, perSecond });
  return [
    series('stable', '200', 9.95), series('stable', '500', 0.05),
    series('canary', '200', canary.ok), series('canary', '500', canary.errors),
  ];
}

/**
 * Istio's request metrics of one release (istio/proxy istio_stats.cc), as the Istio gateway in
 * front of a Gateway API route reports them: Services "shop" and "shop-canary", every request
 * within 25 ms, stable at 0.5 % errors.
 */
function istioTraffic(namespace: string, canary: { ok: number; errors: number }): Series[] {
  const series: Series[] = [];
  const add = (service: string, code: string, perSecond: number) => {
    const labels = {
      reporter: 'source',
      destination_service: `${service}.${namespace}.svc.cluster.local`,
      destination_service_name: service,
      destination_service_namespace: namespace,
      response_code: code,
    };
    series.push({ name: 'istio_requests_total', labels, perSecond });
    for (const le of ['25', '100', '+Inf']) {
      series.push({ name: 'istio_request_duration_milliseconds_bucket', labels: { ...labels, le }, perSecond });
    }
  };
  add('shop', '200', 9.95);
  add('shop', '500', 0.05);
  add('shop-canary', '200', canary.ok);
  add('shop-canary', '500', canary.errors);
  return series;
}

/** A gate on Istio's metrics, for a release routed without an Ingress. */
const ISTIO = {
  source: MetricSource.istio(),
  criteria: [Criterion.errorRate({ max: 0.05 }), Criterion.latency({ percentile: LatencyPercentile.P99, max: Duration.millis(500) })],
};

/** A row of the summary's table, as Markdown. */
const row = (criterion: string, passesWhen: string, last: string, verdict: string) => `\n| \`${criterion}\` | \`${passesWhen}\` | ${last} | ${verdict} |\n`;

describeWithPrometheus('cdk8s-zero-downtime gate on a real Prometheus', () => {
  let server: PrometheusServer;
  let work: string;

  beforeAll(async () => {
    checkCompiled();
    const dir = tempDir('cli-prometheus-');
    const port = await freePort();
    const now = Math.floor(Date.now() / 1000);
    createBlocks(dir, [
      ...traffic('pass', { ok: 4.95, errors: 0.05 }), // 1 % errors
      ...traffic('fail', { ok: 4.5, errors: 0.5 }), // 10 % errors
      ...traffic('low', { ok: 0.09, errors: 0.01 }), // 30 requests in the window, below 100
      ...istioTraffic('mesh-pass', { ok: 4.95, errors: 0.05 }), // 1 % errors
      ...istioTraffic('mesh-fail', { ok: 4.5, errors: 0.5 }), // 10 % errors
    ], now - 1800, now, 15);
    server = await PrometheusServer.start(dir, port, []);

    // What `cdk8s synth` would write for three apps: one file each, under dist/.
    work = tempDir('cli-manifests-');
    fs.mkdirSync(path.join(work, 'dist'));
    for (const name of ['pass', 'fail', 'low']) {
      fs.writeFileSync(path.join(work, 'dist', `${name}.k8s.yaml`), gateYaml(name, `gate-${name}`));
    }
    fs.mkdirSync(path.join(work, 'mesh'));
    for (const name of ['mesh-pass', 'mesh-fail']) {
      fs.writeFileSync(path.join(work, 'mesh', `${name}.k8s.yaml`), gateYaml(name, `gate-${name}`, ISTIO));
    }
  }, 40_000);

  afterAll(() => {
    server?.stop();
    if (work) { fs.rmSync(work, { recursive: true, force: true }); }
  });

  test('pass: exit 0, the Job\'s log lines on stderr, the Markdown summary on stdout', async () => {
    const r = await cli(work, ['gate', '--gate', 'gate-pass', '--prometheus', server.url, 'dist/']);
    expect(r.stderr).toMatch(/ analysis gate gate-pass for release gate-pass-v2: 2 criteria, 1 measurement\(s\) 1s apart, Prometheus http:\/\/127\.0\.0\.1:\d+\n/);
    expect(r.stderr).toMatch(/ error-rate #1: pass \(/);
    expect(r.stdout).toMatch(/^### Analysis gate `gate-pass`: ✅ pass\n/);
    expect(r.stdout).toMatch(/\nRelease `gate-pass-v2`; gate Job `pass\/gate-pass-gate-[0-9a-f]{10}` in `dist\/pass\.k8s\.yaml`; 1 measurement\(s\) 1s apart\.\n/);
    expect(r.stdout).toContain(row('error-rate', '<= 0.05', '0.01', '✅ pass'));
    expect(r.stdout).toMatch(/\n\| `relative-error-rate` \| `<= 0\.005` \| [-0-9.e]+ \| ✅ pass \|\n/);
    expect(r.stdout).toContain('\n**Verdict: pass** (exit code 0)');
    expect(r.code).toBe(0);
  });

  test('fail: exit 1, and the summary says which criterion failed at which value', async () => {
    const r = await cli(work, ['gate', '--gate', 'fail/gate-fail', '--prometheus', server.url, 'dist/']);
    expect(r.stdout).toMatch(/^### Analysis gate `gate-fail`: ❌ fail\n/);
    expect(r.stdout).toContain(row('error-rate', '<= 0.05', '0.1', '❌ fail'));
    expect(r.stdout).toContain('\n**Verdict: fail** (exit code 1)');
    expect(r.code).toBe(1);
  });

  test('too few requests: exit 3, inconclusive', async () => {
    const r = await cli(work, ['gate', '--gate', 'gate-low', '--prometheus', `${server.url}/`, 'dist/low.k8s.yaml']);
    expect(r.stdout).toMatch(/^### Analysis gate `gate-low`: ⚠️ inconclusive\n/);
    expect(r.stdout).toContain(row('error-rate', '<= 0.05', 'too few requests', '⚠️ inconclusive'));
    expect(r.stdout).toContain('\n**Verdict: inconclusive** (exit code 3)');
    expect(r.code).toBe(3);
  });

  test('a gate on Istio\'s metrics: the same program passes the healthy canary, latency in seconds', async () => {
    const r = await cli(work, ['gate', '--gate', 'gate-mesh-pass', '--prometheus', server.url, 'mesh/']);
    expect(r.stdout).toMatch(/^### Analysis gate `gate-mesh-pass`: ✅ pass\n/);
    expect(r.stdout).toContain(row('error-rate', '<= 0.05', '0.01', '✅ pass'));
    expect(r.stdout).toMatch(/\n\| `latency-p99` \| `<= 0\.5` \| 0\.02475 \| ✅ pass \|\n/);
    expect(r.code).toBe(0);
  });

  test('a gate on Istio\'s metrics: exit 1 on the failing canary', async () => {
    const r = await cli(work, ['gate', '--gate', 'gate-mesh-fail', '--prometheus', server.url, 'mesh/']);
    expect(r.stdout).toContain(row('error-rate', '<= 0.05', '0.1', '❌ fail'));
    expect(r.stdout).toContain('\n**Verdict: fail** (exit code 1)');
    expect(r.code).toBe(1);
  });

  test('Prometheus unreachable: exit 4, not a verdict on the release', async () => {
    const closed = await freePort();
    const r = await cli(work, ['gate', '--gate', 'gate-pass', '--prometheus', `http://127.0.0.1:${closed}`, 'dist/']);
    expect(r.stderr).toMatch(/ error-rate: query error 2\/2: fetch failed\n/);
    expect(r.stdout).toMatch(/^### Analysis gate `gate-pass`: ⛔ error\n/);
    expect(r.stdout).toMatch(/\n\| `error-rate` \| `<= 0\.05` \| query failed: fetch failed \(.*ECONNREFUSED.*\) \| ⛔ error \|\n/);
    expect(r.stdout).toContain('\n**Verdict: error** (exit code 4): Prometheus could not be queried');
    expect(r.code).toBe(4);
  });

  test('a missing manifest: exit 2, one line on stderr that says what to pass, no stack trace', async () => {
    const r = await cli(work, ['gate', '--prometheus', server.url, 'dist/missing.k8s.yaml']);
    expect(r.stderr).toBe('cdk8s-zero-downtime gate: dist/missing.k8s.yaml: no such file or folder. Pass the YAML files or folders that "cdk8s synth" wrote, e.g. dist/.\n');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });
});
