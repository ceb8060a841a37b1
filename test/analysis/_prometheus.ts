import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * A real Prometheus for the tests: Debian's `prometheus` package (`/usr/bin/prometheus` and
 * `/usr/bin/promtool`). Nothing here is a mock; where the binaries are missing the tests say so.
 */

function which(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export const PROMETHEUS = which('prometheus');
export const PROMTOOL = which('promtool');
export const MISSING = [PROMETHEUS ? undefined : 'prometheus', PROMTOOL ? undefined : 'promtool'].filter(x => x !== undefined);
export const MISSING_MESSAGE = `${MISSING.join(' and ')} not found on the PATH: install the Debian package "prometheus" (apt-get install prometheus), which brings both`;

/**
 * `describe` for tests that need the binaries. Without them it skips, loudly, on a developer's
 * machine; in CI (CI=true) it runs and fails with the reason.
 */
export function describeWithPrometheus(name: string, body: () => void): void {
  if (MISSING.length === 0) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      test('the prometheus package is installed', () => { throw new Error(MISSING_MESSAGE); });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED "${name}": ${MISSING_MESSAGE}`);
    describe.skip(name, body);
  }
}

/** A temporary directory, removed by `cleanup`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs promtool; returns its exit status and output. */
export function promtool(args: string[], cwd?: string): { status: number | null; output: string } {
  const r = spawnSync(PROMTOOL!, args, { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** One sample of an OpenMetrics series. */
export interface Series {
  readonly name: string;
  readonly labels: { [key: string]: string };
  /** Increase per second, for a counter that starts at 0. */
  readonly perSecond: number;
}

/**
 * Writes counters as OpenMetrics text, one sample every `step` seconds from `from` to `to`
 * (unix seconds), and turns them into TSDB blocks with `promtool tsdb create-blocks-from`.
 */
export function createBlocks(dir: string, series: Series[], from: number, to: number, step: number): void {
  const lines: string[] = [];
  for (const s of series) {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',');
    for (let t = from; t <= to; t += step) {
      lines.push(`${s.name}{${labels}} ${(s.perSecond * (t - from)).toFixed(3)} ${t}`);
    }
  }
  lines.push('# EOF');
  const file = path.join(dir, 'data.om');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const r = promtool(['tsdb', 'create-blocks-from', 'openmetrics', file, path.join(dir, 'data')]);
  if (r.status !== 0) { throw new Error(`promtool could not create blocks: ${r.output}`); }
}

/** A Prometheus server on 127.0.0.1, with its own storage, killed by `stop`. */
/**
 * Writes each gate's alerting-rule groups to `dir/<name>.rules.yml`, starts Prometheus on them
 * and waits for two rule evaluations (one a second), so alerts can be read at once.
 */
export async function startWithRules(dir: string, port: number, groups: { [name: string]: unknown }): Promise<PrometheusServer> {
  const ruleFiles = Object.entries(groups).map(([name, g]) => {
    const file = path.join(dir, `${name}.rules.yml`);
    fs.writeFileSync(file, YAML.stringify({ groups: g }));
    return file;
  });
  const server = await PrometheusServer.start(dir, port, ruleFiles);
  await new Promise(r => setTimeout(r, 3000));
  return server;
}

export class PrometheusServer {
  /** Starts the server on the TSDB in `dir/data` with the given rule files, and waits until it is ready. */
  public static async start(dir: string, port: number, ruleFiles: string[]): Promise<PrometheusServer> {
    const config = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(config, JSON.stringify({ global: { evaluation_interval: '1s' }, rule_files: ruleFiles }));
    const log = fs.openSync(path.join(dir, 'prometheus.log'), 'w');
    const child = spawn(PROMETHEUS!, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1d',
    ], { stdio: ['ignore', log, log] });
    const server = new PrometheusServer(child, `http://127.0.0.1:${port}`, dir);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) { break; }
      try {
        const r = await fetch(`${server.url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        if (r.ok) { return server; }
      } catch {
        // not listening yet
      }
      await new Promise(r => setTimeout(r, 200));
    }
    server.stop();
    throw new Error(`Prometheus did not become ready on ${server.url}: ${fs.readFileSync(path.join(dir, 'prometheus.log'), 'utf8').slice(-2000)}`);
  }

  private constructor(private readonly child: ChildProcess, public readonly url: string, public readonly dir: string) {}

  /** The sample values of an instant query at the current time. */
  public async query(promql: string): Promise<number[]> {
    const r = await fetch(`${this.url}/api/v1/query`, {
      method: 'POST',
      body: new URLSearchParams({ query: promql }),
      signal: AbortSignal.timeout(5000),
    });
    const body: any = await r.json();
    if (body.status !== 'success') { throw new Error(`query failed: ${body.error}`); }
    const parse = (v: string) => v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v);
    return body.data.result.map((s: any) => parse(s.value[1]));
  }

  /** The alerts the server's rules hold now, pending or firing. */
  public async alerts(): Promise<{ labels: { [key: string]: string }; state: string }[]> {
    const r = await fetch(`${this.url}/api/v1/alerts`, { signal: AbortSignal.timeout(5000) });
    const body: any = await r.json();
    return body.data.alerts;
  }

  /** Kills the server (by its own process id) and removes its directory. */
  public stop(): void {
    if (this.child.exitCode === null) { this.child.kill('SIGKILL'); }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs a command as a container would: `command[0]` with the rest as arguments, and the env. */
export function runContainer(container: any, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const env: { [k: string]: string } = { PATH: process.env.PATH ?? '' };
  for (const e of container.env ?? []) { env[e.name] = e.value; }
  const [cmd, ...args] = container.command;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', d => { output += d; });
    child.stderr.on('data', d => { output += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`container did not finish in ${timeoutMs}ms: ${output}`)); }, timeoutMs);
    child.on('error', reject);
    child.on('close', code => { clearTimeout(timer); resolve({ code, output }); });
  });
}

