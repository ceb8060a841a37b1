import { CliError } from './common';

/** One option of a subcommand, by its long name (`--gate`). */
export interface OptionSpec {
  /** The value's placeholder in messages (`NAME`); absent for a flag. */
  readonly value?: string;
  /** A one-letter alias (`-h`). */
  readonly alias?: string;
}

/** The options a command accepts, by long name with its dashes. */
export interface OptionSpecs {
  readonly [long: string]: OptionSpec;
}

/** A parsed command line: each option given, by long name (flags are `true`), and the rest. */
export interface ParsedArgs {
  readonly options: { readonly [long: string]: string | true };
  readonly positionals: string[];
}

/**
 * Parses `--name value`, `--name=value`, flags and aliases, strictly: an unknown option, a
 * missing value or an option given twice is a usage error (exit 2) naming the option and the
 * fix. `--` ends the options, for file names that start with a dash.
 *
 * @param command the command whose --help the messages point to, e.g. "cdk8s-zero-downtime gate"
 */
export function parseArgs(command: string, args: string[], specs: OptionSpecs): ParsedArgs {
  const help = `Run "${command} --help" for its usage.`;
  const byAlias: { [alias: string]: string } = {};
  for (const [long, spec] of Object.entries(specs)) {
    if (spec.alias) { byAlias[spec.alias] = long; }
  }
  const options: { [long: string]: string | true } = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const given = eq >= 0 ? arg.slice(0, eq) : arg;
    const long = specs[given] ? given : byAlias[given];
    const spec = long === undefined ? undefined : specs[long];
    if (long === undefined || spec === undefined) {
      throw new CliError(`unknown option "${given}". ${help}`);
    }
    if (options[long] !== undefined) {
      throw new CliError(`${long} is given more than once; give it once. ${help}`);
    }
    if (spec.value === undefined) {
      if (eq >= 0) { throw new CliError(`${long} takes no value; write ${long} alone. ${help}`); }
      options[long] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      // A following option is not a value: "--gate --json" forgot the name.
      const next = args[i + 1];
      if (next !== undefined && !(next.startsWith('-') && next !== '-')) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') {
      throw new CliError(`${long} needs a value: write ${long} ${spec.value}. ${help}`);
    }
    options[long] = value;
  }
  return { options, positionals };
}
