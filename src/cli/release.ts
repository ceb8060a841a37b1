import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from './args';
import { CliError, Command, EXIT, exitCodesHelp, Io, TOOL } from './common';
import { checkPrometheusUrl, describeJob, findGateJobs, readGateConfig, selectGate } from './gate-jobs';
import { loadManifests } from './manifests';
import { exitCodeFor } from './summary';
import { runGate } from '../analysis/gate-program';
import { abortMove, candidateServesUsers, describePosition, Move, nextMove } from '../release/plan';
import { formatPosition, parsePosition, PositionData, PositionEngine, PositionFileError, POSITION_ENGINES } from '../release/position-file';

/**
 * `cdk8s-zero-downtime release status|next|abort FILE`: reads a release's position file and
 * writes the next safe position (or the way back), one commit at a time, for CI or a person to
 * commit. It never synthesizes or applies anything: the app reads the file at synth time.
 */

const NAME = `${TOOL} release`;
const ACTIONS = ['status', 'next', 'abort'] as const;
type Action = typeof ACTIONS[number];

const RELEASE_EXIT_CODES = exitCodesHelp({
  [EXIT.PASS]: 'the position was written (next, abort), or there is nothing to do; status printed',
  [EXIT.FAIL]: 'not safe to advance: the gate failed (run "release abort"); or abort refused after a promotion',
  [EXIT.USAGE]: 'unknown option, a position file that is missing or hand-broken (the message names the field), --engine that contradicts the file, a file Git has never committed (with --soak), no gate Job in --manifests',
  [EXIT.INCONCLUSIVE]: 'waiting: the soak time since the file\'s last commit has not passed, or the gate had too few requests to decide',
  [EXIT.UNAVAILABLE]: 'Prometheus could not be queried: no verdict, nothing written',
});

export const RELEASE_USAGE = `Usage: ${NAME} status [options] FILE
       ${NAME} next [options] FILE
       ${NAME} abort [options] FILE

Reads a release's position file (e.g. releases/storefront.json, which the app's
CanaryIngress or BlueGreenService reads as its position) and moves it one safe commit:
  status  prints where the release is, and what next and abort would write
  next    writes the next position of the plan: under --engine apply every interim
          commit, under argocd or flux one commit for each pair the engine orders
  abort   writes the next position on the way back to the known-good version
The file is replaced atomically; commit it, synthesize, check and merge as usual.

Arguments:
  FILE                 the position file

Options:
  --engine NAME        argocd, flux or apply: the engine that applies the YAML (default:
                       the file's "engine", else apply)
  --soak DURATION      next: wait until DURATION (e.g. 30s, 10m, 1h30m) has passed since
                       the file's last commit (git log), else exit 3
  --prometheus URL     next: run the release's analysis gate against this Prometheus
                       first, while users are on the candidate; needs --manifests
  --manifests PATH     the synthesized manifests (file or folder) that hold the gate Job
  --gate NAME          the gate to run when the manifests hold several
  -h, --help           print this help and exit

${RELEASE_EXIT_CODES}`;

/** The release command's command line. */
export interface ReleaseOptions {
  readonly help: boolean;
  readonly action?: Action;
  readonly file?: string;
  readonly engine?: PositionEngine;
  readonly soakSeconds?: number;
  readonly prometheus?: string;
  readonly manifests?: string;
  readonly gate?: string;
}

/** `30s`, `10m`, `1h30m` in seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m || text === '') { return undefined; }
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Parses the arguments after `release`. Throws a CliError (exit 2) on anything wrong. */
export function parseReleaseArgs(args: string[]): ReleaseOptions {
  const help = `Run "${NAME} --help" for its usage.`;
  const { options, positionals } = parseArgs(NAME, args, {
    '--engine': { value: 'NAME' },
    '--soak': { value: 'DURATION' },
    '--prometheus': { value: 'URL' },
    '--manifests': { value: 'PATH' },
    '--gate': { value: 'NAME' },
    '--help': { alias: '-h' },
  });
  const text = (long: string) => (typeof options[long] === 'string' ? options[long] as string : undefined);
  if (options['--help'] === true) { return { help: true }; }
  const [action, file, ...rest] = positionals;
  if (!(ACTIONS as readonly (string | undefined)[]).includes(action)) {
    throw new CliError(`${action === undefined ? 'no action given' : `unknown action "${action}"`}: write ${NAME} status|next|abort FILE. ${help}`);
  }
  if (file === undefined) { throw new CliError(`no position file given: write ${NAME} ${action} releases/<app>.json. ${help}`); }
  if (rest.length > 0) { throw new CliError(`one position file at a time, got ${positionals.length - 1} (${positionals.slice(1).join(' ')}). ${help}`); }
  const engine = text('--engine');
  if (engine !== undefined && !(POSITION_ENGINES as readonly string[]).includes(engine)) {
    throw new CliError(`--engine ${JSON.stringify(engine)} is not an engine: use ${POSITION_ENGINES.join(', ')}. ${help}`);
  }
  const soak = text('--soak');
  const soakSeconds = soak === undefined ? undefined : parseDuration(soak);
  if (soak !== undefined && soakSeconds === undefined) {
    throw new CliError(`--soak ${JSON.stringify(soak)} is not a duration: write it like 30s, 10m or 1h30m. ${help}`);
  }
  const prometheus = text('--prometheus');
  const manifests = text('--manifests');
  if (action !== 'next') {
    const only = ['--soak', '--prometheus', '--manifests', '--gate'].filter(o => options[o] !== undefined);
    if (only.length > 0) { throw new CliError(`${only.join(', ')} only apply to "release next": ${action} neither waits nor asks the gate. ${help}`); }
  }
  if (prometheus !== undefined && manifests === undefined) {
    throw new CliError(`--prometheus needs --manifests PATH: the synthesized manifests whose gate Job holds the gate's queries and limits. ${help}`);
  }
  if ((manifests !== undefined || text('--gate') !== undefined) && prometheus === undefined) {
    throw new CliError(`--manifests and --gate choose the gate that --prometheus runs: add --prometheus URL. ${help}`);
  }
  return {
    help: false,
    action: action as Action,
    file,
    engine: engine as PositionEngine | undefined,
    soakSeconds,
    prometheus: prometheus === undefined ? undefined : checkPrometheusUrl(prometheus),
    manifests,
    gate: text('--gate'),
  };
}

/** Reads and checks the position file: a CliError (exit 2) naming the file, field, value and fix. */
export function readPosition(file: string): PositionData {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new CliError(`cannot read the position file ${file} (${typeof code === 'string' ? code : String(e)}). Pass the path of the release's position file, e.g. releases/storefront.json.`);
  }
  try {
    return parsePosition(text, file);
  } catch (e) {
    if (e instanceof PositionFileError) { throw new CliError(e.message); }
    throw e;
  }
}

/**
 * Replaces the file atomically: the new text goes to a temporary file in the same folder, which
 * is then renamed over it (rename(2) is atomic within one file system). A crash leaves the old
 * file or the new one, never half of one.
 */
export function writePositionAtomically(file: string, p: PositionData): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, formatPosition(p));
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    const code = (e as { code?: unknown }).code;
    throw new CliError(`cannot write the position file ${file} (${typeof code === 'string' ? code : String(e)}); it is unchanged. Run the command where the file is writable.`);
  }
}

/** Seconds since the file's last commit, or 0 when it has uncommitted changes. */
function secondsSinceCommitted(file: string, now: number): number {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  const git = (args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  const log = git(['log', '-1', '--format=%ct', '--', base]);
  if (log.status !== 0) {
    throw new CliError(`--soak reads the time of the position file's last commit, and git could not (${(log.stderr || String(log.error)).trim().split('\n')[0]}). Run it in the Git repository that holds ${file}.`);
  }
  const committed = Number(log.stdout.trim());
  if (log.stdout.trim() === '' || !Number.isFinite(committed)) {
    throw new CliError(`--soak counts from the position file's last commit, and Git has no commit of ${file}. Commit the file first.`);
  }
  const status = git(['status', '--porcelain', '--', base]);
  if (status.status === 0 && status.stdout.trim() !== '') { return 0; }
  return Math.max(0, now - committed);
}

/** The engine: --engine, else the file's, else apply; the two may not disagree. */
function engineFor(options: ReleaseOptions, p: PositionData): PositionEngine {
  if (options.engine !== undefined && p.engine !== undefined && options.engine !== p.engine) {
    throw new CliError(`--engine ${options.engine} contradicts "engine": "${p.engine}" in ${options.file}. Pass the engine the file names, or change the file.`);
  }
  return options.engine ?? p.engine ?? 'apply';
}

function show(move: Move): string {
  return move.to === undefined ? `nothing to do: ${move.says}` : move.says;
}

/** Runs the release command; resolves to the exit code. Throws a CliError on unusable input. */
export async function runReleaseCommand(args: string[], io: Io, now: () => number = () => Math.floor(Date.now() / 1000)): Promise<number> {
  const options = parseReleaseArgs(args);
  if (options.help) {
    io.out(RELEASE_USAGE);
    return EXIT.PASS;
  }
  const file = options.file!;
  const p = readPosition(file);
  const engine = engineFor(options, p);
  if (options.action === 'status') {
    const next = nextMove(p, engine);
    const abort = abortMove(p, engine);
    io.out([
      `${p.release} (${p.kind}, engine ${engine}): ${describePosition(p)}`,
      `next: ${show(next)}`,
      `abort: ${show(abort)}`,
      '',
    ].join('\n'));
    return EXIT.PASS;
  }
  if (options.action === 'abort') {
    const move = abortMove(p, engine);
    if (move.refused) {
      io.err(`${NAME} abort: ${move.says}\n`);
      return EXIT.FAIL;
    }
    if (move.to !== undefined) { writePositionAtomically(file, move.to); }
    io.out(`${p.release}: ${show(move)}\n`);
    return EXIT.PASS;
  }
  const move = nextMove(p, engine);
  if (move.to === undefined) {
    io.out(`${p.release}: ${show(move)}\n`);
    return EXIT.PASS;
  }
  if (options.soakSeconds !== undefined) {
    const since = secondsSinceCommitted(file, now());
    if (since < options.soakSeconds) {
      io.err(`${NAME} next: waiting: ${file} last changed ${since}s ago, and the release soaks ${options.soakSeconds}s at each position; nothing written.\n`);
      return EXIT.INCONCLUSIVE;
    }
  }
  if (options.prometheus !== undefined) {
    if (!candidateServesUsers(p)) {
      io.err(`${NAME} next: the gate is not run: no user is served ${p.kind === 'canary' ? p.candidate : 'the new colour'} at this position (${describePosition(p)}).\n`);
    } else {
      const manifests = [options.manifests!];
      const job = selectGate(findGateJobs(loadManifests(manifests)), options.gate, manifests);
      const config = readGateConfig(job, options.prometheus);
      io.err(`${NAME} next: running the gate of Job ${describeJob(job)} against ${config.prometheus}\n`);
      const result = await runGate(config, line => io.err(`${new Date().toISOString()} ${line}\n`));
      const code = exitCodeFor(result.verdict);
      if (code !== EXIT.PASS) {
        const why = code === EXIT.FAIL ? `the gate failed: the release must not advance. Run "${NAME} abort ${file}" to send users back to the known-good version`
          : code === EXIT.INCONCLUSIVE ? 'the gate had too few requests or no data to decide; run next again later'
            : 'Prometheus could not be queried: no verdict';
        io.err(`${NAME} next: ${why}; nothing written.\n`);
        return code;
      }
    }
  }
  writePositionAtomically(file, move.to);
  io.out(`${p.release}: ${move.says}\n`);
  return EXIT.PASS;
}

export const RELEASE_COMMAND: Command = {
  summary: 'move a release\'s position file to the next safe commit (status, next, abort)',
  run: (args, io) => runReleaseCommand(args, io),
};
