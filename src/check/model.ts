/**
 * The shared vocabulary of the transition rules: objects indexed by identity, label selection,
 * what changed about a workload between two states, and where routers send traffic.
 *
 * Shared by the rules in src/check/rules/ (and the validation plugin); not part of the jsii API:
 * src/index.ts does not export it.
 */

/** Any parsed manifest (or part of one). */
export type Json = any;

/** One object of a state, with the identity the checker compares states by. */
export interface Entry {
  /** `group|kind|namespace|name`, namespace normalized (missing = `default`). */
  readonly key: string;
  /** API group: the part of apiVersion before the slash, '' for the core group. */
  readonly group: string;
  readonly kind: string;
  /** The namespace as the checker compares it (missing = `default`). */
  readonly namespace: string;
  readonly name: string;
  /** How findings name the object: `Deployment shop/api`, or `Deployment api` when no namespace is written. */
  readonly label: string;
  readonly obj: Json;
}

export function isObject(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** API group of an apiVersion: `apps/v1` → `apps`, `v1` → '' (core). */
export function apiGroup(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') { return ''; }
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A namespace as the checker compares it: missing and empty are the same as `default`. */
export function normalizeNamespace(ns: unknown): string {
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
}

export function objectKey(group: string, kind: string, namespace: unknown, name: string): string {
  return `${group}|${kind}|${normalizeNamespace(namespace)}|${name}`;
}

/** The key of a core Service. */
export function serviceKey(namespace: unknown, name: string): string {
  return objectKey('', 'Service', namespace, name);
}

/** How a finding names an object that may be absent from both states. */
export function labelOf(kind: string, namespace: unknown, name: string): string {
  return typeof namespace === 'string' && namespace !== '' ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

/** The objects of a state, indexed by identity. */
export class State {
  /** Every identifiable object, by key; on a duplicate the last one wins (as a sequential apply would). */
  public readonly entries = new Map<string, Entry>();
  /** Second and further definitions of one object. */
  public readonly duplicates: Entry[] = [];
  private readonly byKind = new Map<string, Entry[]>();
  private readonly anyGroup = new Map<string, Entry[]>();

  constructor(objects: readonly unknown[]) {
    for (const obj of objects) { this.add(obj); }
    for (const entry of this.entries.values()) {
      const k = `${entry.group}|${entry.kind}`;
      const list = this.byKind.get(k) ?? [];
      list.push(entry);
      this.byKind.set(k, list);
    }
    // Findings must not depend on the order of the manifests.
    for (const list of this.byKind.values()) { list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); }
  }

  public get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /** The objects of one group and kind, in key order. */
  public ofKind(group: string, kind: string): Entry[] {
    return this.byKind.get(`${group}|${kind}`) ?? [];
  }

  /** The objects of one kind, whatever their group (Ingress in networking.k8s.io or extensions). */
  public ofKindAnyGroup(kind: string): readonly Entry[] {
    // Asked by several rules per state: merged and sorted once per kind (issue #24).
    let found = this.anyGroup.get(kind);
    if (!found) {
      found = [];
      for (const [k, list] of this.byKind) {
        if (k.endsWith(`|${kind}`)) { found.push(...list); }
      }
      found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.anyGroup.set(kind, found);
    }
    return found;
  }

  private add(obj: unknown): void {
    if (!isObject(obj)) { return; }
    // `kind: List` (what `kubectl get -o yaml` writes) holds its objects in `items`.
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      for (const item of obj.items) { this.add(item); }
      return;
    }
    const name = obj.metadata?.name;
    if (typeof obj.kind !== 'string' || obj.kind === '' || typeof name !== 'string' || name === '') { return; }
    const group = apiGroup(obj.apiVersion);
    const ns = obj.metadata?.namespace;
    const entry: Entry = {
      key: objectKey(group, obj.kind, ns, name),
      group,
      kind: obj.kind,
      namespace: normalizeNamespace(ns),
      name,
      label: labelOf(obj.kind, ns, name),
      obj,
    };
    if (this.entries.has(entry.key)) {
      this.duplicates.push(entry);
      this.entries.delete(entry.key); // re-inserted below: the map keeps insertion order
    }
    this.entries.set(entry.key, entry);
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** JSON with object keys sorted at every level: the checker's notion of "the same". */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) { return value.map(sortKeys); }
  if (isObject(value)) {
    const sorted: { [key: string]: unknown } = {};
    for (const k of Object.keys(value).sort()) {
      if (value[k] !== undefined) { sorted[k] = sortKeys(value[k]); }
    }
    return sorted;
  }
  return value;
}

/** Whether two values have the same `canonical` JSON. */
export function sameJson(a: unknown, b: unknown): boolean {
  // Asked for every workload and Service of both states: compared in place rather than by
  // writing both out (issue #24). The top level keeps canonical's one quirk: undefined is not null.
  if (a === undefined || b === undefined) { return a === b; }
  return jsonEqual(a, b);
}

/** A value as JSON.stringify writes it inside an array: undefined, NaN and the infinities are null. */
function jsonLeaf(v: unknown): unknown {
  return v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
}

function plain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

/** canonical(a) === canonical(b), without building either string. */
function jsonEqual(a: unknown, b: unknown): boolean {
  a = jsonLeaf(a);
  b = jsonLeaf(b);
  if (a === b) { return true; }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && a === b; // 0 and -0 are both "0"
  }
  // Dates, Buffers and other objects with their own JSON: as canonical writes them.
  if (!plain(a) || !plain(b)) { return canonical(a) === canonical(b); }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) { return false; }
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  const x = a as { [key: string]: unknown };
  const y = b as { [key: string]: unknown };
  // Keys whose value is undefined are left out of JSON; functions too, and YAML has none.
  const keys = Object.keys(x).filter(k => x[k] !== undefined);
  if (keys.length !== Object.keys(y).filter(k => y[k] !== undefined).length) { return false; }
  return keys.every(k => y[k] !== undefined && Object.prototype.hasOwnProperty.call(y, k) && jsonEqual(x[k], y[k]));
}

/**
 * What differs between two pod templates, as a person reads it: image changes per container
 * first, else the first few differing field paths.
 */
export function describeTemplateChange(before: Json, after: Json): string {
  const images: string[] = [];
  const containers = (t: Json): Json[] => {
    const spec = t?.spec ?? {};
    return [...(Array.isArray(spec.initContainers) ? spec.initContainers : []), ...(Array.isArray(spec.containers) ? spec.containers : [])];
  };
  const old = new Map<string, Json>();
  for (const c of containers(before)) { if (isObject(c)) { old.set(String(c.name), c); } }
  for (const c of containers(after)) {
    if (!isObject(c)) { continue; }
    const was = old.get(String(c.name));
    if (was && was.image !== c.image) { images.push(`image ${String(was.image)} → ${String(c.image)}`); }
  }
  if (images.length > 0) { return images.join(', '); }
  const paths: string[] = [];
  diffPaths(before, after, 'template', paths);
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more field(s) changed` : `${shown} changed`;
}

function diffPaths(a: unknown, b: unknown, at: string, out: string[]): void {
  if (out.length > 10 || sameJson(a, b)) { return; }
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      diffPaths(a[k], b[k], `${at}.${k}`, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => diffPaths(v, b[i], `${at}[${i}]`, out));
    return;
  }
  out.push(at);
}

/** `{app: api, color: blue}` written compactly for messages. */
export function showLabels(labels: unknown): string {
  if (!isObject(labels) || Object.keys(labels).length === 0) { return '{}'; }
  return `{${Object.keys(labels).sort().map(k => `${k}: ${String(labels[k])}`).join(', ')}}`;
}

/** A share as a percentage: 0.25 → `25%`, 1/3 → `33.33%`. */
export function percent(share: number): string {
  return `${Math.round(share * 10000) / 100}%`;
}

// ---------------------------------------------------------------------------------------------
// Label selection

/** A map selector (Service `spec.selector`) selects labels when it is non-empty and every pair is in them. */
export function mapSelects(selector: unknown, labels: unknown): boolean {
  if (!isObject(selector) || Object.keys(selector).length === 0 || !isObject(labels)) { return false; }
  return Object.keys(selector).every(k => labels[k] !== undefined && String(labels[k]) === String(selector[k]));
}

/**
 * A metav1.LabelSelector (Deployment, PodDisruptionBudget): a missing selector selects nothing,
 * an empty one everything; matchLabels and matchExpressions must all hold.
 */
export function labelSelectorMatches(selector: unknown, labels: unknown): boolean {
  if (!isObject(selector)) { return false; }
  const have: { [key: string]: any } = isObject(labels) ? labels : {};
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const k of Object.keys(matchLabels)) {
    if (have[k] === undefined || String(have[k]) !== String(matchLabels[k])) { return false; }
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions) {
    if (!isObject(e) || typeof e.key !== 'string') { return false; }
    const present = have[e.key] !== undefined;
    const values: string[] = Array.isArray(e.values) ? e.values.map(String) : [];
    const value = present ? String(have[e.key]) : undefined;
    switch (e.operator) {
      case 'In': if (!present || !values.includes(value!)) { return false; } break;
      case 'NotIn': if (present && values.includes(value!)) { return false; } break;
      case 'Exists': if (!present) { return false; } break;
      case 'DoesNotExist': if (present) { return false; } break;
      default: return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Pods and workloads

/** Kinds whose pods a Service can select, and where their pod labels are. */
function podLabelsOf(entry: Entry): Json | undefined {
  const o = entry.obj;
  switch (entry.kind) {
    case 'Pod': return entry.group === '' ? o.metadata?.labels : undefined;
    case 'CronJob': return o.spec?.jobTemplate?.spec?.template?.metadata?.labels;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'ReplicationController':
    case 'Job': case 'Rollout':
      return o.spec?.template?.metadata?.labels;
    default: return undefined;
  }
}

/** Every object in the state that creates pods, with its pod labels. */
export function podSources(state: State): { entry: Entry; labels: Json }[] {
  return [...selection(state).podSources];
}

/**
 * The workloads the traffic rules reason about: scaled, rolling controllers (apps/v1 Deployment
 * and StatefulSet).
 */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'];

export function workloads(state: State): readonly Entry[] {
  return selection(state).workloads;
}

export function templateLabels(entry: Entry): Json {
  return entry.obj.spec?.template?.metadata?.labels;
}

/** The Service's selector, when it selects pods (ExternalName Services and selector-less Services do not). */
export function serviceSelector(service: Entry): { [key: string]: any } | undefined {
  const spec = service.obj.spec;
  if (!isObject(spec) || spec.type === 'ExternalName') { return undefined; }
  return isObject(spec.selector) && Object.keys(spec.selector).length > 0 ? spec.selector : undefined;
}

/** Whether a Service selects the pods of a workload: same namespace, every selector label in its pod template labels. */
export function serviceSelects(service: Entry, workload: Entry): boolean {
  return service.namespace === workload.namespace && mapSelects(serviceSelector(service), templateLabels(workload));
}

/**
 * Who selects whom, indexed once per state so that the rules stay linear in the size of the
 * state (issue #24: scanning every workload for every Service made `check` quadratic). A
 * label pair `namespace, key, value` (values compared as strings, as `mapSelects` does) leads to
 * the workloads and pod sources whose pod labels hold it, and to the Services whose selector's
 * first pair it is. Lookups return candidates in state order; `mapSelects` still decides.
 */
interface Selection {
  readonly workloads: readonly Entry[];
  readonly podSources: readonly { entry: Entry; labels: Json }[];
  readonly workloadsByPair: Map<string, Entry[]>;
  readonly podSourcesByPair: Map<string, { entry: Entry; labels: Json }[]>;
  readonly servicesByPair: Map<string, Entry[]>;
  /** Position of each Service in `state.ofKind('', 'Service')`. */
  readonly serviceOrder: Map<Entry, number>;
  /** HorizontalPodAutoscalers by the key of the object their scaleTargetRef names, in state order. */
  readonly autoscalersByTarget: Map<string, Entry[]>;
  /** Answers of `selectedWorkloads` and `servicesSelecting`, asked by many rules for the same object. */
  readonly selectedBy: Map<Entry, readonly Entry[]>;
  readonly selecting: Map<Entry, readonly Entry[]>;
}

const SELECTIONS = new WeakMap<State, Selection>();

function pairKey(namespace: string, key: string, value: unknown): string {
  return `${namespace}\u0000${key}\u0000${String(value)}`;
}

function indexByPairs<T>(index: Map<string, T[]>, namespace: string, labels: Json, item: T): void {
  if (!isObject(labels)) { return; }
  for (const k of Object.keys(labels)) {
    if (labels[k] === undefined) { continue; }
    const key = pairKey(namespace, k, labels[k]);
    const list = index.get(key);
    if (list) { list.push(item); } else { index.set(key, [item]); }
  }
}

/** The index of a state, built on first use (a State does not change once built). */
function selection(state: State): Selection {
  const cached = SELECTIONS.get(state);
  if (cached) { return cached; }
  const all = WORKLOAD_KINDS.flatMap(kind => state.ofKind('apps', kind));
  const sources: { entry: Entry; labels: Json }[] = [];
  for (const entry of state.entries.values()) {
    const labels = podLabelsOf(entry);
    if (isObject(labels)) { sources.push({ entry, labels }); }
  }
  const workloadsByPair = new Map<string, Entry[]>();
  for (const w of all) { indexByPairs(workloadsByPair, w.namespace, templateLabels(w), w); }
  const podSourcesByPair = new Map<string, { entry: Entry; labels: Json }[]>();
  for (const p of sources) { indexByPairs(podSourcesByPair, p.entry.namespace, p.labels, p); }
  const servicesByPair = new Map<string, Entry[]>();
  const serviceOrder = new Map<Entry, number>();
  state.ofKind('', 'Service').forEach((s, i) => {
    serviceOrder.set(s, i);
    const selector = serviceSelector(s);
    if (!selector) { return; }
    const first = Object.keys(selector)[0];
    const key = pairKey(s.namespace, first, selector[first]);
    const list = servicesByPair.get(key);
    if (list) { list.push(s); } else { servicesByPair.set(key, [s]); }
  });
  const autoscalersByTarget = new Map<string, Entry[]>();
  for (const h of state.ofKind('autoscaling', 'HorizontalPodAutoscaler')) {
    const ref = h.obj.spec?.scaleTargetRef;
    if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') { continue; }
    // The key autoscalersOf matches on: the workload's group, kind, namespace and name.
    const key = `${apiGroup(ref.apiVersion)}\u0000${ref.kind}\u0000${h.namespace}\u0000${ref.name}`;
    const list = autoscalersByTarget.get(key);
    if (list) { list.push(h); } else { autoscalersByTarget.set(key, [h]); }
  }
  const built: Selection = {
    workloads: all,
    podSources: sources,
    workloadsByPair,
    podSourcesByPair,
    servicesByPair,
    serviceOrder,
    autoscalersByTarget,
    selectedBy: new Map(),
    selecting: new Map(),
  };
  SELECTIONS.set(state, built);
  return built;
}

/** The candidates a selector can match: those holding its first pair (every pair must hold). */
function candidates<T>(index: Map<string, T[]>, namespace: string, selector: { [key: string]: any }): readonly T[] {
  const first = Object.keys(selector)[0];
  return index.get(pairKey(namespace, first, selector[first])) ?? [];
}

/**
 * The workloads of the state that may match a metav1.LabelSelector in a namespace: those holding
 * its first matchLabels pair, or every workload when it has none. Candidates only, in state
 * order: `labelSelectorMatches` decides.
 */
export function labelSelectorCandidates(state: State, namespace: string, selector: unknown): readonly Entry[] {
  const index = selection(state);
  const matchLabels = isObject(selector) && isObject(selector.matchLabels) ? selector.matchLabels : undefined;
  const first = matchLabels ? Object.keys(matchLabels)[0] : undefined;
  if (first === undefined) { return index.workloads; }
  return index.workloadsByPair.get(pairKey(namespace, first, matchLabels![first])) ?? [];
}

/**
 * Objects with a metav1.LabelSelector (PodDisruptionBudgets), indexed by their first matchLabels
 * pair, to find those that may match a set of pod labels without scanning them all.
 */
export class SelectorIndex {
  private readonly byPair = new Map<string, Entry[]>();
  private readonly unindexed: Entry[] = [];
  private readonly order = new Map<Entry, number>();

  constructor(entries: readonly Entry[], selectorOf: (e: Entry) => unknown) {
    entries.forEach((e, i) => {
      this.order.set(e, i);
      const selector = selectorOf(e);
      const matchLabels = isObject(selector) && isObject(selector.matchLabels) ? selector.matchLabels : undefined;
      const first = matchLabels ? Object.keys(matchLabels)[0] : undefined;
      if (first === undefined) { this.unindexed.push(e); return; }
      const key = pairKey(e.namespace, first, matchLabels![first]);
      const list = this.byPair.get(key);
      if (list) { list.push(e); } else { this.byPair.set(key, [e]); }
    });
  }

  /** Candidates for pods with these labels in a namespace, in the order given to the constructor. */
  public candidates(namespace: string, labels: Json): Entry[] {
    const found = [...this.unindexed];
    if (isObject(labels)) {
      for (const k of Object.keys(labels)) {
        if (labels[k] !== undefined) { found.push(...(this.byPair.get(pairKey(namespace, k, labels[k])) ?? [])); }
      }
    }
    return found.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}

/** The workloads (Deployment, StatefulSet) of the state a Service selects. */
export function selectedWorkloads(state: State, service: Entry): readonly Entry[] {
  const index = selection(state);
  let found = index.selectedBy.get(service);
  if (!found) {
    const selector = serviceSelector(service);
    found = selector ? candidates(index.workloadsByPair, service.namespace, selector).filter(w => serviceSelects(service, w)) : [];
    index.selectedBy.set(service, found);
  }
  // The cached list itself, read-only: asked for every Service by most rules (issue #24).
  return found;
}

/** Whether a Service selects the pods of anything in the state (any pod-creating kind). */
export function selectsAnyPods(state: State, service: Entry): boolean {
  const selector = serviceSelector(service);
  if (!selector) { return false; }
  return candidates(selection(state).podSourcesByPair, service.namespace, selector)
    .some(p => p.entry.namespace === service.namespace && mapSelects(selector, p.labels));
}

/** HorizontalPodAutoscalers of the state that scale a workload. */
export function autoscalersOf(state: State, workload: Entry): Entry[] {
  // Looked up by target instead of scanning every HPA for every workload (issue #24).
  const key = `${workload.group}\u0000${workload.kind}\u0000${workload.namespace}\u0000${workload.name}`;
  return [...(selection(state).autoscalersByTarget.get(key) ?? [])];
}

/** `spec.replicas` when written as a number. */
export function writtenReplicas(entry: Entry): number | undefined {
  const r = entry.obj.spec?.replicas;
  if (typeof r === 'number' && Number.isFinite(r)) { return r; }
  if (typeof r === 'string' && /^\d+$/.test(r)) { return Number(r); }
  return undefined;
}

/**
 * How many pods a workload runs in a state: `spec.replicas`; without it, the minReplicas of an
 * HPA that targets it (1 when unset, as the HPA defaults it); without either, 1 (the API
 * server's default).
 */
export function effectiveReplicas(state: State, entry: Entry): number {
  const written = writtenReplicas(entry);
  if (written !== undefined) { return written; }
  const hpa = autoscalersOf(state, entry)[0];
  if (hpa) {
    const min = hpa.obj.spec?.minReplicas;
    return typeof min === 'number' ? min : 1;
  }
  return 1;
}

/** What happens to one workload between two states. */
export interface WorkloadChange {
  readonly key: string;
  readonly before?: Entry;
  readonly after?: Entry;
  readonly created: boolean;
  readonly removed: boolean;
  readonly templateChanged: boolean;
  /** Pods before (0 when absent). */
  readonly replicasBefore: number;
  /** Pods after (0 when absent). */
  readonly replicasAfter: number;
  readonly scaledUp: boolean;
}

// ---------------------------------------------------------------------------------------------
// Routers: Ingress (with ingress-nginx canaries) and Gateway API routes

/** A reference from a router to a backend. */
export interface BackendRef {
  readonly router: Entry;
  /** Where in the router, e.g. `host shop.example.com path /`, `rule 1`. */
  readonly where: string;
  /** Key of the referenced object (a Service for Ingress backends and Service backendRefs). */
  readonly target: string;
  readonly kind: string;
  readonly namespace: string;
  /** As the manifest wrote it (undefined when it relies on the router's namespace). */
  readonly writtenNamespace?: string;
  readonly name: string;
  readonly portNumber?: number;
  readonly portName?: string;
  /** For Gateway API refs: the weight (default 1). */
  readonly weight?: number;
}

/** The canary annotations of an ingress-nginx canary Ingress. */
export interface Canary {
  /** The annotation prefix (`nginx.ingress.kubernetes.io` unless the controller uses another). */
  readonly prefix: string;
  readonly weight: number;
  readonly total: number;
  /** weight / total, clamped to [0, 1]. */
  readonly share: number;
  /** Header or cookie routing configured: some requests go to the canary whatever the weight. */
  readonly byHeaderOrCookie: boolean;
  readonly annotations: { [key: string]: any };
}

function parseBool(v: unknown): boolean {
  return typeof v === 'string' && ['1', 't', 'true'].includes(v.trim().toLowerCase());
}

function parseIntAnnotation(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) { return v; }
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) { return Number(v.trim()); }
  return undefined;
}

/** The canary settings of an Ingress, or undefined when it is not an ingress-nginx canary. */
export function canaryOf(ingress: Entry): Canary | undefined {
  const annotations = ingress.obj.metadata?.annotations;
  if (!isObject(annotations)) { return undefined; }
  const key = Object.keys(annotations).sort().find(k => k.endsWith('/canary') && parseBool(annotations[k]));
  if (!key) { return undefined; }
  const prefix = key.slice(0, -'/canary'.length);
  const weight = Math.max(0, parseIntAnnotation(annotations[`${prefix}/canary-weight`]) ?? 0);
  const totalWritten = parseIntAnnotation(annotations[`${prefix}/canary-weight-total`]);
  const total = totalWritten !== undefined && totalWritten > 0 ? totalWritten : 100;
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  return {
    prefix,
    weight,
    total,
    share: Math.min(1, weight / total),
    byHeaderOrCookie: nonEmpty(annotations[`${prefix}/canary-by-header`]) || nonEmpty(annotations[`${prefix}/canary-by-cookie`]),
    annotations,
  };
}

/** One path (or the default backend) of an Ingress. */
interface IngressPath {
  readonly host: string;
  readonly path: string;
  readonly ref?: BackendRef;
}

function ingressBackend(ingress: Entry, backend: Json, where: string): BackendRef | undefined {
  if (!isObject(backend)) { return undefined; }
  const ns = ingress.obj.metadata?.namespace;
  // networking.k8s.io/v1: backend.service.{name, port.{number|name}}
  if (isObject(backend.service) && typeof backend.service.name === 'string') {
    const port = isObject(backend.service.port) ? backend.service.port : {};
    return {
      router: ingress,
      where,
      target: serviceKey(ns, backend.service.name),
      kind: 'Service',
      namespace: normalizeNamespace(ns),
      writtenNamespace: ns,
      name: backend.service.name,
      portNumber: typeof port.number === 'number' ? port.number : undefined,
      portName: typeof port.name === 'string' ? port.name : undefined,
    };
  }
  // extensions/v1beta1 and networking.k8s.io/v1beta1: serviceName, servicePort (number or name)
  if (typeof backend.serviceName === 'string') {
    const port = backend.servicePort;
    const asNumber = typeof port === 'number' ? port : (typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : undefined);
    return {
      router: ingress,
      where,
      target: serviceKey(ns, backend.serviceName),
      kind: 'Service',
      namespace: normalizeNamespace(ns),
      writtenNamespace: ns,
      name: backend.serviceName,
      portNumber: asNumber,
      portName: asNumber === undefined && typeof port === 'string' ? port : undefined,
    };
  }
  return undefined;
}

function ingressPaths(ingress: Entry): IngressPath[] {
  const spec = ingress.obj.spec;
  if (!isObject(spec)) { return []; }
  const paths: IngressPath[] = [];
  const defaultBackend = spec.defaultBackend ?? spec.backend;
  if (defaultBackend !== undefined) {
    paths.push({ host: '*', path: '(default backend)', ref: ingressBackend(ingress, defaultBackend, 'default backend') });
  }
  for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
    if (!isObject(rule)) { continue; }
    const host = typeof rule.host === 'string' && rule.host !== '' ? rule.host : '*';
    for (const p of Array.isArray(rule.http?.paths) ? rule.http.paths : []) {
      if (!isObject(p)) { continue; }
      const path = typeof p.path === 'string' && p.path !== '' ? p.path : '/';
      paths.push({ host, path, ref: ingressBackend(ingress, p.backend, `host ${host} path ${path}`) });
    }
  }
  return paths;
}

const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];

function gatewayRoutes(state: State): Entry[] {
  return ROUTE_KINDS.flatMap(kind => state.ofKind('gateway.networking.k8s.io', kind));
}

/** The rules of a Gateway API route, each with a key stable across edits and its backendRefs. */
function routeRules(route: Entry): { key: string; where: string; refs: BackendRef[] }[] {
  const rules = Array.isArray(route.obj.spec?.rules) ? route.obj.spec.rules : [];
  const seen = new Map<string, number>();
  const ns = route.obj.metadata?.namespace;
  return rules.map((rule: Json, i: number) => {
    const r = isObject(rule) ? rule : {};
    // Rules are matched across states by name, else by what they match; the position only
    // separates two rules that match the same requests.
    const base = typeof r.name === 'string' && r.name !== '' ? `name:${r.name}` : `matches:${canonical(r.matches ?? null)}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const where = typeof r.name === 'string' && r.name !== '' ? `rule ${r.name}` : `rule ${i}`;
    const refs: BackendRef[] = [];
    for (const ref of Array.isArray(r.backendRefs) ? r.backendRefs : []) {
      if (!isObject(ref) || typeof ref.name !== 'string') { continue; }
      const group = typeof ref.group === 'string' ? ref.group : '';
      const kind = typeof ref.kind === 'string' ? ref.kind : 'Service';
      const refNs = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : ns;
      const weight = typeof ref.weight === 'number' ? Math.max(0, ref.weight) : 1;
      refs.push({
        router: route,
        where,
        target: objectKey(group, kind, refNs, ref.name),
        kind,
        namespace: normalizeNamespace(refNs),
        writtenNamespace: refNs,
        name: ref.name,
        portNumber: typeof ref.port === 'number' ? ref.port : undefined,
        weight,
      });
    }
    return { key: `${base}#${n}`, where, refs };
  });
}

/** The routing of a state, computed once per state and shared by every rule. */
const refsCache = new WeakMap<State, BackendRef[]>();
const routesCache = new WeakMap<State, Map<string, TrafficRoute>>();

/** Every backend reference of the routers of a state. */
export function backendRefs(state: State): BackendRef[] {
  const cached = refsCache.get(state);
  if (cached) { return cached; }
  const refs = computeBackendRefs(state);
  refsCache.set(state, refs);
  return refs;
}

function computeBackendRefs(state: State): BackendRef[] {
  const refs: BackendRef[] = [];
  for (const ingress of state.ofKindAnyGroup('Ingress')) {
    for (const p of ingressPaths(ingress)) { if (p.ref) { refs.push(p.ref); } }
  }
  for (const route of gatewayRoutes(state)) {
    for (const rule of routeRules(route)) { refs.push(...rule.refs); }
  }
  return refs;
}

/** How one route (an Ingress host/path, a Gateway API rule) splits its requests. */
export interface TrafficRoute {
  /** Stable across states: `ingress:<host><path>` or `route:<route key>:<rule key>`. */
  readonly id: string;
  /** Where in its router, for messages: `host shop.example.com path /`, `rule 0`. */
  readonly where: string;
  /** The same with the router: `Ingress shop/api host shop.example.com path /`, `HTTPRoute shop/api rule 0`. */
  readonly label: string;
  /** Share of requests per backend key (Service key for Services), summing to 1 or less. */
  readonly shares: Map<string, number>;
  /** Ingress routes: the main (non-canary) Ingress and its backend. */
  readonly main?: { ingress: Entry; target: string };
  /** Ingress routes: the ingress-nginx canary Ingress on the same host and path, and its backend. */
  readonly canary?: { ingress: Entry; target: string; settings: Canary };
  /** Gateway API routes: the route. */
  readonly route?: Entry;
}

/**
 * Where a state sends requests. ingress-nginx merges a canary Ingress into the main Ingress
 * with the same host and path: the canary backend gets its weight share, the main backend the rest.
 * A Gateway API rule splits by backendRef weight (default 1) over the sum of its weights.
 */
export function trafficRoutes(state: State): Map<string, TrafficRoute> {
  const cached = routesCache.get(state);
  if (cached) { return cached; }
  const routes = computeTrafficRoutes(state);
  routesCache.set(state, routes);
  return routes;
}

function computeTrafficRoutes(state: State): Map<string, TrafficRoute> {
  const mains = new Map<string, { ingress: Entry; target: string; where: string }>();
  const canaries = new Map<string, { ingress: Entry; target: string; where: string; settings: Canary }>();
  for (const ingress of state.ofKindAnyGroup('Ingress')) {
    const settings = canaryOf(ingress);
    for (const p of ingressPaths(ingress)) {
      if (!p.ref) { continue; }
      const id = `ingress:${p.host}${p.path}`;
      if (settings) {
        canaries.set(id, { ingress, target: p.ref.target, where: p.ref.where, settings });
      } else {
        mains.set(id, { ingress, target: p.ref.target, where: p.ref.where });
      }
    }
  }
  const routes = new Map<string, TrafficRoute>();
  for (const id of [...new Set([...mains.keys(), ...canaries.keys()])].sort()) {
    const main = mains.get(id);
    const canary = canaries.get(id);
    const shares = new Map<string, number>();
    const add = (target: string, share: number) => shares.set(target, (shares.get(target) ?? 0) + share);
    const canaryShare = canary ? canary.settings.share : 0;
    if (main) { add(main.target, 1 - (canary && main ? canaryShare : 0)); }
    if (canary) { add(canary.target, canaryShare); }
    const first = (main ?? canary)!;
    routes.set(id, {
      id,
      where: first.where,
      label: `${first.ingress.label} ${first.where}`,
      shares,
      main: main ? { ingress: main.ingress, target: main.target } : undefined,
      canary: canary ? { ingress: canary.ingress, target: canary.target, settings: canary.settings } : undefined,
    });
  }
  for (const route of gatewayRoutes(state)) {
    for (const rule of routeRules(route)) {
      const total = rule.refs.reduce((sum, r) => sum + (r.weight ?? 1), 0);
      const shares = new Map<string, number>();
      for (const r of rule.refs) {
        shares.set(r.target, (shares.get(r.target) ?? 0) + (total > 0 ? (r.weight ?? 1) / total : 0));
      }
      const id = `route:${route.key}:${rule.key}`;
      routes.set(id, { id, where: rule.where, label: `${route.label} ${rule.where}`, shares, route });
    }
  }
  return routes;
}

/** The key of the object a reference names, written for messages. */
export function refLabel(ref: BackendRef): string {
  return labelOf(ref.kind, ref.writtenNamespace, ref.name);
}

/** The label of an object by key, from whichever state has it. */
export function labelByKey(key: string, ...states: State[]): string {
  for (const s of states) {
    const e = s.get(key);
    if (e) { return e.label; }
  }
  const [, kind, ns, name] = key.split('|');
  return labelOf(kind, ns, name);
}

// ---------------------------------------------------------------------------------------------
// A transition: PREVIOUS and NEXT, and the predicates the rules share

/** A change of traffic share for one backend on one route. */
export interface TrafficShift {
  readonly route: TrafficRoute;
  readonly before: TrafficRoute;
  /** Key of the backend whose share changes. */
  readonly target: string;
  readonly from: number;
  readonly to: number;
  /**
   * `onto`: traffic is moved onto this backend (canary weight up, backend switched, route
   * share up); `back`: traffic returns to it because a canary's share went down.
   */
  readonly direction: 'onto' | 'back';
  /** The object whose edit moves the traffic (the canary Ingress, the main Ingress, the route). */
  readonly router: Entry;
  /** What was edited, for messages: `canary weight 25% → 100%`. */
  readonly cause: string;
}

const CANARY_WORDS = /(^|[-_.])(canary|preview)([-_.]|$)/;
const STABLE_WORDS = /(^|[-_.])(stable|primary)([-_.]|$)/;

/** What the user told the checker about this transition. */
export interface TransitionOptions {
  /**
   * Objects or apps whose removal is intended: an object's name, `Kind/name`,
   * `Kind/namespace/name`, or the value of its `app.kubernetes.io/name` or `app` label; `*`
   * allows every removal.
   */
  readonly allowRemoval?: readonly string[];
}

/** The app an object belongs to: its `app.kubernetes.io/name` or `app` label, on it or its pod template. */
export function appOf(entry: Entry): string | undefined {
  for (const labels of [entry.obj.metadata?.labels, entry.obj.spec?.template?.metadata?.labels, entry.obj.spec?.selector]) {
    if (!isObject(labels)) { continue; }
    for (const key of ['app.kubernetes.io/name', 'app']) {
      if (typeof labels[key] === 'string' && labels[key] !== '') { return labels[key]; }
    }
  }
  return undefined;
}

/** States built from an array of objects while `withStates` runs, and the arrays of each open scope. */
const BUILT = new WeakMap<readonly unknown[], State>();
const SCOPES: (readonly unknown[])[][] = [];

/** The State of an array of objects: built once per array inside `withStates`, else every time. */
function stateOf(objects: readonly unknown[]): State {
  const known = BUILT.get(objects);
  if (known) { return known; }
  const state = new State(objects);
  // Kept until the outermost scope ends: nested scopes share what they build.
  const scope = SCOPES[0];
  if (scope) {
    BUILT.set(objects, state);
    scope.push(objects);
  }
  return state;
}

/**
 * Runs `run` with every Transition made of the same array of objects sharing one State (and so
 * its indexes and the routing computed from it): the steps of an engine's sync pass each state
 * on to the next check, and the validation plugin indexes the new manifests once for its own
 * rules and for the transition checker (`given`: states it already built, with their arrays)
 * (issue #24). The arrays must not change while `run` runs; outside it, a Transition builds its
 * states as usual.
 */
export function withStates<T>(run: () => T, ...given: [State, readonly unknown[]][]): T {
  const scope: (readonly unknown[])[] = [];
  SCOPES.push(scope);
  for (const [state, objects] of given) {
    if (!BUILT.has(objects)) {
      BUILT.set(objects, state);
      scope.push(objects);
    }
  }
  try {
    return run();
  } finally {
    SCOPES.pop();
    for (const objects of scope) { BUILT.delete(objects); }
  }
}

export class Transition {
  public readonly previous: State;
  public readonly next: State;
  public readonly options: TransitionOptions;
  private readonly changes = new Map<string, WorkloadChange>();
  private readonly memos = new Map<string, unknown>();

  constructor(previous: readonly unknown[], next: readonly unknown[], options: TransitionOptions = {}) {
    this.previous = stateOf(previous);
    this.next = stateOf(next);
    this.options = options;
  }

  /** Whether the user said that the removal of this object (of PREVIOUS) is intended. */
  public removalAllowed(entry: Entry): boolean {
    const app = appOf(entry);
    const names = [entry.name, `${entry.kind}/${entry.name}`, `${entry.kind}/${entry.namespace}/${entry.name}`].map(n => n.toLowerCase());
    return (this.options.allowRemoval ?? []).some(given => {
      const g = given.trim();
      return g === '*' || names.includes(g.toLowerCase()) || (app !== undefined && g === app);
    });
  }

  /**
   * A value several rules derive from the transition the same way, computed for the first and
   * handed to the others (issue #24). Callers must not change it.
   */
  public memo<T>(name: string, compute: () => T): T {
    if (this.memos.has(name)) { return this.memos.get(name) as T; }
    const value = compute();
    this.memos.set(name, value);
    return value;
  }

  /** What happens to a workload (by key) between the two states. */
  public change(key: string): WorkloadChange {
    const cached = this.changes.get(key);
    if (cached) { return cached; }
    const before = this.previous.get(key);
    const after = this.next.get(key);
    const replicasBefore = before ? effectiveReplicas(this.previous, before) : 0;
    const replicasAfter = after ? effectiveReplicas(this.next, after) : 0;
    const change: WorkloadChange = {
      key,
      before,
      after,
      created: !before && !!after,
      removed: !!before && !after,
      templateChanged: !!before && !!after && !sameJson(before.obj.spec?.template, after.obj.spec?.template),
      replicasBefore,
      replicasAfter,
      scaledUp: !!before && !!after && replicasAfter > replicasBefore,
    };
    this.changes.set(key, change);
    return change;
  }

  /**
   * Why the pods of a workload are not (all) Ready right after this commit is applied, or
   * undefined when they are: it is created, scaled up or rolls out a new template, or runs no pod.
   */
  public notReadyReason(key: string): string | undefined {
    const c = this.change(key);
    if (!c.after) { return undefined; }
    if (c.replicasAfter === 0) { return 'runs 0 pods'; }
    if (c.created) { return `is created in this commit: its ${c.replicasAfter} pod(s) start from nothing`; }
    const parts: string[] = [];
    if (c.templateChanged) {
      parts.push(`rolls out a new pod template (${describeTemplateChange(c.before!.obj.spec?.template, c.after.obj.spec?.template)})`);
    }
    if (c.scaledUp) {
      parts.push(`scales up from ${c.replicasBefore} to ${c.replicasAfter} pods (${c.replicasAfter - c.replicasBefore} new, not Ready yet)`);
    }
    return parts.length > 0 ? parts.join(' and ') : undefined;
  }

  /** Services in both states whose selector changed. */
  public selectorSwitches(): { before: Entry; after: Entry }[] {
    return [...this.switches().list];
  }

  /** The selector switches, and the same by the Service's key: asked once per Service by some rules, computed once (issue #24). */
  private switches(): { list: { before: Entry; after: Entry }[]; byKey: Map<string, { before: Entry; after: Entry }> } {
    return this.memo('selectorSwitches', () => {
      const list: { before: Entry; after: Entry }[] = [];
      for (const after of this.next.ofKind('', 'Service')) {
        const before = this.previous.get(after.key);
        if (before && !sameJson(serviceSelector(before), serviceSelector(after))) { list.push({ before, after }); }
      }
      return { list, byKey: new Map(list.map(f => [f.after.key, f])) };
    });
  }

  /**
   * The selector switches of the Services that select a workload's pods in one of the states
   * (`previous`: by their old selector; `next`: by their new one). From the label index instead
   * of every switch, for the rules that ask this per workload (issue #24).
   */
  public switchesSelecting(when: 'previous' | 'next', workload: Entry): { before: Entry; after: Entry }[] {
    const byKey = this.switches().byKey;
    return servicesSelecting(when === 'previous' ? this.previous : this.next, workload)
      .map(s => byKey.get(s.key))
      .filter((f): f is { before: Entry; after: Entry } => f !== undefined);
  }

  /**
   * Every increase of a backend's share on a route that exists in both states. A Service that
   * gains share because a canary Ingress lost weight is `back`; for Gateway API rules, which
   * have no notion of canary, a gain is `back` when the backend losing share is named or
   * labelled as a canary/preview, or the one gaining as stable/primary.
   */
  public trafficShifts(): TrafficShift[] {
    return this.memo('trafficShifts', () => this.computeTrafficShifts());
  }

  private computeTrafficShifts(): TrafficShift[] {
    const shifts: TrafficShift[] = [];
    const before = trafficRoutes(this.previous);
    const after = trafficRoutes(this.next);
    for (const [id, route] of after) {
      const old = before.get(id);
      if (!old) { continue; } // a new route takes no traffic from anyone
      for (const [target, to] of route.shares) {
        const from = old.shares.get(target) ?? 0;
        if (to <= from + 1e-9) { continue; }
        shifts.push(this.describeShift(old, route, target, from, to));
      }
    }
    return shifts;
  }

  private describeShift(old: TrafficRoute, route: TrafficRoute, target: string, from: number, to: number): TrafficShift {
    const base = { route, before: old, target, from, to };
    if (route.route) {
      const losing = [...old.shares.keys()].filter(k => (route.shares.get(k) ?? 0) < (old.shares.get(k) ?? 0) - 1e-9);
      const back = losing.some(k => this.looksLike(k, CANARY_WORDS)) || this.looksLike(target, STABLE_WORDS);
      const moves = [...new Set([...old.shares.keys(), ...route.shares.keys()])]
        .map(k => `${labelByKey(k, this.next, this.previous)} ${percent(old.shares.get(k) ?? 0)} → ${percent(route.shares.get(k) ?? 0)}`);
      return { ...base, direction: back ? 'back' : 'onto', router: route.route, cause: `${route.where}: weights move (${moves.join(', ')})` };
    }
    const canaryNow = route.canary;
    const canaryBefore = old.canary;
    if (canaryNow && canaryNow.target === target) {
      const was = canaryBefore && canaryBefore.target === target ? canaryBefore.settings.share : 0;
      return { ...base, direction: 'onto', router: canaryNow.ingress, cause: `${route.where}: canary weight ${percent(was)} → ${percent(canaryNow.settings.share)}` };
    }
    if (route.main && route.main.target === target && old.main?.target === target) {
      // The main backend did not change: it gains because the canary lost weight (or was deleted).
      const ingress = (canaryNow ?? canaryBefore)!.ingress;
      const wasShare = canaryBefore?.settings.share ?? 0;
      const nowShare = canaryNow?.settings.share ?? 0;
      const what = canaryNow ? `canary weight ${percent(wasShare)} → ${percent(nowShare)}` : `canary Ingress deleted (was ${percent(wasShare)})`;
      return { ...base, direction: 'back', router: ingress, cause: `${route.where}: ${what}` };
    }
    const main = route.main?.ingress ?? canaryNow?.ingress;
    return {
      ...base,
      direction: 'onto',
      router: main!,
      cause: `${route.where}: backend changes from ${old.main ? labelByKey(old.main.target, this.previous) : 'nothing'} to ${labelByKey(target, this.next)}`,
    };
  }

  /** Whether a Service (by key) is named or selects pods labelled with one of the words. */
  private looksLike(key: string, words: RegExp): boolean {
    const svc = this.next.get(key) ?? this.previous.get(key);
    const name = key.split('|')[3] ?? '';
    if (words.test(name)) { return true; }
    const selector = svc ? serviceSelector(svc) : undefined;
    return !!selector && Object.values(selector).some(v => words.test(String(v)));
  }
}

// ---------------------------------------------------------------------------------------------
// Pod templates: containers, ports, probes, termination

/** The containers of a pod template (init containers left out), each a mapping. */
export function templateContainers(template: Json): Json[] {
  const list = template?.spec?.containers;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** The container of a template with a name. */
export function containerNamed(template: Json, name: unknown): Json | undefined {
  return templateContainers(template).find(c => c.name === name);
}

/** Whether a container has a preStop hook of any kind. */
export function hasPreStop(container: Json): boolean {
  return isObject(container?.lifecycle?.preStop) && Object.keys(container.lifecycle.preStop).length > 0;
}

/**
 * How long a preStop hook waits, when it says so: the `sleep` action, `exec: [sleep, N]` or a
 * shell running `sleep N`. Undefined for other hooks (an HTTP call takes as long as it takes).
 */
export function preStopSeconds(container: Json): number | undefined {
  const hook = container?.lifecycle?.preStop;
  if (!isObject(hook)) { return undefined; }
  if (isObject(hook.sleep) && typeof hook.sleep.seconds === 'number') { return hook.sleep.seconds; }
  const cmd = hook.exec?.command;
  if (!Array.isArray(cmd)) { return undefined; }
  const text = cmd.map(String).join(' ');
  const m = /(?:^|[\s;&|/])sleep\s+(\d+(?:\.\d+)?)s?\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `terminationGracePeriodSeconds` of a pod template, 30 when unset (the API server's default). */
export function gracePeriodSeconds(template: Json): number {
  const g = template?.spec?.terminationGracePeriodSeconds;
  return typeof g === 'number' ? g : 30;
}

/** A port a container declares. */
export interface ContainerPort {
  readonly container: string;
  readonly port: number;
  readonly name?: string;
}

/** The ports the containers of a template declare. */
export function declaredPorts(template: Json): ContainerPort[] {
  const found: ContainerPort[] = [];
  for (const c of templateContainers(template)) {
    for (const p of Array.isArray(c.ports) ? c.ports.filter(isObject) : []) {
      if (typeof p.containerPort !== 'number') { continue; }
      found.push({ container: String(c.name), port: p.containerPort, name: typeof p.name === 'string' && p.name !== '' ? p.name : undefined });
    }
  }
  return found;
}

/** The Services of a state that select a workload's pods. */
export function servicesSelecting(state: State, workload: Entry): readonly Entry[] {
  const index = selection(state);
  const cached = index.selecting.get(workload);
  // The cached list itself, read-only (issue #24).
  if (cached) { return cached; }
  const found = findServicesSelecting(index, workload);
  index.selecting.set(workload, found);
  return found;
}

function findServicesSelecting(index: Selection, workload: Entry): Entry[] {
  const labels = templateLabels(workload);
  if (!isObject(labels)) { return []; }
  const found: Entry[] = [];
  // A Service is indexed under one pair only, so it is found at most once.
  for (const k of Object.keys(labels)) {
    if (labels[k] === undefined) { continue; }
    for (const s of index.servicesByPair.get(pairKey(workload.namespace, k, labels[k])) ?? []) {
      if (serviceSelects(s, workload)) { found.push(s); }
    }
  }
  return found.sort((a, b) => index.serviceOrder.get(a)! - index.serviceOrder.get(b)!);
}

/** A workload serves when a Service selects it and it runs pods. */
export function isServing(state: State, workload: Entry): boolean {
  return effectiveReplicas(state, workload) > 0 && servicesSelecting(state, workload).length > 0;
}

/** An int-or-percent value (`maxSurge`, `minAvailable`): a number, or `N%`. */
export function intOrPercent(v: unknown): { value: number; percent: boolean } | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) { return { value: v, percent: false }; }
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v.trim());
    if (m) { return { value: Number(m[1]), percent: true }; }
    if (/^\d+$/.test(v.trim())) { return { value: Number(v.trim()), percent: false }; }
  }
  return undefined;
}

/** An int-or-percent scaled to a count (kubernetes intstr GetScaledValueFromIntOrPercent). */
export function scaled(v: { value: number; percent: boolean }, total: number, roundUp: boolean): number {
  if (!v.percent) { return v.value; }
  const exact = v.value * total / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * How many pods a rolling update may add and take away (kubernetes
 * pkg/controller/deployment/util/deployment_util.go ResolveFenceposts): maxSurge rounds up,
 * maxUnavailable rounds down, both default to 25%; when both resolve to 0 the controller takes
 * maxUnavailable 1. Undefined when a value cannot be read.
 */
export function resolveFenceposts(rollingUpdate: Json, desired: number): { surge: number; unavailable: number } | undefined {
  const surge = intOrPercent(rollingUpdate?.maxSurge ?? '25%');
  const unavailable = intOrPercent(rollingUpdate?.maxUnavailable ?? '25%');
  if (!surge || !unavailable) { return undefined; }
  const s = scaled(surge, desired, true);
  const u = scaled(unavailable, desired, false);
  return s === 0 && u === 0 ? { surge: 0, unavailable: 1 } : { surge: s, unavailable: u };
}

/**
 * The pods a workload may run: fixed replicas, or the range of an HPA that targets it
 * (minReplicas, default 1, to maxReplicas).
 */
export function replicaRange(state: State, entry: Entry): { min: number; max: number; autoscaled: boolean } {
  const hpa = autoscalersOf(state, entry)[0];
  if (hpa) {
    const min = typeof hpa.obj.spec?.minReplicas === 'number' ? hpa.obj.spec.minReplicas : 1;
    const max = typeof hpa.obj.spec?.maxReplicas === 'number' ? hpa.obj.spec.maxReplicas : min;
    return { min, max: Math.max(min, max), autoscaled: true };
  }
  const n = effectiveReplicas(state, entry);
  return { min: n, max: n, autoscaled: false };
}

/** The IngressClass an Ingress asks for: `spec.ingressClassName`, else the legacy annotation; undefined = the default class. */
export function ingressClassOf(ingress: Entry): string | undefined {
  const c = ingress.obj.spec?.ingressClassName;
  if (typeof c === 'string' && c !== '') { return c; }
  const a = ingress.obj.metadata?.annotations?.['kubernetes.io/ingress.class'];
  return typeof a === 'string' && a !== '' ? a : undefined;
}

/** The parentRefs of a Gateway API route, each as a comparable string (namespace defaults to the route's). */
export function parentRefsOf(route: Entry): { key: string; label: string; kind: string }[] {
  const refs = Array.isArray(route.obj.spec?.parentRefs) ? route.obj.spec.parentRefs.filter(isObject) : [];
  return refs.map((r: Json) => {
    const kind = typeof r.kind === 'string' ? r.kind : 'Gateway';
    const ns = normalizeNamespace(typeof r.namespace === 'string' ? r.namespace : route.namespace);
    const section = typeof r.sectionName === 'string' ? ` section ${r.sectionName}` : '';
    const port = typeof r.port === 'number' ? ` port ${r.port}` : '';
    return { key: `${kind}|${ns}|${String(r.name)}|${section}|${port}`, label: `${kind} ${ns}/${String(r.name)}${section}${port}`, kind };
  });
}

/** Gateway API routes (HTTPRoute, GRPCRoute) of a state. */
export function gatewayRouteEntries(state: State): Entry[] {
  return gatewayRoutes(state);
}
