import { PreStop } from './pre-stop';
import { Probe } from './probe';
import { VolumeMount } from './volume';
import { EnvValue } from '../core/env-value';
import { ContainerResources } from '../core/resources';

/**
 * A ConfigMap or Secret whose keys all become environment variables.
 */
export interface EnvFromOptions {
  /**
   * The ConfigMap. Give this or `secret`.
   *
   * @default - none
   */
  readonly configMap?: string;

  /**
   * The Secret. Give this or `configMap`.
   *
   * @default - none
   */
  readonly secret?: string;

  /**
   * A prefix for every variable name.
   *
   * @default - the keys as they are
   */
  readonly prefix?: string;

  /**
   * Start the container even when the ConfigMap or Secret does not exist.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Security settings of a container. The defaults are the restricted Pod Security Standard:
 * non-root, read-only root filesystem, no privilege escalation, all capabilities dropped.
 */
export interface ContainerSecurityOptions {
  /**
   * Refuse to start the container as root.
   *
   * @default true
   */
  readonly runAsNonRoot?: boolean;

  /**
   * Mount the container's root filesystem read-only. Give writable paths their own volumes.
   *
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * The user ID the container runs as.
   *
   * @default - the image's user
   */
  readonly user?: number;

  /**
   * The group ID the container runs as.
   *
   * @default - the image's group
   */
  readonly group?: number;
}

/**
 * Everything about a container except its image. Shared by constructs that run the same
 * container with different images (blue and green, stable and canary).
 */
export interface ContainerOptions {
  /**
   * Name of the container, unique within the pod.
   *
   * @default - the app name for the first container
   */
  readonly name?: string;

  /**
   * The port the container serves traffic on. A container with a port must have a
   * readiness probe.
   *
   * @default - the container serves no port
   */
  readonly port?: number;

  /**
   * Name of the port. Services route to the port by this name (`targetPort`), so each pod is
   * reached on its own port number and a change of `port` rolls out pod by pod. An IANA service
   * name (at most 15 lower-case letters, digits and "-", with a letter), unique within the pod:
   * a sidecar that serves a port needs a name of its own.
   *
   * @default 'http'
   */
  readonly portName?: string;

  /**
   * When the container may receive traffic. Required when `port` is set: without it a pod
   * receives requests before it can serve them.
   *
   * @default - none; refused when `port` is set
   */
  readonly readiness?: Probe;

  /**
   * When the container must be restarted.
   *
   * @default - no liveness probe
   */
  readonly liveness?: Probe;

  /**
   * Holds the liveness and readiness probes back until the application has started.
   *
   * @default - no startup probe
   */
  readonly startup?: Probe;

  /**
   * What the container does when told to stop, before SIGTERM.
   *
   * @default - PreStop.nativeSleep(Duration.seconds(10)) when `kubernetesVersion` is 1.34 or
   * later (the default, 1.35, is), PreStop.execSleep(Duration.seconds(10)) before
   */
  readonly preStop?: PreStop;

  /**
   * The entrypoint.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments to the entrypoint.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Environment variables.
   *
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * Every key of these ConfigMaps and Secrets as environment variables, before `env`.
   *
   * @default - none
   */
  readonly envFrom?: EnvFromOptions[];

  /**
   * Volumes mounted into the container. Each volume is declared once on the pod.
   *
   * @default - none (but a writable /tmp, see `writableTmp`)
   */
  readonly mounts?: VolumeMount[];

  /**
   * Mount an empty, writable directory at /tmp while the root filesystem is read-only: most
   * runtimes and libraries write temporary files there and fail without it. Off when you mount
   * something at /tmp yourself.
   *
   * @default true
   */
  readonly writableTmp?: boolean;

  /**
   * Compute resources. Given resources replace the defaults entirely.
   *
   * @default - requests cpu 100m and memory 128Mi, memory limit 256Mi, no cpu limit
   */
  readonly resources?: ContainerResources;

  /**
   * Security settings.
   *
   * @default - non-root, read-only root filesystem, no privilege escalation, no capabilities
   */
  readonly securityContext?: ContainerSecurityOptions;

  /**
   * Accept an image with the `latest` tag or no tag at all. Such an image changes under the
   * same manifest, so a resynth shows no diff while the cluster runs something new.
   *
   * @default false
   */
  readonly allowUnpinnedImage?: boolean;
}

/**
 * A container of a `GracefulDeployment`.
 */
export interface GracefulContainerProps extends ContainerOptions {
  /**
   * The image, pinned by tag or digest (`registry/app:1.4.2`, `app@sha256:...`).
   */
  readonly image: string;
}
