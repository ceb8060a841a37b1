import { createHash } from 'crypto';
import { ApiObject, Duration, Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { Affinity, PodSecurityContext, Toleration as KubeToleration, TopologySpreadConstraint, Volume as KubeVolume } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetSpec } from 'kubernetes-types/policy/v1';
import { ContainerProps, POD_SECURITY_CONTEXT, ResolvedContainer, resolveContainer, resolveInitContainer, TMP_VOLUME } from './container-spec';
import { formatDuration, invalidProp, Shown, wholeSeconds } from '../core/errors';
import type { Complete } from '../core/kube';
import { DNS_LABEL_RULE, isContentHashedName, isDnsLabel, isLabelKey, isLabelValue, LABEL_VALUE_RULE } from '../core/names';
import { parsePercentOrAbsolute } from '../core/percent';
import { DEFAULT_KUBERNETES_VERSION, isAtLeast, KubernetesVersion } from '../kubernetes-version';
import { AutoscalingOptions } from './autoscaling';
import { ContainerOptions } from './container';
import { DisruptionBudget } from './disruption-budget';
import { PreStop } from './pre-stop';
import type { GracefulWorkloadOptions, PodSecurityOptions } from './workload-options';
import { PercentOrAbsolute } from '../core/percent-or-absolute';

/**
 * A Deployment, its PodDisruptionBudget and its autoscaler, read from props in one direction:
 * `resolveWorkload` settles every default and refuses every bad value, naming the props as the
 * user wrote them; `renderWorkload` then only writes the checked description out.
 */

/** One container as the user wrote it, with where they wrote it and the image it runs. */
export interface WorkloadContainer {
  readonly options: ContainerOptions;
  readonly image: string;
  readonly where: ContainerProps;
}

/** What a workload is made of: the user's options plus what its construct decides. */
export interface WorkloadInput {
  readonly options: GracefulWorkloadOptions;
  readonly app: string;
  /** Name of the Deployment, with the prop the user set it through. */
  readonly name: string;
  readonly nameProp: string;
  /** Labels of the selector, all already checked but for their syntax. */
  readonly selectorLabels: { [key: string]: string };
  readonly containers: WorkloadContainer[];
  /** The replica count, and the prop it came from. */
  readonly replicas?: number;
  readonly replicasProp: string;
  /** Autoscaling, when the workload has it (after any per-version override). */
  readonly autoscaling?: AutoscalingOptions;
  /** A budget the construct imposes, replacing the user's. */
  readonly disruptionBudget?: DisruptionBudget;
  /** Pod affinity the construct adds (e.g. colours kept apart). */
  readonly affinity?: Affinity;
}

/** A fully checked workload: everything `renderWorkload` needs and nothing it must check. */
export interface ResolvedWorkload {
  readonly app: string;
  readonly name: string;
  readonly namespace?: string;
  readonly selectorLabels: { [key: string]: string };
  readonly podLabels: { [key: string]: string };
  readonly podAnnotations?: { [key: string]: string };
  /** ConfigMaps and Secrets whose content digest rolls the pods out when it changes. */
  readonly configObjects: ApiObject[];
  /** Pods; with autoscaling, the fewest pods. */
  readonly replicas: number;
  readonly maxSurge: PercentOrAbsolute;
  readonly minReady: Duration;
  readonly progressDeadline: Duration;
  readonly drainTimeout: Duration;
  readonly preStopDelay: Duration;
  readonly terminationGracePeriod: Duration;
  readonly kubernetesVersion: KubernetesVersion;
  readonly disruptionBudget: DisruptionBudget;
  readonly budget?: Pick<PodDisruptionBudgetSpec, 'maxUnavailable' | 'minAvailable'>;
  readonly autoscaling?: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly metrics: MetricSpec[];
    /** `replicas` kept beside the autoscaler during the switch to autoscaling. */
    readonly handoverReplicas?: number;
  };
  readonly containers: ResolvedContainer[];
  /** Init containers, native sidecars among them (restartPolicy: Always). */
  readonly initContainers: ResolvedContainer[];
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken: boolean;
  readonly affinity?: Affinity;
  readonly volumes: KubeVolume[];
  readonly securityContext: PodSecurityContext;
  readonly imagePullSecrets?: string[];
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: KubeToleration[];
  readonly topologySpread?: TopologySpreadConstraint[];
  /** Labels and annotations of every object. */
  readonly labels: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

/** An autoscaler's floor when `autoscaling.minReplicas` is left out: two pods, so a drain or a crash never leaves none. */
export const DEFAULT_MIN_REPLICAS = 2;

/** Settles defaults and refuses anything that could drop requests or block drains. */
export function resolveWorkload(scope: IConstruct, input: WorkloadInput): ResolvedWorkload {
  const o = input.options;
  if (!isDnsLabel(input.name)) {
    throw invalidProp(scope, { prop: input.nameProp, value: input.name, problem: `a Deployment name must be ${DNS_LABEL_RULE}`, fix: `set \`${input.nameProp}\` to a valid name` });
  }
  const namespace = o.namespace;
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    throw invalidProp(scope, { prop: 'namespace', value: namespace, problem: `a namespace must be ${DNS_LABEL_RULE}`, fix: 'use an existing namespace name' });
  }
  for (const [key, value] of Object.entries(input.selectorLabels)) {
    checkLabel(scope, 'selector label', key, value);
  }
  const podLabels = resolvePodLabels(scope, input.selectorLabels, o.podLabels ?? {});

  if (input.autoscaling && input.replicas !== undefined) {
    throw invalidProp(scope, {
      prop: input.replicasProp,
      value: input.replicas,
      problem: 'a fixed replica count and autoscaling would fight: every sync would reset what the autoscaler chose',
      fix: 'remove replicas and set autoscaling.minReplicas instead',
    });
  }
  const autoscaling = input.autoscaling && resolveAutoscaling(scope, input.autoscaling);
  const replicas = autoscaling?.minReplicas ?? input.replicas ?? 2;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw invalidProp(scope, { prop: input.replicasProp, value: replicas, problem: 'replicas is a whole number of 0 or more', fix: 'set replicas to 2 or more for zero-downtime rollouts and drains' });
  }

  const maxSurge = o.maxSurge ?? PercentOrAbsolute.percent(25);
  const surge = parsePercentOrAbsolute(maxSurge.value, Number.MAX_SAFE_INTEGER);
  if (surge === undefined || surge.amount < 1) {
    throw invalidProp(scope, {
      prop: 'maxSurge',
      value: maxSurge.value,
      problem: 'with maxUnavailable fixed at 0, a rolling update can only progress by starting extra pods, so maxSurge must come to at least one pod',
      fix: 'use PercentOrAbsolute.absolute(1) or a percentage of at least 1%',
    });
  }

  const minReady = o.minReady ?? Duration.seconds(0);
  const progressDeadline = o.progressDeadline ?? Duration.seconds(600);
  const minReadySeconds = seconds(scope, 'minReady', minReady, 0);
  const progressDeadlineSeconds = seconds(scope, 'progressDeadline', progressDeadline, 1);
  if (progressDeadlineSeconds <= minReadySeconds) {
    throw invalidProp(scope, {
      prop: 'progressDeadline',
      value: new Shown(`${formatDuration(progressDeadline)} with minReady ${formatDuration(minReady)}`),
      problem: 'the progress deadline must be longer than minReady, or every rollout is reported as failed',
      fix: `set progressDeadline above ${formatDuration(minReady)}, e.g. Duration.seconds(${minReadySeconds + 600})`,
    });
  }

  const kubernetesVersion = o.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const containers = resolveContainers(scope, input, kubernetesVersion);
  if (autoscaling) { checkRequestsForAutoscaling(scope, input, containers); }
  const preStopDelay = Duration.seconds(Math.max(...containers.map(c => c.preStop.delay.toSeconds())));
  const drainTimeout = o.drainTimeout ?? Duration.seconds(15);
  const drainSeconds = seconds(scope, 'drainTimeout', drainTimeout, 0);
  const { initContainers, legacySidecars } = resolveHelpers(scope, o, input.app, kubernetesVersion, preStopDelay.toSeconds() + drainSeconds);
  containers.push(...legacySidecars);
  checkUniqueNames(scope, [...initContainers, ...containers]);
  checkUniquePortNames(scope, [...containers, ...initContainers]);
  const terminationGracePeriod = o.terminationGracePeriod ?? Duration.seconds(preStopDelay.toSeconds() + drainSeconds + 5);
  checkGracePeriod(scope, terminationGracePeriod, preStopDelay, o.drainTimeout);
  if (legacySidecars.length > 0 && terminationGracePeriod.toSeconds() <= preStopDelay.toSeconds() + drainSeconds) {
    throw invalidProp(scope, {
      prop: 'terminationGracePeriod',
      value: terminationGracePeriod,
      problem: `before Kubernetes 1.29 a sidecar waits ${preStopDelay.toSeconds() + drainSeconds}s (preStop + drainTimeout) for the app to drain, and a shorter grace period kills it first`,
      fix: `set terminationGracePeriod above Duration.seconds(${preStopDelay.toSeconds() + drainSeconds}), leave it out, or target Kubernetes 1.29+ for native sidecars`,
    });
  }

  const disruptionBudget = input.disruptionBudget ?? o.disruptionBudget
    ?? (replicas > 1 ? DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)) : DisruptionBudget.none());
  const budget = disruptionBudget._render(scope, 'disruptionBudget', replicas);

  const labels = resolveObjectLabels(scope, input.selectorLabels, o.labels ?? {});
  for (const key of Object.keys(o.annotations ?? {})) {
    if (!isLabelKey(key)) {
      throw invalidProp(scope, { prop: `annotations["${key}"]`, value: key, problem: 'an annotation key is an optional DNS prefix and "/" followed by a name of letters, digits, "-", "_" and "."', fix: 'use a key such as "example.com/owner"' });
    }
  }

  const volumes = resolveVolumes(scope, [...initContainers, ...containers]);
  const configObjects = resolveConfigObjects(scope, o.rolloutOnChangeOf, volumes, [...initContainers, ...containers]);

  return {
    labels,
    annotations: o.annotations && Object.keys(o.annotations).length > 0 ? { ...o.annotations } : undefined,
    volumes,
    securityContext: resolvePodSecurity(scope, o.podSecurity),
    imagePullSecrets: o.imagePullSecrets && o.imagePullSecrets.length > 0 ? [...o.imagePullSecrets] : undefined,
    nodeSelector: o.nodeSelector && Object.keys(o.nodeSelector).length > 0 ? { ...o.nodeSelector } : undefined,
    tolerations: o.tolerations && o.tolerations.length > 0
      ? o.tolerations.map(t => ({ key: t.key, operator: t.value === undefined ? 'Exists' : 'Equal', value: t.value, effect: t.effect }))
      : undefined,
    topologySpread: (o.spread ?? true) ? spreadConstraints(input.selectorLabels) : undefined,
    app: input.app,
    name: input.name,
    namespace,
    selectorLabels: { ...input.selectorLabels },
    podLabels,
    podAnnotations: o.podAnnotations,
    configObjects,
    replicas,
    maxSurge,
    minReady,
    progressDeadline,
    drainTimeout,
    preStopDelay,
    terminationGracePeriod,
    kubernetesVersion,
    disruptionBudget,
    budget,
    autoscaling,
    containers,
    initContainers,
    serviceAccountName: o.serviceAccountName,
    automountServiceAccountToken: o.automountServiceAccountToken ?? false,
    affinity: input.affinity,
  };
}

/** The selectors claimed so far in each app (tree root, namespace and app label). */
const CLAIMED = new WeakMap<IConstruct, Map<string, Array<{ readonly path: string; readonly name: string; readonly w: ResolvedWorkload }>>>();

/**
 * Refuses a workload whose selector could match the pods of another workload of the same app
 * (or whose pods the other's selector matches): one Deployment would adopt or fight over the
 * other's pods, and each pod would fall under two PodDisruptionBudgets, which the eviction API
 * refuses (HTTP 500, "more than one PodDisruptionBudget"), so node drains block.
 */
export function claimSelector(scope: IConstruct, errorScope: IConstruct, prop: string, w: ResolvedWorkload) {
  const root = scope.node.root;
  const byGroup = CLAIMED.get(root) ?? new Map();
  CLAIMED.set(root, byGroup);
  const group = `${w.namespace ?? ''}|${w.app}`;
  const claimed = byGroup.get(group) ?? [];
  byGroup.set(group, claimed);
  const within = (selector: { [key: string]: string }, labels: { [key: string]: string }) =>
    Object.entries(selector).every(([k, v]) => labels[k] === v);
  for (const other of claimed) {
    if (within(w.selectorLabels, other.w.podLabels) || within(other.w.selectorLabels, w.podLabels)) {
      throw invalidProp(errorScope, {
        prop,
        value: new Shown(`selector ${JSON.stringify(w.selectorLabels)} beside Deployment ${other.name} (${other.path}) with ${JSON.stringify(other.w.selectorLabels)}`),
        problem: 'the two selectors can match the same pods: the Deployments would fight over them, and each pod would fall under two PodDisruptionBudgets, which the eviction API refuses, so node drains block',
        fix: 'give every Deployment of the app its own role (role: "web", role: "worker")',
      });
    }
  }
  claimed.push({ path: scope.node.path, name: w.name, w });
}

/** The objects of a resolved workload. */
export interface RenderedWorkload {
  readonly deployment: Complete<Deployment>;
  readonly disruptionBudget?: Complete<PodDisruptionBudget>;
  readonly autoscaler?: Complete<HorizontalPodAutoscaler>;
}

export function renderWorkload(w: ResolvedWorkload): RenderedWorkload {
  const metadata = { name: w.name, namespace: w.namespace, labels: w.labels, annotations: w.annotations };
  const deployment: Complete<Deployment> = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      minReadySeconds: w.minReady.toSeconds(),
      progressDeadlineSeconds: w.progressDeadline.toSeconds(),
      // Under an autoscaler the field is left out, so a sync never resets what it chose; only
      // the commit that switches to autoscaling keeps it.
      replicas: w.autoscaling ? w.autoscaling.handoverReplicas : w.replicas,
      selector: { matchLabels: w.selectorLabels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: w.maxSurge.value as number | string, maxUnavailable: 0 } },
      template: {
        metadata: { labels: w.podLabels, annotations: podAnnotations(w) },
        spec: {
          affinity: w.affinity,
          automountServiceAccountToken: w.automountServiceAccountToken,
          containers: w.containers.map(c => c.container),
          imagePullSecrets: w.imagePullSecrets?.map(name => ({ name })),
          initContainers: w.initContainers.length > 0 ? w.initContainers.map(c => c.container) : undefined,
          nodeSelector: w.nodeSelector,
          securityContext: w.securityContext,
          serviceAccountName: w.serviceAccountName,
          terminationGracePeriodSeconds: w.terminationGracePeriod.toSeconds(),
          tolerations: w.tolerations,
          topologySpreadConstraints: w.topologySpread,
          volumes: w.volumes.length > 0 ? w.volumes : undefined,
        },
      },
    },
  };
  const disruptionBudget: Complete<PodDisruptionBudget> | undefined = w.budget && {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata,
    spec: {
      ...w.budget,
      selector: { matchLabels: w.selectorLabels },
      // Pods that are not ready may always be evicted, so a crash-looping pod cannot block a
      // node drain (beta from 1.27, GA in 1.31).
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
  const autoscaler: Complete<HorizontalPodAutoscaler> | undefined = w.autoscaling && {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      maxReplicas: w.autoscaling.maxReplicas,
      metrics: w.autoscaling.metrics,
      minReplicas: w.autoscaling.minReplicas,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.name },
    },
  };
  return { deployment, disruptionBudget, autoscaler };
}

/**
 * Init containers and sidecars. Native sidecars (1.29+) are init containers with
 * `restartPolicy: Always`: the kubelet starts them before the app and, since 1.29, stops them
 * after the app's containers have exited. Before 1.29 a sidecar is an ordinary container, and
 * its preStop sleeps until the app has drained (the app's preStop delay plus drainTimeout), so a
 * proxy in front of the app is still there while the app finishes its requests.
 */
function resolveHelpers(scope: IConstruct, o: GracefulWorkloadOptions, app: string, version: KubernetesVersion, appDoneSeconds: number) {
  const init = (o.initContainers ?? []).map((c, i) => resolveInitContainer(scope, `initContainers[${i}]`, c, `${app}-init-${i}`, version));
  const native = isAtLeast(version, KubernetesVersion.V1_29);
  const sidecars = (o.sidecars ?? []).map((c, i) => {
    const prop = `sidecars[${i}]`;
    const own = c.preStop !== undefined;
    const r = resolveContainer(scope, { prop, imageProp: `${prop}.image` }, native || own ? c : { ...c, preStop: PreStop.execSleep(Duration.seconds(appDoneSeconds)) }, c.image, `${app}-sidecar-${i}`, version);
    if (!native) { return r; }
    const { lifecycle, ...container } = r.container;
    return { ...r, container: { ...container, lifecycle: own ? lifecycle : undefined, restartPolicy: 'Always' } };
  });
  return { initContainers: native ? [...init, ...sidecars] : init, legacySidecars: native ? [] : sidecars };
}

/**
 * Soft spread across nodes and zones. `matchLabelKeys: pod-template-hash` counts only pods of
 * the same revision, so a rollout's new pods spread among themselves instead of around the old
 * ones (beta and on by default since Kubernetes 1.27).
 */
function spreadConstraints(selector: { [key: string]: string }): TopologySpreadConstraint[] {
  return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map(topologyKey => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selector } },
    matchLabelKeys: ['pod-template-hash'],
  }));
}

/** The annotation that carries the digest of the ConfigMaps and Secrets the pods read. */
export const CONFIG_DIGEST_ANNOTATION = 'cdk8s-zero-downtime.io/config-digest';

/**
 * The config objects whose digest rolls the pods out. A digest protects what the pods read at
 * start: environment variables (`envFrom`, `valueFrom`) are resolved when a container is created,
 * so the old pods keep the old values until the rollout replaces them. It does not protect a
 * mounted volume: the kubelet updates a mounted ConfigMap or Secret in place on every running pod
 * within its sync period (kubernetes docs, "Mounted ConfigMaps are updated automatically"; not
 * for subPath mounts), so under an unchanged name the new content reaches the old pods before the
 * rollout does, and a failed rollout leaves them on it. A mounted object must therefore carry its
 * content in its name (`ConfigName.hashed`): each content is then an object of its own.
 */
function resolveConfigObjects(
  scope: IConstruct, objects: ApiObject[] | undefined, volumes: KubeVolume[], containers: ResolvedContainer[],
): ApiObject[] {
  (objects ?? []).forEach((obj, i) => {
    if (!(obj instanceof ApiObject) || (obj.kind !== 'ConfigMap' && obj.kind !== 'Secret')) {
      throw invalidProp(scope, {
        prop: `rolloutOnChangeOf[${i}]`,
        value: new Shown(obj instanceof ApiObject ? `${obj.kind} ${obj.name}` : String(obj)),
        problem: 'only a ConfigMap or a Secret has content that pods read and that a digest can follow',
        fix: 'pass the ConfigMap and Secret objects (ApiObject, KubeConfigMap, KubeSecret) of this app',
      });
    }
    const volume = volumes.find(v => mountsObject(v, obj.kind, obj.name)
      && containers.some(c => (c.container.volumeMounts ?? []).some(m => m.name === v.name && m.subPath === undefined)));
    if (volume === undefined) { return; }
    const json = obj.toJson();
    const content = { ...json.data, ...json.binaryData, ...json.stringData };
    if (!isContentHashedName(obj.name, content)) {
      throw invalidProp(scope, {
        prop: `rolloutOnChangeOf[${i}]`,
        value: new Shown(`${obj.kind} ${obj.name}, mounted as volume "${volume.name}"`),
        problem: `the kubelet updates a mounted ${obj.kind} in place on every running pod, so new content under this name reaches the old pods before the rollout does (the digest only restarts them), and a failed rollout leaves them on it`,
        fix: `name the ${obj.kind} after its content, name: ConfigName.hashed('${obj.name}', content), and mount it by that name: each content is then a new object that only the new pods read`,
      });
    }
  });
  return [...(objects ?? [])];
}

/** Whether a pod volume reads the ConfigMap or Secret of that kind and name. */
function mountsObject(v: KubeVolume, kind: string, name: string): boolean {
  if (kind === 'ConfigMap') {
    return v.configMap?.name === name || (v.projected?.sources ?? []).some(s => s.configMap?.name === name);
  }
  return v.secret?.secretName === name || (v.projected?.sources ?? []).some(s => s.secret?.name === name);
}

/**
 * Pod annotations, with the digest of the config objects' data, computed when the app is
 * synthesized so that later changes to those objects count.
 */
function podAnnotations(w: ResolvedWorkload): { [key: string]: string } | undefined {
  if (w.configObjects.length === 0) { return w.podAnnotations; }
  const digest = Lazy.any({
    produce: () => {
      const data = w.configObjects.map(o => {
        const json = o.toJson();
        return { kind: o.kind, name: o.name, data: json.data, binaryData: json.binaryData, stringData: json.stringData };
      });
      return createHash('sha256').update(stableJson(data)).digest('hex').slice(0, 16);
    },
  });
  return { ...w.podAnnotations, [CONFIG_DIGEST_ANNOTATION]: digest as unknown as string };
}

/** JSON with object keys sorted, so equal content gives equal text whatever the key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) { return `[${value.map(stableJson).join(',')}]`; }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as { [key: string]: unknown })
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The API server rejects a pod whose containers, init containers and sidecars share a name. */
function checkUniqueNames(scope: IConstruct, all: ResolvedContainer[]) {
  const seen = new Set<string>();
  for (const c of all) {
    if (seen.has(c.name)) {
      throw invalidProp(scope, { prop: 'containers', value: c.name, problem: 'two containers of the pod (init containers and sidecars included) share this name', fix: 'give each container its own name' });
    }
    seen.add(c.name);
  }
}

/**
 * Port names are unique within a pod (the API's ContainerPort.name: "must be an IANA_SVC_NAME and
 * unique within the pod"). The API server only warns about a duplicate (kubernetes
 * `pkg/api/pod/warnings.go`, "duplicate port name"), and the name then means two ports: FindPort
 * gives a Service the first match (app containers, then native sidecars), while a NetworkPolicy
 * or a scrape config that names the port matches both. A sidecar that leaves its port at the
 * default name "http" is the usual cause. The app's containers are checked first, so the refusal
 * names the helper.
 */
function checkUniquePortNames(scope: IConstruct, all: ResolvedContainer[]) {
  const owner = new Map<string, string>();
  for (const c of all) {
    for (const p of c.container.ports ?? []) {
      if (p.name === undefined) { continue; }
      const other = owner.get(p.name);
      if (other !== undefined) {
        throw invalidProp(scope, {
          prop: `${c.prop}.portName`,
          value: p.name,
          problem: `containers "${other}" and "${c.name}" both name a port "${p.name}": port names are unique within a pod, and a Service, NetworkPolicy or scrape config that refers to the name can no longer tell which port it means`,
          fix: `give the port of container "${c.name}" a portName of its own, such as "admin"`,
        });
      }
      owner.set(p.name, c.name);
    }
  }
}

/** Every volume the containers mount, declared once; one name may not stand for two volumes. */
function resolveVolumes(scope: IConstruct, containers: ResolvedContainer[]): KubeVolume[] {
  const byName = new Map<string, { volume: KubeVolume; prop: string }>();
  for (const v of containers.flatMap(c => c.volumes)) {
    const seen = byName.get(v.volume.name);
    if (seen && JSON.stringify(seen.volume) !== JSON.stringify(v.volume)) {
      throw invalidProp(scope, {
        prop: v.prop,
        value: v.volume.name,
        problem: `the volume name "${v.volume.name}" already stands for another volume (${seen.prop})${v.volume.name === TMP_VOLUME ? '; "tmp" is the writable /tmp' : ''}`,
        fix: 'give each volume its own name, or mount the same Volume object',
      });
    }
    byName.set(v.volume.name, seen ?? v);
  }
  return [...byName.values()].map(v => v.volume);
}

function resolvePodSecurity(scope: IConstruct, s: PodSecurityOptions | undefined): PodSecurityContext {
  for (const key of ['user', 'group', 'fsGroup'] as const) {
    const v = s?.[key];
    if (v !== undefined && (!Number.isInteger(v) || v < (key === 'user' ? 1 : 0) || v > 2147483647)) {
      throw invalidProp(scope, {
        prop: `podSecurity.${key}`,
        value: v,
        problem: key === 'user'
          ? 'the user is a numeric ID from 1 to 2147483647; the pods run as non-root, and the kubelet refuses user 0'
          : `the ${key} is a numeric ID from 0 to 2147483647`,
        fix: `give the numeric ${key} ID the image expects, e.g. 10001`,
      });
    }
  }
  return { ...POD_SECURITY_CONTEXT, runAsUser: s?.user, runAsGroup: s?.group, fsGroup: s?.fsGroup };
}

/** Labels of every object: the user's, then the selector labels, which they may not contradict. */
function resolveObjectLabels(scope: IConstruct, selector: { [key: string]: string }, extra: { [key: string]: string }): { [key: string]: string } {
  for (const [key, value] of Object.entries(extra)) {
    if (key in selector && selector[key] !== value) {
      throw invalidProp(scope, { prop: `labels["${key}"]`, value, problem: `"${key}" is a selector label with value "${selector[key]}"`, fix: `remove "${key}" from labels` });
    }
    checkLabel(scope, 'label', key, value);
  }
  return { ...extra, ...selector };
}

function resolveContainers(scope: IConstruct, input: WorkloadInput, version: KubernetesVersion): ResolvedContainer[] {
  const list = input.containers;
  const resolved = list.map((c, i) => resolveContainer(scope, c.where, c.options ?? {}, c.image, i === 0 ? input.app : `${input.app}-${i}`, version));
  const seen = new Set<string>();
  resolved.forEach((c, i) => {
    if (seen.has(c.name)) {
      throw invalidProp(scope, { prop: `${list[i].where.prop}.name`, value: c.name, problem: 'container names must be unique within a pod', fix: 'give each container its own name' });
    }
    seen.add(c.name);
  });
  return resolved;
}

/**
 * The HPA computes a resource's utilization against the pods' requests, over every container: a
 * container without that request leaves the metric unavailable (FailedGetResourceMetric), and
 * the Deployment is never scaled.
 */
function checkRequestsForAutoscaling(scope: IConstruct, input: WorkloadInput, containers: ResolvedContainer[]) {
  const resources = ['cpu', ...(input.autoscaling?.memoryUtilization !== undefined ? ['memory'] : [])];
  containers.forEach((c, i) => {
    for (const resource of resources) {
      if (c.container.resources?.requests?.[resource] === undefined) {
        throw invalidProp(scope, {
          prop: `${input.containers[i].where.prop}.resources`,
          value: new Shown(`no ${resource} request on container "${c.name}"`),
          problem: `autoscaling on ${resource} divides use by the pods' ${resource} requests; without a request on every container the autoscaler has no metric and never scales`,
          fix: `give container "${c.name}" a ${resource} request (resources.${resource}.request), or leave resources out to get the defaults`,
        });
      }
    }
  });
}

function resolveAutoscaling(scope: IConstruct, a: AutoscalingOptions) {
  const minReplicas = a.minReplicas ?? DEFAULT_MIN_REPLICAS;
  const whole = (prop: string, v: number | undefined, min: number, max: number) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) {
      throw invalidProp(scope, { prop: `autoscaling.${prop}`, value: v, problem: `${prop} is a whole number from ${min} to ${max}`, fix: `set ${prop} between ${min} and ${max}` });
    }
  };
  whole('minReplicas', minReplicas, 1, 10000);
  whole('maxReplicas', a.maxReplicas, 1, 10000);
  whole('cpuUtilization', a.cpuUtilization, 1, 1000);
  whole('memoryUtilization', a.memoryUtilization, 1, 1000);
  if (a.maxReplicas < minReplicas) {
    throw invalidProp(scope, {
      prop: 'autoscaling.maxReplicas',
      value: a.maxReplicas,
      problem: `maxReplicas must be at least minReplicas (${minReplicas})`,
      fix: `set maxReplicas to ${minReplicas} or more`,
    });
  }
  const target = (name: string, averageUtilization: number): MetricSpec => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } });
  const metrics = [target('cpu', a.cpuUtilization ?? 70)];
  if (a.memoryUtilization !== undefined) { metrics.push(target('memory', a.memoryUtilization)); }
  whole('handoverReplicas', a.handoverReplicas, 1, 10000);
  return { minReplicas, maxReplicas: a.maxReplicas, metrics, handoverReplicas: a.handoverReplicas };
}

function resolvePodLabels(scope: IConstruct, selector: { [key: string]: string }, extra: { [key: string]: string }): { [key: string]: string } {
  for (const [key, value] of Object.entries(extra)) {
    if (key in selector && selector[key] !== value) {
      throw invalidProp(scope, { prop: `podLabels["${key}"]`, value, problem: `"${key}" is a selector label with value "${selector[key]}"; a different pod value would leave the selector matching no pod`, fix: `remove "${key}" from podLabels` });
    }
    checkLabel(scope, 'pod label', key, value);
  }
  return { ...extra, ...selector };
}

/** Refuses a label key or value the API server would reject. */
export function checkLabel(scope: IConstruct, what: string, key: string, value: string) {
  if (!isLabelKey(key)) {
    throw invalidProp(scope, { prop: what, value: key, problem: 'a label key is an optional DNS prefix and "/" followed by a name of at most 63 letters, digits, "-", "_" and "."', fix: 'use a key such as "app.kubernetes.io/name"' });
  }
  if (typeof value !== 'string' || !isLabelValue(value)) {
    throw invalidProp(scope, { prop: `${what} "${key}"`, value, problem: `a label value must be ${LABEL_VALUE_RULE}`, fix: 'use a value such as "web"' });
  }
}

function checkGracePeriod(scope: IConstruct, grace: Duration, preStopDelay: Duration, drainGiven: Duration | undefined) {
  const graceSeconds = seconds(scope, 'terminationGracePeriod', grace, 1);
  const preStop = preStopDelay.toSeconds();
  const needed = drainGiven ? preStop + drainGiven.toSeconds() : preStop + 1;
  if (graceSeconds <= preStop || graceSeconds < needed) {
    throw invalidProp(scope, {
      prop: 'terminationGracePeriod',
      value: grace,
      problem: `the grace period includes the preStop delay (${preStop}s)${drainGiven ? ` and must also cover drainTimeout (${drainGiven.toSeconds()}s)` : ''}; a shorter one kills the container before it has drained its requests`,
      fix: `set terminationGracePeriod to at least Duration.seconds(${Math.max(needed, preStop + 1)}), or leave it out to get preStop + drainTimeout + 5s`,
    });
  }
}

function seconds(scope: IConstruct, prop: string, d: Duration, min: number): number {
  const s = wholeSeconds(d);
  if (s === undefined || s < min) {
    throw invalidProp(scope, { prop, value: d, problem: `${prop} is whole seconds of at least ${min}`, fix: `use Duration.seconds(n) with n >= ${min}` });
  }
  return s;
}
