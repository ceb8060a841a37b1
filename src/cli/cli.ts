import { CHECK_COMMAND } from './check';
import { CliError, Command, errorText, EXIT, EXIT_CODES, Io, TOOL, wrap } from './common';
import { FLUX_LAYOUT_COMMAND } from './flux-layout';
import { GATE_COMMAND } from './gate';
import { RELEASE_COMMAND } from './release';

/** Subcommands by name. */
export type Commands = { readonly [name: string]: Command };

/**
 * The dispatcher of `cdk8s-zero-downtime SUBCOMMAND ...`. A subcommand is one entry here; its
 * usage line comes from the entry's summary.
 */
export const COMMANDS: Commands = {
  'check': CHECK_COMMAND,
  'flux-layout': FLUX_LAYOUT_COMMAND,
  'gate': GATE_COMMAND,
  'release': RELEASE_COMMAND,
};

/** The tool's usage, listing every subcommand. */
export function usage(commands: Commands = COMMANDS): string {
  const width = Math.max(...Object.keys(commands).map(n => n.length));
  return [
    `Usage: ${TOOL} COMMAND [options] [arguments]`,
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    ...wrap(`${EXIT_CODES.map(c => `${c.code} ${c.name}`).join(', ')}.`, 'Exit codes, the same for every command: ', ''),
    `Run "${TOOL} COMMAND --help" for a command's options and what each code means for it.`,
    '',
  ].join('\n');
}

/**
 * Runs the tool with the arguments after the executable; resolves to the exit code. Writes
 * only through `io`, and never lets an error escape: a CliError is one line on stderr with its
 * code, anything else is a bug (EXIT.INTERNAL), still without a stack trace.
 */
export async function runCli(argv: string[], io: Io, commands: Commands = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') {
    io.out(usage(commands));
    return EXIT.PASS;
  }
  if (name === undefined) {
    io.err(usage(commands));
    return EXIT.USAGE;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!command) {
    const what = name.startsWith('-') ? `unknown option "${name}"` : `unknown command "${name}"`;
    io.err(`${TOOL}: ${what}; the commands are ${Object.keys(commands).join(', ')}. Run "${TOOL} --help" for usage.\n`);
    return EXIT.USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`${TOOL} ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    io.err(`${TOOL} ${name}: internal error: ${errorText(e)}. This is a bug in ${TOOL}; please report it with the command line.\n`);
    return EXIT.INTERNAL;
  }
}
