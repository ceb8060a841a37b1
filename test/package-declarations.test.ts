import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';

/**
 * An app that compiles with `tsc` and `skipLibCheck: false` (the tsconfig.json `cdk8s init`
 * writes) reads every declaration file that the library's lib/index.d.ts reaches. Each package
 * those files import must therefore be installed with the library: a dependency (bundled) or a
 * peer dependency, never a dev dependency. test/consumer/ proves it on the packed library with
 * the real `tsc`; this test finds the same mistake in seconds, on the compiled lib/ (the test
 * task compiles first).
 */

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const installed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);

/** The package an import specifier names (`@scope/name/deep/path` gives `@scope/name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every import of a declaration file: `import ... from 'x'`, `export ... from 'x'`, `import('x')`. */
function imports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map(m => m[1]);
}

/** The declaration files reachable from lib/index.d.ts, with the packages each imports. */
function reachable(): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [path.join(ROOT, 'lib', 'index.d.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) { continue; }
    const packages: string[] = [];
    seen.set(file, packages);
    for (const specifier of imports(fs.readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const base = path.resolve(path.dirname(file), specifier);
        const next = [`${base}.d.ts`, path.join(base, 'index.d.ts')].find(f => fs.existsSync(f));
        if (next) { queue.push(next); }
      } else {
        packages.push(packageOf(specifier));
      }
    }
  }
  return seen;
}

describe('the declaration files the package ships', () => {
  test('import only packages that are installed with the library', () => {
    const files = reachable();
    // The walk found the public API (the graceful-deployment construct is one of its files).
    expect([...files.keys()].map(f => path.relative(ROOT, f))).toContain(path.join('lib', 'rollout', 'graceful-deployment.d.ts'));
    const missing = [...files].flatMap(([file, packages]) => packages
      .filter(p => !installed.has(p) && !builtinModules.includes(p.replace(/^node:/, '')))
      .map(p => `${path.relative(ROOT, file)} imports ${p}`));
    expect(missing).toEqual([]);
  });

  test('the CRD types, from build-time packages, stay out of them', () => {
    // core/crd.ts imports @kubernetes-models/*, dev dependencies: no shipped declaration may reach it.
    expect([...reachable().keys()].map(f => path.relative(ROOT, f))).not.toContain(path.join('lib', 'core', 'crd.d.ts'));
    expect(installed.has('@kubernetes-models/argo-rollouts')).toBe(false);
  });
});
