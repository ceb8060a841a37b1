import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliError } from './_helpers';
import { loadManifests, manifestFiles, parseManifests } from '../../src/cli/manifests';


describe('parseManifests', () => {
  test('reads every document of a stream, leaving out empty ones', () => {
    const docs = parseManifests('kind: A\n---\n---\nkind: B\n---\n', 'app.yaml');
    expect(docs).toEqual([
      { file: 'app.yaml', document: 1, object: { kind: 'A' } },
      { file: 'app.yaml', document: 3, object: { kind: 'B' } },
    ]);
    expect(parseManifests('', 'empty.yaml')).toEqual([]);
  });

  test.each([
    ['kind: A\n---\nkind: [Job\n', 'dist/app.yaml:4:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['a: 1\na: 2\n', 'dist/app.yaml:2:1: invalid YAML: Map keys must be unique'],
    ['a: b: c\n', 'dist/app.yaml:1:4: invalid YAML: Nested mappings are not allowed in compact mappings'],
  ])('YAML that cannot be parsed is an input error with file, line and column: %j', (text, what) => {
    const e = cliError(() => parseManifests(text, 'dist/app.yaml'));
    expect(e.message).toBe(`${what}. Fix the file, or synthesize it again with "cdk8s synth".`);
    expect(e.exitCode).toBe(2);
  });

  test('an alias without its anchor is an input error naming the document', () => {
    const e = cliError(() => parseManifests('kind: A\n---\nx: *nowhere\n', 'dist/app.yaml'));
    expect(e.message).toMatch(/^dist\/app\.yaml: document 2 cannot be read as YAML: Unresolved alias.*\. Fix the file, or synthesize it again with "cdk8s synth"\.$/);
  });
});

describe('loading manifest files and folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-manifests-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write('dist/b.k8s.yaml', 'kind: B\n');
    write('dist/a.k8s.yml', 'kind: A\n');
    write('dist/nested/c.yaml', 'kind: C\n');
    write('dist/README.md', '# not a manifest\n');
    write('dist/.hidden/d.yaml', 'kind: Hidden\n');
    write('dist/node_modules/pkg/e.yaml', 'kind: Dependency\n');
    write('empty/notes.txt', 'nothing\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a folder is its YAML files at any depth, sorted; hidden folders and node_modules are not searched', () => {
    const dist = path.join(dir, 'dist');
    expect(manifestFiles([dist])).toEqual([path.join(dist, 'a.k8s.yml'), path.join(dist, 'b.k8s.yaml'), path.join(dist, 'nested', 'c.yaml')]);
    expect(loadManifests([dist]).map(m => (m.object as { kind: string }).kind)).toEqual(['A', 'B', 'C']);
  });

  test('a file is read whatever its name, and a file named twice is read once', () => {
    const readme = path.join(dir, 'dist', 'README.md');
    const b = path.join(dir, 'dist', 'b.k8s.yaml');
    expect(manifestFiles([readme, b, path.join(dir, 'dist')])).toEqual([readme, b, path.join(dir, 'dist', 'a.k8s.yml'), path.join(dir, 'dist', 'nested', 'c.yaml')]);
  });

  test('a missing path is an input error that says what to pass', () => {
    const missing = path.join(dir, 'dist', 'missing.yaml');
    const e = cliError(() => loadManifests([path.join(dir, 'dist'), missing]));
    expect(e.message).toBe(`${missing}: no such file or folder. Pass the YAML files or folders that "cdk8s synth" wrote, e.g. dist/.`);
    expect(e.exitCode).toBe(2);
  });

  test('a folder without YAML is an input error', () => {
    const empty = path.join(dir, 'empty');
    expect(cliError(() => manifestFiles([empty])).message).toBe(`the folder ${empty} holds no .yaml or .yml file. Pass the YAML files or folders that "cdk8s synth" wrote, e.g. dist/, after running it.`);
  });

  test('a path that cannot be read is an input error with the system\'s reason', () => {
    // A file used as a folder: unreadable even for root, unlike a file without permissions.
    const below = path.join(dir, 'dist', 'b.k8s.yaml', 'x.yaml');
    const e = cliError(() => loadManifests([below]));
    expect(e.message).toMatch(/^.*x\.yaml: cannot be read: ENOTDIR: not a directory.*\. Pass the YAML files or folders that "cdk8s synth" wrote, e\.g\. dist\/\.$/);
    expect(e.exitCode).toBe(2);
  });

  test('YAML that cannot be parsed is reported with its path', () => {
    const bad = path.join(dir, 'dist', 'nested', 'c.yaml');
    fs.writeFileSync(bad, 'kind: [C\n');
    expect(cliError(() => loadManifests([path.join(dir, 'dist')])).message).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:2:1: invalid YAML: `));
  });
});
