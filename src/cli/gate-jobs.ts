import { CliError } from './common';
import { Manifest } from './manifests';
import type { GateConfig } from '../analysis/gate-program';

/**
 * Finding the gate Jobs an AnalysisGate emitted among synthesized manifests, choosing one, and
 * reading its settings back from the `GATE_CONFIG` variable the Job's program reads.
 */

/** The label value that marks a gate Job (app.kubernetes.io/component, ROLE_LABEL_KEY). */
const COMPONENT_LABEL = 'app.kubernetes.io/component';
const GATE_COMPONENT = 'analysis-gate';
/** AnalysisGate names its Job `<gate name>-gate` (a plain Job `<gate name>-gate-<digest>`). */
const JOB_SUFFIX = '-gate';
const RESYNTH = 'Synthesize the manifests again with "cdk8s synth"';

/** A gate Job found in the manifests. */
export interface GateJob {
  /** The gate's name: the Job's without "-gate". */
  readonly gate: string;
  readonly jobName: string;
  readonly namespace?: string;
  readonly file: string;
  /** The `GATE_CONFIG` value, unparsed: only the chosen gate's is read. */
  readonly gateConfig: string;
}

type Fields = { readonly [key: string]: unknown };

function fields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Fields : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Where a gate Job is, for messages: `shop/storefront-analysis-gate in dist/app.k8s.yaml`. */
export function describeJob(job: GateJob): string {
  return `${job.namespace ? `${job.namespace}/` : ''}${job.jobName} in ${job.file}`;
}

/**
 * The gate's name as its config writes it: the Job's name is `<gate>-gate`, or
 * `<gate>-gate-<digest>` for a plain Job, so the config is where the name is certain.
 */
function gateNameOf(gateConfig: string): string | undefined {
  try {
    const gate = JSON.parse(gateConfig)?.gate;
    return typeof gate === 'string' && gate !== '' ? gate : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The gate Jobs: Jobs labelled as an analysis gate whose container has a literal
 * `GATE_CONFIG`. Anything else, Jobs included, is passed over.
 */
export function findGateJobs(manifests: Manifest[]): GateJob[] {
  const jobs: GateJob[] = [];
  for (const m of manifests) {
    const object = fields(m.object);
    const metadata = fields(object?.metadata);
    if (object?.kind !== 'Job' || fields(metadata?.labels)?.[COMPONENT_LABEL] !== GATE_COMPONENT || typeof metadata?.name !== 'string') { continue; }
    const containers = list(fields(fields(fields(object.spec)?.template)?.spec)?.containers);
    const env = containers.flatMap(c => list(fields(c)?.env)).map(fields);
    const gateConfig = env.find(e => e?.name === 'GATE_CONFIG' && typeof e.value === 'string')?.value;
    if (typeof gateConfig !== 'string') { continue; }
    const jobName = metadata.name;
    const fromName = jobName.endsWith(JOB_SUFFIX) && jobName.length > JOB_SUFFIX.length ? jobName.slice(0, -JOB_SUFFIX.length) : jobName;
    jobs.push({
      gate: gateNameOf(gateConfig) ?? fromName,
      jobName,
      namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
      file: m.file,
      gateConfig,
    });
  }
  return jobs;
}

/**
 * The gate to run: the one `wanted` names (the gate's name, its Job's name, either qualified
 * by the namespace as `NAMESPACE/NAME`), or else the only one.
 *
 * @param searched the paths the user gave, for messages
 */
export function selectGate(jobs: GateJob[], wanted: string | undefined, searched: string[]): GateJob {
  if (jobs.length === 0) {
    throw new CliError(`no analysis gate Job in ${searched.join(', ')}: an AnalysisGate emits one (outputs.gateJob, on by default). Pass the manifests of an app with a gate, as "cdk8s synth" wrote them.`);
  }
  const names = jobs.map(j => `${j.gate} (${describeJob(j)})`).join(', ');
  if (wanted === undefined) {
    if (jobs.length === 1) { return jobs[0]; }
    throw new CliError(`the manifests hold ${jobs.length} analysis gates: ${names}. Choose one with --gate NAME.`);
  }
  const slash = wanted.indexOf('/');
  const namespace = slash >= 0 ? wanted.slice(0, slash) : undefined;
  const name = slash >= 0 ? wanted.slice(slash + 1) : wanted;
  const inNamespace = jobs.filter(j => namespace === undefined || (j.namespace ?? '') === namespace);
  // A gate's name first: gate "x" has the Job "x-gate", which is also the name of a gate "x-gate".
  const byGate = inNamespace.filter(j => j.gate === name);
  const matches = byGate.length > 0 ? byGate : inNamespace.filter(j => j.jobName === name);
  if (matches.length === 1) { return matches[0]; }
  if (matches.length === 0) {
    throw new CliError(`no analysis gate "${wanted}" in the manifests; they hold ${names}. Pass one of those names to --gate.`);
  }
  const where = matches.map(describeJob).join(', ');
  const namespaces = new Set(matches.map(j => j.namespace ?? ''));
  const fix = namespace === undefined && namespaces.size === matches.length
    ? `Name it with its namespace, e.g. --gate ${matches[0].namespace ? `${matches[0].namespace}/` : ''}${matches[0].gate}`
    : 'Pass only the manifests of one environment (one folder of what "cdk8s synth" wrote)';
  throw new CliError(`--gate ${wanted} names ${matches.length} gate Jobs: ${where}. ${fix}.`);
}

/**
 * The Prometheus base URL the gate queries, checked as the AnalysisGate checks its own: an
 * http(s) URL without query, fragment or credentials (fetch refuses credentials in a URL).
 * Trailing slashes are dropped, since the API path is appended.
 *
 * @param job the Job whose GATE_CONFIG holds the URL; absent for --prometheus
 */
export function checkPrometheusUrl(url: string, job?: GateJob): string {
  let parsed: URL | undefined;
  try { parsed = new URL(url); } catch { parsed = undefined; }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.search || parsed.hash || parsed.username || parsed.password) {
    const what = job ? `the Prometheus URL "${url}" of Job ${describeJob(job)}` : `--prometheus "${url}"`;
    throw new CliError(`${what} is not an http(s) URL without query, fragment or credentials. ${job ? 'Pass the URL CI reaches Prometheus by' : 'Write it'} e.g. as --prometheus http://localhost:9090.`);
  }
  return url.replace(/\/+$/, '');
}

const VERDICTS = ['pass', 'fail', 'inconclusive'];
const COMPARATORS = ['<', '<=', '>', '>='];

/** Why a GATE_CONFIG value is not a gate configuration, or undefined when it is one. */
function configProblem(c: Fields): string | undefined {
  const text = (key: string, optional = false) => (optional && c[key] === undefined) || (typeof c[key] === 'string' && c[key] !== '');
  const number = (key: string, min: number, whole: boolean) => {
    const v = c[key];
    return typeof v === 'number' && Number.isFinite(v) && v >= min && (!whole || Number.isInteger(v));
  };
  if (!text('gate')) { return 'gate is not a name'; }
  if (!text('release', true)) { return 'release is not a string'; }
  if (!text('prometheus')) { return 'prometheus is not a URL'; }
  if (!VERDICTS.includes(c.onNoData as string)) { return 'onNoData is not pass, fail or inconclusive'; }
  for (const [key, min, whole] of [
    ['minRequests', 0, false], ['count', 1, true], ['intervalSeconds', 0, false], ['initialDelaySeconds', 0, false],
    ['failureLimit', 0, true], ['inconclusiveLimit', 0, true], ['consecutiveErrorLimit', 0, true], ['queryTimeoutSeconds', 1, false],
  ] as const) {
    if (!number(key, min, whole)) { return `${key} is not a ${whole ? 'whole ' : ''}number of at least ${min}`; }
  }
  const criteria = c.criteria;
  if (!Array.isArray(criteria) || criteria.length === 0) { return 'criteria is not a non-empty list'; }
  for (const [i, criterion] of criteria.entries()) {
    const k = fields(criterion);
    if (!k || typeof k.name !== 'string' || k.name === '' || typeof k.query !== 'string' || k.query === ''
      || !COMPARATORS.includes(k.comparator as string) || typeof k.threshold !== 'number' || !Number.isFinite(k.threshold)) {
      return `criteria[${i}] is not a criterion with a name, a query, a comparator (<, <=, >, >=) and a threshold`;
    }
  }
  return undefined;
}

/**
 * The chosen gate's settings, checked field by field (a hand-edited manifest could otherwise
 * make the gate measure forever or never), with `prometheus` replaced when one is given.
 */
export function readGateConfig(job: GateJob, prometheus?: string): GateConfig {
  let value: unknown;
  try {
    value = JSON.parse(job.gateConfig);
  } catch (e) {
    const what = (e as { message?: unknown } | undefined)?.message;
    throw new CliError(`the GATE_CONFIG of Job ${describeJob(job)} is not JSON (${typeof what === 'string' ? what : String(e)}). ${RESYNTH}.`);
  }
  const c = fields(value);
  const problem = c ? configProblem(c) : 'it is not an object';
  if (!c || problem) {
    throw new CliError(`the GATE_CONFIG of Job ${describeJob(job)} is not a gate configuration: ${problem}. ${RESYNTH}.`);
  }
  const config = c as unknown as GateConfig;
  return { ...config, prometheus: prometheus ?? checkPrometheusUrl(config.prometheus, job) };
}
