import * as path from 'path';
import { parseArgs } from './args';
import { CliError, Command, Io, TOOL } from './common';
import { loadGitState, loadState, StateInputError } from '../check/state';
import { FindingSeverity, TransitionCheck, TransitionFinding } from '../check/transition-check';

/**
 * `cdk8s-zero-downtime check`: the transition checker on two committed states, for the CI job
 * of a pull request (PREVIOUS from the target branch, NEXT from the pull request).
 */

const NAME = `${TOOL} check`;

/** The check command's own exit codes (documented in docs/transition-checker.md). */
export const CHECK_EXIT = {
  /** No unsafe transition; warnings may have been printed. */
  SAFE: 0,
  /** At least one transition would drop or degrade traffic. */
  UNSAFE: 1,
  /** The input could not be read or parsed, or the command line is wrong. */
  INPUT: 2,
} as const;

export const CHECK_USAGE = `Usage: ${NAME} [options] PREVIOUS NEXT
       ${NAME} [options] --previous-ref REF NEXT

Checks what applying NEXT over PREVIOUS would do to traffic: each is a YAML file or a
folder of YAML files (a state as committed, e.g. the synthesized dist/ folder). Prints one
finding per line: severity, rule, object, what the cluster would do and the fix.

Arguments:
  PREVIOUS             the state applied now (a YAML file or folder)
  NEXT                 the state about to be applied

Options:
  --previous-ref REF   read PREVIOUS from this Git ref instead (e.g. origin/main), at the
                       path NEXT has in the repository
  --repo DIR           the Git repository for --previous-ref (default: the current directory)
  --json               print the findings as JSON
  -h, --help           print this help and exit

Exit codes:
  0    no unsafe transition (warnings may be printed)
  1    at least one unsafe transition
  2    the input cannot be read or parsed, or the command line is wrong
`;

/** The check command's command line. */
export interface CheckOptions {
  readonly help: boolean;
  readonly previous?: string;
  readonly previousRef?: string;
  readonly repo: string;
  readonly next?: string;
  readonly json: boolean;
}

/** Parses the arguments after `check`. Throws a CliError (exit 2) on anything wrong. */
export function parseCheckArgs(args: string[]): CheckOptions {
  let parsed;
  try {
    parsed = parseArgs(NAME, args, {
      '--previous-ref': { value: 'REF' },
      '--repo': { value: 'DIR' },
      '--json': {},
      '--help': { alias: '-h' },
    });
  } catch (e) {
    throw new CliError((e as Error).message, CHECK_EXIT.INPUT);
  }
  const { options, positionals } = parsed;
  const help = options['--help'] === true;
  const previousRef = options['--previous-ref'] as string | undefined;
  const wanted = previousRef ? 1 : 2;
  if (!help && positionals.length !== wanted) {
    throw new CliError(previousRef
      ? `with --previous-ref give only NEXT, got ${positionals.length} argument(s). Run "${NAME} --help" for its usage.`
      : `give PREVIOUS and NEXT (or --previous-ref REF and NEXT), got ${positionals.length} argument(s). Run "${NAME} --help" for its usage.`, CHECK_EXIT.INPUT);
  }
  return {
    help,
    previousRef,
    repo: (options['--repo'] as string | undefined) ?? '.',
    previous: previousRef ? undefined : positionals[0],
    next: positionals[wanted - 1],
    json: options['--json'] === true,
  };
}

/** The findings as text lines, errors first, with a closing count. */
export function renderFindings(findings: TransitionFinding[]): string {
  const errors = findings.filter(f => f.severity === FindingSeverity.ERROR).length;
  const lines = findings.map(f => TransitionCheck.format(f));
  lines.push(errors > 0
    ? `${errors} unsafe transition(s), ${findings.length - errors} warning(s): commit what each fix says first.`
    : `no unsafe transition, ${findings.length} warning(s).`);
  return lines.join('\n') + '\n';
}

export const CHECK_COMMAND: Command = {
  summary: 'check that applying one committed state over another keeps traffic flowing',
  async run(args: string[], io: Io): Promise<number> {
    const o = parseCheckArgs(args);
    if (o.help) {
      io.out(CHECK_USAGE);
      return CHECK_EXIT.SAFE;
    }
    let previous: any[];
    let next: any[];
    try {
      next = loadState(o.next!);
      previous = o.previousRef
        ? loadGitState(o.repo, o.previousRef, path.relative(o.repo, path.resolve(o.next!)) || '.', { missingIsEmpty: true })
        : loadState(o.previous!);
    } catch (e) {
      if (e instanceof StateInputError) { throw new CliError(e.message, CHECK_EXIT.INPUT); }
      throw e;
    }
    const findings = TransitionCheck.between(previous, next);
    io.out(o.json ? JSON.stringify(findings, undefined, 2) + '\n' : renderFindings(findings));
    return TransitionCheck.hasErrors(findings) ? CHECK_EXIT.UNSAFE : CHECK_EXIT.SAFE;
  },
};
