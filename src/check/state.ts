import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * Reading a state (the manifests of one commit) for the transition checker: from a YAML file or
 * a folder of them on disk, or from a path at a Git ref. Every problem is a StateInputError
 * with a one-line message that names the file or ref and what is wrong with it.
 *
 * Not exported from src/index.ts (free functions and an Error subclass are not jsii API): the
 * command-line tool imports this file directly (`../check/state`), and so may other TypeScript
 * code (`cdk8s-zero-downtime/lib/check/state`).
 */

/** A state cannot be read: a missing or unreadable path, invalid YAML, a non-object document, a bad Git ref. */
export class StateInputError extends Error {
  /** The file, folder or `ref:path` that could not be read. */
  public readonly source: string;

  constructor(source: string, message: string) {
    super(message);
    this.name = 'StateInputError';
    this.source = source;
  }
}

/** One non-empty YAML document of a state. */
export interface StateDocument {
  /** Where it comes from: the file as found on disk, or `<ref>:<path>` for a Git ref. */
  readonly source: string;
  /** Position of the document in its file, from 1 (empty documents count). */
  readonly index: number;
  /** The parsed document: always a mapping. */
  readonly object: { [key: string]: any };
}

/** Options for reading a state from Git. */
export interface GitStateOptions {
  /**
   * Treat a path that does not exist at the ref as an empty state (e.g. the parent of the
   * commit that added the folder) instead of an error.
   *
   * @default false
   */
  readonly missingIsEmpty?: boolean;
}

function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Plain code-point order, the same on every platform and locale. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function oneLine(text: string): string {
  return text.split('\n').map(l => l.trim()).filter(l => l !== '')[0] ?? '';
}

/**
 * The documents of one YAML text. Empty documents (a bare `---`, comments only) are skipped;
 * a document that is not a mapping (a list, a string) is an error.
 */
export function parseStateYaml(text: string, source: string): StateDocument[] {
  const documents: StateDocument[] = [];
  const parsed = YAML.parseAllDocuments(text, { prettyErrors: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  docs.forEach((doc, i) => {
    const problem = doc.errors[0];
    if (problem) {
      const where = problem.linePos ? `${source}:${problem.linePos[0].line}:${problem.linePos[0].col}` : source;
      const what = oneLine(problem.message).replace(/ at line \d+, column \d+:?$/, '');
      throw new StateInputError(source, `${where}: invalid YAML: ${what}`);
    }
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (e) {
      throw new StateInputError(source, `${source}: document ${i + 1} cannot be read as YAML: ${oneLine(String((e as Error)?.message ?? e))}`);
    }
    if (value === null || value === undefined) { return; }
    if (typeof value !== 'object' || Array.isArray(value)) {
      const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
      throw new StateInputError(source, `${source}: document ${i + 1} is ${what}, not a Kubernetes object (a mapping with apiVersion, kind and metadata)`);
    }
    documents.push({ source, index: i + 1, object: value as { [key: string]: any } });
  });
  return documents;
}

function readFailure(what: string, e: unknown): StateInputError {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT') { return new StateInputError(what, `${what}: no such file or folder`); }
  if (code === 'EACCES' || code === 'EPERM') { return new StateInputError(what, `${what}: permission denied`); }
  if (code === 'EISDIR') { return new StateInputError(what, `${what}: is a folder, not a file`); }
  return new StateInputError(what, `${what}: cannot be read: ${oneLine(String((e as Error)?.message ?? e))}`);
}

/** The YAML files under a folder, at any depth, hidden entries and node_modules left out. */
function walk(dir: string, seen: Set<string>, found: string[]): void {
  let real: string;
  let entries: fs.Dirent[];
  try {
    real = fs.realpathSync(dir);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw readFailure(dir, e);
  }
  if (seen.has(real)) { return; } // a link back up the tree
  seen.add(real);
  for (const entry of entries) {
    // Hidden entries (.git, .github) and dependencies are never a state's manifests.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') { continue; }
    const child = path.join(dir, entry.name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(child);
    } catch (e) {
      if ((e as { code?: unknown })?.code === 'ENOENT') { continue; } // a dangling link
      throw readFailure(child, e);
    }
    if (stat.isDirectory()) {
      walk(child, seen, found);
    } else if (stat.isFile() && isYamlName(entry.name)) {
      found.push(child);
    }
  }
}

/**
 * The files of a state on disk: a file as it is (whatever its extension), a folder as every
 * `.yaml` and `.yml` file under it, sorted by path relative to the folder.
 */
export function stateFiles(fileOrFolder: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(fileOrFolder);
  } catch (e) {
    throw readFailure(fileOrFolder, e);
  }
  if (!stat.isDirectory()) { return [fileOrFolder]; }
  const found: string[] = [];
  walk(fileOrFolder, new Set(), found);
  const relative = (f: string) => path.relative(fileOrFolder, f).split(path.sep).join('/');
  return found.sort((a, b) => byCodePoint(relative(a), relative(b)));
}

/** Every document of a YAML file, or of every YAML file under a folder. */
export function readStateDocuments(fileOrFolder: string): StateDocument[] {
  return stateFiles(fileOrFolder).flatMap(file => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw readFailure(file, e);
    }
    return parseStateYaml(text, file);
  });
}

/** The manifests of a YAML file, or of every YAML file under a folder (recursively, in path order). */
export function loadState(fileOrFolder: string): any[] {
  return readStateDocuments(fileOrFolder).map(d => d.object);
}

const GIT_BUFFER = 1024 * 1024 * 1024;

/** Runs git; a failure becomes a StateInputError with git's own first line. */
function git(repo: string, args: string[], what: string): string {
  try {
    return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: GIT_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { code?: unknown; stderr?: unknown; message?: unknown };
    if (err.code === 'ENOENT') { throw new StateInputError(what, `${what}: cannot run git: it is not installed or not on PATH`); }
    const stderr = typeof err.stderr === 'string' ? oneLine(err.stderr) : '';
    throw new StateInputError(what, `${what}: git ${args[0]} failed: ${stderr || oneLine(String(err.message ?? e))}`);
  }
}

function gitSucceeds(repo: string, args: string[]): boolean {
  try {
    execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every document of the YAML files under a path at a Git ref: `git ls-tree -r` lists them,
 * `git show <ref>:<file>` reads each one. A relative path is relative to `repo` (`.` or '' for
 * all of it); files are read in path order, hidden entries left out as on disk.
 */
export function readGitStateDocuments(repo: string, ref: string, fileOrFolder: string, options: GitStateOptions = {}): StateDocument[] {
  const where = `${ref}:${fileOrFolder || '.'} in ${repo}`;
  if (ref === '' || ref.startsWith('-') || /[\s\0]/.test(ref)) {
    throw new StateInputError(where, `${where}: "${ref}" is not a Git ref`);
  }
  if (!fs.existsSync(repo)) {
    throw new StateInputError(repo, `${repo}: no such folder (expected a Git repository)`);
  }
  const top = git(repo, ['rev-parse', '--show-toplevel'], repo).trim();
  if (!gitSucceeds(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])) {
    throw new StateInputError(where, `${where}: unknown Git ref "${ref}" (no such branch, tag or commit)`);
  }
  // A relative path is relative to `repo` (as with git -C); ls-tree is given it relative to the root.
  const root = path.relative(top, path.resolve(fs.realpathSync(repo), fileOrFolder));
  if (root.startsWith('..') || path.isAbsolute(root)) {
    throw new StateInputError(where, `${where}: the path is outside the repository ${top}`);
  }
  const spec = root === '' ? '.' : root.split(path.sep).join('/');
  const listing = git(top, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', ref, '--', spec], where);
  const all = listing.split('\0').filter(f => f !== '');
  if (all.length === 0) {
    if (options.missingIsEmpty) { return []; }
    throw new StateInputError(where, `${where}: no such file or folder at ${ref}`);
  }
  const single = all.length === 1 && all[0] === spec;
  const below = (f: string) => (spec === '.' ? f : f.slice(spec.length + 1));
  const files = single ? all : all
    .filter(f => isYamlName(f) && !below(f).split('/').some(part => part.startsWith('.')))
    .sort(byCodePoint);
  return files.flatMap(file => {
    const source = `${ref}:${file}`;
    const text = git(top, ['show', `${ref}:${file}`], source);
    return parseStateYaml(text, source);
  });
}

/** The manifests of the YAML files under a path at a Git ref. */
export function loadGitState(repo: string, ref: string, fileOrFolder: string, options: GitStateOptions = {}): any[] {
  return readGitStateDocuments(repo, ref, fileOrFolder, options).map(d => d.object);
}
