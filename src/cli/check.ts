import * as path from 'path';
import { parseArgs } from './args';
import { CliError, Command, EXIT, exitCodesHelp, Io, TOOL } from './common';
import { checkUnderEngine, detectEngine, ENGINE_NAMES, ENGINE_TITLES, EngineName, EngineStep } from '../check/engine';
import { withStates } from '../check/model';
import { readStateDocuments, SharedDocuments, StateDocument, StateInputError, stateFiles } from '../check/state';
import { FindingSeverity, TransitionCheck, TransitionFinding } from '../check/transition-check';
import { PreviousStateError, readPreviousAtRef } from '../plugin/previous-state';

/**
 * `cdk8s-zero-downtime check`: the transition checker on two committed states, for the CI job
 * of a pull request (PREVIOUS from the target branch, NEXT from the pull request).
 */

const NAME = `${TOOL} check`;

/** What each exit code means for this command, under the scheme of src/cli/common.ts. */
const CHECK_EXIT_CODES = exitCodesHelp({
  [EXIT.PASS]: 'no unsafe transition (warnings may be printed)',
  [EXIT.FAIL]: 'at least one unsafe transition',
  [EXIT.USAGE]: 'a wrong command line, or PREVIOUS or NEXT cannot be read, is not YAML, or holds no manifests (an empty folder, a ref without them, a folder Git ignores)',
});

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
  --allow-empty-previous
                       accept a PREVIOUS with no manifests (the change that adds them, or a
                       repository with no commit yet) and check NEXT against an empty state
  --engine ENGINE      what applies NEXT: argocd, flux or apply (default: read from the
                       manifests: argocd when an object carries an argocd.argoproj.io/
                       annotation, flux when one carries a Flux or cdk8s-zero-downtime.io/stage
                       annotation, apply otherwise). Every partial state the engine produces
                       on the way (Argo CD wave by wave, Flux stage by stage) is checked
  --allow-removal LIST
                       objects or apps that NEXT removes on purpose, comma-separated: a
                       name, Kind/name, Kind/namespace/name, an app label value, or '*'
  --json               print the findings as JSON
  -h, --help           print this help and exit

${CHECK_EXIT_CODES}`;

/** The check command's command line. */
export interface CheckOptions {
  readonly help: boolean;
  readonly previous?: string;
  readonly previousRef?: string;
  readonly repo: string;
  readonly next?: string;
  readonly allowEmptyPrevious: boolean;
  readonly json: boolean;
  /** --allow-removal, split on commas. */
  readonly allowRemoval: string[];
  /** --engine, when given. */
  readonly engine?: EngineName;
}

/** Parses the arguments after `check`. Throws a CliError (exit 2) on anything wrong. */
export function parseCheckArgs(args: string[]): CheckOptions {
  const { options, positionals } = parseArgs(NAME, args, {
    '--previous-ref': { value: 'REF' },
    '--repo': { value: 'DIR' },
    '--allow-empty-previous': {},
    '--json': {},
    '--allow-removal': { value: 'LIST' },
    '--engine': { value: 'ENGINE' },
    '--help': { alias: '-h' },
  });
  const help = options['--help'] === true;
  const previousRef = options['--previous-ref'] as string | undefined;
  const wanted = previousRef ? 1 : 2;
  if (!help && positionals.length !== wanted) {
    throw new CliError(previousRef
      ? `with --previous-ref give only NEXT, got ${positionals.length} argument(s). Run "${NAME} --help" for its usage.`
      : `give PREVIOUS and NEXT (or --previous-ref REF and NEXT), got ${positionals.length} argument(s). Run "${NAME} --help" for its usage.`);
  }
  const engine = options['--engine'] as string | undefined;
  if (engine !== undefined && !(ENGINE_NAMES as readonly string[]).includes(engine)) {
    throw new CliError(`--engine ${JSON.stringify(engine)} is not an engine: use ${ENGINE_NAMES.join(', ')}. Run "${NAME} --help" for its usage.`);
  }
  return {
    help,
    engine: engine as EngineName | undefined,
    previousRef,
    repo: (options['--repo'] as string | undefined) ?? '.',
    previous: previousRef ? undefined : positionals[0],
    next: positionals[wanted - 1],
    allowEmptyPrevious: options['--allow-empty-previous'] === true,
    json: options['--json'] === true,
    allowRemoval: String(options['--allow-removal'] ?? '').split(',').map(s => s.trim()).filter(s => s !== ''),
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

/** Which engine applies NEXT, why the checker thinks so, and its steps when there are several. */
export function renderPlan(engine: EngineName, evidence: string | undefined, steps: readonly EngineStep[]): string {
  if (engine === 'apply' && evidence === undefined) { return ''; }
  const why = evidence === '--engine' ? 'as --engine says' : evidence ? `read from ${evidence}` : 'no Argo CD or Flux annotation found';
  const lines = [`engine: ${ENGINE_TITLES[engine]} (${why}).`];
  if (steps.length > 1) {
    lines.push(`${ENGINE_TITLES[engine]} applies this commit in ${steps.length} steps, each once the one before is healthy; every one is checked:`);
    for (const step of steps) {
      const what = [...step.applies.map(a => `applies ${a}`), ...step.prunes.map(p => `prunes ${p}`)];
      lines.push(`  ${step.label}: ${what.join(', ')}`);
    }
  }
  return lines.join('\n') + '\n';
}

const SYNTH_HINT = 'Pass the folder "cdk8s synth" wrote (e.g. dist/), after running it';

/** Why a state on disk holds no manifests: no YAML file, or YAML files with no document. */
function emptyOnDisk(fileOrFolder: string): string {
  return stateFiles(fileOrFolder).length === 0
    ? 'there is no .yaml or .yml file in it'
    : 'its YAML holds no document';
}

/** A state on disk; a StateInputError becomes a CliError (exit 2). */
function readOnDisk(fileOrFolder: string, shared?: SharedDocuments): StateDocument[] {
  try {
    return readStateDocuments(fileOrFolder, shared);
  } catch (e) {
    if (e instanceof StateInputError) { throw new CliError(e.message); }
    throw e;
  }
}

/**
 * PREVIOUS: a file or folder, or the path NEXT has at a Git ref. No manifests is bad input
 * (exit 2) unless --allow-empty-previous accepts it; then a note on stderr says so. A folder
 * that Git ignores is refused even then: no ref will ever hold its manifests.
 */
function readPrevious(o: CheckOptions, io: Io, shared: SharedDocuments): StateDocument[] {
  if (!o.previousRef) {
    const previous = readOnDisk(o.previous!, shared);
    if (previous.length > 0) { return previous; }
    if (!o.allowEmptyPrevious) {
      throw new CliError(`PREVIOUS (${o.previous}) holds no Kubernetes manifests: ${emptyOnDisk(o.previous!)}, and comparing with nothing would pass any change. ${SYNTH_HINT}, or pass --allow-empty-previous if NEXT adds every object for the first time.`);
    }
    io.err(`${NAME}: PREVIOUS (${o.previous}) holds no manifests: NEXT is checked against an empty state (--allow-empty-previous).\n`);
    return previous;
  }
  const at = path.relative(o.repo, path.resolve(o.next!)) || '.';
  let read;
  try {
    read = readPreviousAtRef(o.repo, o.previousRef, at, {
      ref: '--previous-ref',
      pathFix: 'pass as NEXT the folder the manifests are committed in',
      folder: `${NAME} PREVIOUS NEXT with a copy of the earlier output as PREVIOUS`,
      allowEmpty: 'To check NEXT against an empty state on purpose, pass --allow-empty-previous.',
    }, shared);
  } catch (e) {
    if (e instanceof PreviousStateError) { throw new CliError(`${e.message} ${e.fix}`); }
    if (e instanceof StateInputError) { throw new CliError(e.message); }
    throw e;
  }
  if (!read.empty) { return read.documents; }
  if (read.empty.reason === 'ignored' || !o.allowEmptyPrevious) {
    throw new CliError(`${read.empty.message} ${read.empty.fix}`);
  }
  const where = `${o.previousRef}:${read.path}${read.commit ? ` (${read.commit})` : ''}`;
  io.err(`${NAME}: ${where} holds no manifests: NEXT is checked against an empty state (--allow-empty-previous).\n`);
  return read.documents;
}

export const CHECK_COMMAND: Command = {
  summary: 'check that applying one committed state over another keeps traffic flowing',
  async run(args: string[], io: Io): Promise<number> {
    const o = parseCheckArgs(args);
    if (o.help) {
      io.out(CHECK_USAGE);
      return EXIT.PASS;
    }
    // A document PREVIOUS holds unchanged is parsed once, for both states (issue #24).
    const shared = new SharedDocuments();
    const next = readOnDisk(o.next!, shared);
    // An empty NEXT is most often a wrong path or a folder not synthesized yet: bad input, unless
    // the user says that objects go on purpose; then the next-empty rule judges what was named.
    if (next.length === 0 && o.allowRemoval.length === 0) {
      throw new CliError(`NEXT (${o.next}) holds no Kubernetes manifests: ${emptyOnDisk(o.next!)}. ${SYNTH_HINT}, or pass --allow-removal '*' if every object goes on purpose.`);
    }
    const previous = readPrevious(o, io, shared);
    const before = previous.map(d => d.object);
    const after = next.map(d => d.object);
    const detected = o.engine ? { engine: o.engine, evidence: '--engine' } : detectEngine(before, after);
    const options = { allowRemoval: o.allowRemoval };
    // Both checks below judge the same two arrays: their States (indexes, routes) are built once
    // for both (issue #24; src/check/model.ts withStates).
    return withStates(() => {
      const { steps, findings: raw } = checkUnderEngine(before, after, detected.engine, options);
      const findings: TransitionFinding[] = raw.map(f => ({ rule: f.rule, severity: f.severity === 'error' ? FindingSeverity.ERROR : FindingSeverity.WARNING, object: f.object, message: f.message, fix: f.fix }));
      if (o.json) {
        io.out(JSON.stringify(findings, undefined, 2) + '\n');
      } else {
        io.out(renderPlan(detected.engine, detected.evidence, steps));
        io.out(renderFindings(findings));
        // With one step the engine applies the commit at once: that check was the one above (issue #24).
        if (detected.engine !== 'apply' && steps.length > 1 && !TransitionCheck.hasErrors(findings)) {
          const atOnce = checkUnderEngine(before, after, 'apply', options).findings.filter(f => f.severity === 'error');
          if (atOnce.length > 0) {
            const order = detected.engine === 'argocd' ? 'sync waves' : 'Flux stages';
            io.out(`Safe only because ${ENGINE_TITLES[detected.engine]} orders it: applied at once (kubectl apply, or without the ${order}) it would be unsafe (${[...new Set(atOnce.map(f => f.rule))].join(', ')}). Keep the ${order} as synthesized.\n`);
          }
        }
      }
      return TransitionCheck.hasErrors(findings) ? EXIT.FAIL : EXIT.PASS;
    });
  },
};
