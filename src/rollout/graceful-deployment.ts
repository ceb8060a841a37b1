import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { formatDuration, invalidProp, Shown, wholeSeconds } from '../_errors';
import { DEFAULT_APP_LABEL_KEY, DNS_LABEL_RULE, isDnsLabel, isLabelKey, isLabelValue, LABEL_VALUE_RULE, ROLE_LABEL_KEY } from '../_names';
import { KubernetesVersion } from '../kubernetes-version';
import { POD_SECURITY_CONTEXT, renderContainer, RenderedContainer } from './_container';
import { parsePercentOrAbsolute } from './_percent';
import { AutoscalingOptions } from './autoscaling';
import { GracefulContainerProps } from './container';
import { DisruptionBudget } from './disruption-budget';

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
  readonly maxSurge?: kplus.PercentOrAbsolute;

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
   * The Kubernetes version the manifests must be accepted by.
   *
   * @default KubernetesVersion.V1_28
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
}

/**
 * Properties of a `GracefulDeployment`.
 */
export interface GracefulDeploymentProps extends GracefulWorkloadOptions {
  /**
   * Name of the application. It is the value of the app label in the selector, so it must
   * never change for a running Deployment.
   */
  readonly app: string;

  /**
   * Role of this Deployment within the app ("web", "worker"), for apps with several
   * Deployments. Part of the selector.
   *
   * @default - no role label
   */
  readonly role?: string;

  /**
   * Name of the Deployment and of its PodDisruptionBudget. Never derived from the construct
   * path, so moving the construct does not rename the objects.
   *
   * @default - `app`, or `app-role` when a role is given
   */
  readonly name?: string;

  /**
   * Further labels for the selector, besides the app (and role) label.
   *
   * @default - none
   */
  readonly selectorLabels?: { [key: string]: string };

  /**
   * The containers of the pod. At least one.
   */
  readonly containers: GracefulContainerProps[];
}

/**
 * A Deployment whose rollouts cannot drop requests.
 *
 * - every container that serves a port has a readiness probe;
 * - every container has a preStop delay, and the grace period outlasts it plus the drain time;
 * - rolling updates never take a pod away before its replacement is ready (`maxUnavailable: 0`);
 * - the selector is built from stable labels only, never from the construct path;
 * - a PodDisruptionBudget keeps node drains from taking too many pods at once;
 * - pods run non-root with a read-only root filesystem and resource requests.
 *
 * The Deployment is the construct's default child, so `ApiObject.of(gracefulDeployment)`
 * reaches it for JSON patches.
 */
export class GracefulDeployment extends Construct {
  /** The app name. */
  public readonly app: string;
  /** Name of the Deployment (and of its PodDisruptionBudget). */
  public readonly name: string;
  /** Namespace, when one is set. */
  public readonly namespace?: string;
  /** Number of pods; with autoscaling, the fewest pods. */
  public readonly replicas: number;
  /** Rolling-update surge. */
  public readonly maxSurge: kplus.PercentOrAbsolute;
  /** Time a new pod must be ready before it counts as available. */
  public readonly minReady: Duration;
  /** Time a rollout may make no progress before it is reported failed. */
  public readonly progressDeadline: Duration;
  /** Time the application needs to finish in-flight requests after SIGTERM. */
  public readonly drainTimeout: Duration;
  /** Longest preStop delay of the containers. */
  public readonly preStopDelay: Duration;
  /** Time from the stop request to SIGKILL. */
  public readonly terminationGracePeriod: Duration;
  /** The Kubernetes version the manifests target. */
  public readonly kubernetesVersion: KubernetesVersion;
  /** The disruption budget in force. */
  public readonly disruptionBudget: DisruptionBudget;
  /** The Deployment object. */
  public readonly deployment: ApiObject;
  /** The PodDisruptionBudget object, when there is one. */
  public readonly podDisruptionBudget?: ApiObject;
  /** The HorizontalPodAutoscaler object, when autoscaling is on. */
  public readonly autoscaler?: ApiObject;

  private readonly _selectorLabels: { [key: string]: string };
  private readonly _podLabels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    super(scope, id);

    this.app = props.app;
    if (typeof this.app !== 'string' || !isDnsLabel(this.app)) {
      throw invalidProp(this, { prop: 'app', value: this.app, problem: `the app name must be ${DNS_LABEL_RULE}`, fix: 'use a name such as "checkout-api"' });
    }
    if (props.role !== undefined && !isLabelValue(props.role)) {
      throw invalidProp(this, { prop: 'role', value: props.role, problem: `a role must be ${LABEL_VALUE_RULE}`, fix: 'use a role such as "web"' });
    }
    this.name = props.name ?? (props.role ? `${this.app}-${props.role}` : this.app);
    if (!isDnsLabel(this.name)) {
      throw invalidProp(this, { prop: 'name', value: this.name, problem: `a Deployment name must be ${DNS_LABEL_RULE}`, fix: 'set `name` to a valid name' });
    }
    this.namespace = props.namespace;
    if (this.namespace !== undefined && !isDnsLabel(this.namespace)) {
      throw invalidProp(this, { prop: 'namespace', value: this.namespace, problem: `a namespace must be ${DNS_LABEL_RULE}`, fix: 'use an existing namespace name' });
    }

    this._selectorLabels = this.resolveSelector(props);
    this._podLabels = this.resolvePodLabels(props.podLabels ?? {});

    if (props.autoscaling && props.replicas !== undefined) {
      throw invalidProp(this, {
        prop: 'replicas',
        value: props.replicas,
        problem: 'a fixed replica count and autoscaling would fight: every sync would reset what the autoscaler chose',
        fix: 'remove replicas and set autoscaling.minReplicas instead',
      });
    }
    const autoscaling = props.autoscaling && this.resolveAutoscaling(props.autoscaling);
    this.replicas = autoscaling?.minReplicas ?? props.replicas ?? 2;
    if (!Number.isInteger(this.replicas) || this.replicas < 0) {
      throw invalidProp(this, { prop: 'replicas', value: this.replicas, problem: 'replicas is a whole number of 0 or more', fix: 'set replicas to 2 or more for zero-downtime rollouts and drains' });
    }

    this.maxSurge = props.maxSurge ?? kplus.PercentOrAbsolute.percent(25);
    this.checkMaxSurge();

    this.minReady = props.minReady ?? Duration.seconds(0);
    this.progressDeadline = props.progressDeadline ?? Duration.seconds(600);
    const minReadySeconds = this.seconds('minReady', this.minReady, 0);
    const progressDeadlineSeconds = this.seconds('progressDeadline', this.progressDeadline, 1);
    if (progressDeadlineSeconds <= minReadySeconds) {
      throw invalidProp(this, {
        prop: 'progressDeadline',
        value: new Shown(`${formatDuration(this.progressDeadline)} with minReady ${formatDuration(this.minReady)}`),
        problem: 'the progress deadline must be longer than minReady, or every rollout is reported as failed',
        fix: `set progressDeadline above ${formatDuration(this.minReady)}, e.g. Duration.seconds(${minReadySeconds + 600})`,
      });
    }

    this.kubernetesVersion = props.kubernetesVersion ?? KubernetesVersion.V1_28;
    const containers = this.renderContainers(props.containers);
    this.preStopDelay = Duration.seconds(Math.max(...containers.map(c => c.preStop.delay.toSeconds())));
    this.drainTimeout = props.drainTimeout ?? Duration.seconds(15);
    const drainSeconds = this.seconds('drainTimeout', this.drainTimeout, 0);
    this.terminationGracePeriod = props.terminationGracePeriod
      ?? Duration.seconds(this.preStopDelay.toSeconds() + drainSeconds + 5);
    this.checkGracePeriod(props.drainTimeout !== undefined);

    this.disruptionBudget = props.disruptionBudget
      ?? (this.replicas > 1 ? DisruptionBudget.maxUnavailable(kplus.PercentOrAbsolute.absolute(1)) : DisruptionBudget.none());

    const metadata = { name: this.name, namespace: this.namespace, labels: this.selectorLabels };
    this.deployment = new ApiObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        minReadySeconds,
        progressDeadlineSeconds,
        replicas: autoscaling ? undefined : this.replicas,
        selector: { matchLabels: this.selectorLabels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: this.maxSurge.value, maxUnavailable: 0 } },
        template: {
          metadata: { labels: this.podLabels, annotations: props.podAnnotations },
          spec: {
            automountServiceAccountToken: props.automountServiceAccountToken ?? false,
            containers: containers.map(c => c.json),
            securityContext: POD_SECURITY_CONTEXT,
            serviceAccountName: props.serviceAccountName,
            terminationGracePeriodSeconds: this.terminationGracePeriod.toSeconds(),
          },
        },
      },
    });

    const budget = this.disruptionBudget._render(this, 'disruptionBudget', this.replicas);
    if (budget) {
      this.podDisruptionBudget = new ApiObject(this, 'DisruptionBudget', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata,
        spec: {
          ...budget,
          selector: { matchLabels: this.selectorLabels },
          // Pods that are not ready may always be evicted, so a crash-looping pod cannot
          // block a node drain (beta from 1.27, GA in 1.31).
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }

    if (autoscaling) {
      this.autoscaler = new ApiObject(this, 'Autoscaler', {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata,
        spec: {
          maxReplicas: autoscaling.maxReplicas,
          metrics: autoscaling.metrics,
          minReplicas: autoscaling.minReplicas,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
        },
      });
    }
  }

  /** The labels of `spec.selector.matchLabels`. */
  public get selectorLabels(): { [key: string]: string } {
    return { ...this._selectorLabels };
  }

  /** The labels of the pod template: the selector labels and `podLabels`. */
  public get podLabels(): { [key: string]: string } {
    return { ...this._podLabels };
  }

  private resolveAutoscaling(a: AutoscalingOptions) {
    const minReplicas = a.minReplicas ?? 2;
    const whole = (prop: string, v: number | undefined, min: number, max: number) => {
      if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) {
        throw invalidProp(this, { prop: `autoscaling.${prop}`, value: v, problem: `${prop} is a whole number from ${min} to ${max}`, fix: `set ${prop} between ${min} and ${max}` });
      }
    };
    whole('minReplicas', minReplicas, 1, 10000);
    whole('maxReplicas', a.maxReplicas, 1, 10000);
    whole('cpuUtilization', a.cpuUtilization, 1, 1000);
    whole('memoryUtilization', a.memoryUtilization, 1, 1000);
    if (a.maxReplicas < minReplicas) {
      throw invalidProp(this, {
        prop: 'autoscaling.maxReplicas',
        value: a.maxReplicas,
        problem: `maxReplicas must be at least minReplicas (${minReplicas})`,
        fix: `set maxReplicas to ${minReplicas} or more`,
      });
    }
    const target = (name: string, averageUtilization: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } });
    const metrics = [target('cpu', a.cpuUtilization ?? 70)];
    if (a.memoryUtilization !== undefined) { metrics.push(target('memory', a.memoryUtilization)); }
    return { minReplicas, maxReplicas: a.maxReplicas, metrics };
  }

  private resolveSelector(props: GracefulDeploymentProps): { [key: string]: string } {
    const appKey = props.appLabelKey ?? DEFAULT_APP_LABEL_KEY;
    const labels: { [key: string]: string } = { [appKey]: this.app };
    if (props.role !== undefined) { labels[ROLE_LABEL_KEY] = props.role; }
    for (const [key, value] of Object.entries(props.selectorLabels ?? {})) {
      if (key in labels) {
        throw invalidProp(this, { prop: `selectorLabels["${key}"]`, value, problem: `the label "${key}" is already set from ${key === appKey ? 'app' : 'role'}`, fix: `remove "${key}" from selectorLabels` });
      }
      labels[key] = value;
    }
    for (const [key, value] of Object.entries(labels)) {
      this.checkLabel('selector label', key, value);
    }
    return labels;
  }

  private resolvePodLabels(extra: { [key: string]: string }): { [key: string]: string } {
    for (const [key, value] of Object.entries(extra)) {
      if (key in this._selectorLabels && this._selectorLabels[key] !== value) {
        throw invalidProp(this, { prop: `podLabels["${key}"]`, value, problem: `"${key}" is a selector label with value "${this._selectorLabels[key]}"; a different pod value would leave the selector matching no pod`, fix: `remove "${key}" from podLabels` });
      }
      this.checkLabel('pod label', key, value);
    }
    return { ...extra, ...this._selectorLabels };
  }

  private checkLabel(what: string, key: string, value: string) {
    if (!isLabelKey(key)) {
      throw invalidProp(this, { prop: what, value: key, problem: 'a label key is an optional DNS prefix and "/" followed by a name of at most 63 letters, digits, "-", "_" and "."', fix: 'use a key such as "app.kubernetes.io/name"' });
    }
    if (typeof value !== 'string' || !isLabelValue(value)) {
      throw invalidProp(this, { prop: `${what} "${key}"`, value, problem: `a label value must be ${LABEL_VALUE_RULE}`, fix: 'use a value such as "web"' });
    }
  }

  private checkMaxSurge() {
    const parsed = parsePercentOrAbsolute(this.maxSurge.value, Number.MAX_SAFE_INTEGER);
    if (parsed === undefined || parsed.amount < 1) {
      throw invalidProp(this, {
        prop: 'maxSurge',
        value: this.maxSurge.value,
        problem: 'with maxUnavailable fixed at 0, a rolling update can only progress by starting extra pods, so maxSurge must come to at least one pod',
        fix: 'use PercentOrAbsolute.absolute(1) or a percentage of at least 1%',
      });
    }
  }

  private renderContainers(list: GracefulContainerProps[]): RenderedContainer[] {
    if (!Array.isArray(list) || list.length === 0) {
      throw invalidProp(this, { prop: 'containers', value: list, problem: 'a Deployment needs at least one container', fix: "give containers: [{ image: 'app:1.0.0', port: 8080, readiness: Probe.httpGet('/ready') }]" });
    }
    const rendered = list.map((c, i) => renderContainer(this, `containers[${i}]`, c, i === 0 ? this.app : `${this.app}-${i}`, this.kubernetesVersion));
    const seen = new Set<string>();
    rendered.forEach((c, i) => {
      if (seen.has(c.name)) {
        throw invalidProp(this, { prop: `containers[${i}].name`, value: c.name, problem: 'container names must be unique within a pod', fix: 'give each container its own name' });
      }
      seen.add(c.name);
    });
    return rendered;
  }

  private checkGracePeriod(drainGiven: boolean) {
    const grace = this.seconds('terminationGracePeriod', this.terminationGracePeriod, 1);
    const preStop = this.preStopDelay.toSeconds();
    const needed = drainGiven ? preStop + this.drainTimeout.toSeconds() : preStop + 1;
    if (grace <= preStop || grace < needed) {
      throw invalidProp(this, {
        prop: 'terminationGracePeriod',
        value: this.terminationGracePeriod,
        problem: `the grace period includes the preStop delay (${preStop}s)${drainGiven ? ` and must also cover drainTimeout (${this.drainTimeout.toSeconds()}s)` : ''}; a shorter one kills the container before it has drained its requests`,
        fix: `set terminationGracePeriod to at least Duration.seconds(${Math.max(needed, preStop + 1)}), or leave it out to get preStop + drainTimeout + 5s`,
      });
    }
  }

  private seconds(prop: string, d: Duration, min: number): number {
    const s = wholeSeconds(d);
    if (s === undefined || s < min) {
      throw invalidProp(this, { prop, value: d, problem: `${prop} is whole seconds of at least ${min}`, fix: `use Duration.seconds(n) with n >= ${min}` });
    }
    return s;
  }
}
