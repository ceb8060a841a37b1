import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import * as YAML from 'yaml';
import { buffers } from './cli/_helpers';
import { EXAMPLES, LAYOUTS } from '../examples/apps';
import { readStateDocuments } from '../src/check/state';
import { runCli } from '../src/cli/cli';

/**
 * One App with a chart per service, written the way docs/performance.md recommends for large
 * repositories (issue #24): cdk8s's FOLDER_PER_CHART_FILE_PER_RESOURCE, a folder per chart and
 * a file per object. The checker and the validation plugin read folders at any depth, so the
 * layout changes the files, never what is checked.
 */
describe('example one-app-many-charts', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-layout-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const synth = (outdir: string, yamlOutputType: YamlOutputType) => {
    const app = new App({ outdir, yamlOutputType });
    EXAMPLES['one-app-many-charts'](app);
    app.synth();
    return app;
  };
  const folder = path.join(root, 'folder');
  const app = synth(folder, LAYOUTS['one-app-many-charts']);
  const files = path.join(root, 'files');
  synth(files, YamlOutputType.FILE_PER_CHART);

  test('is written as a folder per chart and a file per object, named by kind and name', () => {
    expect(LAYOUTS['one-app-many-charts']).toBe(YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE);
    expect(fs.readdirSync(folder).filter(f => !f.endsWith('.json')).sort()).toEqual(['checkout', 'inventory', 'storefront']);
    for (const chart of ['checkout', 'inventory', 'storefront']) {
      for (const file of fs.readdirSync(path.join(folder, chart))) {
        const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(folder, chart, file), 'utf8'));
        expect(docs).toHaveLength(1);
        const obj = docs[0].toJS();
        expect(file).toBe(`${obj.kind}.${obj.metadata.name}.k8s.yaml`);
      }
    }
  });

  test('holds exactly the objects of one file per chart, which the state reader finds at any depth', () => {
    const key = (o: any) => JSON.stringify(o);
    const inFolder = readStateDocuments(folder).map(d => key(d.object)).sort();
    const inFiles = readStateDocuments(files).map(d => key(d.object)).sort();
    const synthesized = YAML.parseAllDocuments(app.synthYaml()).map(d => key(d.toJS())).sort();
    // One object per file: as many objects as files, and nothing skipped.
    const fileCount = ['checkout', 'inventory', 'storefront'].reduce((n, chart) => n + fs.readdirSync(path.join(folder, chart)).length, 0);
    expect(inFolder).toHaveLength(fileCount);
    expect(inFolder).toEqual(inFiles);
    expect(inFolder).toEqual(synthesized);
  });

  test('check finds nothing to say between the two layouts of one commit (exit 0)', async () => {
    const io = buffers();
    expect(await runCli(['check', files, folder], io)).toBe(0);
    expect(io.stdout).not.toMatch(/^(error|warning) /m);
    expect(io.stderr).toBe('');
  });
});
