import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { EXAMPLES } from '../examples/apps';
import { lineDiff } from './support/diff';
import { assertDrainableBudget, assertGracefulDeployment } from './support/invariants';
import { validateAll } from './support/manifests';

function exampleApp(name: string): App {
  const app = new App({ outdir: Testing.app().outdir });
  EXAMPLES[name](app);
  return app;
}

function synthExample(name: string): string {
  return exampleApp(name).synthYaml();
}

const names = Object.keys(EXAMPLES);

describe.each(names)('example %s', (name) => {
  const app = exampleApp(name);
  const yaml = app.synthYaml();
  const docs = YAML.parseAllDocuments(yaml).map(d => d.toJS());

  test('every manifest validates against the upstream schemas of the versions it targets', () => {
    expect(docs.length).toBeGreaterThan(0);
    expect(() => validateAll(docs, { tree: app })).not.toThrow();
  });

  test('every Deployment keeps the zero-downtime invariants', () => {
    const deployments = docs.filter(d => d.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThan(0);
    deployments.forEach(assertGracefulDeployment);
  });

  test('every PodDisruptionBudget allows evictions and selects its Deployment', () => {
    for (const pdb of docs.filter(d => d.kind === 'PodDisruptionBudget')) {
      const owner = docs.find(d => d.kind === 'Deployment' && JSON.stringify(d.spec.selector) === JSON.stringify(pdb.spec.selector));
      expect(owner).toBeDefined();
      assertDrainableBudget(pdb, docs);
    }
  });

  test('synthesis is deterministic: the same app gives the same bytes', () => {
    expect(synthExample(name)).toBe(yaml);
  });
});

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const blocks = (lang: string) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);

  test('starts with exactly two commands: the main job and the tests', () => {
    const [first] = blocks('sh');
    expect(first.trim().split('\n')).toEqual([
      'npm ci && npx projen synth:examples',
      'npx projen test',
    ]);
  });

  test('the first TypeScript example is examples/quick-start.ts as a user writes it', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'examples', 'quick-start.ts'), 'utf8');
    expect(blocks('ts')[0]).toBe(source.replace("from '../src'", "from 'cdk8s-zero-downtime'"));
  });

  test('the YAML shown is what the quick start synthesizes', () => {
    expect(blocks('yaml')[0]).toBe(synthExample('quick-start'));
  });
});

describe('docs pages', () => {
  const docsDir = path.join(__dirname, '..', 'docs');
  const pages = fs.readdirSync(docsDir).filter(f => f.endsWith('.md'));
  const marked = (text: string, marker: string) => {
    const found = [...text.matchAll(new RegExp(`<!-- ${marker}: (\\S+) -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``, 'g'))].map(m => ({ ref: m[1], body: m[2] }));
    // A marker whose block is not right below it would otherwise be skipped silently.
    expect(found).toHaveLength(text.split(`<!-- ${marker}: `).length - 1);
    return found;
  };

  test.each(pages)('%s shows example code exactly as it is in examples/', (page) => {
    const text = fs.readFileSync(path.join(docsDir, page), 'utf8');
    // A construct's page (docs/<file>.md for src/<folder>/<file>.ts) shows at least one example.
    const isConstructPage = ['rollout', 'traffic', 'analysis'].some(dir => fs.existsSync(path.join(__dirname, '..', 'src', dir, page.replace(/\.md$/, '.ts'))));
    expect(marked(text, 'example').length > 0 || !isConstructPage).toBe(true);
    for (const { ref, body } of marked(text, 'example')) {
      const source = fs.readFileSync(path.join(__dirname, '..', ref), 'utf8');
      expect(body).toBe(source.replace("from '../src'", "from 'cdk8s-zero-downtime'"));
    }
  });

  test.each(pages)('%s shows the diffs its examples produce', (page) => {
    const text = fs.readFileSync(path.join(docsDir, page), 'utf8');
    const diffs = [...text.matchAll(/<!-- diff: (\S+) (\S+) -->\n```diff\n([\s\S]*?)```/g)];
    expect(diffs).toHaveLength(text.split('<!-- diff: ').length - 1);
    for (const m of diffs) {
      expect(m[3]).toBe(lineDiff(synthExample(m[1]), synthExample(m[2])).join('\n') + '\n');
    }
  });

  test.each(pages)('%s shows the YAML its examples synthesize', (page) => {
    const text = fs.readFileSync(path.join(docsDir, page), 'utf8');
    for (const { ref, body } of marked(text, 'synth')) {
      expect(body).toBe(synthExample(ref));
    }
  });
});
