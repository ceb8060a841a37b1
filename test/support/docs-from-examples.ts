/**
 * Rewrites the example, YAML and diff blocks of docs/*.md from examples/ and what they synthesize
 * now: the blocks under `<!-- example: FILE -->`, `<!-- synth: NAME -->` and `<!-- diff: FROM TO -->`. Run it after a change to
 * what the library emits, read the diff of docs/ as a reviewer would, and commit both;
 * test/examples.test.ts fails until docs and output agree.
 *
 *   npx ts-node -P test/tsconfig.json test/support/docs-from-examples.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { lineDiff } from './diff';
import { EXAMPLES } from '../../examples/apps';

function synth(name: string): string {
  const build = EXAMPLES[name];
  if (!build) { throw new Error(`no example ${name} in examples/apps.ts`); }
  const app = new App({ outdir: Testing.app().outdir });
  build(app);
  return app.synthYaml();
}

// README.md's first YAML block is what the quick start synthesizes (test/examples.test.ts).
const readme = path.join(__dirname, '..', '..', 'README.md');
const readmeText = fs.readFileSync(readme, 'utf8');
const readmeUpdated = readmeText.replace(/```yaml\n[\s\S]*?```/, () => '```yaml\n' + synth('quick-start') + '```');
if (readmeUpdated !== readmeText) {
  fs.writeFileSync(readme, readmeUpdated);
  console.log('updated README.md');
}

const docs = path.join(__dirname, '..', '..', 'docs');
for (const page of fs.readdirSync(docs).filter(f => f.endsWith('.md')).sort()) {
  const file = path.join(docs, page);
  const text = fs.readFileSync(file, 'utf8');
  const updated = text
    .replace(/(<!-- example: (\S+) -->\n```\w*\n)([\s\S]*?)(```)/g, (_m, head, ref, _body, end) =>
      `${head}${fs.readFileSync(path.join(__dirname, '..', '..', ref), 'utf8').replace("from '../src'", "from 'cdk8s-zero-downtime'")}${end}`)
    .replace(/(<!-- synth: (\S+) -->\n```\w*\n)([\s\S]*?)(```)/g, (_m, head, name, _body, end) => `${head}${synth(name)}${end}`)
    .replace(/(<!-- diff: (\S+) (\S+) -->\n```diff\n)([\s\S]*?)(```)/g, (_m, head, from, to, _body, end) => `${head}${lineDiff(synth(from), synth(to)).join('\n')}\n${end}`);
  if (updated !== text) {
    fs.writeFileSync(file, updated);
    console.log(`updated docs/${page}`);
  }
}
