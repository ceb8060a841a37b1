import * as fs from 'fs';
import * as path from 'path';
import { checkState, STATE_RULES } from './_rules';
import { PreviousStateError, readPreviousAtRef } from './previous-state';
import { isObject, State, withStates } from '../check/model';
import { NEXT_ONLY_RULES, RULES as TRANSITION_RULES } from '../check/rules';
import { readStateDocuments, SharedDocuments, StateDocument, StateInputError } from '../check/state';
import { FindingSeverity, TransitionCheck, TransitionFinding } from '../check/transition-check';

/**
 * Properties of the validation plugin: the `properties` of its entry under `validations:` in
 * cdk8s.yaml.
 */
export interface ZeroDowntimeValidationProps {
  /**
   * A folder (or file) holding the manifests synthesized before this change, e.g.
   * `dist-previous`: the transition checker then also checks applying the new manifests over
   * them. Not the output folder itself: `cdk8s synth` empties it before it synthesizes.
   *
   * @default - no transition check (unless `previousRef` is set)
   */
  readonly previous?: string;

  /**
   * A Git ref (`origin/main`, `HEAD`) whose committed manifests are the previous state: the
   * transition checker then also checks applying the new manifests over them. The environment
   * variable `ZERO_DOWNTIME_PREVIOUS_REF`, when set, replaces it (e.g. `HEAD` locally and
   * `origin/main` in CI).
   *
   * @default - no transition check (unless `previous` is set)
   */
  readonly previousRef?: string;

  /**
   * With `previousRef`: where the manifests are in the repository.
   *
   * @default - the folder `cdk8s synth` wrote the new manifests to
   */
  readonly previousPath?: string;

  /**
   * With `previousRef`: the Git repository (a folder inside it).
   *
   * @default '.'
   */
  readonly repository?: string;

  /**
   * Rules not to apply at all, by identifier (e.g. `rolling-update-unsafe`). To exempt one
   * object, annotate it with `cdk8s-zero-downtime/ignore-rules: rule-a,rule-b` instead.
   *
   * @default - every rule applies
   */
  readonly ignoreRules?: string[];

  /**
   * Whether warnings (e.g. a backend Service that is not in the manifests) fail the synthesis
   * too.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/** The annotation that exempts one object from some rules. */
const IGNORE_ANNOTATION = 'cdk8s-zero-downtime/ignore-rules';

/** The environment variable that replaces `previousRef`. */
const PREVIOUS_REF_ENV = 'ZERO_DOWNTIME_PREVIOUS_REF';

const PROPS: { [name: string]: 'string' | 'boolean' | 'string[]' } = {
  previous: 'string',
  previousRef: 'string',
  previousPath: 'string',
  repository: 'string',
  ignoreRules: 'string[]',
  failOnWarnings: 'boolean',
};

/**
 * The plugin's own rule about its previous state: a ref with no manifests to compare with, or
 * one that cannot be read. Listed in ignoreRules, it is not reported.
 */
const PREVIOUS_STATE_RULE = 'previous-state';

/** Where the previous-state settings are, for the report. */
const SETTINGS_LOCATION = 'validations[class=ZeroDowntimeValidation].properties';

/** Every rule the plugin applies, by identifier. */
/** The transition rules that judge one state alone, as the checker's registry marks them. */
const NEXT_ONLY = new Set(NEXT_ONLY_RULES.map(r => r.id));

function knownRules(): string[] {
  return [...STATE_RULES, ...TRANSITION_RULES.map(r => r.id), PREVIOUS_STATE_RULE];
}

/** Settings the user can fix in cdk8s.yaml: reported as a violation, never as a stack trace. */
class SettingError extends Error {
  constructor(public readonly property: string, message: string, public readonly fix: string) {
    super(message);
    this.name = 'SettingError';
  }
}

/** One finding with where it is: the object's name, manifest and field. */
interface Located {
  readonly finding: TransitionFinding;
  readonly resourceName: string;
  readonly manifestPath: string;
  readonly location: string;
}

/** The parts of cdk8s-cli's ValidationContext the plugin uses (the CLI is not a dependency). */
interface PluginContext {
  readonly manifests: readonly string[];
  readonly stdout?: boolean;
  /** Prints a line while the CLI validates (cdk8s-cli's ValidationLogger; absent in older CLIs). */
  readonly logger?: { log(message: string): void };
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: { resourceName: string; locations: string[]; manifestPath: string }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: { [key: string]: string }): void;
  };
}

/** `Deployment shop/api` → its kind, written namespace ('' when none) and name. */
function parseLabel(label: string): { kind: string; namespace: string; name: string } | undefined {
  const m = /^(\S+) (?:([^/\s]+)\/)?(\S+)$/.exec(label);
  return m ? { kind: m[1], namespace: m[2] ?? '', name: m[3] } : undefined;
}

/** An object's identity as the checker sees it: API group, kind, namespace (default when unwritten), name. */
function identityOf(obj: any): string {
  const apiVersion = typeof obj?.apiVersion === 'string' ? obj.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return [group, String(obj?.kind), writtenNamespace(obj) || 'default', String(obj?.metadata?.name)].join('|');
}

function writtenNamespace(obj: any): string {
  const ns = obj?.metadata?.namespace;
  return typeof ns === 'string' ? ns : '';
}

/** The rules an object's annotation exempts it from. */
function ignoredBy(obj: any): string[] {
  const value = obj?.metadata?.annotations?.[IGNORE_ANNOTATION];
  return typeof value === 'string' ? value.split(',').map(s => s.trim()).filter(s => s !== '') : [];
}

/**
 * A cdk8s validation plugin that fails `cdk8s synth` when the synthesized manifests would drop
 * requests: it applies the zero-downtime rules to every object of the app, including objects
 * not made by this library's constructs (raw ApiObjects, cdk8s-plus, imported charts), and, when
 * a previous state is configured, the transition checker between it and the new manifests.
 *
 * Listed in the app's cdk8s.yaml; the cdk8s CLI loads it and calls `validate` after every
 * synthesis:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-zero-downtime
 *     class: ZeroDowntimeValidation
 *     version: 0.0.0
 *     properties:
 *       previousRef: origin/main
 * ```
 *
 * docs/validation-plugin.md lists the rules.
 */
export class ZeroDowntimeValidation {
  /**
   * The plugin's findings for a set of manifests, errors first: the zero-downtime rules on
   * `manifests`, plus the transition checker between `previous` and `manifests` when
   * `previous` is given (otherwise only its rules that need no previous state).
   *
   * @param manifests the new manifests (parsed YAML or JSON objects)
   * @param previous the manifests they replace
   */
  public static check(manifests: any[], previous?: any[]): TransitionFinding[] {
    const docs = (manifests ?? []).filter(isObject).map((object, i) => ({ source: 'manifests', index: i + 1, object }));
    const before = previous?.filter(isObject).map((object, i) => ({ source: 'previous', index: i + 1, object }));
    return locateFindings(docs, before).map(l => l.finding);
  }

  private readonly props: unknown;

  /**
   * @param props the `properties` of the plugin's entry in cdk8s.yaml
   */
  constructor(props: ZeroDowntimeValidationProps = {}) {
    // Checked in validate(), where a mistake becomes a readable report rather than a stack trace.
    this.props = isObject(props) ? { ...props } : props;
  }

  /**
   * Runs the checks on the manifests of `context` and reports every finding to `context.report`;
   * called by the cdk8s CLI after it synthesized the app. A finding of severity error (or any
   * finding, with `failOnWarnings`) makes the report, and so `cdk8s synth`, fail.
   *
   * @param context the cdk8s CLI's ValidationContext
   */
  public async validate(context: any): Promise<void> {
    const ctx = context as PluginContext;
    try {
      const settings = readSettings(this.props);
      // A document the previous state holds unchanged is parsed once, for both states (issue #24).
      const shared = new SharedDocuments();
      const next = ctx.manifests.flatMap(file => readStateDocuments(file, shared));
      const { previous, description, problem } = loadPrevious(settings, ctx, shared);
      if (!previous && !problem) { log(ctx, NO_PREVIOUS_WARNING); }
      const ignored = new Set(settings.ignoreRules);
      const nextState = new State(next.map(d => d.object));
      const located = bySeverity([...(problem ? [problem] : []), ...locateFindings(next, previous, nextState)])
        .filter(l => !ignored.has(l.finding.rule));
      const errors = located.filter(l => l.finding.severity === FindingSeverity.ERROR).length;
      for (const l of located) {
        const warning = l.finding.severity === FindingSeverity.WARNING;
        ctx.report.addViolation({
          ruleName: warning ? `${l.finding.rule} (warning)` : l.finding.rule,
          recommendation: `${l.finding.object}: ${l.finding.message}`,
          fix: l.finding.fix,
          violatingResources: [{ resourceName: l.resourceName, manifestPath: l.manifestPath, locations: [l.location] }],
        });
      }
      const failed = errors > 0 || (settings.failOnWarnings && located.length > 0);
      ctx.report.submit(failed ? 'failure' : 'success', {
        'Objects checked': `${nextState.entries.size} in ${ctx.manifests.length} manifest file(s)`,
        'Previous state': description,
        'Errors': String(errors),
        'Warnings': String(located.length - errors),
      });
    } catch (e) {
      if (e instanceof SettingError) {
        ctx.report.addViolation({
          ruleName: 'plugin-configuration',
          recommendation: e.message,
          fix: e.fix,
          violatingResources: [{ resourceName: 'cdk8s.yaml', manifestPath: 'cdk8s.yaml', locations: [`validations[class=ZeroDowntimeValidation].properties.${e.property}`] }],
        });
        ctx.report.submit('failure');
        return;
      }
      if (e instanceof StateInputError) {
        ctx.report.addViolation({
          ruleName: 'unreadable-manifests',
          recommendation: e.message,
          fix: 'Make the file readable YAML of Kubernetes objects, or point the plugin at another previous state.',
          violatingResources: [{ resourceName: e.source, manifestPath: e.source, locations: [e.source] }],
        });
        ctx.report.submit('failure');
        return;
      }
      throw e;
    }
  }
}

interface Settings {
  readonly previous?: string;
  readonly previousRef?: string;
  readonly previousPath?: string;
  readonly repository: string;
  readonly ignoreRules: string[];
  readonly failOnWarnings: boolean;
}

/** The plugin's properties, checked: a typo must not silently turn a check off. */
function readSettings(props: unknown): Settings {
  const where = 'cdk8s.yaml';
  if (!isObject(props)) {
    throw new SettingError('(properties)', `The properties of the ZeroDowntimeValidation plugin in ${where} are ${JSON.stringify(props)}, not a mapping.`,
      'Write properties as a YAML mapping (e.g. previousRef: origin/main), or remove them.');
  }
  const raw: { readonly [key: string]: unknown } = props;
  for (const [key, value] of Object.entries(raw)) {
    const type = Object.prototype.hasOwnProperty.call(PROPS, key) ? PROPS[key] : undefined;
    if (!type) {
      throw new SettingError(key, `Unknown property "${key}" of the ZeroDowntimeValidation plugin in ${where}.`,
        `Use only ${Object.keys(PROPS).join(', ')} (see docs/validation-plugin.md).`);
    }
    if (value === undefined || value === null) { continue; }
    const ok = type === 'string[]'
      ? Array.isArray(value) && value.every(v => typeof v === 'string')
      : typeof value === type && (type !== 'string' || value !== '');
    if (!ok) {
      throw new SettingError(key, `Property "${key}" of the ZeroDowntimeValidation plugin is ${JSON.stringify(value)}, not ${type === 'string[]' ? 'a list of rule identifiers' : `a${type === 'string' ? ' non-empty' : ''} ${type}`}.`,
        `Write ${key} as ${type === 'string[]' ? 'a YAML list, e.g. [rolling-update-unsafe]' : type === 'boolean' ? 'true or false' : 'a string'} in ${where}, or remove it.`);
    }
  }
  const str = (k: string) => (typeof raw[k] === 'string' ? raw[k] as string : undefined);
  const fromEnv = process.env[PREVIOUS_REF_ENV];
  const previousRef = fromEnv !== undefined && fromEnv !== '' ? fromEnv : str('previousRef');
  if (str('previous') !== undefined && previousRef !== undefined) {
    const why = fromEnv ? `${PREVIOUS_REF_ENV}=${fromEnv} is set in the environment` : 'both are set';
    throw new SettingError('previous', `The previous state is given twice: "previous" (${str('previous')}) and a Git ref (${why}).`,
      `Keep one: previous for a folder on disk, previousRef (or ${PREVIOUS_REF_ENV}) for the manifests committed at a Git ref.`);
  }
  const ignoreRules = Array.isArray(raw.ignoreRules) ? raw.ignoreRules as string[] : [];
  const known = knownRules();
  const unknown = ignoreRules.filter(r => !known.includes(r));
  if (unknown.length > 0) {
    throw new SettingError('ignoreRules', `ignoreRules names unknown rule(s): ${unknown.join(', ')}.`, `Use rule identifiers from this list: ${known.join(', ')}.`);
  }
  return {
    previous: str('previous'),
    previousRef,
    previousPath: str('previousPath'),
    repository: str('repository') ?? '.',
    ignoreRules,
    failOnWarnings: raw.failOnWarnings === true,
  };
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folder that holds every manifest cdk8s wrote. */
function commonFolder(files: readonly string[]): string | undefined {
  if (files.length === 0) { return undefined; }
  let common = path.dirname(path.resolve(files[0]));
  for (const f of files) {
    while (!isInside(path.resolve(f), common)) { common = path.dirname(common); }
  }
  return common;
}

/** Printed when no previous state is configured: the transition rules did not run. */
const NO_PREVIOUS_WARNING = 'cdk8s-zero-downtime: no previous state is configured, so only the rules on the new manifests ran, not the transition rules (a flip onto pods that are not ready, a changed selector, a promotion in one commit, ...), which need the manifests this change replaces. Set previousRef: origin/main (the manifests committed on the target branch) or previous: dist-previous under the plugin\'s properties in cdk8s.yaml; see docs/validation-plugin.md.';

function log(ctx: PluginContext, message: string): void {
  if (typeof ctx.logger?.log === 'function') {
    ctx.logger.log(message);
  } else {
    console.log(message);
  }
}

/** Errors first, otherwise in the order found. */
function bySeverity(located: Located[]): Located[] {
  return located
    .map((l, i) => ({ l, i }))
    .sort((a, b) => (a.l.finding.severity === b.l.finding.severity ? a.i - b.i : a.l.finding.severity === FindingSeverity.ERROR ? -1 : 1))
    .map(x => x.l);
}

/** The previous state the settings name, what the report says it was, and a problem with it. */
interface Previous {
  /** The manifests compared with; absent when there is no previous state to compare with. */
  readonly previous?: StateDocument[];
  /** What was compared with, for the report's summary. */
  readonly description: string;
  /** A previous-state finding: nothing at the ref (a warning), or a ref that cannot work (an error). */
  readonly problem?: Located;
}

function previousProblem(severity: FindingSeverity, object: string, property: string, message: string, fix: string): Located {
  const fromEnv = property === PREVIOUS_REF_ENV;
  return {
    finding: { rule: PREVIOUS_STATE_RULE, severity, object, message, fix },
    resourceName: object,
    manifestPath: fromEnv ? '(environment)' : 'cdk8s.yaml',
    location: fromEnv ? `environment variable ${PREVIOUS_REF_ENV}` : `${SETTINGS_LOCATION}.${property}`,
  };
}

/** The previous state the settings name, with a description for the report. */
function loadPrevious(settings: Settings, ctx: PluginContext, shared: SharedDocuments): Previous {
  if (settings.previous !== undefined) {
    const dir = path.resolve(settings.previous);
    if (ctx.manifests.some(m => isInside(path.resolve(m), dir))) {
      throw new SettingError('previous', `previous (${settings.previous}) holds the manifests this synthesis just wrote: cdk8s synth empties its output folder and writes the new manifests there before the plugin runs, so it cannot also hold the previous ones.`,
        'Copy the previous output elsewhere before synthesizing (e.g. rm -rf dist-previous && cp -r dist dist-previous) and set previous to that copy, or use previousRef to read the previous manifests from Git.');
    }
    if (!fs.existsSync(dir)) {
      throw new SettingError('previous', `previous (${settings.previous}) does not exist (resolved to ${dir}).`,
        'Create it with the manifests synthesized before this change (e.g. cp -r dist dist-previous before cdk8s synth), or remove the property.');
    }
    const previous = readStateDocuments(settings.previous, shared);
    if (previous.length > 0) {
      return { previous, description: `${settings.previous} (${previous.length} object(s))` };
    }
    return {
      previous,
      description: `${settings.previous} (no manifests: compared with an empty state)`,
      problem: previousProblem(FindingSeverity.WARNING, settings.previous, 'previous',
        `${settings.previous} holds no Kubernetes manifests: compared with an empty state, every object of the new manifests counts as new.`,
        'Copy the output of the previous synthesis there before synthesizing (rm -rf dist-previous && cp -r dist dist-previous), or remove the property.'),
    };
  }
  if (settings.previousRef !== undefined) {
    const ref = settings.previousRef;
    const out = commonFolder(ctx.manifests);
    const at = settings.previousPath ?? (out ? path.relative(path.resolve(settings.repository), out) || '.' : '.');
    if (settings.previousPath === undefined && (ctx.stdout || at.startsWith('..') || path.isAbsolute(at))) {
      throw new SettingError('previousPath', `previousRef (${ref}) needs to know where the manifests are in the repository, and the new ones were written to ${out ?? 'no folder'}${ctx.stdout ? ' (a temporary folder: cdk8s synth --stdout)' : ', outside the repository'}.`,
        'Set previousPath to the folder the manifests are committed in (e.g. dist), or synthesize into the repository without --stdout.');
    }
    const property = process.env[PREVIOUS_REF_ENV] ? PREVIOUS_REF_ENV : 'previousRef';
    try {
      const read = readPreviousAtRef(settings.repository, ref, at, {
        ref: property,
        pathFix: 'set previousPath to the folder the manifests are committed in',
        folder: 'previous: dist-previous, a copy of the output made before synthesizing',
      }, shared);
      const where = `${ref}:${read.path}${read.commit ? ` at ${read.commit}` : ''}`;
      if (!read.empty) {
        return { previous: read.documents, description: `${where} (${read.documents.length} object(s))` };
      }
      const ignored = read.empty.reason === 'ignored';
      return {
        // An ignored folder gives no previous state at all: the transition rules cannot run.
        previous: ignored ? undefined : read.documents,
        description: ignored
          ? `none: ${read.path} is ignored by Git, so ${ref} holds no manifests to compare with`
          : `${where} (no manifests: compared with an empty state)`,
        problem: previousProblem(ignored ? FindingSeverity.ERROR : FindingSeverity.WARNING, `${ref}:${read.path}`,
          read.empty.reason === 'absent' && settings.previousPath !== undefined ? 'previousPath' : property, read.empty.message, read.empty.fix),
      };
    } catch (e) {
      if (!(e instanceof PreviousStateError)) { throw e; }
      return {
        description: `none: ${ref} cannot be read`,
        problem: previousProblem(FindingSeverity.ERROR, `${ref}:${at}`, e.message.includes(' is not inside a Git repository') ? 'repository' : property, e.message, e.fix),
      };
    }
  }
  return { description: 'none: no transition check (set previousRef or previous)' };
}

/**
 * Every finding with the manifest and field it is about: the state rules on `next`, and the
 * transition checker between `previous` and `next` (or, without a previous state, its rules
 * that look at `next` alone). Objects exempted by their annotation are left out.
 */
function locateFindings(next: StateDocument[], previous: StateDocument[] | undefined, nextState?: State): Located[] {
  const nextObjects = next.map(d => d.object);
  const state = nextState ?? new State(nextObjects);
  // The indexes below serve findings only: built on the first one, not for a clean run (issue #24).
  let byObjectIndex: Map<unknown, StateDocument> | undefined;
  const byObject = () => byObjectIndex ??= new Map<unknown, StateDocument>(next.map(d => [d.object, d]));
  // The documents by kind, written namespace and name, looked up for every finding (a scan per
  // finding made the plugin quadratic, issue #24). The last definition wins, as in the checker.
  const indexes = new Map<StateDocument[], Map<string, StateDocument>>();
  const docKey = (kind: string, namespace: string, name: string) => `${kind}\u0000${namespace}\u0000${name}`;
  const find = (docs: StateDocument[], label: string): StateDocument | undefined => {
    const id = parseLabel(label);
    if (!id) { return undefined; }
    let index = indexes.get(docs);
    if (!index) {
      index = new Map();
      for (const d of docs) {
        const name = d.object.metadata?.name;
        if (typeof d.object.kind === 'string' && typeof name === 'string') { index.set(docKey(d.object.kind, writtenNamespace(d.object), name), d); }
      }
      indexes.set(docs, index);
    }
    return index.get(docKey(id.kind, id.namespace, id.name));
  };
  // The cdk8s CLI finds a violation's construct path by resource name alone: cdk8s's App writes
  // construct-metadata.json as { [metadata.name]: { path } } (cdk8s lib/app.js
  // writeConstructMetadata; cdk8s-cli lib/plugins/validation.js addViolation), so of several
  // objects with one name only the last one written keeps its path. A name that several objects
  // of the new manifests share (told apart by API group, kind, namespace and name, as the
  // checker does) is reported as the finding's `Kind namespace/name` instead, which the CLI
  // shows with no construct path rather than another object's.
  let identityIndex: Map<string, Set<string>> | undefined;
  const identities = (): Map<string, Set<string>> => {
    if (identityIndex) { return identityIndex; }
    identityIndex = new Map<string, Set<string>>();
    for (const d of next) {
      const name = d.object.metadata?.name;
      if (typeof name !== 'string') { continue; }
      const ids = identityIndex.get(name) ?? new Set<string>();
      ids.add(identityOf(d.object));
      identityIndex.set(name, ids);
    }
    return identityIndex;
  };
  const resourceName = (doc: StateDocument | undefined, label: string): string => {
    const name = doc?.object.metadata?.name;
    return typeof name === 'string' && byObject().has(doc!.object) && identities().get(name)?.size === 1 ? name : label;
  };
  const located: Located[] = [];
  const add = (finding: TransitionFinding, doc: StateDocument | undefined, location: string) => {
    if (doc && ignoredBy(doc.object).includes(finding.rule)) { return; }
    located.push({
      finding,
      resourceName: resourceName(doc, finding.object),
      manifestPath: doc?.source ?? '(not in the manifests)',
      location,
    });
  };

  for (const f of checkState(state)) {
    const severity = f.severity === 'error' ? FindingSeverity.ERROR : FindingSeverity.WARNING;
    const doc = byObject().get(f.entry.obj) ?? find(next, f.object);
    add({ rule: f.rule, severity, object: f.object, message: f.message, fix: f.fix }, doc, f.location);
  }
  // The state rules' index of NEXT serves the transition checker too.
  const transition = withStates(() => (previous
    ? TransitionCheck.between(previous.map(d => d.object), nextObjects)
    // Without a previous state, comparing NEXT with itself leaves exactly the rules on NEXT alone.
    : TransitionCheck.between(nextObjects, nextObjects).filter(f => NEXT_ONLY.has(f.rule))), [state, nextObjects]);
  for (const f of transition) {
    add(f, find(next, f.object) ?? (previous ? find(previous, f.object) : undefined), f.object);
  }
  // Errors first; within a severity, the state rules, then the transition rules, as found.
  return bySeverity(located);
}
