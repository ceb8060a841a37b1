import { Construct } from 'constructs';
import type { Affinity } from 'kubernetes-types/core/v1';
import { EnvValue } from '../core/env-value';
import { invalidProp } from '../core/errors';
import { DEFAULT_APP_LABEL_KEY, isLabelKey } from '../core/names';
import { AutoscalingOptions } from '../rollout/autoscaling';
import { ContainerOptions } from '../rollout/container';
import { DisruptionBudget } from '../rollout/disruption-budget';
import { GracefulDeployment } from '../rollout/graceful-deployment';
import { GracefulWorkloadOptions } from '../rollout/workload-options';
import { ResolvedWorkload, resolveWorkload } from '../rollout/workload-spec';

/**
 * What the release strategies share: two versions of one app (colours or tracks), told apart
 * by one label, running one container spec with different images.
 */

/** The props a two-version construct passes down to each of its Deployments. */
export interface TwoVersionProps extends GracefulWorkloadOptions {
  readonly app: string;
  readonly container: ContainerOptions;
}

/** Settles and checks the key of the label that tells the versions apart. */
export function versionLabelKey(scope: Construct, prop: string, key: string, props: TwoVersionProps): string {
  if (!isLabelKey(key) || key === (props.appLabelKey ?? DEFAULT_APP_LABEL_KEY)) {
    throw invalidProp(scope, {
      prop,
      value: key,
      problem: 'the label that tells the versions apart must be a valid label key other than the app label key',
      fix: `use a key such as "${prop === 'colorLabelKey' ? 'color' : 'track'}"`,
    });
  }
  return key;
}

/** The port name a container serves under when it names none. */
export const DEFAULT_PORT_NAME = 'http';

/**
 * The NAME of the container port both versions' Services send traffic to (see `serviceManifest`
 * for why a name and not a number). The shared container must serve a port.
 */
export function servingPort(scope: Construct, props: TwoVersionProps): string {
  const port = props.container?.port;
  if (port === undefined) {
    throw invalidProp(scope, {
      prop: 'container.port',
      value: port,
      problem: 'both Services send traffic to the container port, so the container must serve one',
      fix: 'set container.port to the port the application listens on',
    });
  }
  return props.container.portName ?? DEFAULT_PORT_NAME;
}

/** What one version (a colour, a track) sets on top of the shared spec, and where the user set it. */
export interface VersionSpec {
  readonly labelKey: string;
  readonly label: string;
  readonly image: string;
  /** The prop the image came from, e.g. `blue.image`. */
  readonly imageProp: string;
  readonly env?: { [name: string]: EnvValue };
  /** This version's own container settings, over the shared container, and the prop they came from. */
  readonly container?: ContainerOptions;
  readonly containerProp?: string;
  readonly replicas?: number;
  /** The prop the replica count came from, e.g. `blue.replicas`. */
  readonly replicasProp: string;
  readonly autoscaling?: AutoscalingOptions;
  readonly disruptionBudget?: DisruptionBudget;
  readonly affinity?: Affinity;
}

/**
 * The GracefulDeployment of one version: the shared spec with this version's label, image and
 * size. It is resolved here, in the release construct's scope, so that a refusal names the prop
 * the user wrote on the release (`container.readiness`, `blue.image`).
 */
export function versionDeployment(scope: Construct, id: string, props: TwoVersionProps, version: VersionSpec): GracefulDeployment {
  return GracefulDeployment._fromResolved(scope, id, resolveVersion(scope, props, version));
}

/** The workload of one version, checked: see `versionDeployment`. */
export function resolveVersion(scope: Construct, props: TwoVersionProps, version: VersionSpec): ResolvedWorkload {
  const appKey = props.appLabelKey ?? DEFAULT_APP_LABEL_KEY;
  const portName = servingPort(scope, props);
  const own = version.container;
  const containerProp = version.containerProp ?? 'container';
  const workload = resolveWorkload(scope, {
    options: props,
    app: props.app,
    name: `${props.app}-${version.label}`,
    nameProp: 'app',
    selectorLabels: { [appKey]: props.app, [version.labelKey]: version.label },
    containers: [{
      options: mergeContainer(props.container, own, version.env),
      image: version.image,
      where: { prop: own ? containerProp : 'container', imageProp: version.imageProp },
    }],
    replicas: version.replicas,
    replicasProp: version.replicasProp,
    autoscaling: version.autoscaling,
    disruptionBudget: version.disruptionBudget,
    affinity: version.affinity,
  });
  // The Services select this version's pods by label and reach them by port name: a pod whose
  // serving container lacks the name gets no endpoint (kubernetes FindPort).
  const serving = workload.containers[0].container;
  if (!serving.ports?.some(p => p.name === portName && p.protocol === 'TCP')) {
    throw invalidProp(scope, {
      prop: `${containerProp}.portName`,
      value: serving.ports?.[0]?.name,
      problem: `both Services route to the container port by its name, "${portName}", and a pod whose serving container has no port of that name gets no endpoint`,
      fix: `remove ${containerProp}.portName: a new port number under the same name is a safe rolling update`,
    });
  }
  return workload;
}

/**
 * A version's container: the shared one with the version's own settings laid over it. A setting
 * the version gives replaces the shared one; environment variables are added to (and override)
 * the shared ones, in the order written, then the version's `env` on top.
 */
export function mergeContainer(
  shared: ContainerOptions, own: ContainerOptions | undefined, env: { [name: string]: EnvValue } | undefined,
): ContainerOptions {
  const given = Object.fromEntries(Object.entries(own ?? {}).filter(([, v]) => v !== undefined)) as ContainerOptions;
  return { ...shared, ...given, env: { ...shared?.env, ...own?.env, ...env } };
}
