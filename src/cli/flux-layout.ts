import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { parseArgs } from './args';
import { CliError, Command, EXIT, exitCodesHelp, Io, TOOL } from './common';
import { apiGroup, labelOf } from '../check/model';
import { readStateDocuments, StateDocument, StateInputError } from '../check/state';
import { FLUX_PRUNE_ANNOTATION, Stage, STAGE_ANNOTATION, STAGE_NAMES } from '../core/stage';

/**
 * `cdk8s-zero-downtime flux-layout`: the folders and Kustomizations with which Flux applies a
 * synthesized commit stage by stage (src/core/stage.ts), so that two commits merged before a
 * sync are still applied in a safe order.
 *
 * Why one Kustomization per stage: kustomize-controller applies every object of one
 * Kustomization in one server-side apply (only CRDs and Namespaces first), then prunes, then
 * health-checks (fluxcd/kustomize-controller `internal/controller/kustomization_controller.go`).
 * Order between objects exists only between Kustomizations: a Kustomization whose `dependsOn`
 * names another is applied once that one is Ready and, when both read the same source, once its
 * `status.lastAppliedRevision` is the revision about to be applied (`checkDependencies` there;
 * docs/spec/v1/kustomizations.md, "Dependencies").
 */

const NAME = `${TOOL} flux-layout`;

/** What each exit code means for this command, under the scheme of src/cli/common.ts. */
const FLUX_LAYOUT_EXIT_CODES = exitCodesHelp({
  [EXIT.PASS]: 'the layout was written (notes may be printed on stderr)',
  [EXIT.USAGE]: 'a wrong command line, SYNTH_DIR cannot be read or holds no manifests, an unknown stage, or DIR is a non-empty folder this command did not write',
});

export const FLUX_LAYOUT_USAGE = `Usage: ${NAME} [options] --out DIR --name APP --path REPO_PATH
         --source KIND/NAME SYNTH_DIR

Lays out the synthesized manifests of SYNTH_DIR for Flux: one folder per release stage
(migrate, prepare, verify, shift, retire, contract; read from the
cdk8s-zero-downtime.io/stage annotation, prepare when there is none) and one Flux
Kustomization per stage, each depending on the stage before with wait: true, so that
Flux applies a commit stage by stage and waits for each to be healthy before the next.
Commit DIR at REPO_PATH. DIR/kustomizations.yaml holds the Kustomizations; a
Kustomization whose path holds DIR applies them (and not the stage folders).

Arguments:
  SYNTH_DIR            the folder "cdk8s synth" wrote (or one YAML file), synthesized
                       with ReleaseOrder.use(app, GitOpsEngine.FLUX)

Options:
  --out DIR            where to write the layout: a new or empty folder, or one this
                       command wrote before (only the files it wrote are replaced)
  --name APP           the Kustomizations are named APP-<stage>
  --path REPO_PATH     the path of DIR in the Git repository, as spec.path of the
                       Kustomizations (e.g. ./deploy/shop)
  --source KIND/NAME   the Flux source of the repository, e.g. GitRepository/flux-system
                       (KIND: GitRepository, OCIRepository or Bucket)
  --namespace NS       the namespace of the Kustomizations (default: flux-system)
  --interval DURATION  how often Flux reconciles each stage (default: 10m)
  --target-namespace NS
                       the namespace Flux puts the objects in (default: the namespaces
                       the manifests name)
  -h, --help           print this help and exit

${FLUX_LAYOUT_EXIT_CODES}`;

/** The flux-layout command's command line. */
export interface FluxLayoutOptions {
  readonly help: boolean;
  readonly synthDir?: string;
  readonly out?: string;
  readonly name?: string;
  readonly repoPath?: string;
  readonly sourceKind?: string;
  readonly sourceName?: string;
  readonly namespace: string;
  readonly interval: string;
  readonly targetNamespace?: string;
}

/** The source kinds a Kustomization may read (kustomize-controller v1.9 CRD, `spec.sourceRef.kind` enum). */
export const SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'Bucket'] as const;

/** `spec.interval` as the Kustomization CRD validates it (a Go duration). */
const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** An RFC 1123 label: namespaces, and the Kustomizations' names (also a label value, 63 at most). */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** An RFC 1123 subdomain: the name of a source. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Every stage in order, with its folder name: the number never changes with the stages present. */
export const STAGE_FOLDERS: readonly { readonly stage: Stage; readonly name: string; readonly folder: string }[] =
  [Stage.MIGRATE, Stage.PREPARE, Stage.VERIFY, Stage.SHIFT, Stage.RETIRE, Stage.CONTRACT].map((stage, i) => ({
    stage,
    name: STAGE_NAMES[stage],
    folder: `${String(i + 1).padStart(2, '0')}-${STAGE_NAMES[stage]}`,
  }));

/** The file in DIR that lists what this command wrote there: it may replace those files, and only those. */
export const MARKER_FILE = '.cdk8s-zero-downtime-flux-layout';

const HELP = `Run "${NAME} --help" for its usage.`;

/** Parses the arguments after `flux-layout`. Throws a CliError (exit 2) on anything wrong. */
export function parseFluxLayoutArgs(args: string[]): FluxLayoutOptions {
  const { options, positionals } = parseArgs(NAME, args, {
    '--out': { value: 'DIR' },
    '--name': { value: 'APP' },
    '--path': { value: 'REPO_PATH' },
    '--source': { value: 'KIND/NAME' },
    '--namespace': { value: 'NS' },
    '--interval': { value: 'DURATION' },
    '--target-namespace': { value: 'NS' },
    '--help': { alias: '-h' },
  });
  const help = options['--help'] === true;
  const namespace = (options['--namespace'] as string | undefined) ?? 'flux-system';
  const interval = (options['--interval'] as string | undefined) ?? '10m';
  if (help) { return { help, namespace, interval }; }
  if (positionals.length !== 1) {
    throw new CliError(`give one SYNTH_DIR (the folder "cdk8s synth" wrote), got ${positionals.length} argument(s). ${HELP}`);
  }
  const required = (option: string, placeholder: string): string => {
    const value = options[option];
    if (value === undefined) { throw new CliError(`${option} is required: write ${option} ${placeholder}. ${HELP}`); }
    return String(value);
  };
  const out = required('--out', 'DIR');
  const name = required('--name', 'APP');
  const repoPath = normalRepoPath(required('--path', 'REPO_PATH'));
  const source = required('--source', 'KIND/NAME');
  const longest = Math.max(...STAGE_FOLDERS.map(s => s.name.length)) + 1;
  if (!LABEL.test(name) || name.length + longest > 63) {
    throw new CliError(`--name ${JSON.stringify(name)} cannot name the Kustomizations ${name}-<stage>: Flux writes that name into the label kustomize.toolkit.fluxcd.io/name of every object, so it must be lowercase letters, digits and '-', start and end with a letter or digit, and be at most ${63 - longest} characters. Write e.g. --name shop. ${HELP}`);
  }
  const [kind, sourceName, ...rest] = source.split('/');
  const validName = sourceName !== undefined && SUBDOMAIN.test(sourceName) && sourceName.length <= 253;
  if (rest.length > 0 || !validName || !(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new CliError(`--source ${JSON.stringify(source)} is not KIND/NAME of a Flux source: KIND is ${SOURCE_KINDS.join(', ')} and NAME the source's name in --namespace, e.g. --source GitRepository/flux-system. ${HELP}`);
  }
  for (const [option, value] of [['--namespace', namespace], ['--target-namespace', options['--target-namespace']]] as const) {
    if (value !== undefined && (typeof value !== 'string' || !LABEL.test(value) || value.length > 63)) {
      throw new CliError(`${option} ${JSON.stringify(value)} is not a namespace name: lowercase letters, digits and '-', at most 63 characters. ${HELP}`);
    }
  }
  if (!DURATION.test(interval)) {
    throw new CliError(`--interval ${JSON.stringify(interval)} is not a duration Flux accepts: a number with ms, s, m or h, e.g. 10m or 1h30m. ${HELP}`);
  }
  return {
    help,
    synthDir: positionals[0],
    out,
    name,
    repoPath,
    sourceKind: kind,
    sourceName,
    namespace,
    interval,
    targetNamespace: options['--target-namespace'] as string | undefined,
  };
}

/**
 * `--path` as Flux reads `spec.path`: relative to the root of the source, with `/`. A path that
 * leaves the source (`..`) or is absolute is refused; Flux would confine it to the source root
 * and apply some other folder.
 */
function normalRepoPath(given: string): string {
  const parts = given.replace(/\\/g, '/').split('/').filter(p => p !== '' && p !== '.');
  if (given.startsWith('/') || /^[A-Za-z]:/.test(given) || parts.includes('..') || /[\s"'`$]/.test(given)) {
    throw new CliError(`--path ${JSON.stringify(given)} is not a path inside the repository: give DIR's path relative to the repository root, without '..', spaces or quotes, e.g. --path ./deploy/shop. ${HELP}`);
  }
  return ['.', ...parts].join('/');
}

/** One object of the input with the stage it is written for. */
interface Placed {
  readonly document: StateDocument;
  readonly stage: Stage;
}

const STAGE_BY_NAME = new Map(STAGE_FOLDERS.map(s => [s.name, s.stage]));

function where(d: StateDocument): string {
  const o = d.object;
  const label = labelOf(String(o.kind), o.metadata?.namespace, String(o.metadata?.name));
  return `${label} (document ${d.index} of ${d.source})`;
}

/** The stage an object is written for: its annotation, else PREPARE. An unknown name is bad input. */
function stageOf(d: StateDocument): Stage {
  const written = d.object.metadata?.annotations?.[STAGE_ANNOTATION];
  if (written === undefined) { return Stage.PREPARE; }
  const stage = typeof written === 'string' ? STAGE_BY_NAME.get(written) : undefined;
  if (stage === undefined) {
    throw new CliError(`${where(d)} has ${STAGE_ANNOTATION}: ${JSON.stringify(written)}, which is not a stage; the stages are ${STAGE_FOLDERS.map(s => s.name).join(', ')}. Synthesize it again with ReleaseOrder.use(app, GitOpsEngine.FLUX), or fix the annotation.`);
  }
  return stage;
}

/** The identity Flux tracks an object by in its inventory (group, kind, namespace, name). */
function identity(o: any): string | undefined {
  if (typeof o?.kind !== 'string' || typeof o?.metadata?.name !== 'string') { return undefined; }
  return `${apiGroup(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** What `flux-layout` writes: each file by its path relative to DIR, with its text. */
export interface FluxLayout {
  /** Each file by its path relative to DIR (with `/`), in the order written. */
  readonly files: ReadonlyMap<string, string>;
  /** The stages that hold objects, in order. */
  readonly stages: readonly string[];
}

/**
 * The Kustomization of one stage.
 *
 * `wait: true` is what makes the order hold: without it (and without `healthChecks`) a
 * Kustomization is Ready as soon as its objects are applied, so `dependsOn` would let the next
 * stage start while the new pods are still rolling out and the smoke test still running. With
 * it, kustomize-controller waits until every object it applied is Current in kstatus terms (a
 * Deployment rolled out and available; a Job Complete, Failed on its Failed condition, fluxcd/pkg
 * `ssa` statusreaders `job.go`) and Ready is False on failure, so a failed smoke test stops the
 * stages after it (kustomize-controller docs/spec/v1/kustomizations.md, "Wait", "Health checks",
 * "Dependencies"; `spec.wait` makes `healthChecks` unnecessary).
 *
 * `prune: true`: an object deleted from a stage's folder is deleted from the cluster by that
 * stage's Kustomization, as the transition checker's Flux model assumes.
 */
function kustomization(o: FluxLayoutOptions, folder: string, stage: string, after: string | undefined): object {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: `${o.name}-${stage}`, namespace: o.namespace },
    spec: {
      ...(after ? { dependsOn: [{ name: `${o.name}-${after}` }] } : {}),
      interval: o.interval,
      path: `${o.repoPath}/${folder}`,
      prune: true,
      sourceRef: { kind: o.sourceKind, name: o.sourceName },
      ...(o.targetNamespace ? { targetNamespace: o.targetNamespace } : {}),
      wait: true,
    },
  };
}

/** A kustomize configuration (not a Flux object) that builds the given files and nothing else. */
function kustomizeConfig(resources: string[]): string {
  return Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources });
}

/** Every file `flux-layout` may write into DIR: what it replaces on the next run, and only that. */
export const LAYOUT_FILES: readonly string[] = [
  'kustomization.yaml',
  'kustomizations.yaml',
  ...STAGE_FOLDERS.flatMap(s => [`${s.folder}/resources.yaml`, `${s.folder}/kustomization.yaml`]),
];

/**
 * The files of the layout of `documents`, in memory: the same input always gives the same bytes.
 *
 * - `NN-<stage>/resources.yaml`: the stage's objects in input order, annotations kept. A stage
 *   with no object gets `NN-<stage>/kustomization.yaml` with no resources instead (Git keeps no
 *   empty folder, and Flux fails on a path that does not exist). Every stage keeps its
 *   Kustomization in every commit: deleting one would make kustomize-controller's finalizer
 *   delete every object still labelled as its own (`finalize`, the default deletionPolicy
 *   MirrorPrune), racing the stage that takes the object over; and `dependsOn` never changes.
 * - `kustomizations.yaml`: the Kustomizations.
 * - `kustomization.yaml`: builds `kustomizations.yaml` only. A Kustomization whose path holds DIR
 *   (e.g. flux-system's own, on the cluster folder) then applies the Kustomizations and not the
 *   stage folders: Flux's generator adds a subfolder that has a kustomization.yaml as one
 *   resource and does not walk into it (fluxcd/pkg `kustomize/kustomize_generator.go`), where it
 *   would otherwise apply every YAML file below at once, all stages together.
 */
export function fluxLayout(documents: readonly StateDocument[], o: FluxLayoutOptions): FluxLayout {
  const placed: Placed[] = documents.map(document => ({ document, stage: stageOf(document) }));
  const files = new Map<string, string>();
  const header = `# Written by "${TOOL} flux-layout" from the synthesized manifests: do not edit, run it again.\n`;
  files.set('kustomization.yaml', header + kustomizeConfig(['kustomizations.yaml']));
  const kustomizations: object[] = [];
  STAGE_FOLDERS.forEach((s, i) => {
    const objects = placed.filter(p => p.stage === s.stage).map(p => p.document.object);
    if (objects.length > 0) {
      files.set(`${s.folder}/resources.yaml`, Yaml.stringify(...objects));
    } else {
      files.set(`${s.folder}/kustomization.yaml`, header + `# No object of this commit is in the ${s.name} stage.\n` + kustomizeConfig([]));
    }
    kustomizations.push(kustomization(o, s.folder, s.name, STAGE_FOLDERS[i - 1]?.name));
  });
  files.set('kustomizations.yaml', header
    + '# One Kustomization per release stage, each applied once the one before is Ready at the same revision (wait: true).\n'
    + Yaml.stringify(...kustomizations));
  return { files, stages: STAGE_FOLDERS.filter(s => placed.some(p => p.stage === s.stage)).map(s => s.name) };
}

/** The files a previous run wrote into DIR, from its marker; undefined when DIR is new or empty. */
function previousFiles(out: string): string[] | undefined {
  let entries: string[];
  try {
    if (!fs.statSync(out).isDirectory()) {
      throw new CliError(`--out ${out} is a file, not a folder. Give a new or empty folder.`);
    }
    entries = fs.readdirSync(out);
  } catch (e) {
    if ((e as { code?: unknown })?.code === 'ENOENT') { return undefined; }
    if (e instanceof CliError) { throw e; }
    throw new CliError(`--out ${out} cannot be read: ${String((e as Error)?.message ?? e).split('\n')[0]}.`);
  }
  if (entries.length === 0) { return undefined; }
  if (!entries.includes(MARKER_FILE)) {
    throw new CliError(`--out ${out} is not empty and was not written by ${NAME} (it has no ${MARKER_FILE}): the layout would mix with files Flux then applies too. Give a new or empty folder.`);
  }
  const listed = fs.readFileSync(path.join(out, MARKER_FILE), 'utf8').split('\n').filter(l => l !== '' && !l.startsWith('#'));
  // Only files this command writes: nothing outside DIR, whatever the marker says.
  return listed.filter(f => LAYOUT_FILES.includes(f));
}

/**
 * Objects that move to a later stage than the one the previous layout had them in. Flux prunes
 * an object from the Kustomization whose folder it left when that Kustomization reconciles, if
 * the object still carries that Kustomization's owner labels (fluxcd/pkg `ssa/manager_delete.go`
 * reads them from the cluster's copy): the earlier stage runs first, so it deletes the object
 * before the later stage creates it again. An object with `kustomize.toolkit.fluxcd.io/prune:
 * disabled` (the library's Deployments) is never deleted that way.
 */
function movedLater(out: string, previous: readonly string[], next: readonly Placed[]): { object: string; from: Stage; to: Stage }[] {
  const before = new Map<string, Stage>();
  for (const file of previous) {
    const stage = STAGE_FOLDERS.find(s => file === `${s.folder}/resources.yaml`)?.stage;
    if (stage === undefined || !fs.existsSync(path.join(out, file))) { continue; }
    let documents: StateDocument[];
    try {
      documents = readStateDocuments(path.join(out, file));
    } catch {
      continue; // an edited file: it is replaced anyway
    }
    for (const d of documents) {
      const id = identity(d.object);
      // The library's workloads carry kustomize.toolkit.fluxcd.io/prune: disabled: no Kustomization deletes them.
      const kept = (d.object as any)?.metadata?.annotations?.[FLUX_PRUNE_ANNOTATION] === 'disabled';
      if (id && !kept) { before.set(id, stage); }
    }
  }
  const notes: { object: string; from: Stage; to: Stage }[] = [];
  for (const p of next) {
    const id = identity(p.document.object);
    const was = id === undefined ? undefined : before.get(id);
    if (was !== undefined && was < p.stage) {
      const o = p.document.object;
      notes.push({ object: labelOf(String(o.kind), o.metadata?.namespace, String(o.metadata?.name)), from: was, to: p.stage });
    }
  }
  return notes;
}

export const FLUX_LAYOUT_COMMAND: Command = {
  summary: 'write one folder and one Flux Kustomization per release stage',
  async run(args: string[], io: Io): Promise<number> {
    const o = parseFluxLayoutArgs(args);
    if (o.help) {
      io.out(FLUX_LAYOUT_USAGE);
      return EXIT.PASS;
    }
    const synth = path.resolve(o.synthDir!);
    const out = path.resolve(o.out!);
    const inside = (a: string, b: string) => a === b || a.startsWith(b + path.sep);
    if (inside(out, synth) || inside(synth, out)) {
      throw new CliError(`--out ${o.out} and SYNTH_DIR ${o.synthDir} overlap: the layout would be read back as manifests on the next run. Write it to a folder outside SYNTH_DIR.`);
    }
    let documents: StateDocument[];
    try {
      documents = readStateDocuments(o.synthDir!);
    } catch (e) {
      if (e instanceof StateInputError) { throw new CliError(`${e.message}. Pass the folder "cdk8s synth" wrote, e.g. dist/.`); }
      throw e;
    }
    if (documents.length === 0) {
      throw new CliError(`SYNTH_DIR (${o.synthDir}) holds no Kubernetes manifests. Pass the folder "cdk8s synth" wrote, e.g. dist/, after running it.`);
    }
    const layout = fluxLayout(documents, o);
    const previous = previousFiles(out);
    if (previous) {
      const placed = documents.map(document => ({ document, stage: stageOf(document) }));
      for (const m of movedLater(out, previous, placed)) {
        const [from, to] = [`${o.name}-${STAGE_NAMES[m.from]}`, `${o.name}-${STAGE_NAMES[m.to]}`];
        io.err(`${NAME}: note: ${m.object} moves from stage ${STAGE_NAMES[m.from]} to ${STAGE_NAMES[m.to]}: Flux's Kustomization ${from} deletes it (it left that folder) before ${to} creates it again. That is safe only if it serves no traffic once the commit before this one is applied: let Flux apply that commit first, do not merge the two together.\n`);
      }
      for (const file of previous) { fs.rmSync(path.join(out, file), { force: true }); }
      for (const s of STAGE_FOLDERS) {
        const dir = path.join(out, s.folder);
        if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) { fs.rmdirSync(dir); }
      }
    }
    fs.mkdirSync(out, { recursive: true });
    for (const [file, text] of layout.files) {
      fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      fs.writeFileSync(path.join(out, file), text);
    }
    fs.writeFileSync(path.join(out, MARKER_FILE), [`# Files written by ${NAME}; it replaces only these.`, ...layout.files.keys(), ''].join('\n'));
    io.out(`wrote ${o.out}: objects in stage(s) ${layout.stages.join(', ')}, and the Kustomizations ${o.name}-${STAGE_FOLDERS[0].name} to ${o.name}-${STAGE_FOLDERS[STAGE_FOLDERS.length - 1].name} in ${path.join(o.out!, 'kustomizations.yaml')}. Commit it at ${o.repoPath}.\n`);
    return EXIT.PASS;
  },
};
