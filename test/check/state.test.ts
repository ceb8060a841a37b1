import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TransitionCheck } from '../../src';
import {
  loadGitState, loadState, parseStateYaml, readGitStateDocuments, readStateDocuments, StateInputError,
} from '../../src/check/state';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.0.0
`;

const SERVICE_AND_EMPTY = `---
# the Service of the api
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80}]
---
---
# nothing but a comment
`;

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transition-state-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function thrown(f: () => unknown): StateInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StateInputError);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).not.toContain('\n');
    return e as StateInputError;
  }
  throw new Error('expected a StateInputError');
}

describe('a state from disk', () => {
  test('a folder: recursive, .yaml and .yml, multi-document, empty documents skipped, path order', () => {
    write('b/service.yml', SERVICE_AND_EMPTY);
    write('a.yaml', DEPLOYMENT);
    write('b/notes.txt', 'not a manifest');
    write('.github/workflows/ci.yml', 'on: push\n');
    write('c/empty.yaml', '');
    const docs = readStateDocuments(dir);
    expect(docs.map(d => [path.relative(dir, d.source), d.index, d.object.kind])).toEqual([
      ['a.yaml', 1, 'Deployment'],
      [path.join('b', 'service.yml'), 1, 'Service'],
    ]);
    expect(loadState(dir).map(o => o.metadata.name)).toEqual(['api', 'api']);
  });

  test('links are followed: to a file, to a folder; a dangling link and a link back up the tree are skipped', () => {
    write('real/api.yaml', DEPLOYMENT);
    write('elsewhere/service.yaml', SERVICE_AND_EMPTY);
    fs.symlinkSync(path.join(dir, 'elsewhere', 'service.yaml'), path.join(dir, 'real', 'linked.yaml'));
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'real', 'linked-folder'));
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'real', 'dangling.yaml'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'real', 'loop'));
    const docs = readStateDocuments(path.join(dir, 'real'));
    expect(docs.map(d => [path.relative(dir, d.source), d.object.kind])).toEqual([
      [path.join('real', 'api.yaml'), 'Deployment'],
      [path.join('real', 'linked-folder', 'service.yaml'), 'Service'],
      [path.join('real', 'linked.yaml'), 'Service'],
    ]);
  });

  test('a file given directly is read without looking at what else is beside it', () => {
    const file = write('one/deployment.yaml', DEPLOYMENT);
    write('one/broken.yaml', 'kind: [\n');
    expect(readStateDocuments(file).map(d => d.object.kind)).toEqual(['Deployment']);
  });

  test('where reading a folder does not fail (FreeBSD), the path is looked at first: a folder is still walked', () => {
    write('f/a.yaml', DEPLOYMENT);
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'freebsd' });
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const reader: typeof import('../../src/check/state') = require('../../src/check/state');
        // The fs module itself (this file's `fs` is a namespace copy that cannot be spied on).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const read = jest.spyOn(require('fs') as typeof fs, 'readFileSync');
        expect(reader.readStateDocuments(path.join(dir, 'f')).map(d => d.object.kind)).toEqual(['Deployment']);
        // The folder itself is never read as a file there.
        expect(read.mock.calls.map(c => c[0])).toEqual([path.join(dir, 'f', 'a.yaml')]);
        read.mockRestore();
        expect(reader.readStateDocuments(path.join(dir, 'f', 'a.yaml')).map(d => d.object.kind)).toEqual(['Deployment']);
        expect(() => reader.readStateDocuments(path.join(dir, 'nope'))).toThrow(`${path.join(dir, 'nope')}: no such file or folder`);
      });
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });

  test('a single file, whatever its extension', () => {
    const file = write('manifests.txt', DEPLOYMENT);
    expect(loadState(file).map(o => o.kind)).toEqual(['Deployment']);
  });

  test('an empty folder is an empty state', () => {
    expect(loadState(dir)).toEqual([]);
  });

  test('bad YAML names the file, line and column', () => {
    const file = write('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: [oops\n');
    const e = thrown(() => loadState(dir));
    expect(e.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: invalid YAML: `));
    expect(e.source).toBe(file);
  });

  test('duplicate keys are bad YAML too', () => {
    write('dup.yaml', 'kind: Service\nkind: Deployment\n');
    expect(thrown(() => loadState(dir)).message).toContain('invalid YAML');
  });

  test('a document that is not a mapping', () => {
    const file = write('list.yaml', `${DEPLOYMENT}---\n- a\n- b\n`);
    expect(thrown(() => loadState(dir)).message).toBe(`${file}: document 2 is a list, not a Kubernetes object (a mapping with apiVersion, kind and metadata)`);
    expect(thrown(() => parseStateYaml('just text', 'x.yaml')).message).toContain('x.yaml: document 1 is a string');
  });

  test('a missing path', () => {
    const missing = path.join(dir, 'nope');
    expect(thrown(() => loadState(missing)).message).toBe(`${missing}: no such file or folder`);
  });
});

describe('a state from a Git ref', () => {
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.email=test@example.com', '-c', 'user.name=Test', ...args], { encoding: 'utf8' });

  beforeEach(() => {
    git('init', '--quiet');
    write('deploy/api/deployment.yaml', DEPLOYMENT);
    write('deploy/api/service.yml', SERVICE_AND_EMPTY);
    write('README.md', '# not a manifest');
    git('add', '.');
    git('commit', '--quiet', '-m', 'first');
  });

  test('reads the YAML files under a path at a ref, in path order', () => {
    const docs = readGitStateDocuments(dir, 'HEAD', 'deploy');
    expect(docs.map(d => [d.source, d.index, d.object.kind])).toEqual([
      ['HEAD:deploy/api/deployment.yaml', 1, 'Deployment'],
      ['HEAD:deploy/api/service.yml', 1, 'Service'],
    ]);
    expect(loadGitState(dir, 'HEAD', '.').length).toBe(2);
    expect(loadGitState(dir, 'HEAD', 'deploy/api/deployment.yaml').map(o => o.kind)).toEqual(['Deployment']);
  });

  test('compares two commits', () => {
    write('deploy/api/deployment.yaml', DEPLOYMENT.replace('matchLabels: {app: api}', 'matchLabels: {app: api, track: stable}').replace('labels: {app: api}', 'labels: {app: api, track: stable}'));
    git('commit', '--quiet', '-am', 'second');
    const findings = TransitionCheck.between(loadGitState(dir, 'HEAD~1', 'deploy'), loadGitState(dir, 'HEAD', 'deploy'));
    expect(findings.map(f => `${f.rule} ${f.object}`)).toEqual(['immutable-selector Deployment shop/api']);
    // The working tree is not the ref: uncommitted edits are not read.
    write('deploy/api/deployment.yaml', 'broken: [');
    expect(loadGitState(dir, 'HEAD~1', 'deploy').length).toBe(2);
  });

  test('a bad ref, a missing path, bad YAML at a ref, not a repository', () => {
    expect(thrown(() => loadGitState(dir, 'no-such-branch', 'deploy')).message).toContain('unknown Git ref "no-such-branch"');
    expect(thrown(() => loadGitState(dir, '--output=/tmp/x', 'deploy')).message).toContain('is not a Git ref');
    expect(thrown(() => loadGitState(dir, 'HEAD', 'nope')).message).toContain('HEAD:nope');
    expect(loadGitState(dir, 'HEAD', 'nope', { missingIsEmpty: true })).toEqual([]);
    write('deploy/api/bad.yaml', 'a: [');
    git('add', '.');
    git('commit', '--quiet', '-m', 'bad');
    expect(thrown(() => loadGitState(dir, 'HEAD', 'deploy')).message).toMatch(/^HEAD:deploy\/api\/bad\.yaml:\d+:\d+: invalid YAML/);
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'transition-nogit-'));
    try {
      expect(thrown(() => loadGitState(plain, 'HEAD', '.')).message).toContain('not a git repository');
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});

test('empty documents count in the position of the next ones', () => {
  const docs = parseStateYaml('a: 1\n---\n---\nb: 2\n', 'x.yaml');
  expect(docs.map(d => d.index)).toEqual([1, 3]);
});
