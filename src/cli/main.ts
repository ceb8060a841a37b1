#!/usr/bin/env node
import { runCli } from './cli';
import { errorText, EXIT, Io, TOOL } from './common';

// The executable (package.json "bin"). Everything testable lives in cli.ts; this only binds
// the process's streams and exit code.
const io: Io = {
  out: text => { process.stdout.write(text); },
  err: text => { process.stderr.write(text); },
};

runCli(process.argv.slice(2), io).then(
  code => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`${TOOL}: internal error: ${errorText(e)}\n`);
    process.exitCode = EXIT.INTERNAL;
  },
);
