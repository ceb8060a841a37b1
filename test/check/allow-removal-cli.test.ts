import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WEB } from './_yaml';
import { parseCheckArgs } from '../../src/cli/check';
import { runCli } from '../../src/cli/cli';
import { Io } from '../../src/cli/common';

/** `--allow-removal`: the one CLI flag the checker needs (the rest of src/cli is tested in test/cli). */
function io(): Io & { stdout: string; stderr: string } {
  const b = { stdout: '', stderr: '', out(t: string) { b.stdout += t; }, err(t: string) { b.stderr += t; } };
  return b;
}

describe('check --allow-removal', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-allow-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const previous = path.join(root, 'previous.yaml');
  const empty = path.join(root, 'empty');
  fs.writeFileSync(previous, WEB);
  fs.mkdirSync(empty);

  test('is a comma-separated list', () => {
    expect(parseCheckArgs(['--allow-removal', 'web, Ingress/web', 'a', 'b']).allowRemoval).toEqual(['web', 'Ingress/web']);
    expect(parseCheckArgs(['a', 'b']).allowRemoval).toEqual([]);
  });

  test('an empty NEXT folder is bad input (exit 2) that names the flag; said on purpose it is judged and passes', async () => {
    const refused = io();
    expect(await runCli(['check', previous, empty], refused)).toBe(2);
    expect(refused.stderr).toMatch(/NEXT \(.*empty\) holds no Kubernetes manifests: .* or pass --allow-removal '\*' if every object goes on purpose/);
    const named = io();
    expect(await runCli(['check', '--allow-removal', 'Ingress/web', previous, empty], named)).toBe(1);
    expect(named.stdout).toMatch(/error next-empty NEXT: The new state holds no object, while the current one holds 3/);
    const allowed = io();
    expect(await runCli(['check', '--allow-removal', '*', previous, empty], allowed)).toBe(0);
  });

  test('a NEXT without the Ingress is unsafe; naming the Ingress allows it', async () => {
    const next = path.join(root, 'no-ingress.yaml');
    fs.writeFileSync(next, WEB.slice(0, WEB.lastIndexOf('---')));
    const refused = io();
    expect(await runCli(['check', previous, next], refused)).toBe(1);
    expect(refused.stdout).toMatch(/error entry-route-removed Ingress storefront\/web: Ingress storefront\/web host shop\.example\.org path \/ is deleted/);
    expect(await runCli(['check', '--allow-removal=Ingress/web', previous, next], io())).toBe(0);
  });
});
