import * as fs from 'fs';
import * as path from 'path';

/**
 * The folders of src/ are layers that only look down. From the bottom:
 *
 *   core/ and the files at the root of src/ (gitops-engine.ts, gitops-hook.ts,
 *              kubernetes-version.ts, release-target.ts): errors, names, the jsii prop checks,
 *              typed Kubernetes and Gateway API objects, stages; and the public value types that
 *              every layer may name, which sit at the root beside index.ts. The two are one layer:
 *              core/ names the value types, and a value type may use core/'s checks
 *              (ReleaseOrder calls checkArgs). Files still may not import each other in a cycle.
 *   routing/   Router and the route options; what a route needs from a release is declared
 *              here (_routing.ts), so routing/ knows nothing of the constructs that use it
 *   rollout/   GracefulDeployment, its options and value classes, and their resolution into
 *              Deployments, budgets, autoscalers and hook Jobs (*-spec.ts)
 *   release/   a release's position file (ReleasePosition), the props it decides, and the plan of
 *              safe moves that `release next` and `release abort` follow
 *   traffic/   BlueGreenService, CanaryIngress, the smoke test
 *   analysis/, migration/   AnalysisGate and its gate program; SchemaMigration and SqlLint
 *              (side by side: neither imports the other)
 *   check/     the transition checker
 *   plugin/    the cdk8s validation plugin, built on the checker
 *   cli/       the command-line tool
 *
 * index.ts, the package's entry, re-exports every layer and sits above them all. An import that
 * points up, or sideways between two folders of one layer, makes the folders a circle: move the
 * type down to the lowest layer that needs it, or the code that needs the higher layer up.
 */
const LAYERS: string[][] = [
  ['core'],
  ['routing'],
  ['rollout'],
  ['release'],
  ['traffic'],
  ['analysis', 'migration'],
  ['check'],
  ['plugin'],
  ['cli'],
];

/**
 * Imports allowed to point up, each with its reason. Nothing else may.
 */
const EXCEPTIONS: { [edge: string]: string } = {
  // The jsii prop checks find the library's exported classes by name at run time, to check
  // `instanceof` (a Router, a Duration): a lazy require inside a function, after every module
  // has loaded.
  'core/jsii-props.ts -> index.ts': 'the exported classes, looked up at run time',
};

const SRC = path.join(__dirname, '..', 'src');

interface Import {
  /** The importing file, relative to src/. */
  readonly from: string;
  /** The imported file, relative to src/. */
  readonly to: string;
}

function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) { return sourceFiles(full); }
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.relative(SRC, full).split(path.sep).join('/')] : [];
  });
}

/** The module specifiers of a file's static imports and re-exports, `import type` included, and of its literal requires. */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)) { found.push(m[1]); }
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) { found.push(m[1]); }
  for (const m of text.matchAll(/\b(?:require|import)\(\s*'([^']+)'\s*\)/g)) { found.push(m[1]); }
  return found;
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) { return undefined; }
  const base = path.posix.join(path.posix.dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (fs.existsSync(path.join(SRC, candidate)) && candidate.endsWith('.ts')) { return candidate; }
  }
  throw new Error(`${from} imports ${spec}, which is not a file under src/`);
}

function imports(): Import[] {
  return sourceFiles().flatMap(from => specifiers(fs.readFileSync(path.join(SRC, from), 'utf8'))
    .map(spec => resolve(from, spec))
    .filter((to): to is string => to !== undefined)
    .map(to => ({ from, to })));
}

/** The top folder of a file under src/; the value types at the root count as core/. */
function folderOf(file: string): string {
  return file.includes('/') ? file.split('/')[0] : 'core';
}

function layerOf(folder: string): number {
  const i = LAYERS.findIndex(l => l.includes(folder));
  if (i < 0) { throw new Error(`src/${folder}/ is in no layer: add it to LAYERS in test/layout.test.ts`); }
  return i;
}

/** The imports that point up or sideways between folders, as "from -> to". */
export function upwardImports(list: Import[]): string[] {
  return list.filter(({ from, to }) => {
    if (from === 'index.ts') { return false; }
    const edge = `${from} -> ${to}`;
    if (EXCEPTIONS[edge]) { return false; }
    if (to === 'index.ts') { return true; }
    const [a, b] = [folderOf(from), folderOf(to)];
    return a !== b && layerOf(b) >= layerOf(a);
  }).map(({ from, to }) => `${from} -> ${to}`);
}

/** The import cycles between files, each as the list of files around it. */
export function cycles(list: Import[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of list) {
    if (EXCEPTIONS[`${from} -> ${to}`]) { continue; }
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === 'open') {
        found.push(stack.slice(stack.indexOf(to)));
      } else if (!state.has(to)) {
        visit(to);
      }
    }
    stack.pop();
    state.set(file, 'done');
  };
  [...next.keys()].sort().forEach(f => { if (!state.has(f)) { visit(f); } });
  return found;
}

describe('layout of src/', () => {
  const all = imports();

  test('the imports were read: every folder imports core/ or is imported', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContainEqual({ from: 'traffic/blue-green-service.ts', to: 'routing/router.ts' });
    expect(all).toContainEqual({ from: 'check/rules/dangling-backend.ts', to: 'check/model.ts' });
  });

  test('every folder is in a layer', () => {
    for (const file of sourceFiles()) { expect(() => layerOf(folderOf(file))).not.toThrow(); }
  });

  test('every import between folders points down a layer', () => {
    expect(upwardImports(all)).toEqual([]);
  });

  test('no file imports itself through others', () => {
    expect(cycles(all)).toEqual([]);
  });

  test('a file whose name starts with "_" is imported only from its own folder', () => {
    const crossing = all.filter(({ from, to }) => path.posix.basename(to).startsWith('_') && path.posix.dirname(from) !== path.posix.dirname(to));
    expect(crossing).toEqual([]);
  });

  test('the value types at the root import nothing but core/', () => {
    const root = all.filter(i => !i.from.includes('/') && i.from !== 'index.ts' && !(i.to.startsWith('core/') || !i.to.includes('/')));
    expect(root).toEqual([]);
  });

  describe('the checks themselves', () => {
    test('an import from core/ into rollout/, or between analysis/ and migration/, is reported', () => {
      expect(upwardImports([
        { from: 'core/container.ts', to: 'rollout/container.ts' },
        { from: 'routing/router.ts', to: 'traffic/canary-ingress.ts' },
        { from: 'analysis/analysis-gate.ts', to: 'migration/schema-migration.ts' },
        { from: 'rollout/graceful-deployment.ts', to: 'index.ts' },
        { from: 'traffic/canary-ingress.ts', to: 'routing/router.ts' },
        { from: 'index.ts', to: 'cli/main.ts' },
      ])).toEqual([
        'core/container.ts -> rollout/container.ts',
        'routing/router.ts -> traffic/canary-ingress.ts',
        'analysis/analysis-gate.ts -> migration/schema-migration.ts',
        'rollout/graceful-deployment.ts -> index.ts',
      ]);
    });

    test('a cycle through files is reported with its files', () => {
      expect(cycles([
        { from: 'rollout/a.ts', to: 'rollout/b.ts' },
        { from: 'rollout/b.ts', to: 'core/c.ts' },
        { from: 'core/c.ts', to: 'rollout/a.ts' },
        { from: 'core/c.ts', to: 'core/d.ts' },
      ])).toEqual([['core/c.ts', 'rollout/a.ts', 'rollout/b.ts']]);
    });

    test('multi-line, type-only and side-effect imports, re-exports and literal requires are read', () => {
      expect(specifiers([
        'import {',
        '  a,',
        "} from '../check/model';",
        "import type { B } from './b';",
        "export * from './c';",
        "import './d';",
        "const e = require('../e');",
      ].join('\n'))).toEqual(['../check/model', './b', './c', './d', '../e']);
    });
  });
});
