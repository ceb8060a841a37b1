import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalidProp } from '../_errors';
import { DEFAULT_APP_LABEL_KEY, isLabelKey } from '../_names';
import { ContainerOptions } from '../rollout/container';
import { GracefulDeployment, GracefulDeploymentProps, GracefulWorkloadOptions } from '../rollout/graceful-deployment';

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

/** The GracefulDeployment of one version: the shared spec with this version's label, image and env. */
export function versionDeployment(scope: Construct, id: string, props: TwoVersionProps, version: {
  readonly labelKey: string;
  readonly label: string;
  readonly image: string;
  readonly env?: { [name: string]: kplus.EnvValue };
  readonly overrides?: Partial<GracefulDeploymentProps>;
}): GracefulDeployment {
  return new GracefulDeployment(scope, id, {
    ...props,
    name: `${props.app}-${version.label}`,
    selectorLabels: { [version.labelKey]: version.label },
    containers: [{ ...props.container, image: version.image, env: { ...props.container.env, ...version.env } }],
    ...version.overrides,
  });
}
