import { error, RawFinding, TransitionRule, warning } from './rule';
import { describeTemplateChange, Entry, isObject, mapSelects, sameJson, templateLabels, Transition, workloads } from '../model';

/** Written by SchemaMigration (src/migration/_readers.ts); read here from the YAML alone. */
const MIGRATION_PHASE_LABEL = 'cdk8s-zero-downtime.io/migration-phase';
const SCHEMA_READERS_ANNOTATION = 'cdk8s-zero-downtime.io/schema-readers';

/** Who reads the schema a contract changes, and which schema each version reads. */
interface SchemaReaders {
  readonly selector: { [key: string]: string };
  readonly container?: string;
  readonly schemaVersions: { [imageOrTag: string]: number };
  readonly removesSchema: number;
}

function schemaReadersOf(job: Entry): SchemaReaders | undefined {
  const text = job.obj.metadata?.annotations?.[SCHEMA_READERS_ANNOTATION];
  let r: any;
  try {
    r = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
  if (!isObject(r) || !isObject(r.selector) || Object.keys(r.selector).length === 0 || !isObject(r.schemaVersions)) { return undefined; }
  if (typeof r.removesSchema !== 'number' || !Object.values(r.schemaVersions).every(v => typeof v === 'number')) { return undefined; }
  return { selector: r.selector, container: typeof r.container === 'string' ? r.container : undefined, schemaVersions: r.schemaVersions, removesSchema: r.removesSchema };
}

/** The schema version an image reads: by the full image, then its digest, then its tag. */
function schemaVersionOfImage(image: string, versions: { [imageOrTag: string]: number }): number | undefined {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  for (const key of [image, at >= 0 ? image.slice(at + 1) : undefined, colon >= 0 ? name.slice(colon + 1) : undefined]) {
    if (key !== undefined && Object.prototype.hasOwnProperty.call(versions, key)) { return versions[key]; }
  }
  return undefined;
}

/** The image of the app's container in a workload's pod template (the first container when none has its name). */
function readerImage(w: Entry, container: string | undefined): string | undefined {
  const list = w.obj.spec?.template?.spec?.containers;
  if (!Array.isArray(list)) { return undefined; }
  const c = list.find((x: any) => isObject(x) && x.name === container) ?? list[0];
  return isObject(c) && typeof c.image === 'string' ? c.image : undefined;
}

/** Whether the GitOps tool runs the Job again on every sync (Argo CD and Helm hooks). */
function runsOnEverySync(job: Entry): boolean {
  const annotations = isObject(job.obj.metadata?.annotations) ? job.obj.metadata.annotations : {};
  return annotations['argocd.argoproj.io/hook'] !== undefined || annotations['helm.sh/hook'] !== undefined;
}

/**
 * A contract migration removes the shape old versions read. Its Job runs as soon as the commit
 * is applied (an Argo CD sync wave before the Deployments, or a Flux Kustomization the app
 * depends on), while the pods of PREVIOUS still serve and pods that the same commit retires are
 * still draining: every version that reads the removed shape must have stopped running already,
 * in PREVIOUS as in NEXT. A Job that ran before (same name and spec) is not run again, except
 * a hook, which Argo CD re-creates on every sync.
 */
function contractWhileOldVersionRuns(t: Transition): RawFinding[] {
  const rule = 'contract-while-old-version-runs';
  const found: RawFinding[] = [];
  for (const job of t.next.ofKind('batch', 'Job')) {
    if (job.obj.metadata?.labels?.[MIGRATION_PHASE_LABEL] !== 'contract') { continue; }
    const before = t.previous.get(job.key);
    if (before && sameJson(before.obj.spec, job.obj.spec) && !runsOnEverySync(job)) { continue; }
    const readers = schemaReadersOf(job);
    if (!readers) {
      found.push(warning(rule, job.label,
        `The Job is a contract migration (${MIGRATION_PHASE_LABEL}: contract) without a readable ${SCHEMA_READERS_ANNOTATION} annotation: the checker cannot tell which running versions read the schema it removes.`,
        'Write the migration with SchemaMigration, which annotates it, or add the annotation: {"selector": <the app\'s pod labels>, "container": <its container>, "schemaVersions": {<tag>: <schema it reads>}, "removesSchema": <n>}.'));
      continue;
    }
    const removes = readers.removesSchema;
    const reported = new Set<string>();
    for (const when of ['next', 'previous'] as const) {
      for (const w of workloads(when === 'next' ? t.next : t.previous)) {
        if (w.namespace !== job.namespace || reported.has(w.key) || !mapSelects(readers.selector, templateLabels(w))) { continue; }
        const c = t.change(w.key);
        const pods = when === 'next' ? c.replicasAfter : c.replicasBefore;
        const image = readerImage(w, readers.container);
        if (pods === 0 || image === undefined) { continue; }
        const version = schemaVersionOfImage(image, readers.schemaVersions);
        const runs = `${w.label} ${when === 'next' ? 'still runs' : 'runs'} ${image} (${pods} pod(s))`;
        if (version === undefined) {
          reported.add(w.key);
          found.push(error(rule, job.label,
            `The contract migration removes the shape of schema ${removes} and older, and ${runs}, an image its ${SCHEMA_READERS_ANNOTATION} annotation does not list: nothing says whether it reads the removed shape.`,
            `List the version of ${image} in the migration's schemaVersions with the schema version it reads; if it reads schema ${removes} or older, retire it in a commit of its own before the contract.`));
          continue;
        }
        if (version > removes) { continue; }
        reported.add(w.key);
        if (when === 'next') {
          found.push(error(rule, job.label,
            `The contract migration removes the shape of schema ${removes} and older, and ${runs}, which reads schema ${version}. The Job runs as soon as the commit is applied (before the Deployments: an Argo CD sync wave, or the Kustomization the app depends on), and from then on every request of those pods that touches a removed column or table fails.`,
            `Retire ${w.label} first (scale it to 0 once the new version serves, or roll it out to a version that reads a newer schema) in a commit of its own; commit the contract after that.`));
        } else {
          const what = c.removed ? 'deletes it' : c.replicasAfter === 0 ? 'scales it to 0' : c.templateChanged
            ? `rolls it out (${describeTemplateChange(c.before!.obj.spec?.template, c.after!.obj.spec?.template)})` : 'changes it';
          found.push(error(rule, job.label,
            `The contract migration removes the shape of schema ${removes} and older, and ${runs}, which reads schema ${version}, until this same commit ${what}. The Job runs as soon as the commit is applied, while those pods still serve and drain: their requests that touch a removed column or table fail.`,
            `Commit the change to ${w.label} alone first; once its old pods are gone, commit the contract.`));
        }
      }
    }
  }
  return found;
}

export const contractWhileOldVersionRunsRule: TransitionRule = {
  id: 'contract-while-old-version-runs',
  severities: ['error', 'warning'],
  nextOnly: false,
  summary: 'A schema contract migration runs while a version that reads the removed shape still runs.',
  reason: 'Expand/contract: a contract removes what the old version reads; its Job runs as soon as the commit is applied.',
  check: contractWhileOldVersionRuns,
};
