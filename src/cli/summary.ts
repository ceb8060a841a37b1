import { EXIT } from './common';
import { GateJob } from './gate-jobs';
import type { CriterionDetail, CriterionPhase, GateConfig, GateResult } from '../analysis/gate-program';

/**
 * What the gate command prints: a short Markdown summary a CI job can post on the pull
 * request, or the same as JSON for scripts.
 */

/** A finished gate run, with what is needed to say which gate it was. */
export interface GateReport {
  readonly job: GateJob;
  /** The settings the gate ran with (Prometheus URL replaced, if it was). */
  readonly config: GateConfig;
  readonly result: GateResult;
}

/**
 * The tool's exit code for a verdict (the scheme of every command, src/cli/common.ts). The gate
 * Job exits 0, 1 and 2 (inconclusive), and 1 when Prometheus cannot be queried: Kubernetes only
 * tells zero from non-zero. The tool says inconclusive (3) and unavailable (4) apart.
 */
export function exitCodeFor(verdict: CriterionPhase): number {
  switch (verdict) {
    case 'pass': return EXIT.PASS;
    case 'fail': return EXIT.FAIL;
    case 'inconclusive': return EXIT.INCONCLUSIVE;
    case 'error': return EXIT.UNAVAILABLE;
  }
}

const SHOWN: { readonly [phase in CriterionPhase | 'not finished']: string } = {
  'pass': '✅ pass',
  'fail': '❌ fail',
  'inconclusive': '⚠️ inconclusive',
  'error': '⛔ error',
  'not finished': '⏸️ not finished',
};

const MEANING: { readonly [phase in CriterionPhase]: string } = {
  pass: 'every criterion passed: the release may advance.',
  fail: 'a criterion failed: the release must not advance.',
  inconclusive: 'too few requests or no data to decide: a person decides.',
  error: 'Prometheus could not be queried, so there is no verdict on the release.',
};

/** Prometheus's spelling of infinities; up to 6 significant digits otherwise. */
export function formatValue(v: number): string {
  if (v === Infinity) { return '+Inf'; }
  if (v === -Infinity) { return '-Inf'; }
  return String(Number(v.toPrecision(6)));
}

/** Text that cannot break a table row: no pipe, no line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*[\r\n]+\s*/g, ' ');
}

/** An inline code span; names come from manifests, so a backtick must not end it early. */
function code(text: string): string {
  return `\`${cell(text).replace(/`/g, '\'')}\``;
}

function lastValue(d: CriterionDetail): string {
  if (d.phase === 'error') {
    const why = d.error ?? 'no answer';
    return `query failed: ${why.length > 160 ? `${why.slice(0, 160)}…` : why}`;
  }
  const last = d.last;
  if (!last) { return 'not measured'; }
  return last.outcome === 'value' && last.value !== undefined ? formatValue(last.value) : last.outcome;
}

/** The Markdown summary: which gate and release, one row per criterion, the verdict. */
export function renderMarkdown(report: GateReport): string {
  const { job, config, result } = report;
  const exitCode = exitCodeFor(result.verdict);
  const lines = [
    `### Analysis gate ${code(config.gate)}: ${SHOWN[result.verdict]}`,
    '',
    `${config.release ? `Release ${code(config.release)}` : 'No release set'}; gate Job ${code(`${job.namespace ? `${job.namespace}/` : ''}${job.jobName}`)} in ${code(job.file)}; ${config.count} measurement(s) ${config.intervalSeconds}s apart.`,
    '',
    '| Criterion | Passes when | Last value | Verdict |',
    '| --- | --- | --- | --- |',
    ...result.details.map(d => `| ${code(d.name)} | ${code(`${d.comparator} ${formatValue(d.threshold)}`)} | ${cell(lastValue(d))} | ${SHOWN[d.phase]} |`),
    '',
    `**Verdict: ${result.verdict}** (exit code ${exitCode}): ${MEANING[result.verdict]}`,
  ];
  if (result.details.some(d => d.phase === 'not finished')) {
    lines.push('', 'A criterion not finished was stopped when another one failed or erred.');
  }
  return lines.join('\n') + '\n';
}

/**
 * The same as JSON: the gate, the verdict, the tool's exit code and every criterion's details.
 * Infinities are written as Prometheus writes them ("+Inf", "-Inf"): JSON has no literal for them.
 */
export function renderJson(report: GateReport): string {
  const { job, config, result } = report;
  const document = {
    gate: config.gate,
    release: config.release,
    job: job.jobName,
    namespace: job.namespace,
    file: job.file,
    prometheus: config.prometheus,
    verdict: result.verdict,
    exitCode: exitCodeFor(result.verdict),
    criteria: result.details,
  };
  const json = JSON.stringify(document, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? formatValue(value) : value), 2);
  return json + '\n';
}
