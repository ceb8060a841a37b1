/**
 * What every subcommand of the command-line tool shares: its name, the exit codes, the error
 * that carries one, and where output goes. Nothing here is part of the library's (jsii) API.
 */

/** The executable's name, as the package's `bin` declares it. */
export const TOOL = 'cdk8s-zero-downtime';

/**
 * Exit codes. 0-2 are the gate's own verdicts (the gate Job exits the same); 64 is sysexits'
 * EX_USAGE, the convention for a wrong command line or unusable input.
 */
export const EXIT = {
  PASS: 0,
  FAIL: 1,
  INCONCLUSIVE: 2,
  /** Prometheus could not be queried: no verdict on the release. */
  UNQUERIED: 3,
  USAGE: 64,
  /** A bug in the tool itself (sysexits' EX_SOFTWARE). */
  INTERNAL: 70,
} as const;

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
