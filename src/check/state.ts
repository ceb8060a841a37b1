import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as JsYaml from 'js-yaml';
import * as YAML from 'yaml';
import { readBlockDocument } from './block-yaml';
import { CORE_SCALARS } from './core-scalars';

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

  /**
   * Documents already read for the other state of the same transition: those with the same
   * text are parsed once.
   *
   * @default - every document is parsed
   */
  readonly shared?: SharedDocuments;
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

/** The YAML 1.2 core schema as the `yaml` package resolves it (core-scalars.ts), for js-yaml. */
const CORE_1_2 = JsYaml.FAILSAFE_SCHEMA.extend({
  implicit: CORE_SCALARS.map(t => new JsYaml.Type(`tag:yaml.org,2002:${t.tag}`, {
    kind: 'scalar',
    // js-yaml asks every type about every plain scalar: the first character rules most out.
    resolve: (s: string | null) => (s === null || s === '' ? t.test.test('') : t.first.test(s[0]) && t.test.test(s)),
    construct: (s: string | null) => t.construct(s ?? ''),
  })),
});

/**
 * Where js-yaml and yaml could read the same text differently, so that only yaml reads it:
 * - an alias (`*name`): yaml refuses more than 100 alias expansions (a "billion laughs"
 *   document), js-yaml does not;
 * - a tag (`!name`, `!!binary`): yaml reads an unknown tag as a string with a warning, js-yaml
 *   refuses it;
 * - a directive (`%YAML 1.1` switches yaml to the 1.1 schema: `yes` is true, `<<` merges);
 * - an explicit (`? `), empty or null key (yaml keys it "", js-yaml "null") or a collection as
 *   a key (yaml keys it by its YAML, js-yaml by its JavaScript string);
 * - a flow collection (`[`, `{`) left open at the end of a line: yaml refuses one that is not
 *   indented more than its parent, js-yaml reads it;
 * - content after a document end marker (`... x: 1`), which js-yaml reads and yaml refuses.
 * A match inside a block scalar (`|`, `>`: a gate Job's script) is text, not YAML, and does not
 * count. A false alarm only costs time; what `cdk8s synth` writes has none of these (the tests
 * check that every example is read by js-yaml).
 */
const NEEDS_YAML: { readonly find: RegExp; readonly confirm?: (text: string, at: number, found: string) => boolean }[] = [
  // An alias or a tag where a node starts: at the start of a line, after `key: `, `- `, `[`, `{` or `,`.
  {
    find: /[*!]/g,
    confirm: (text, at, found) => /(?:^[ \t]*|[:-][ \t]+|[[{,][ \t]*)$/.test(text.slice(text.lastIndexOf('\n', at) + 1, at))
      && (found === '!' || /[^\s,[\]{}"']/.test(text.charAt(at + 1))),
  },
  // A directive, an explicit key or an empty or null key at the start of a line.
  {
    find: /(?:^|\n)[ \t-]*(?:[?%:]|(?:~|null|Null|NULL)[ \t]*:)/g,
    confirm: (text, at, found) => found.trimEnd().endsWith('%') ? /^\n?%/.test(found) : /[ \t\n]/.test(text.charAt(at + found.length) || '\n'),
  },
  // Content after a document end marker (`...`) on its line: js-yaml reads `... x: 1` as `x: 1`,
  // yaml refuses it. The marker alone on its line both read alike.
  { find: /(?:^|\n)\.\.\.[ \t]+[^ \t\r\n#]/g },
  // A null or empty key in a flow mapping; a collection as a key; a flow collection left open.
  { find: /[{,][ \t]*(?:~|null|Null|NULL)?[ \t]*:(?=[ \t,}\n]|$)/g },
  { find: /[\]}][ \t]*:(?=[ \t\n]|$)/g },
  { find: /[[{][^\]}\n]*(?=\n|$)/g },
];

/** A line that opens a block scalar: `key: |`, `- >-`, `--- |2` (with an optional comment). */
const BLOCK_SCALAR_HEADER = /(?:^|[ \t])[|>][1-9]?[-+]?[1-9]?[ \t]*(?:#.*)?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * Whether the character at `at` is content of a block scalar: some line above it, less indented
 * than every line between, opens one. Walks up only as far as the indentation goes down.
 */
function inBlockScalar(text: string, at: number): boolean {
  let start = text.lastIndexOf('\n', at) + 1;
  let end = text.indexOf('\n', at);
  let indent = indentOf(text.slice(start, end < 0 ? undefined : end));
  while (indent > 0 && start > 0) {
    end = start - 1;
    start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (line.trim() === '') { continue; }
    const lineIndent = indentOf(line);
    if (lineIndent >= indent) { continue; }
    if (BLOCK_SCALAR_HEADER.test(line)) { return true; }
    indent = lineIndent;
  }
  return false;
}

function needsYaml(text: string): boolean {
  // Separate patterns, each with a leading character to look for: one alternation of them all
  // took half as long as js-yaml's parse itself.
  for (const { find, confirm } of NEEDS_YAML) {
    find.lastIndex = 0;
    for (let m = find.exec(text); m; m = find.exec(text)) {
      const at = m.index + (m[0].startsWith('\n') ? 1 : 0);
      const found = m[0].startsWith('\n') ? m[0].slice(1) : m[0];
      if ((!confirm || confirm(text, at, found)) && !inBlockScalar(text, at)) { return true; }
    }
  }
  return false;
}

/**
 * Documents parsed while reading the two states of one transition, by their text: a document
 * that PREVIOUS and NEXT both hold (in a typical change, almost all of them) is parsed once,
 * and both states get the same value, which the checker then compares in no time (issue #24).
 * Only plain documents are kept (those js-yaml reads, `NEEDS_YAML`); values are never modified
 * by the checker or the plugin. Make one per transition and drop it once both states are read.
 */
export class SharedDocuments {
  private readonly byText = new Map<string, unknown>();

  /** The parsed value of a document text, parsing it unless an earlier read did. */
  public valueOf(text: string): unknown {
    // One lookup: a kept value is never undefined (plainDocument gives a non-empty document).
    const known = this.byText.get(text);
    if (known !== undefined) { return known; }
    const value = plainDocument(text);
    if (value !== NOT_PLAIN) { this.byText.set(text, value); }
    return value;
  }
}

const NOT_PLAIN = Symbol('not plain');

/** A line that starts or ends a document (`---`, `...`), other than at the very start of a text. */
const DOCUMENT_MARKER = /\n(?:---|\.\.\.)(?=[ \t\r\n]|$)/g;

/**
 * A text cut into its documents at the lines `---` that separate them, as `cdk8s synth` writes
 * them: each piece keeps the line break before the separator, so a block scalar at the end of a
 * document reads the same alone. Undefined for any other layout (`--- |`, `...`, CRLF line
 * ends, a comment on the separator), which is read whole.
 */
export function documentTexts(text: string): string[] | undefined {
  const pieces: string[] = [];
  let start = 0;
  // One pass over the text: every marker line must be a bare `---` that ends the piece before
  // it (a leading `---` line opens the first document and is not looked at).
  DOCUMENT_MARKER.lastIndex = 0;
  for (let m = DOCUMENT_MARKER.exec(text); m; m = DOCUMENT_MARKER.exec(text)) {
    const sep = m.index;
    if (sep < start || !text.startsWith('\n---\n', sep)) { return undefined; }
    pieces.push(text.slice(start, sep + 1));
    start = sep + 5;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * One document text as the block reader (block-yaml.ts) or js-yaml reads it, when it is plain
 * (`NEEDS_YAML`) and holds exactly one non-empty document; else NOT_PLAIN. The text's documents
 * must be read whole then.
 */
function plainDocument(text: string): unknown {
  // What cdk8s writes is read by the block reader; anything it declines by js-yaml, or yaml.
  const block = readBlockDocument(text);
  if (block !== undefined) { return block; }
  if (needsYaml(text)) { return NOT_PLAIN; }
  let values: unknown[];
  try {
    values = JsYaml.loadAll(text, undefined, { schema: CORE_1_2 });
  } catch {
    return NOT_PLAIN;
  }
  return values.length === 1 && values[0] !== null && values[0] !== undefined ? values[0] : NOT_PLAIN;
}

/**
 * The documents of a text as plain values, with js-yaml when that is certain to give what yaml
 * gives (`NEEDS_YAML`), else undefined. js-yaml counts a text of comments only as one empty
 * document where yaml counts none: both are left out by the caller.
 *
 * With `shared`, a text in the layout `cdk8s synth` writes is read document by document, each
 * document parsed once for both states. js-yaml keeps nothing from one document to the next
 * (anchors are per document, and a directive or a tag sends the whole text to yaml), so the
 * documents read one by one are those it reads in one go; anything else is read whole.
 */
function fastDocuments(text: string, shared?: SharedDocuments): unknown[] | undefined {
  const pieces = shared ? documentTexts(text) : undefined;
  if (pieces) {
    const values = pieces.map(p => shared!.valueOf(p));
    if (!values.includes(NOT_PLAIN)) { return values; }
  }
  if (needsYaml(text)) { return undefined; }
  try {
    return JsYaml.loadAll(text, undefined, { schema: CORE_1_2 });
  } catch {
    return undefined; // yaml reads it again and words the error as it always has
  }
}

/** Whether js-yaml reads this text (for the tests: what `cdk8s synth` writes should be). */
export function readsFast(text: string): boolean {
  return fastDocuments(text) !== undefined;
}

/** A document's value as a StateDocument; undefined when it is empty; an error when it is not a mapping. */
function asDocument(value: unknown, i: number, source: string): StateDocument | undefined {
  if (value === null || value === undefined) { return undefined; }
  if (typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new StateInputError(source, `${source}: document ${i + 1} is ${what}, not a Kubernetes object (a mapping with apiVersion, kind and metadata)`);
  }
  return { source, index: i + 1, object: value as { [key: string]: any } };
}

/**
 * The documents of one YAML text. Empty documents (a bare `---`, comments only) are skipped;
 * a document that is not a mapping (a list, a string) is an error.
 *
 * YAML 1.2 core schema, as the `yaml` package reads it (`yes` and `on` are strings, `0755` is
 * 755, `2001-12-14` a string). Plain manifests are read with js-yaml, several times faster
 * (issue #24: 0.54 s instead of 3.9 s for 16,000 objects); anything where the two could differ,
 * and any error, is read with yaml (`NEEDS_YAML`).
 */
export function parseStateYaml(text: string, source: string, shared?: SharedDocuments): StateDocument[] {
  const documents: StateDocument[] = [];
  const keep = (d: StateDocument | undefined) => { if (d) { documents.push(d); } };
  const fast = fastDocuments(text, shared);
  if (fast) {
    fast.forEach((value, i) => keep(asDocument(value, i, source)));
    return documents;
  }
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
    keep(asDocument(value, i, source));
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
    // The entry's own type, as readdir gives it (lstat where the file system does not say);
    // only a link is followed with a stat of its own: one system call per link, not per file
    // (issue #24: a folder per chart and a file per object is 15,000 files at 1,000 services).
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(child);
      } catch (e) {
        if ((e as { code?: unknown })?.code === 'ENOENT') { continue; } // a dangling link
        throw readFailure(child, e);
      }
      isDirectory = stat.isDirectory();
      isFile = stat.isFile();
    }
    if (isDirectory) {
      walk(child, seen, found);
    } else if (isFile && isYamlName(entry.name)) {
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
  // Each path made relative once, not once per comparison (issue #24).
  return found
    .map(f => ({ f, rel: path.relative(fileOrFolder, f).split(path.sep).join('/') }))
    .sort((a, b) => byCodePoint(a.rel, b.rel))
    .map(({ f }) => f);
}

/** Where reading a folder as a file fails with EISDIR (Node's fs.readFileSync docs). */
const READ_REFUSES_FOLDERS = ['linux', 'darwin', 'win32'].includes(process.platform);

/**
 * Every document of a YAML file, or of every YAML file under a folder. `shared`: documents
 * already read for the other state of the same transition, parsed once for both.
 */
export function readStateDocuments(fileOrFolder: string, shared?: SharedDocuments): StateDocument[] {
  // A file is read at once: no stat first, which the validation plugin would pay once per
  // manifest cdk8s wrote (issue #24). A folder answers EISDIR and is walked, where reading one
  // fails: Node's fs.readFileSync docs say so for Linux, macOS and Windows, and that FreeBSD
  // returns the folder's bytes instead, so elsewhere the path is looked at first, as before.
  let text: string | undefined;
  if (READ_REFUSES_FOLDERS) {
    try {
      text = fs.readFileSync(fileOrFolder, 'utf8');
    } catch (e) {
      if ((e as { code?: unknown })?.code !== 'EISDIR') { throw readFailure(fileOrFolder, e); }
    }
  }
  if (text !== undefined) { return parseStateYaml(text, fileOrFolder, shared); }
  return stateFiles(fileOrFolder).flatMap(file => parseStateYaml(readText(file), file, shared));
}

/** A file's text; a failure named as the reader names it. */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw readFailure(file, e);
  }
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
 * one `git cat-file --batch` reads them all (`git show <ref>:<file>` any it cannot). A relative
 * path is relative to `repo` (`.` or '' for all of it); files are read in path order, hidden
 * entries left out as on disk.
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
  const texts = gitBlobs(top, ref, files);
  return files.flatMap((file, i) => {
    const source = `${ref}:${file}`;
    const text = texts?.[i] ?? git(top, ['show', `${ref}:${file}`], source);
    return parseStateYaml(text, source, options.shared);
  });
}

/**
 * The contents of files at a ref, all from one `git cat-file --batch` (git-cat-file(1): for each
 * `<ref>:<path>` line read, a `<sha> <type> <size>` line, the content and a line break), instead
 * of one `git show` per file: a thousand charts were a thousand processes (issue #24).
 * Undefined for a file it cannot give as a blob (then `git show` reads it and words any error).
 */
function gitBlobs(top: string, ref: string, files: string[]): (string | undefined)[] | undefined {
  if (files.length < 2 || files.some(f => /[\n\r]/.test(f))) { return undefined; }
  let out: Buffer;
  try {
    out = execFileSync('git', ['-C', top, 'cat-file', '--batch'], {
      input: files.map(f => `${ref}:${f}\n`).join(''),
      maxBuffer: GIT_BUFFER,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
  } catch {
    return undefined; // each file is read with git show, which says what is wrong
  }
  const texts: (string | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < files.length && at < out.length; i++) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0) { break; }
    const header = /^[0-9a-f]+ (\S+) (\d+)$/.exec(out.toString('utf8', at, eol));
    if (!header) { texts.push(undefined); at = eol + 1; continue; } // `<name> missing`
    const size = Number(header[2]);
    texts.push(header[1] === 'blob' ? out.toString('utf8', eol + 1, eol + 1 + size) : undefined);
    at = eol + 1 + size + 1;
  }
  return texts;
}

/** The manifests of the YAML files under a path at a Git ref. */
export function loadGitState(repo: string, ref: string, fileOrFolder: string, options: GitStateOptions = {}): any[] {
  return readGitStateDocuments(repo, ref, fileOrFolder, options).map(d => d.object);
}
