import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Transpiles `src/` and `bench/` to plain JavaScript in a temporary directory, with the same
 * layout, so that each case runs in `node` without a TypeScript compiler in memory (ts-node
 * would add about 70 MB to every peak RSS). Returns the directory.
 */
export function transpile(root: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zd-bench-'));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    experimentalDecorators: true,
  };
  for (const dir of ['src', 'bench']) {
    for (const file of tsFiles(path.join(root, dir))) {
      const rel = path.relative(root, file);
      const js = ts.transpileModule(fs.readFileSync(file, 'utf-8'), { compilerOptions: options, fileName: rel }).outputText;
      const target = path.join(out, rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, js);
    }
  }
  // The constructs check props against the jsii assembly two levels above src/core (src/core/jsii-props.ts).
  fs.copyFileSync(path.join(root, '.jsii'), path.join(out, '.jsii'));
  // A package the cdk8s CLI can load as a validation plugin (`bench check`, cdk8s-synth case).
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).version;
  fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify({ name: 'cdk8s-zero-downtime', version, main: 'src/index.js' }));
  return out;
}

function tsFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...tsFiles(p));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      found.push(p);
    }
  }
  return found;
}
