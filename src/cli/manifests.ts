import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CliError } from './common';

/**
 * Reading what `cdk8s synth` wrote: YAML files, or folders of them, with one or more documents
 * each. Every problem is a CliError (exit 64) that names the file and says how to fix it.
 */

/** One YAML document of a manifest file. */
export interface Manifest {
  /** The file, as the user named it (or found under a folder the user named). */
  readonly file: string;
  /** Position of the document in its file, from 1. */
  readonly document: number;
  readonly object: unknown;
}

const SYNTH_HINT = 'Pass the YAML files or folders that "cdk8s synth" wrote, e.g. dist/';

function readFailure(what: string, e: unknown): CliError {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT') { return new CliError(`no such file or folder: ${what}. ${SYNTH_HINT}.`); }
  if (code === 'EACCES' || code === 'EPERM') { return new CliError(`cannot read ${what}: permission denied. Make it readable, or pass another path.`); }
  const reason = (e as { message?: unknown } | undefined)?.message;
  return new CliError(`cannot read ${what}: ${typeof reason === 'string' ? reason : String(e)}. ${SYNTH_HINT}.`);
}

function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/**
 * The YAML files under a folder, sorted, at any depth. Hidden entries and node_modules are not
 * searched: `gate .` in an app's root means its manifests, not its dependencies'.
 */
function walk(dir: string, seen: Set<string>, found: string[]): void {
  let real: string;
  let entries: fs.Dirent[];
  try {
    real = fs.realpathSync(dir);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw readFailure(dir, e);
  }
  // A symbolic link back up the tree would loop forever.
  if (seen.has(real)) { return; }
  seen.add(real);
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') { continue; }
    const child = path.join(dir, entry.name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(child);
    } catch {
      continue; // a dangling link is no manifest
    }
    if (stat.isDirectory()) {
      walk(child, seen, found);
    } else if (stat.isFile() && isYamlName(entry.name)) {
      found.push(child);
    }
  }
}

/**
 * The files the arguments name: a file as it is (whatever its extension), a folder as every
 * `.yaml` and `.yml` file under it. Each file once, in the order given.
 */
export function manifestFiles(paths: string[]): string[] {
  if (paths.length === 0) {
    throw new CliError(`no manifests given. ${SYNTH_HINT}.`);
  }
  const files: string[] = [];
  const taken = new Set<string>();
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (e) {
      throw readFailure(given, e);
    }
    let found: string[];
    if (stat.isDirectory()) {
      found = [];
      walk(given, new Set(), found);
      if (found.length === 0) {
        throw new CliError(`the folder ${given} holds no .yaml or .yml file. ${SYNTH_HINT}, after running it.`);
      }
    } else {
      found = [given];
    }
    for (const file of found) {
      const key = path.resolve(file);
      if (!taken.has(key)) {
        taken.add(key);
        files.push(file);
      }
    }
  }
  return files;
}

/** The documents of one YAML text; empty documents (a trailing `---`) are left out. */
export function parseManifests(text: string, file: string): Manifest[] {
  const manifests: Manifest[] = [];
  const docs = YAML.parseAllDocuments(text);
  docs.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      // The message ends with " at line L, column C:" and an excerpt: say it the compiler's way.
      const where = error.linePos ? `${file}:${error.linePos[0].line}:${error.linePos[0].col}` : file;
      const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new CliError(`cannot parse ${where} as YAML: ${what}. Fix the file, or synthesize it again with "cdk8s synth".`);
    }
    let object: unknown;
    try {
      object = doc.toJS();
    } catch (e) {
      const what = (e as { message?: unknown } | undefined)?.message;
      throw new CliError(`cannot parse document ${i + 1} of ${file} as YAML: ${typeof what === 'string' ? what : String(e)}. Fix the file, or synthesize it again with "cdk8s synth".`);
    }
    if (object !== null && object !== undefined) {
      manifests.push({ file, document: i + 1, object });
    }
  });
  return manifests;
}

/** Every document of every file the arguments name. */
export function loadManifests(paths: string[]): Manifest[] {
  return manifestFiles(paths).flatMap(file => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw readFailure(file, e);
    }
    return parseManifests(text, file);
  });
}
