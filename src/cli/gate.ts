import * as fs from 'fs';
import { parseArgs } from './args';
import { CliError, Command, EXIT, exitCodesHelp, Io, TOOL } from './common';
import { checkPrometheusUrl, findGateJobs, readGateConfig, selectGate } from './gate-jobs';
import { loadManifests } from './manifests';
import { exitCodeFor, GateReport, renderJson, renderMarkdown } from './summary';
import { runGate } from '../analysis/gate-program';

/**
 * `cdk8s-zero-downtime gate`: runs an AnalysisGate's gate Job program, the very code the Job
 * runs in the cluster, from CI against the manifests a pull request would commit.
 */

const NAME = `${TOOL} gate`;

/** What each exit code means for this command, under the scheme of src/cli/common.ts. */
const GATE_EXIT_CODES = exitCodesHelp({
  [EXIT.PASS]: 'every criterion passed',
  [EXIT.FAIL]: 'a criterion failed',
  [EXIT.USAGE]: 'unknown option, missing or unreadable file, YAML that cannot be parsed, no gate Job, several and no --gate, bad URL',
  [EXIT.INCONCLUSIVE]: 'too few requests or no data to decide (the gate Job itself exits 2 for this)',
  [EXIT.UNAVAILABLE]: 'Prometheus could not be queried (unreachable, HTTP error, not the Prometheus API)',
});

export const GATE_USAGE = `Usage: ${NAME} [options] MANIFESTS...

Runs the analysis gate found in synthesized manifests against Prometheus, with the
program and settings of its gate Job, and prints a Markdown summary for the pull request.
It takes as long as the Job: initialDelay, then count measurements interval apart.
Progress goes to stderr, the summary to stdout.

Arguments:
  MANIFESTS          YAML files, or folders searched for *.yaml and *.yml (e.g. dist/)

Options:
  --gate NAME        the gate to run when the manifests hold several: its name, its
                     Job's name, or NAMESPACE/NAME
  --prometheus URL   query this Prometheus HTTP API instead of the Job's URL (CI often
                     reaches Prometheus by another address than the cluster does)
  --summary FILE     also write the Markdown summary to FILE (overwritten), e.g.
                     "$GITHUB_STEP_SUMMARY"
  --json             print the result as JSON instead of Markdown
  -h, --help         print this help and exit

${GATE_EXIT_CODES}`;

/** The gate command's command line. */
export interface GateOptions {
  readonly help: boolean;
  readonly gate?: string;
  /** Checked and without trailing slash. */
  readonly prometheus?: string;
  readonly summary?: string;
  readonly json: boolean;
  readonly manifests: string[];
}

/** Parses the arguments after `gate`. Throws a CliError (exit 2) on anything wrong. */
export function parseGateArgs(args: string[]): GateOptions {
  const { options, positionals } = parseArgs(NAME, args, {
    '--gate': { value: 'NAME' },
    '--prometheus': { value: 'URL' },
    '--summary': { value: 'FILE' },
    '--json': {},
    '--help': { alias: '-h' },
  });
  const text = (long: string) => (typeof options[long] === 'string' ? options[long] as string : undefined);
  const help = options['--help'] === true;
  if (!help && positionals.length === 0) {
    throw new CliError(`no manifests given: pass the YAML files or folders that "cdk8s synth" wrote, e.g. ${NAME} dist/. Run "${NAME} --help" for its usage.`);
  }
  const prometheus = text('--prometheus');
  return {
    help,
    gate: text('--gate'),
    prometheus: prometheus === undefined || help ? prometheus : checkPrometheusUrl(prometheus),
    summary: text('--summary'),
    json: options['--json'] === true,
    manifests: positionals,
  };
}

/** Writes the summary file; it is first emptied before the gate runs, so a wrong path fails at once. */
function writeSummary(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    const what = (e as { code?: unknown } | undefined)?.code;
    throw new CliError(`cannot write the summary to ${file} (${typeof what === 'string' ? what : String(e)}). Pass a file in an existing, writable folder to --summary.`);
  }
}

/** Runs the gate command; resolves to the exit code. Throws a CliError on unusable input. */
export async function runGateCommand(args: string[], io: Io): Promise<number> {
  const options = parseGateArgs(args);
  if (options.help) {
    io.out(GATE_USAGE);
    return EXIT.PASS;
  }
  const job = selectGate(findGateJobs(loadManifests(options.manifests)), options.gate, options.manifests);
  const config = readGateConfig(job, options.prometheus);
  if (options.summary !== undefined) { writeSummary(options.summary, ''); }
  // The lines the Job would log, stamped as they would be.
  const result = await runGate(config, line => io.err(`${new Date().toISOString()} ${line}\n`));
  const report: GateReport = { job, config, result };
  const markdown = renderMarkdown(report);
  io.out(options.json ? renderJson(report) : markdown);
  if (options.summary !== undefined) { writeSummary(options.summary, markdown); }
  return exitCodeFor(result.verdict);
}

export const GATE_COMMAND: Command = {
  summary: 'run the analysis gate of synthesized manifests against Prometheus',
  run: runGateCommand,
};
