import { ApiObject, Duration } from 'cdk8s';
import { AutoscalingOptions } from './autoscaling';
import { GracefulContainerProps } from './container';
import { DisruptionBudget } from './disruption-budget';
import { PercentOrAbsolute } from '../core/percent-or-absolute';
import { KubernetesVersion } from '../kubernetes-version';

/**
 * Rollout, shutdown and disruption settings shared by every construct that runs a
 * `GracefulDeployment` (blue-green, canary).
 */
export interface GracefulWorkloadOptions {
  /**
   * Namespace of every object.
   *
   * @default - no namespace is written; the objects go where they are applied
   */
  readonly namespace?: string;

  /**
   * Number of pods. Leave it out when `autoscaling` is set.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * Scale the Deployment with a HorizontalPodAutoscaler instead of a fixed `replicas`.
   *
   * @default - a fixed number of pods (`replicas`)
   */
  readonly autoscaling?: AutoscalingOptions;

  /**
   * How many extra pods a rolling update may start above `replicas`. `maxUnavailable` is
   * always 0, so the surge is what lets a rollout progress: it must come to at least one pod.
   * Percentages round up.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge
   * @default PercentOrAbsolute.percent(25)
   */
  readonly maxSurge?: PercentOrAbsolute;

  /**
   * How long a new pod must be ready, without any container crashing, before it counts as
   * available and the rollout moves on.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#min-ready-seconds
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;

  /**
   * How long a rollout may make no progress before the Deployment reports it as failed.
   * Must be longer than `minReady`.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;

  /**
   * How long the application needs after SIGTERM to finish the requests it has in flight.
   * Used to size the default termination grace period.
   *
   * @default Duration.seconds(15)
   */
  readonly drainTimeout?: Duration;

  /**
   * Time from the stop request to SIGKILL. It includes the preStop delay, so it must be longer
   * than the longest preStop delay.
   *
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution
   * @default - the longest preStop delay + `drainTimeout` + 5 seconds
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * The PodDisruptionBudget.
   *
   * @default - DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)) when replicas > 1,
   * DisruptionBudget.none() otherwise
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * The Kubernetes version the manifests must be accepted by. It also chooses defaults: from
   * 1.34 a container's preStop hook is the native sleep action, from 1.29 sidecars are native.
   *
   * @default KubernetesVersion.V1_35 - the oldest minor in standard support at EKS, GKE and AKS
   * at the end of 2026
   */
  readonly kubernetesVersion?: KubernetesVersion;

  /**
   * Key of the label that carries the app name in selectors and pod labels. Set it to adopt
   * existing objects whose selectors use another key (selectors cannot be changed in place).
   *
   * @default 'app.kubernetes.io/name'
   */
  readonly appLabelKey?: string;

  /**
   * Extra pod labels. They are not part of the selector, so they may change freely.
   *
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Pod annotations.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * The ServiceAccount the pods run as.
   *
   * @default - the namespace's default ServiceAccount
   */
  readonly serviceAccountName?: string;

  /**
   * Mount the ServiceAccount token into the pods. Only workloads that call the Kubernetes
   * API need it.
   *
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * ConfigMaps and Secrets of this app whose content the pods read: a digest of their data goes
   * into a pod-template annotation, so a change of their content rolls the pods out (gracefully)
   * instead of leaving them on the old values until their next restart.
   *
   * That protects what the pods read when a container starts (environment variables). A mounted
   * volume is different: the kubelet rewrites its files on the running pods, so an object listed
   * here that the pods mount must be named after its content (`ConfigName.hashed`), or it is
   * refused.
   *
   * @default - pods roll out only when their own spec changes
   */
  readonly rolloutOnChangeOf?: ApiObject[];

  /**
   * Containers that run to completion, in order, before the pod's containers start (migrations
   * of local state, fetching configuration). They serve no port and have no probes.
   *
   * @default - none
   */
  readonly initContainers?: GracefulContainerProps[];

  /**
   * Helper containers that live as long as the pod (proxies such as Envoy, log shippers). From
   * Kubernetes 1.29 they are native sidecars (init containers with `restartPolicy: Always`):
   * they start before the app and the kubelet stops them only after the app has exited. Before
   * 1.29 they are ordinary containers whose preStop waits for the app's preStop delay plus
   * `drainTimeout`, so a proxy keeps serving until the app has drained.
   *
   * @default - none
   */
  readonly sidecars?: GracefulContainerProps[];

  /**
   * Numeric user, group and filesystem group of every container of the pod. The pods run
   * non-root, and the kubelet starts a container only when it can see a non-zero numeric user:
   * images whose USER is root, unset or a name (nginx, many vendor images) need `user` here.
   *
   * @default - the images' own users, which must then be numeric and non-zero
   */
  readonly podSecurity?: PodSecurityOptions;

  /**
   * Secrets with the credentials to pull the images from private registries.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * Only schedule on nodes with these labels.
   *
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Taints the pods tolerate.
   *
   * @default - none
   */
  readonly tolerations?: Toleration[];

  /**
   * Spread the pods across nodes and zones (`topologySpreadConstraints`, soft: never keeps a
   * pod from being scheduled), counting only pods of the same revision, so one node or zone
   * failure takes as few replicas as possible.
   *
   * @default true
   */
  readonly spread?: boolean;

  /**
   * Labels on every object (Deployment, budget, autoscaler, and the Services, Ingresses and
   * Jobs of a release), besides the app label. Not part of any selector, so they may change
   * freely.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations on the Deployment, its budget and autoscaler, and the Services of a release.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * Numeric identities of a pod's containers.
 */
export interface PodSecurityOptions {
  /**
   * The user ID, not 0.
   *
   * @default - the images' own users
   */
  readonly user?: number;

  /**
   * The primary group ID.
   *
   * @default - the images' own groups
   */
  readonly group?: number;

  /**
   * The group that owns mounted volumes, so a non-root user can write to them.
   *
   * @default - volumes keep their own ownership
   */
  readonly fsGroup?: number;
}

/**
 * How a taint's effect applies.
 */
export enum TaintEffect {
  /** Not scheduled onto the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** Preferably not scheduled onto the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Not scheduled, and evicted when running. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * A taint the pods tolerate.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface Toleration {
  /**
   * The taint key.
   *
   * @default - every taint (with no value)
   */
  readonly key?: string;

  /**
   * The taint value; without it any value of the key matches.
   *
   * @default - any value
   */
  readonly value?: string;

  /**
   * The taint effect tolerated.
   *
   * @default - every effect
   */
  readonly effect?: TaintEffect;
}
