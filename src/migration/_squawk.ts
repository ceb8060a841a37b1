import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Finding and running squawk (https://squawkhq.com), the PostgreSQL migration linter, at synth
 * time, in the user's app.
 *
 * How the npm package ships its binary (read from squawk-cli 2.66.0's package.json and
 * js/index.js): `squawk-cli` is a small Node wrapper whose optionalDependencies are one package
 * per platform (`@squawk-cli/linux-x64`, `@squawk-cli/darwin-arm64`, ...), each holding the
 * native binary at `bin/squawk`; `js/index.js` exports `getBinaryPath()`, which resolves the
 * one for this platform. No install script runs, so npm's refusal to run unapproved install
 * scripts does not matter. Versions up to 2.52.0 downloaded the binary in an `install` script
 * instead, which such an npm skips: the binary is then missing, and so it is with
 * `--omit=optional`. Both cases are reported as such, never as a clean lint.
 *
 * Private to src/migration/.
 */

/** One finding of squawk, with a 1-based line. */
export interface SquawkFinding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly message: string;
  readonly help?: string;
}

/** A SQL file as the user named it, and where it is on disk. */
export interface SqlFileToLint {
  /** The prop the user wrote it in, e.g. `sqlFiles[0]`. */
  readonly prop: string;
  /** As written. */
  readonly written: string;
  /** Absolute path. */
  readonly path: string;
}

/** Where the binary is, or why it cannot be used. */
export type SquawkLocation = { readonly binary: string } | { readonly problem: string };

/** The first version of squawk-cli whose binary comes from an optional dependency. */
export const FIRST_PACKAGED_VERSION = '2.52.1';

function firstLine(text: unknown): string {
  return String(text ?? '').split('\n').map(l => l.trim()).find(l => l !== '') ?? '';
}

/**
 * The squawk binary of the `squawk-cli` package installed in the app: looked up from each of
 * `searchFrom` in turn (the directory synth runs in, then this library's own location).
 */
export function locateSquawk(searchFrom: readonly string[]): SquawkLocation {
  let manifest: string | undefined;
  for (const base of searchFrom) {
    try {
      manifest = require.resolve('squawk-cli/package.json', { paths: [base] });
      break;
    } catch {
      // not installed under this directory
    }
  }
  if (!manifest) {
    return { problem: `the npm package squawk-cli is not installed in this app (looked from ${searchFrom.join(' and ')})` };
  }
  const dir = path.dirname(manifest);
  let version = 'unknown';
  try {
    version = String(JSON.parse(fs.readFileSync(manifest, 'utf8')).version);
  } catch {
    // the version only improves the message
  }
  const index = path.join(dir, 'js', 'index.js');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wrapper = fs.existsSync(index) ? require(index) : undefined;
    if (typeof wrapper?.getBinaryPath === 'function') {
      const binary = String(wrapper.getBinaryPath());
      if (fs.existsSync(binary)) { return { binary }; }
    }
  } catch (e) {
    return { problem: `squawk-cli ${version} is installed but its binary is not: ${firstLine((e as Error)?.message ?? e)}` };
  }
  return {
    problem: `squawk-cli ${version} is installed but has no binary for ${process.platform}-${process.arch}; versions before ${FIRST_PACKAGED_VERSION} download it in an install script, which npm skips unless install scripts are allowed, so use ${FIRST_PACKAGED_VERSION} or later`,
  };
}

/** Options passed on to squawk. */
export interface SquawkRun {
  readonly exclude: readonly string[];
  readonly pgVersion?: string;
  readonly assumeInTransaction: boolean;
}

/**
 * Runs squawk on the files with its JSON reporter. Its JSON lines and columns count from 0 (its
 * terminal reporter shows the same finding one line further), so lines are made 1-based here.
 */
export function runSquawk(binary: string, files: readonly string[], options: SquawkRun): { findings: SquawkFinding[] } | { problem: string } {
  const args = ['--reporter', 'json'];
  if (options.exclude.length > 0) { args.push(`--exclude=${options.exclude.join(',')}`); }
  if (options.pgVersion !== undefined) { args.push(`--pg-version=${options.pgVersion}`); }
  args.push(options.assumeInTransaction ? '--assume-in-transaction' : '--no-assume-in-transaction');
  const result = spawnSync(binary, [...args, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    return { problem: `squawk could not be run (${binary}): ${firstLine(result.error.message)}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    parsed = undefined;
  }
  // Exit 0: no finding; 1: findings (or a failure, with no JSON on stdout).
  if (!Array.isArray(parsed) || (result.status !== 0 && result.status !== 1)) {
    const why = firstLine(result.stderr) || firstLine(result.stdout) || `exit status ${result.status}`;
    return { problem: `squawk failed (${binary}): ${why}` };
  }
  const findings = parsed
    .filter((f): f is { [key: string]: unknown } => typeof f === 'object' && f !== null)
    .map(f => ({
      file: String(f.file ?? ''),
      line: (typeof f.line === 'number' ? f.line : 0) + 1,
      rule: String(f.rule_name ?? 'unknown-rule'),
      message: String(f.message ?? '').replace(/\s+/g, ' ').trim(),
      help: typeof f.help === 'string' && f.help.trim() !== '' ? f.help.replace(/\s+/g, ' ').trim() : undefined,
    }));
  return { findings };
}
