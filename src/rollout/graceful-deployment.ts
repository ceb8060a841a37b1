import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Service } from 'kubernetes-types/core/v1';
import { AutoscalingOptions } from './autoscaling';
import { GracefulContainerProps } from './container';
import { DisruptionBudget } from './disruption-budget';
import { claimSelector, renderWorkload, ResolvedWorkload, resolveWorkload } from './workload-spec';
import { invalidProp, Shown } from '../core/errors';
import { checkProps } from '../core/jsii-props';
import { Complete, KubeObject } from '../core/kube';
import { DEFAULT_APP_LABEL_KEY, DNS_LABEL_RULE, isDnsLabel, isLabelValue, LABEL_VALUE_RULE, ROLE_LABEL_KEY } from '../core/names';
import { KubernetesVersion } from '../kubernetes-version';
import { Router } from '../routing/router';

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

  /**
   * A Service in front of the pods, for a plain rolling-update service.
   *
   * @default - no Service
   */
  readonly service?: GracefulServiceOptions;

  /**
   * How users' requests reach the Service from outside the cluster, with the same options as
   * the release constructs' `router`: `Router.ingress({ host: 'api.example.com' })`. Needs
   * `service`.
   *
   * @default - no route
   */
  readonly router?: Router;
}

/**
 * The Service of a `GracefulDeployment`.
 */
export interface GracefulServiceOptions {
  /**
   * Name of the Service.
   *
   * @default - the Deployment's name
   */
  readonly name?: string;

  /**
   * The port the Service listens on. It sends to the first serving container's port by name
   * (`portName`, default 'http'), so each pod is reached on its own port number: a change of the
   * container's `port` rolls out pod by pod instead of redirecting the old pods at once.
   *
   * @default 80
   */
  readonly port?: number;

  /**
   * Type of the Service.
   *
   * @default ServiceType.CLUSTER_IP
   */
  readonly type?: kplus.ServiceType;
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
  /**
   * A GracefulDeployment from a workload that a composite construct (blue-green, canary) has
   * already resolved from its own props, so that every refusal named the prop as the user wrote
   * it on the composite.
   *
   * @internal
   */
  public static _fromResolved(scope: Construct, id: string, workload: ResolvedWorkload): GracefulDeployment {
    const props: GracefulDeploymentProps = { app: workload.app, containers: [] };
    RESOLVED.set(props, workload);
    return new GracefulDeployment(scope, id, props);
  }

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
  /** The Service, when `service` is set. */
  public readonly service?: ApiObject;
  /**
   * The route the router wrote in front of the Service (an Ingress or a Gateway API route),
   * when `router` is set. (Before Gateway API routers this was `ingress`.)
   */
  public readonly route?: ApiObject;

  private readonly _selectorLabels: { [key: string]: string };
  private readonly _podLabels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    super(scope, id);
    const resolved = RESOLVED.get(props);
    // A composite's workload was checked as the composite's props.
    if (!resolved) { checkProps(this, 'GracefulDeploymentProps', props); }
    const w = resolved ?? this.resolve(props);
    // A release construct's colours and tracks answer in the release's name.
    claimSelector(this, resolved ? scope : this, resolved ? 'app' : 'role', w);

    this.app = w.app;
    this.name = w.name;
    this.namespace = w.namespace;
    this.replicas = w.replicas;
    this.maxSurge = w.maxSurge;
    this.minReady = w.minReady;
    this.progressDeadline = w.progressDeadline;
    this.drainTimeout = w.drainTimeout;
    this.preStopDelay = w.preStopDelay;
    this.terminationGracePeriod = w.terminationGracePeriod;
    this.kubernetesVersion = w.kubernetesVersion;
    this.disruptionBudget = w.disruptionBudget;
    this._selectorLabels = w.selectorLabels;
    this._podLabels = w.podLabels;

    const service = !resolved && props.service ? this.serviceManifest(props.service, w) : undefined;
    const route = resolved ? undefined : this.planRoute(props, service);

    const objects = renderWorkload(w);
    this.deployment = new KubeObject(this, 'Resource', objects.deployment);
    if (objects.disruptionBudget) {
      this.podDisruptionBudget = new KubeObject(this, 'DisruptionBudget', objects.disruptionBudget);
    }
    if (objects.autoscaler) {
      this.autoscaler = new KubeObject(this, 'Autoscaler', objects.autoscaler);
    }
    if (service) {
      this.service = new KubeObject(this, 'Service', service);
    }
    this.route = route?.render(this).main;
  }

  /** The labels of `spec.selector.matchLabels`. */
  public get selectorLabels(): { [key: string]: string } {
    return { ...this._selectorLabels };
  }

  /** The labels of the pod template: the selector labels and `podLabels`. */
  public get podLabels(): { [key: string]: string } {
    return { ...this._podLabels };
  }

  private planRoute(props: GracefulDeploymentProps, service: Complete<Service> | undefined) {
    if (props.router === undefined) { return undefined; }
    const router = Router._check(this, 'router', props.router);
    if (!service) {
      throw invalidProp(this, { prop: 'router', value: new Shown('a router without a Service'), problem: 'a router sends requests to a Service, and there is none', fix: 'add service: { port: 80 }' });
    }
    return router._single(this, 'router', {
      namespace: service.metadata?.namespace,
      labels: service.metadata?.labels ?? {},
      backend: { name: service.metadata!.name!, port: service.spec!.ports![0].port },
    });
  }

  private serviceManifest(o: GracefulServiceOptions, w: ResolvedWorkload): Complete<Service> {
    const port = o.port ?? 80;
    const name = o.name ?? w.name;
    // The Service routes to the port by name, so every pod is reached on its own port number and
    // a port change is an ordinary rolling update (kubernetes pkg/api/v1/pod/util.go FindPort;
    // see serviceManifest in traffic/_service.ts).
    const target = w.containers.find(c => c.container.ports?.length)?.container.ports?.[0].name;
    if (target === undefined) {
      throw invalidProp(this, { prop: 'service', value: new Shown('a Service'), problem: 'no container serves a port for the Service to send to', fix: 'give the serving container a port' });
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw invalidProp(this, { prop: 'service.port', value: port, problem: 'a port is a whole number from 1 to 65535', fix: 'set a port such as 80' });
    }
    if (!isDnsLabel(name)) {
      throw invalidProp(this, { prop: 'service.name', value: name, problem: `a Service name must be ${DNS_LABEL_RULE}`, fix: 'set service.name to a valid name' });
    }
    if (o.type === kplus.ServiceType.EXTERNAL_NAME) {
      throw invalidProp(this, { prop: 'service.type', value: o.type, problem: 'an ExternalName Service has no selector, so it cannot front the pods', fix: 'use ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER' });
    }
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: w.namespace, labels: w.labels, annotations: w.annotations },
      spec: {
        ports: [{ name: 'http', port, protocol: 'TCP', targetPort: target }],
        selector: w.selectorLabels,
        type: o.type ?? kplus.ServiceType.CLUSTER_IP,
      },
    };
  }

  /** Reads this construct's own props: identity and selector here, the rest shared. */
  private resolve(props: GracefulDeploymentProps): ResolvedWorkload {
    const app = props.app;
    if (typeof app !== 'string' || !isDnsLabel(app)) {
      throw invalidProp(this, { prop: 'app', value: app, problem: `the app name must be ${DNS_LABEL_RULE}`, fix: 'use a name such as "checkout-api"' });
    }
    if (props.role !== undefined && !isLabelValue(props.role)) {
      throw invalidProp(this, { prop: 'role', value: props.role, problem: `a role must be ${LABEL_VALUE_RULE}`, fix: 'use a role such as "web"' });
    }
    const appKey = props.appLabelKey ?? DEFAULT_APP_LABEL_KEY;
    const selectorLabels: { [key: string]: string } = { [appKey]: app };
    if (props.role !== undefined) { selectorLabels[ROLE_LABEL_KEY] = props.role; }
    for (const [key, value] of Object.entries(props.selectorLabels ?? {})) {
      if (key in selectorLabels) {
        throw invalidProp(this, { prop: `selectorLabels["${key}"]`, value, problem: `the label "${key}" is already set from ${key === appKey ? 'app' : 'role'}`, fix: `remove "${key}" from selectorLabels` });
      }
      selectorLabels[key] = value;
    }
    if (!Array.isArray(props.containers) || props.containers.length === 0) {
      throw invalidProp(this, { prop: 'containers', value: props.containers, problem: 'a Deployment needs at least one container', fix: "give containers: [{ image: 'app:1.0.0', port: 8080, readiness: Probe.httpGet('/ready') }]" });
    }
    return resolveWorkload(this, {
      options: props,
      app,
      name: props.name ?? (props.role ? `${app}-${props.role}` : app),
      nameProp: 'name',
      selectorLabels,
      containers: props.containers.map((c, i) => ({
        options: c,
        image: c?.image,
        where: { prop: `containers[${i}]`, imageProp: `containers[${i}].image` },
      })),
      replicas: props.replicas,
      replicasProp: 'replicas',
      autoscaling: props.autoscaling,
    });
  }
}

/** Workloads resolved by a composite construct, by the placeholder props it passes. */
const RESOLVED = new WeakMap<GracefulDeploymentProps, ResolvedWorkload>();
