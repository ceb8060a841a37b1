import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Affinity } from 'kubernetes-types/core/v1';
import { invalidProp } from '../core/errors';
import { DEFAULT_APP_LABEL_KEY, isLabelKey } from '../core/names';
import { resolveWorkload } from '../core/workload';
import { AutoscalingOptions } from '../rollout/autoscaling';
import { ContainerOptions } from '../rollout/container';
import { DisruptionBudget } from '../rollout/disruption-budget';
import { GracefulDeployment, GracefulWorkloadOptions } from '../rollout/graceful-deployment';

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

/** The container port both versions' Services send traffic to. */
export function servingPort(scope: Construct, props: TwoVersionProps): number {
  const port = props.container?.port;
  if (port === undefined) {
    throw invalidProp(scope, {
      prop: 'container.port',
      value: port,
      problem: 'both Services send traffic to the container port, so the container must serve one',
      fix: 'set container.port to the port the application listens on',
    });
  }
  return port;
}

/** What one version (a colour, a track) sets on top of the shared spec, and where the user set it. */
export interface VersionSpec {
  readonly labelKey: string;
  readonly label: string;
  readonly image: string;
  /** The prop the image came from, e.g. `blue.image`. */
  readonly imageProp: string;
  readonly env?: { [name: string]: kplus.EnvValue };
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
  const appKey = props.appLabelKey ?? DEFAULT_APP_LABEL_KEY;
  const workload = resolveWorkload(scope, {
    options: props,
    app: props.app,
    name: `${props.app}-${version.label}`,
    nameProp: 'app',
    selectorLabels: { [appKey]: props.app, [version.labelKey]: version.label },
    containers: [{
      options: { ...props.container, env: { ...props.container.env, ...version.env } },
      image: version.image,
      where: { prop: 'container', imageProp: version.imageProp },
    }],
    replicas: version.replicas,
    replicasProp: version.replicasProp,
    autoscaling: version.autoscaling,
    disruptionBudget: version.disruptionBudget,
    affinity: version.affinity,
  });
  return GracefulDeployment._fromResolved(scope, id, workload);
}
