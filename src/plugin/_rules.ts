import {
  canaryOf, effectiveReplicas, Entry, isObject, servicesSelecting, State, workloads,
} from '../check/model';

/**
 * The rules the validation plugin applies to ONE state, whoever wrote its objects: our
 * constructs, cdk8s-plus, raw ApiObjects, imported YAML. Each one is what GracefulDeployment,
 * CanaryIngress and friends guarantee by construction, checked on the output instead.
 * docs/validation-plugin.md documents every rule.
 *
 * Private to src/plugin/: zero-downtime-validation.ts turns these findings into the report.
 */

/** One finding about an object of the state. */
export interface StateFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** The object, as the transition checker names it: `Deployment shop/api`. */
  readonly object: string;
  /** The object itself, to find the manifest it came from. */
  readonly entry: Entry;
  /** Where in the object, as a field path: `spec.template.spec.containers[0] (api)`. */
  readonly location: string;
  readonly message: string;
  readonly fix: string;
}

/** The identifiers of the state rules, in the order they are reported. */
export const STATE_RULES = [
  'readiness-probe-required',
  'prestop-hook-required',
  'grace-period-too-short',
  'rolling-update-unsafe',
  'canary-ingress-unmatched',
] as const;


/** The kubelet's default when a pod spec writes no terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

function error(rule: string, entry: Entry, location: string, message: string, fix: string): StateFinding {
  return { rule, severity: 'error', object: entry.label, entry, location, message, fix };
}

function containersOf(w: Entry): { c: { [key: string]: any }; where: string; name: string }[] {
  const list = w.obj.spec?.template?.spec?.containers;
  if (!Array.isArray(list)) { return []; }
  return list.flatMap((c: unknown, i: number) => {
    if (!isObject(c)) { return []; }
    const name = typeof c.name === 'string' ? c.name : `#${i}`;
    return [{ c, where: `spec.template.spec.containers[${i}] (${name})`, name }];
  });
}

function declaredPorts(c: { [key: string]: any }): number[] {
  const ports = Array.isArray(c.ports) ? c.ports : [];
  return ports.filter(isObject).map((p: any) => p.containerPort).filter((p: unknown): p is number => typeof p === 'number');
}

/** The Services of the state that send traffic to a workload's pods. */
function servicesOf(state: State, w: Entry): readonly Entry[] {
  return servicesSelecting(state, w); // from the model's label index, not a scan per workload (issue #24)
}

/**
 * A workload whose pods receive requests: a container declares a port, or a Service selects the
 * pods. Endpoint propagation, readiness and surge only matter for those; a queue worker that
 * nothing routes to may stop at once.
 */
function isServing(state: State, w: Entry): boolean {
  return containersOf(w).some(({ c }) => declaredPorts(c).length > 0) || servicesOf(state, w).length > 0;
}

function hasPreStop(c: { [key: string]: any }): boolean {
  const p = c.lifecycle?.preStop;
  return isObject(p) && ['exec', 'httpGet', 'sleep', 'tcpSocket'].some(k => p[k] !== undefined);
}

/** Seconds of a `sleep` argument: `10`, `10s`, `1m`, `2.5`. */
function sleepSeconds(arg: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(arg.trim());
  if (!m) { return undefined; }
  return Number(m[1]) * ({ '': 1, 's': 1, 'm': 60, 'h': 3600 } as { [unit: string]: number })[m[2]];
}

/**
 * How long a container's preStop hook waits before the kubelet sends SIGTERM, when the manifest
 * says: the native `sleep` action, `sleep N` as a command, or `sleep N` inside a `sh -c` script.
 * An httpGet hook takes as long as the application answers, which the manifest cannot tell.
 */
export function preStopSleep(c: { [key: string]: any }): number | undefined {
  const p = c.lifecycle?.preStop;
  if (!isObject(p)) { return undefined; }
  if (isObject(p.sleep) && typeof p.sleep.seconds === 'number') { return p.sleep.seconds; }
  const command = Array.isArray(p.exec?.command) ? p.exec.command.map(String) : [];
  if (command.length >= 2 && /(^|\/)sleep$/.test(command[0])) { return sleepSeconds(command[1]); }
  const script = command.length >= 3 && /(^|\/)(ba|da|a)?sh$/.test(command[0]) && command[1] === '-c' ? command[2] : undefined;
  if (script !== undefined) {
    const sleeps = [...script.matchAll(/(?:^|[\s;&|(])sleep\s+(\d+(?:\.\d+)?[smh]?)(?=$|[\s;&|)])/g)]
      .map(m => sleepSeconds(m[1]))
      .filter((s): s is number => s !== undefined);
    if (sleeps.length > 0) { return sleeps.reduce((a, b) => a + b, 0); }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/**
 * A pod is Ready as soon as its containers have started when no readinessProbe says otherwise;
 * the EndpointSlice controller then adds it to every Service that selects it.
 */
function readinessProbeRequired(state: State): StateFinding[] {
  const found: StateFinding[] = [];
  for (const w of workloads(state)) {
    const containers = containersOf(w);
    for (const { c, where, name } of containers) {
      const ports = declaredPorts(c);
      if (ports.length === 0 || c.readinessProbe !== undefined) { continue; }
      found.push(error('readiness-probe-required', w, `${where}.readinessProbe`,
        `Container ${name} serves port(s) ${ports.join(', ')} but has no readinessProbe. Without one the pod counts as Ready as soon as its containers have started, before the application listens: on every rollout, scale-up and restart, Services and ingress controllers send it requests that are refused or time out, and a pod that stops serving is never taken out of rotation.`,
        `Add a readinessProbe to container ${name} that succeeds only when it can serve (httpGet on a readiness endpoint, or grpc/tcpSocket on port ${ports[0]}). With GracefulDeployment, set the container's readiness (e.g. Probe.httpGet('/ready')).`));
    }
    // Ports are informational: a Service may select pods that declare none.
    if (containers.some(({ c }) => declaredPorts(c).length > 0 || c.readinessProbe !== undefined)) { continue; }
    const services = servicesOf(state, w);
    if (services.length === 0 || containers.length === 0) { continue; }
    found.push(error('readiness-probe-required', w, 'spec.template.spec.containers',
      `${services.map(s => s.label).join(', ')} select${services.length === 1 ? 's' : ''} these pods, but no container has a readinessProbe (nor declares a port). Each pod counts as Ready as soon as its containers have started: requests reach it before the application listens.`,
      'Add a readinessProbe to the container that serves the Service (and declare its containerPort).'));
  }
  return found;
}

/**
 * Endpoint removal and SIGTERM start together when a pod terminates; kube-proxy and ingress
 * controllers notice a few seconds later. Without a preStop delay the process exits while it
 * still receives requests.
 */
function preStopHookRequired(state: State): StateFinding[] {
  const found: StateFinding[] = [];
  for (const w of workloads(state)) {
    if (!isServing(state, w)) { continue; }
    for (const { c, where, name } of containersOf(w)) {
      if (hasPreStop(c)) { continue; }
      found.push(error('prestop-hook-required', w, `${where}.lifecycle.preStop`,
        `Container ${name} has no preStop hook, in pods that receive requests. When a pod terminates, the kubelet sends SIGTERM at the moment the pod is removed from the Service's endpoints; kube-proxy and ingress controllers take a few seconds to notice, and meanwhile keep sending requests to a process that is shutting down (connection refused, 502/503).`,
        `Give container ${name} a preStop hook that waits for the endpoint removal to propagate: exec ["sleep", "10"], or the native sleep action (lifecycle.preStop.sleep.seconds: 10, Kubernetes 1.30+) for images without a sleep binary. GracefulDeployment adds one to every container.`));
    }
  }
  return found;
}

/**
 * The grace period counts from the start of preStop: a sleep as long as the grace period leaves
 * the application no time to drain after SIGTERM before SIGKILL.
 */
function gracePeriodTooShort(state: State): StateFinding[] {
  const found: StateFinding[] = [];
  for (const w of workloads(state)) {
    const written = w.obj.spec?.template?.spec?.terminationGracePeriodSeconds;
    const grace = typeof written === 'number' ? written : DEFAULT_GRACE_SECONDS;
    for (const { c, where, name } of containersOf(w)) {
      const sleep = preStopSleep(c);
      if (sleep === undefined || grace > sleep) { continue; }
      found.push(error('grace-period-too-short', w, 'spec.template.spec.terminationGracePeriodSeconds',
        `terminationGracePeriodSeconds is ${grace}${typeof written === 'number' ? '' : ' (the default, not written)'}, not longer than the ${sleep} s preStop sleep of container ${name} (${where}). The grace period runs from the start of the preStop hook: SIGTERM comes when the sleep ends, and SIGKILL at most ${Math.max(0, grace - sleep)} s (plus the kubelet's one-off 2 s) later, so in-flight requests are cut instead of drained.`,
        `Set spec.template.spec.terminationGracePeriodSeconds to the preStop sleep plus the time the application needs to finish its requests, e.g. ${Math.ceil(sleep) + 20}. GracefulDeployment writes preStop + drainTimeout + 5 s.`));
    }
  }
  return found;
}

/** A Kubernetes IntOrString as written: a number, `"N%"`, or a digit string. */
function parseIntOrPercent(v: unknown): { value: number; percent: boolean } | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) { return { value: v, percent: false }; }
  if (typeof v !== 'string') { return undefined; }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(v);
  return m ? { value: Number(m[1]), percent: m[2] === '%' } : undefined;
}

/**
 * The Deployment controller's rolling update: `maxUnavailable` old pods may stop before their
 * replacements are Ready (25 % by default, rounded down), `maxSurge` new pods start first (25 %
 * by default, rounded up). Recreate stops every pod first.
 */
function rollingUpdateUnsafe(state: State): StateFinding[] {
  const found: StateFinding[] = [];
  for (const w of state.ofKind('apps', 'Deployment')) {
    if (!isServing(state, w)) { continue; }
    const strategy = isObject(w.obj.spec?.strategy) ? w.obj.spec.strategy : {};
    const fix = 'Use strategy.type RollingUpdate with rollingUpdate.maxUnavailable: 0 and maxSurge: 1 (or a percentage such as 25%): every old pod then stops only after a new one is Ready. GracefulDeployment writes maxUnavailable 0 and maxSurge 25%.';
    if (strategy.type === 'Recreate') {
      found.push(error('rolling-update-unsafe', w, 'spec.strategy.type',
        'The strategy is Recreate: on every rollout the Deployment controller stops all old pods before it creates any new one, so the Service has no Ready endpoint until the new pods are Ready (connections refused, ingress-nginx answers 503).', fix));
      continue;
    }
    const rolling = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    const replicas = effectiveReplicas(state, w);
    const unavailable = parseIntOrPercent(rolling.maxUnavailable);
    if (!unavailable || unavailable.value !== 0) {
      const share = unavailable ?? { value: 25, percent: true };
      const now = share.percent ? Math.floor(share.value / 100 * replicas) : share.value;
      const written = rolling.maxUnavailable === undefined ? 'not written, so it defaults to 25%' : JSON.stringify(rolling.maxUnavailable);
      found.push(error('rolling-update-unsafe', w, 'spec.strategy.rollingUpdate.maxUnavailable',
        `maxUnavailable is ${written}: the Deployment controller may stop that many old pods (${now} of ${replicas} now${share.percent ? ', more as the Deployment scales up' : ''}) before their replacements are Ready. The remaining pods take their traffic at once, and a new version that never becomes Ready leaves the Deployment short of capacity.`, fix));
    }
    const surge = parseIntOrPercent(rolling.maxSurge);
    if (rolling.maxSurge !== undefined && (!surge || surge.value <= 0)) {
      found.push(error('rolling-update-unsafe', w, 'spec.strategy.rollingUpdate.maxSurge',
        `maxSurge is ${JSON.stringify(rolling.maxSurge)}: no new pod can start before an old one stops, so a rollout either stalls (with maxUnavailable 0 the API server refuses it) or takes capacity away.`, fix));
    }
  }
  return found;
}

/** The ingress class an Ingress is served by: ingressClassName, else the legacy annotation, else the cluster's default. */
function ingressClass(ingress: Entry): string | undefined {
  const name = ingress.obj.spec?.ingressClassName;
  if (typeof name === 'string' && name !== '') { return name; }
  const legacy = ingress.obj.metadata?.annotations?.['kubernetes.io/ingress.class'];
  return typeof legacy === 'string' && legacy !== '' ? legacy : undefined;
}

function showClass(c: string | undefined): string {
  return c === undefined ? 'the default class (none written)' : `class ${c}`;
}

interface IngressPathKey {
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly where: string;
}

function pathsOf(ingress: Entry): IngressPathKey[] {
  const rules = Array.isArray(ingress.obj.spec?.rules) ? ingress.obj.spec.rules : [];
  const found: IngressPathKey[] = [];
  rules.forEach((rule: unknown, i: number) => {
    if (!isObject(rule)) { return; }
    const host = typeof rule.host === 'string' ? rule.host : '';
    const paths = Array.isArray(rule.http?.paths) ? rule.http.paths : [];
    paths.forEach((p: unknown, j: number) => {
      if (!isObject(p)) { return; }
      found.push({
        host,
        path: typeof p.path === 'string' ? p.path : '',
        pathType: typeof p.pathType === 'string' ? p.pathType : '',
        where: `spec.rules[${i}].http.paths[${j}]`,
      });
    });
  });
  return found;
}

function showPath(p: IngressPathKey): string {
  return `host ${p.host || '(any)'} path ${p.path || '(none)'} pathType ${p.pathType || '(none)'}`;
}

/**
 * ingress-nginx (internal/ingress/controller/controller.go, mergeAlternativeBackends) merges a
 * canary Ingress's backend into the main location only when the host exists, the path and
 * pathType are equal, and one controller serves both (same ingress class). Otherwise it logs
 * "unable to find real backend for alternative backend" and drops the canary: its weight,
 * header and cookie rules silently do nothing.
 */
function canaryIngressUnmatched(state: State): StateFinding[] {
  const found: StateFinding[] = [];
  const ingresses = state.ofKindAnyGroup('Ingress');
  const mains = ingresses.filter(i => !canaryOf(i));
  // Every (class, host, path, pathType) a main Ingress serves, compared as with ===: one lookup
  // per canary path instead of a scan of every main Ingress (issue #24).
  const exact = (...values: unknown[]) => values.map(v => (v === undefined ? 'u' : `${typeof v}:${String(v)}`)).join('\u0000');
  const served = new Set(mains.flatMap(m => pathsOf(m).map(q => exact(ingressClass(m), q.host, q.path, q.pathType))));
  for (const canary of ingresses.filter(i => canaryOf(i))) {
    const cls = ingressClass(canary);
    for (const p of pathsOf(canary)) {
      if (served.has(exact(cls, p.host, p.path, p.pathType))) { continue; }
      // Say what differs from the closest main Ingress, so the fix is one field.
      const near: string[] = [];
      for (const m of mains) {
        for (const q of pathsOf(m)) {
          if (q.host !== p.host) { continue; }
          const diffs: string[] = [];
          if (q.path !== p.path) { diffs.push(`path ${q.path || '(none)'}`); }
          if (q.pathType !== p.pathType) { diffs.push(`pathType ${q.pathType || '(none)'}`); }
          if (ingressClass(m) !== cls) { diffs.push(showClass(ingressClass(m))); }
          if (diffs.length <= 2) { near.push(`${m.label} has ${diffs.join(', ')}`); }
        }
      }
      const closest = near.length > 0 ? ` The closest main Ingress differs: ${near.slice(0, 3).join('; ')}.` : ` No main Ingress serves host ${p.host || '(any)'} in ${showClass(cls)}.`;
      found.push(error('canary-ingress-unmatched', canary, p.where,
        `This ingress-nginx canary has ${showPath(p)} in ${showClass(cls)}, and no main (non-canary) Ingress has exactly that host, path, pathType and class.${closest} ingress-nginx merges a canary into a main Ingress only on an exact match; otherwise it logs "unable to find real backend for alternative backend" and drops it: the canary weight, header and cookie routing do nothing, and the release looks healthy because the canary gets no traffic.`,
        'Give the canary Ingress the same host, path, pathType and ingressClassName as the main Ingress it splits (CanaryIngress derives both from one set of props), or remove it.'));
    }
  }
  return found;
}

/** Every state finding, in rule order, then by object and location. */
export function checkState(state: State): StateFinding[] {
  const byRule: { [rule: string]: (s: State) => StateFinding[] } = {
    'readiness-probe-required': readinessProbeRequired,
    'prestop-hook-required': preStopHookRequired,
    'grace-period-too-short': gracePeriodTooShort,
    'rolling-update-unsafe': rollingUpdateUnsafe,
    'canary-ingress-unmatched': canaryIngressUnmatched,
  };
  return STATE_RULES.flatMap(rule => byRule[rule](state)
    .sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0)));
}

