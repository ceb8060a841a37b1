import * as fs from 'fs';
import * as path from 'path';
import { STOREFRONT, CHECKOUT } from './_apps';
import { runCli } from '../../src/cli/cli';
import { parseDuration, parseReleaseArgs } from '../../src/cli/release';
import { formatPosition, PositionData } from '../../src/release/position-file';
import { tempDir } from '../analysis/_prometheus';
import { buffers, cliError } from '../cli/_helpers';

let dir: string;
beforeEach(() => { dir = tempDir('release-cli-'); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function write(p: PositionData | string): string {
  const file = path.join(dir, 'storefront.json');
  fs.writeFileSync(file, typeof p === 'string' ? p : formatPosition(p));
  return file;
}
async function run(...args: string[]) {
  const io = buffers();
  const code = await runCli(['release', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('release status', () => {
  test('says where the release is and what next and abort would write, and writes nothing', async () => {
    const file = write({ ...STOREFRONT, step: 2 } as PositionData);
    const before = fs.readFileSync(file, 'utf8');
    const r = await run('status', file, '--engine', 'argocd');
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: 'storefront (canary, engine argocd): step 2 of 3: 2.8.0 at weight 25, stable 2.7.0\n'
        + 'next: step 3: weight 25 to 100, the canary sized for it in the same commit (argocd applies its pods first)\n'
        + 'abort: weight back to 0: users back on 2.7.0, the canary keeps its pods and stable its floor until the next commit\n',
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('a finished release: nothing to do either way', async () => {
    const r = await run('status', write({ ...STOREFRONT, stable: '2.8.0' } as PositionData));
    expect(r.stdout).toMatch(/^storefront \(canary, engine apply\): done: stable runs 2\.8\.0.*\nnext: nothing to do: nothing to release.*\nabort: nothing to do: nothing to abort/);
  });
});

describe('release next and abort', () => {
  test('next writes the next position as a one-line change, and says what the commit does', async () => {
    const file = write({ ...STOREFRONT, step: 1 } as PositionData);
    const r = await run('next', file);
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'storefront: size the release for step 2 (weight 25), the weight stays 5\n' });
    expect(fs.readFileSync(file, 'utf8')).toBe(formatPosition({ ...STOREFRONT, step: 1, phase: 'sized' } as PositionData));
    expect(fs.readdirSync(dir)).toEqual(['storefront.json']);
  });

  test('the engine in the file decides when --engine is not given', async () => {
    const file = write({ ...STOREFRONT, engine: 'flux', step: 1 } as PositionData);
    expect((await run('next', file)).stdout).toMatch(/^storefront: step 2: weight 5 to 25/);
  });

  test('--engine that contradicts the file is bad input', async () => {
    const file = write({ ...STOREFRONT, engine: 'flux' } as PositionData);
    const r = await run('next', file, '--engine', 'apply');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--engine apply contradicts "engine": "flux" in .*storefront\.json/);
  });

  test('abort after a promotion is refused (exit 1) and writes nothing', async () => {
    const file = write({ ...STOREFRONT, phase: 'promoted', step: 3 } as PositionData);
    const before = fs.readFileSync(file, 'utf8');
    const r = await run('abort', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cdk8s-zero-downtime release abort: the release is promoted: stable runs 2\.8\.0 for every user/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('abort of a blue-green release after the flip flips back', async () => {
    const file = write({ ...CHECKOUT, active: 'green', phase: 'flipped' } as PositionData);
    expect((await run('abort', file)).stdout).toBe('checkout: flip back: blue (3.1.0) becomes active again\n');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ active: 'blue', phase: 'aborted' });
  });

  test('a hand-broken file is exit 2, one line naming the file, the field, the value and the fix; the file is left alone', async () => {
    const text = formatPosition(STOREFRONT).replace('"step": 0', '"step": 7');
    const file = write(text);
    const r = await run('next', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk8s-zero-downtime release: ${file}: invalid "step" (received 7): in phase "step" the step is a whole number from 0 to 3 (the steps are [5,25,100]). Fix: set "step" between 0 and 3.\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  test('a file that is not JSON', async () => {
    const file = write('{ "release": "storefront",\n');
    const r = await run('status', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cdk8s-zero-downtime release: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not JSON \\(.+\\)\\. Fix: write one JSON object.*\\n$`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the command line', () => {
  test.each([
    [['next'], /no position file given: write cdk8s-zero-downtime release next releases\/<app>\.json/],
    [['go', 'f.json'], /unknown action "go": write cdk8s-zero-downtime release status\|next\|abort FILE/],
    [['next', 'a.json', 'b.json'], /one position file at a time, got 2 \(a\.json b\.json\)/],
    [['next', 'f.json', '--engine', 'argo'], /--engine "argo" is not an engine: use argocd, flux, apply/],
    [['next', 'f.json', '--soak', '10 minutes'], /--soak "10 minutes" is not a duration: write it like 30s, 10m or 1h30m/],
    [['next', 'f.json', '--prometheus', 'http://prometheus:9090'], /--prometheus needs --manifests PATH/],
    [['next', 'f.json', '--manifests', 'dist/'], /--manifests and --gate choose the gate that --prometheus runs: add --prometheus URL/],
    [['abort', 'f.json', '--soak', '10m'], /--soak only apply to "release next": abort neither waits nor asks the gate/],
  ])('%j is bad input', (args, message) => {
    expect(cliError(() => parseReleaseArgs(args)).message).toMatch(message);
  });

  test('durations', () => {
    expect([parseDuration('30s'), parseDuration('10m'), parseDuration('1h30m'), parseDuration('0s'), parseDuration('10'), parseDuration('')])
      .toEqual([30, 600, 5400, 0, undefined, undefined]);
  });
});
