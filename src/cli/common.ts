/**
 * What every subcommand of the command-line tool shares: its name, the exit codes, the error
 * that carries one, and where output goes. Nothing here is part of the library's (jsii) API.
 */

/** The executable's name, as the package's `bin` declares it. */
export const TOOL = 'cdk8s-zero-downtime';

/**
 * The exit codes of every subcommand: one scheme, so that a CI step can branch on the code
 * without knowing which command ran, and a new command (e.g. `release`) fits in without new
 * numbers. 0 and 1 are the verdict; 2 is "nothing was checked, the input is wrong" (the usual
 * code for a wrong command line, as with grep, diff or Python's argparse); 3 and 4 are "no
 * verdict", told apart because CI handles them differently (wait for traffic, or fix the
 * pipeline); 70 is sysexits' EX_SOFTWARE.
 */
export const EXIT = {
  /** The check passed (warnings may have been printed). */
  PASS: 0,
  /** The check found what it guards against: an unsafe transition, a failed criterion. */
  FAIL: 1,
  /** A wrong command line or unusable input: nothing was checked. */
  USAGE: 2,
  /** Evaluated, but the data does not allow a verdict: too few requests, no data. */
  INCONCLUSIVE: 3,
  /** A service the command needs (Prometheus; a cluster, for a future command) could not be queried: no verdict. */
  UNAVAILABLE: 4,
  /** A bug in the tool itself. */
  INTERNAL: 70,
} as const;

/** One of the exit codes. */
export type ExitCode = typeof EXIT[keyof typeof EXIT];

/** Each exit code's name and what it means for every command: docs/cli.md shows this table. */
export const EXIT_CODES: readonly { readonly code: ExitCode; readonly name: string; readonly meaning: string }[] = [
  { code: EXIT.PASS, name: 'pass', meaning: 'the check passed; warnings may have been printed' },
  { code: EXIT.FAIL, name: 'fail', meaning: 'the check found what it guards against: an unsafe transition, a failed criterion' },
  { code: EXIT.USAGE, name: 'bad input', meaning: 'the command line or an input is wrong (unknown option, a file that is missing, unreadable or not YAML, a folder with no manifests): nothing was checked' },
  { code: EXIT.INCONCLUSIVE, name: 'inconclusive', meaning: 'evaluated, but the data does not allow a verdict: too few requests, no data' },
  { code: EXIT.UNAVAILABLE, name: 'unavailable', meaning: 'a service the command needs could not be queried (Prometheus): no verdict' },
  { code: EXIT.INTERNAL, name: 'internal error', meaning: 'a bug in the tool; the message says so' },
];

/** Words wrapped to `width` columns, after `first`; continuation lines start with `indent`. */
export function wrap(text: string, first: string, indent: string, width = 88): string[] {
  const lines: string[] = [];
  let line = first;
  let fresh = true;
  for (const word of text.split(' ')) {
    if (!fresh && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = fresh ? line + word : `${line} ${word}`;
    }
    fresh = false;
  }
  lines.push(line);
  return lines;
}

/**
 * The "Exit codes:" section of a command's --help: the codes the command can return, each with
 * its name from EXIT_CODES and what it means for that command. Bad input and internal error
 * apply to every command and are always listed.
 */
export function exitCodesHelp(details: { readonly [code: number]: string }): string {
  const always: { [code: number]: string } = {
    [EXIT.USAGE]: 'a wrong command line or unusable input; nothing was checked',
    [EXIT.INTERNAL]: `a bug in ${TOOL}`,
  };
  const lines = ['Exit codes:'];
  for (const { code, name } of EXIT_CODES) {
    const detail = details[code] ?? always[code];
    if (detail === undefined) { continue; }
    const first = `  ${String(code).padEnd(4)} `;
    lines.push(...wrap(`${name}: ${detail}`, first, ' '.repeat(first.length)));
  }
  return lines.join('\n') + '\n';
}

/**
 * An error the user can act on: its message is printed as it is, on one line, and the process
 * exits with its code. Anything else that is thrown is a bug.
 */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode: number = EXIT.USAGE) {
    super(message);
    this.name = 'CliError';
  }
}

/** Where a command writes: the process's streams, or a test's buffers. */
export interface Io {
  /** Standard output: the result (Markdown or JSON), nothing else. */
  out(text: string): void;
  /** Standard error: progress and error messages. */
  err(text: string): void;
}

/** A subcommand: one entry in the dispatcher's table. */
export interface Command {
  /** One line for the tool's usage. */
  readonly summary: string;
  /** Runs with the arguments after the subcommand's name; resolves to the exit code. */
  run(args: string[], io: Io): Promise<number>;
}

/** The one-line text of anything thrown: never a stack trace. */
export function errorText(e: unknown): string {
  const m = (e as { message?: unknown } | undefined)?.message;
  return (typeof m === 'string' ? m : String(e)).split('\n')[0];
}
