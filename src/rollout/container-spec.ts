import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Container, EnvFromSource, EnvVar, EnvVarSource, PodSecurityContext, ResourceRequirements, SecurityContext, Volume as KubeVolume, VolumeMount as KubeVolumeMount } from 'kubernetes-types/core/v1';
import { invalidProp, Shown } from '../core/errors';
import { DNS_LABEL_RULE, isDnsLabel } from '../core/names';
import { isAtLeast, KubernetesVersion } from '../kubernetes-version';
import { ContainerOptions, ContainerSecurityOptions, EnvFromOptions, GracefulContainerProps } from './container';
import { PreStop } from './pre-stop';
import { EnvValue } from '../core/env-value';
import type { ContainerResources } from '../core/resources';

/** Pod-level security of every pod the library writes: non-root, default seccomp profile. */
export const POD_SECURITY_CONTEXT: PodSecurityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

/**
 * The preStop hook used when a container names none: the kubelet's own `sleep` action from
 * Kubernetes 1.34, where it is GA and its feature gate (PodLifecycleSleepAction) is locked on
 * (kubernetes/website feature-gates/PodLifecycleSleepAction.md: beta and on by default 1.30-1.33,
 * stable and locked from 1.34). It runs nothing in the container, so distroless and scratch
 * images keep their delay. Before 1.34 the gate can be switched off, so older targets keep
 * `sleep 10` as a command, exactly as before 0.2.0.
 */
export function defaultPreStop(version: KubernetesVersion): PreStop {
  return isAtLeast(version, KubernetesVersion.V1_34) ? PreStop.nativeSleep() : PreStop.execSleep();
}

/**
 * Where the user wrote a container: `containers[1]` on a GracefulDeployment, `container` on a
 * blue-green or canary release, whose image comes from another prop (`blue.image`).
 */
export interface ContainerProps {
  readonly prop: string;
  readonly imageProp: string;
}

/** A container resolved to its Kubernetes form, with the delay its preStop hook takes. */
export interface ResolvedContainer {
  readonly name: string;
  /** The prop the user wrote it under (`containers[0]`, `sidecars[1]`, `container`). */
  readonly prop: string;
  readonly preStop: PreStop;
  readonly container: Container;
  /** The pod volumes its mounts need, with the prop each came from. */
  readonly volumes: Array<{ readonly volume: KubeVolume; readonly prop: string }>;
}

/**
 * A port name the API server accepts (k8s.io/apimachinery `validation.IsValidPortName`):
 * IANA_SVC_NAME, at most 15 characters of a-z, 0-9 and "-", at least one letter, no "-" at
 * either end and no "--".
 */
export function isPortName(name: unknown): boolean {
  return typeof name === 'string' && name.length <= 15 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) && /[a-z]/.test(name);
}

/** The volume behind the default writable /tmp. */
export const TMP_VOLUME = 'tmp';

/**
 * Resolves one container, refusing anything that could drop requests or run unsafely. Every
 * refusal names the prop as the user wrote it (`where`).
 */
export function resolveContainer(
  scope: IConstruct, where: ContainerProps, c: ContainerOptions, image: string, defaultName: string, version: KubernetesVersion,
): ResolvedContainer {
  const prop = where.prop;
  const name = c.name ?? defaultName;
  if (!isDnsLabel(name)) {
    throw invalidProp(scope, { prop: `${prop}.name`, value: name, problem: `a container name must be ${DNS_LABEL_RULE}`, fix: 'rename the container, e.g. "app"' });
  }
  checkImage(scope, where.imageProp, image, c.allowUnpinnedImage ?? false);

  const port = c.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw invalidProp(scope, { prop: `${prop}.port`, value: port, problem: 'a container port is a whole number from 1 to 65535', fix: 'set the port the application listens on' });
  }
  const portName = c.portName ?? 'http';
  if (port !== undefined && !isPortName(portName)) {
    throw invalidProp(scope, {
      prop: `${prop}.portName`,
      value: portName,
      problem: 'Services reach the port by this name, and the API server accepts a port name of 1 to 15 lower-case letters, digits and single "-" inside, with at least one letter (IANA_SVC_NAME)',
      fix: 'use a name such as "http" or "grpc"',
    });
  }
  if (port !== undefined && !c.readiness) {
    throw invalidProp(scope, {
      prop: `${prop}.readiness`,
      value: c.readiness,
      problem: `container "${name}" serves port ${port} but has no readiness probe, so it would receive requests before it can serve them and during shutdown`,
      fix: "add readiness: Probe.httpGet('/ready') (or Probe.tcpSocket())",
    });
  }

  const preStop = c.preStop ?? defaultPreStop(version);
  const env = renderEnv(c.env);
  checkEnvReferences(scope, prop, env);
  const { mounts, volumes } = resolveMounts(scope, prop, c);
  const container: Container = {
    name,
    image,
    command: c.command && [...c.command],
    args: c.args && [...c.args],
    ports: port === undefined ? undefined : [{ containerPort: port, name: portName, protocol: 'TCP' }],
    readinessProbe: c.readiness?._render(scope, `${prop}.readiness`, port, true),
    livenessProbe: c.liveness?._render(scope, `${prop}.liveness`, port, false),
    startupProbe: c.startup?._render(scope, `${prop}.startup`, port, false),
    lifecycle: { preStop: preStop._render(scope, `${prop}.preStop`, port, version) },
    envFrom: renderEnvFrom(scope, prop, c.envFrom),
    env: env.length > 0 ? env : undefined,
    resources: renderResources(c.resources),
    securityContext: renderSecurity(c.securityContext),
    volumeMounts: mounts.length > 0 ? mounts : undefined,
  };
  return { name, prop, preStop, container, volumes };
}

/**
 * The container's mounts and the volumes behind them, with a writable /tmp while the root
 * filesystem is read-only (unless turned off or mounted by the user).
 */
function resolveMounts(scope: IConstruct, prop: string, c: ContainerOptions) {
  const mounts: KubeVolumeMount[] = [];
  const volumes: Array<{ volume: KubeVolume; prop: string }> = [];
  (c.mounts ?? []).forEach((m, i) => {
    const where = `${prop}.mounts[${i}]`;
    if (typeof m.path !== 'string' || !m.path.startsWith('/') || m.path.includes(':')) {
      throw invalidProp(scope, { prop: `${where}.path`, value: m.path, problem: 'a mount path is absolute and has no ":"', fix: 'write e.g. "/var/cache/app"' });
    }
    if (mounts.some(x => x.mountPath === m.path)) {
      throw invalidProp(scope, { prop: `${where}.path`, value: m.path, problem: 'two mounts at one path: the API server rejects the pod', fix: 'mount each volume at its own path' });
    }
    volumes.push({ volume: m.volume._render(scope, where), prop: where });
    mounts.push({ name: m.volume.name, mountPath: m.path, readOnly: m.readOnly || undefined, subPath: m.subPath });
  });
  const readOnlyRoot = c.securityContext?.readOnlyRootFilesystem ?? true;
  if (readOnlyRoot && (c.writableTmp ?? true) && !mounts.some(m => m.mountPath === '/tmp')) {
    volumes.push({ volume: { name: TMP_VOLUME, emptyDir: {} }, prop: `${prop}.writableTmp` });
    mounts.push({ name: TMP_VOLUME, mountPath: '/tmp' });
  }
  return { mounts, volumes };
}

function renderEnvFrom(scope: IConstruct, prop: string, list: EnvFromOptions[] | undefined): EnvFromSource[] | undefined {
  if (!list || list.length === 0) { return undefined; }
  return list.map((e, i) => {
    if ((e.configMap === undefined) === (e.secret === undefined)) {
      throw invalidProp(scope, { prop: `${prop}.envFrom[${i}]`, value: e, problem: 'each entry names exactly one ConfigMap or Secret', fix: "write { configMap: 'app-config' } or { secret: 'app-secrets' }" });
    }
    const ref = { name: e.configMap ?? e.secret, optional: e.optional };
    return { prefix: e.prefix, configMapRef: e.configMap !== undefined ? ref : undefined, secretRef: e.secret !== undefined ? ref : undefined };
  });
}

/**
 * An init container: runs to completion before the app starts, so it serves no port and has no
 * probes or preStop hook (the API server rejects them on init containers).
 */
export function resolveInitContainer(
  scope: IConstruct, prop: string, c: GracefulContainerProps, defaultName: string, version: KubernetesVersion,
): ResolvedContainer {
  for (const field of ['port', 'readiness', 'liveness', 'startup', 'preStop'] as const) {
    if (c[field] !== undefined) {
      throw invalidProp(scope, {
        prop: `${prop}.${field}`,
        value: new Shown(field),
        problem: 'an init container runs to completion before the pod serves, so it has no port, probes or preStop hook (the API server rejects them)',
        fix: `remove ${field}, or make the container a sidecar`,
      });
    }
  }
  const r = resolveContainer(scope, { prop, imageProp: `${prop}.image` }, c, c.image, defaultName, version);
  const { lifecycle, ...container } = r.container;
  return { ...r, container };
}
export function checkImage(scope: IConstruct, prop: string, image: string | undefined, allowUnpinned: boolean) {
  if (!image || /\s/.test(image)) {
    throw invalidProp(scope, { prop, value: image, problem: 'an image reference is required and has no spaces', fix: 'set the image, e.g. "registry.example.com/app:1.4.2"' });
  }
  if (allowUnpinned || image.includes('@sha256:')) { return; }
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? image.slice(colon + 1) : undefined;
  if (tag === undefined || tag === '' || tag === 'latest') {
    throw invalidProp(scope, {
      prop,
      value: image,
      problem: "the image is not pinned ('latest' or no tag): the cluster may run a different build under the same manifest and a rollback cannot restore the old one",
      fix: 'pin a version tag or digest ("app:1.4.2", "app@sha256:..."), or set allowUnpinnedImage: true',
    });
  }
}

/**
 * Environment variables in the order they were written. The kubelet expands `$(NAME)` only for
 * variables defined earlier in the list, so reordering could change a value; and the order of
 * an object's keys is the order they were written on every machine, unlike a locale-dependent
 * sort.
 */
export function renderEnv(env: { [name: string]: EnvValue } | undefined): EnvVar[] {
  return Object.entries(env ?? {})
    .map(([name, v]) => v.valueFrom !== undefined
      ? { name, valueFrom: JSON.parse(JSON.stringify(v.valueFrom)) as EnvVarSource }
      : { name, value: v.value });
}

/**
 * Refuses a `$(NAME)` reference to a variable defined later in the list: the kubelet leaves it
 * unexpanded, so the application would read the literal text.
 */
export function checkEnvReferences(scope: IConstruct, prop: string, env: EnvVar[]) {
  env.forEach((v, i) => {
    // The API server takes metadata.labels and metadata.annotations in an environment variable
    // only with a ['key'] subscript (kubernetes pkg/apis/core/validation/validation.go,
    // validEnvDownwardAPIFieldPathExpressions and the subscript case of validateDownwardAPIFieldPath).
    const field = v.valueFrom?.fieldRef?.fieldPath;
    if (field === 'metadata.labels' || field === 'metadata.annotations') {
      const member = field === 'metadata.labels' ? 'POD_LABEL' : 'POD_ANNOTATION';
      throw invalidProp(scope, {
        prop: `${prop}.env["${v.name}"]`,
        value: new Shown(`EnvValue.fromFieldRef(EnvFieldPaths.${member}) without a key`),
        problem: `a variable holds one ${member === 'POD_LABEL' ? 'label' : 'annotation'}, not all of them; the API server refuses the pod template, so the sync fails`,
        fix: `name it: EnvValue.fromFieldRef(EnvFieldPaths.${member}, { key: 'example.com/name' })`,
      });
    }
    // `$$(NAME)` is an escaped, literal `$(NAME)`.
    for (const m of (v.value ?? '').matchAll(/(\$*)\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g)) {
      if (m[1].length % 2 === 1) { continue; }
      const later = env.findIndex((w, j) => j > i && w.name === m[2]);
      if (later >= 0) {
        throw invalidProp(scope, {
          prop: `${prop}.env["${v.name}"]`,
          value: v.value,
          problem: `it refers to $(${m[2]}), which is defined after it; the kubelet expands only variables defined earlier in the list, so the application would read the text "$(${m[2]})"`,
          fix: `define ${m[2]} before ${v.name} in env`,
        });
      }
    }
  });
}

function quantity(size: Size): string {
  const kib = size.toKibibytes();
  return kib % 1024 === 0 ? `${kib / 1024}Mi` : `${kib}Ki`;
}

/** The resources of the gate and smoke-test Jobs: small, bounded memory. */
export const JOB_RESOURCES: ResourceRequirements = { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } };

export function renderResources(r: ContainerResources | undefined): ResourceRequirements {
  if (r === undefined) {
    return { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } };
  }
  const limits: { [name: string]: string } = {};
  const requests: { [name: string]: string } = {};
  if (r.cpu?.limit) { limits.cpu = r.cpu.limit.amount; }
  if (r.cpu?.request) { requests.cpu = r.cpu.request.amount; }
  if (r.memory?.limit) { limits.memory = quantity(r.memory.limit); }
  if (r.memory?.request) { requests.memory = quantity(r.memory.request); }
  if (r.ephemeralStorage?.limit) { limits['ephemeral-storage'] = quantity(r.ephemeralStorage.limit); }
  if (r.ephemeralStorage?.request) { requests['ephemeral-storage'] = quantity(r.ephemeralStorage.request); }
  return {
    limits: Object.keys(limits).length > 0 ? limits : undefined,
    requests: Object.keys(requests).length > 0 ? requests : undefined,
  };
}

export function renderSecurity(s: ContainerSecurityOptions = {}): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? true,
    runAsNonRoot: s.runAsNonRoot ?? true,
    runAsUser: s.user,
    runAsGroup: s.group,
  };
}
