import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Job, PodFailurePolicy } from 'kubernetes-types/batch/v1';
import type { Container, ResourceRequirements, Volume } from 'kubernetes-types/core/v1';
import { JOB_RESOURCES, POD_SECURITY_CONTEXT, renderSecurity } from './container-spec';
import { invalidProp, wholeSeconds } from '../core/errors';
import { HookRuns, hookAnnotations } from '../core/gitops';
import type { Complete } from '../core/kube';
import { GitOpsHook } from '../gitops-hook';

/** A Job run by a GitOps tool as a hook: bounded retries and deadline, restricted pod. */
export interface HookJobSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: { [key: string]: string };
  readonly hook: GitOpsHook;
  /** When the Job runs again. */
  readonly runs?: HookRuns;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  /** The container, without the security context and resources, which are set here. */
  readonly container: Omit<Container, 'resources' | 'securityContext'>;
  /** The container's resources; small, bounded defaults (JOB_RESOURCES) when left out. */
  readonly resources?: ResourceRequirements;
  /** Pod volumes the container mounts. */
  readonly volumes?: Volume[];
  /**
   * Numeric user and group the container runs as. The kubelet starts a container under
   * `runAsNonRoot` only when it can see a non-zero numeric user: an image without USER (root)
   * or with a user name is refused (CreateContainerConfigError), so a Job never leaves it to
   * the image.
   */
  readonly user: number;
  readonly group: number;
  /** What to do with failed pods, e.g. not count evictions as failures. */
  readonly podFailurePolicy?: PodFailurePolicy;
}

/** Refuses retries and deadlines that would let a hook Job hang or retry forever. */
export function checkJobBounds(scope: IConstruct, prop: string, backoffLimit: number, activeDeadline: Duration): number {
  if (!Number.isInteger(backoffLimit) || backoffLimit < 0 || backoffLimit > 10) {
    throw invalidProp(scope, { prop: `${prop}.backoffLimit`, value: backoffLimit, problem: 'retries are a whole number from 0 to 10', fix: 'set backoffLimit to 1 or 2' });
  }
  const seconds = wholeSeconds(activeDeadline);
  if (seconds === undefined || seconds < 1) {
    throw invalidProp(scope, { prop: `${prop}.activeDeadline`, value: activeDeadline, problem: 'the deadline is whole seconds of at least 1; a hook Job without one can hold a sync forever', fix: 'set activeDeadline: Duration.minutes(5)' });
  }
  return seconds;
}

/**
 * Settles the numeric user and group of a hook Job, refusing root: the pod runs with
 * `runAsNonRoot`, and the kubelet refuses user 0 under it.
 */
export function jobIdentity(
  scope: IConstruct, prop: string, user: number | undefined, group: number | undefined, defaults: { user: number; group: number },
) {
  const id = (name: string, value: number | undefined, fallback: number) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < 1 || v > 2147483647) {
      throw invalidProp(scope, {
        prop: `${prop}.${name}`,
        value: v,
        problem: `the ${name} is a numeric ID from 1 to 2147483647; the pod runs as non-root, and the kubelet refuses to start a container as root (0)`,
        fix: `give the numeric ${name} ID the image expects, e.g. ${fallback}`,
      });
    }
    return v;
  };
  return { user: id('user', user, defaults.user), group: id('group', group, defaults.group) };
}

/** The manifest of a hook Job. */
export function hookJobManifest(spec: HookJobSpec): Complete<Job> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels, annotations: hookAnnotations(spec.hook, spec.runs) },
    spec: {
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
      backoffLimit: spec.backoffLimit,
      podFailurePolicy: spec.podFailurePolicy,
      template: {
        metadata: { labels: spec.labels },
        spec: {
          automountServiceAccountToken: false,
          containers: [{
            ...spec.container,
            resources: spec.resources ?? JOB_RESOURCES,
            securityContext: renderSecurity({ user: spec.user, group: spec.group }),
          }],
          restartPolicy: 'Never',
          securityContext: POD_SECURITY_CONTEXT,
          volumes: spec.volumes,
        },
      },
    },
  };
}
