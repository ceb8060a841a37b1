import * as path from 'path';
import { CliError } from './common';
import { parseStateYaml, readStateDocuments, StateInputError, stateFiles } from '../check/state';

/**
 * Reading what `cdk8s synth` wrote, for the command-line tool: the transition checker's state
 * loader (src/check/state.ts), with several paths at once and every problem as a CliError
 * (exit 2) that says what to pass instead.
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

/** The loader's error, with the hint of what to pass or fix. */
function asCliError(e: unknown): unknown {
  if (!(e instanceof StateInputError)) { return e; }
  const fix = /invalid YAML|cannot be read as YAML|not a Kubernetes object/.test(e.message)
    ? 'Fix the file, or synthesize it again with "cdk8s synth"'
    : SYNTH_HINT;
  return new CliError(`${e.message}. ${fix}.`);
}

function cli<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw asCliError(e);
  }
}

/**
 * The files the arguments name: a file as it is (whatever its extension), a folder as every
 * `.yaml` and `.yml` file under it (hidden folders and node_modules left out). Each file once,
 * in the order given.
 */
export function manifestFiles(paths: string[]): string[] {
  if (paths.length === 0) {
    throw new CliError(`no manifests given. ${SYNTH_HINT}.`);
  }
  const files: string[] = [];
  const taken = new Set<string>();
  for (const given of paths) {
    const found = cli(() => stateFiles(given));
    if (found.length === 0) {
      throw new CliError(`the folder ${given} holds no .yaml or .yml file. ${SYNTH_HINT}, after running it.`);
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
  return cli(() => parseStateYaml(text, file)).map(d => ({ file, document: d.index, object: d.object }));
}

/** Every document of every file the arguments name. */
export function loadManifests(paths: string[]): Manifest[] {
  return manifestFiles(paths).flatMap(file =>
    cli(() => readStateDocuments(file)).map(d => ({ file, document: d.index, object: d.object })));
}
