import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gateYaml } from './_gates';
import { buffers } from './_helpers';
import { runCli } from '../../src/cli/cli';

/**
 * The gate command in-process, end to end except for Prometheus: every query here goes to a
 * port fetch refuses to connect to, so the gate ends in error (exit 3). The verdicts on real
 * data are in gate.prometheus.test.ts, through the compiled executable.
 */


// Port 1 is on fetch's list of bad ports: refused at once, nothing is sent.
const NOWHERE = 'http://127.0.0.1:1';

describe('cdk8s-zero-downtime gate, in-process', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-gate-'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), gateYaml('shop', 'shop-analysis'));
    fs.writeFileSync(path.join(dir, 'dist', 'cart.k8s.yaml'), gateYaml('cart', 'cart-analysis'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('runs the chosen gate against --prometheus: logs to stderr, Markdown to stdout and the summary file, exit 4', async () => {
    const io = buffers();
    const summary = path.join(dir, 'summary.md');
    const code = await runCli(['gate', '--gate', 'cart-analysis', '--prometheus', NOWHERE, '--summary', summary, path.join(dir, 'dist')], io);
    expect(io.stderr).toMatch(/^\S+Z analysis gate cart-analysis for release cart-analysis-v2: 2 criteria, 1 measurement\(s\) 1s apart, Prometheus http:\/\/127\.0\.0\.1:1\n/);
    expect(io.stderr).toMatch(/\n\S+Z error-rate: query error 2\/2: .*fetch failed\n/);
    expect(io.stdout).toContain('### Analysis gate `cart-analysis`: ⛔ error\n');
    expect(io.stdout).toMatch(/\n\| `error-rate` \| `<= 0\.05` \| query failed: fetch failed \(.+\) \| ⛔ error \|\n/);
    expect(fs.readFileSync(summary, 'utf8')).toBe(io.stdout);
    expect(code).toBe(4);
  });

  test('--json prints the result as JSON instead, and the summary file still gets the Markdown', async () => {
    const io = buffers();
    const summary = path.join(dir, 'summary-json.md');
    const code = await runCli(['gate', '--json', '--summary', summary, '--prometheus', NOWHERE, path.join(dir, 'dist', 'shop.k8s.yaml')], io);
    const json = JSON.parse(io.stdout);
    expect(json).toMatchObject({ gate: 'shop-analysis', release: 'shop-analysis-v2', namespace: 'shop', prometheus: NOWHERE, verdict: 'error', exitCode: 4 });
    expect(json.criteria.map((c: { name: string; phase: string }) => [c.name, c.phase])).toEqual([['error-rate', 'error'], ['relative-error-rate', 'error']]);
    expect(fs.readFileSync(summary, 'utf8')).toContain('### Analysis gate `shop-analysis`: ⛔ error\n');
    expect(code).toBe(4);
  });

  test('several gates and no --gate: exit 2 before any query, nothing on stdout', async () => {
    const io = buffers();
    expect(await runCli(['gate', '--prometheus', NOWHERE, path.join(dir, 'dist')], io)).toBe(2);
    expect(io.stderr).toMatch(/^cdk8s-zero-downtime gate: the manifests hold 2 analysis gates: cart-analysis \(cart\/cart-analysis-gate-[0-9a-f]{10} in .*\), shop-analysis \(shop\/shop-analysis-gate-[0-9a-f]{10} in .*\)\. Choose one with --gate NAME\.\n$/);
    expect(io.stdout).toBe('');
  });

  test('a summary file that cannot be written is an input error before the gate runs', async () => {
    const io = buffers();
    const summary = path.join(dir, 'no-such-folder', 'summary.md');
    expect(await runCli(['gate', '--summary', summary, '--prometheus', NOWHERE, path.join(dir, 'dist', 'shop.k8s.yaml')], io)).toBe(2);
    expect(io.stderr).toBe(`cdk8s-zero-downtime gate: cannot write the summary to ${summary} (ENOENT). Pass a file in an existing, writable folder to --summary.\n`);
    expect(io.stdout).toBe('');
  });
});

test('docs/cli.md quotes the error for several gates exactly as the tool prints it', async () => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
  const quoted = /Every error is one line on stderr[^\n]*\n\n```\n([^\n]*\n)```\n/.exec(page)?.[1];
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-doc-'));
  const cwd = process.cwd();
  try {
    fs.mkdirSync(path.join(app, 'dist'));
    fs.writeFileSync(path.join(app, 'dist', 'cart.k8s.yaml'), gateYaml('shop', 'cart-analysis'));
    fs.writeFileSync(path.join(app, 'dist', 'storefront.k8s.yaml'), gateYaml('shop', 'storefront-analysis'));
    // As the page runs it: from the app's folder, on dist/.
    process.chdir(app);
    const io = buffers();
    expect(await runCli(['gate', 'dist/'], io)).toBe(2);
    expect(quoted).toBe(io.stderr);
  } finally {
    process.chdir(cwd);
    fs.rmSync(app, { recursive: true, force: true });
  }
});
