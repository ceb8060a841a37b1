import { CliError, Io } from '../../src/cli/common';

/** An Io that keeps what is written. */
export function buffers(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => { io.stdout += text; },
    err: (text: string) => { io.stderr += text; },
  };
  return io;
}

/** The CliError `fn` throws (fails the test when it throws nothing or something else). */
export function cliError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) { return e; }
    throw e;
  }
  throw new Error('expected a CliError, nothing was thrown');
}
