import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import { EXAMPLES } from '../../examples/apps';
import { documentTexts, parseStateYaml, readGitStateDocuments, readStateDocuments, SharedDocuments, StateDocument } from '../../src/check/state';

// Every git process the reader starts is counted (and run as usual).
jest.mock('child_process', () => {
  const actual = jest.requireActual('child_process');
  return { ...actual, execFileSync: jest.fn(actual.execFileSync) };
});

/**
 * Reading the two states of a transition with one SharedDocuments (issue #24): each document
 * text is parsed once, and what both states get is exactly what reading each alone gives.
 */

function plain(docs: StateDocument[]): Array<{ index: number; object: unknown }> {
  return docs.map(d => ({ index: d.index, object: d.object }));
}

/** Reads `text` alone, and after `other` with one SharedDocuments: both must be the same. */
function sameBothWays(text: string, other = text): StateDocument[] {
  const shared = new SharedDocuments();
  parseStateYaml(other, 'previous.yaml', shared);
  const withShared = parseStateYaml(text, 'next.yaml', shared);
  expect(plain(withShared)).toEqual(plain(parseStateYaml(text, 'next.yaml')));
  return withShared;
}

describe('documents read with SharedDocuments', () => {
  test.each(Object.keys(EXAMPLES))('example %s: the same documents, each parsed once for both states', name => {
    const app = new App();
    EXAMPLES[name](app);
    const text = app.synthYaml();
    const shared = new SharedDocuments();
    const previous = parseStateYaml(text, 'previous.yaml', shared);
    const next = parseStateYaml(text, 'next.yaml', shared);
    expect(plain(next)).toEqual(plain(parseStateYaml(text, 'next.yaml')));
    expect(next.length).toBeGreaterThan(0);
    // The same text gives the same value: parsed once, compared by the checker at once.
    next.forEach((d, i) => expect(d.object).toBe(previous[i].object));
  });

  test('only the documents that changed are parsed again', () => {
    const a = 'kind: A\nmetadata: {name: a}\n';
    const b = 'kind: B\nmetadata: {name: b}\nspec:\n  weight: 10\n';
    const previous = parseStateYaml(`${a}---\n${b}`, 'previous.yaml', new SharedDocuments());
    const shared = new SharedDocuments();
    const before = parseStateYaml(`${a}---\n${b}`, 'previous.yaml', shared);
    const after = parseStateYaml(`${a}---\n${b.replace('10', '25')}`, 'next.yaml', shared);
    expect(after[0].object).toBe(before[0].object);
    expect(after[1].object).not.toBe(before[1].object);
    expect(after.map(d => d.object)).toEqual([previous[0].object, { kind: 'B', metadata: { name: 'b' }, spec: { weight: 25 } }]);
  });

  test.each([
    ['a leading separator', '---\nkind: A\n---\nkind: B\n'],
    ['a trailing separator (an empty last document)', 'kind: A\n---\nkind: B\n---\n'],
    ['empty and comment-only documents', '---\n# only a comment\n---\nkind: A\n---\n---\nkind: B\n...\n---\n'],
    ['a block scalar at the end of a document keeps its line break', 'script: |\n  echo hi\n---\nscript: |+\n  kept\n\n---\nscript: >-\n  x\n'],
    ['a separator with a comment or a tag', 'kind: A\n--- # two\nkind: B\n--- !!map\nkind: C\n'],
    ['CRLF line ends', 'kind: A\r\n---\r\nkind: B\r\n'],
    ['a document end marker', 'kind: A\n...\n---\nkind: B\n'],
    ['a document that needs yaml (an alias) beside plain ones', 'kind: A\n---\na: &x [1]\nb: *x\n---\nkind: C\n'],
    ['a separator inside a block scalar is a separator', 'a: |\n  x\n---\nb: 1\n'],
    ['a text of one document without a final line break', 'kind: A\nx: 1'],
    ['documents that repeat within one state', 'kind: A\n---\nkind: A\n'],
  ])('%s: what reading it alone gives', (_, text) => {
    sameBothWays(text);
    sameBothWays(text, 'kind: A\n---\nkind: B\n');
  });

  test('an invalid document is still reported as yaml words it', () => {
    const shared = new SharedDocuments();
    parseStateYaml('kind: A\n', 'previous.yaml', shared);
    expect(() => parseStateYaml('kind: A\n---\na: [\n', 'next.yaml', shared)).toThrow(/^next\.yaml:\d+:\d+: invalid YAML/);
  });
});

describe('documentTexts', () => {
  /**
   * The cut as the layout says it, written the plain way: pieces between `\n---\n` lines; any
   * other line starting a marker (`---` or `...` then a space, tab, line end or the end) in any
   * piece, the first piece's first line aside, means another layout.
   */
  function reference(text: string): string[] | undefined {
    const pieces: string[] = [];
    let start = 0;
    for (let sep = text.indexOf('\n---\n'); sep >= 0; sep = text.indexOf('\n---\n', start)) {
      pieces.push(text.slice(start, sep + 1));
      start = sep + 5;
    }
    pieces.push(text.slice(start));
    const marker = /\n(?:---|\.\.\.)(?=[ \t\r\n]|$)/;
    return pieces.some((p, i) => marker.test(i === 0 ? p : `\n${p}`)) ? undefined : pieces;
  }

  test('cuts a text as the plain definition does, on texts made of markers, line breaks and content', () => {
    const fragment = fc.constantFrom('\n---\n', '---', '...', '\n', '\r\n', ' ', '\t', 'a: 1', '- x', '#', '--', '.', '|');
    fc.assert(fc.property(fc.array(fragment, { maxLength: 24 }), parts => {
      const text = parts.join('');
      expect(documentTexts(text)).toEqual(reference(text));
    }), { numRuns: 5000 });
  });

  test.each([
    ['two documents', 'a: 1\n---\nb: 2\n', ['a: 1\n', 'b: 2\n']],
    ['a leading separator opens the first document', '---\na: 1\n', ['---\na: 1\n']],
    ['two separators in a row', 'a: 1\n---\n---\nb: 2\n', undefined],
    ['a document end marker', 'a: 1\n...\n', undefined],
    ['a separator with a comment', 'a: 1\n--- # x\nb: 2\n', undefined],
    ['a separator at the very end', 'a: 1\n---', undefined],
  ])('%s', (_, text, expected) => {
    expect(documentTexts(text)).toEqual(expected);
  });
});

describe('two states on disk and in Git', () => {
  let dir: string;
  const git = (...args: string[]) => childProcess.execFileSync('git', ['-C', dir, '-c', 'user.email=test@example.com', '-c', 'user.name=Test', ...args], { encoding: 'utf8' });
  const unit = (i: number, weight: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: svc${i}}\nspec:\n  selector: {app: svc${i}}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web${i}\n  annotations:\n    nginx.ingress.kubernetes.io/canary-weight: "${weight}"\n`;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-documents-'));
    git('init', '--quiet');
    for (let i = 0; i < 5; i++) { fs.mkdirSync(path.join(dir, 'dist', `chart ${i}`), { recursive: true }); }
    for (let i = 0; i < 5; i++) { fs.writeFileSync(path.join(dir, 'dist', `chart ${i}`, 'unit.k8s.yaml'), unit(i, 10)); }
    git('add', '.');
    git('commit', '--quiet', '-m', 'first');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a Git ref is read with one git process for all its files, to what git show gives for each', () => {
    const spawned = childProcess.execFileSync as jest.Mock;
    spawned.mockClear();
    const docs = readGitStateDocuments(dir, 'HEAD', 'dist');
    const reads = spawned.mock.calls.map(c => (c[1] as string[]).find(a => a === 'cat-file' || a === 'show')).filter(a => a !== undefined);
    expect(reads).toEqual(['cat-file']);
    const oneByOne = ['0', '1', '2', '3', '4'].flatMap(i => parseStateYaml(git('show', `HEAD:dist/chart ${i}/unit.k8s.yaml`), `HEAD:dist/chart ${i}/unit.k8s.yaml`));
    expect(docs.map(d => [d.source, d.index, d.object])).toEqual(oneByOne.map(d => [d.source, d.index, d.object]));
    expect(docs.length).toBe(10);
  });

  test('the changed state on disk and the committed one share their unchanged documents', () => {
    fs.writeFileSync(path.join(dir, 'dist', 'chart 3', 'unit.k8s.yaml'), unit(3, 25));
    const shared = new SharedDocuments();
    const next = readStateDocuments(path.join(dir, 'dist'), shared);
    const previous = readGitStateDocuments(dir, 'HEAD', 'dist', { shared });
    expect(next.map(d => d.object)).toEqual(readStateDocuments(path.join(dir, 'dist')).map(d => d.object));
    const same = next.filter((d, i) => d.object === previous[i].object).map(d => d.object.metadata.name);
    expect(same).toEqual(['svc0', 'web0', 'svc1', 'web1', 'svc2', 'web2', 'svc3', 'svc4', 'web4']);
  });
});
