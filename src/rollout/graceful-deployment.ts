import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { Service } from 'kubernetes-types/core/v1';
import { GracefulContainerProps } from './container';
import { DisruptionBudget } from './disruption-budget';
import { GracefulWorkloadOptions } from './workload-options';
import { claimSelector, renderWorkload, ResolvedWorkload, resolveWorkload } from './workload-spec';
import { invalidProp, Shown } from '../core/errors';
import { checkProps } from '../core/jsii-props';
import { Complete, KubeObject } from '../core/kube';
import { DEFAULT_APP_LABEL_KEY, DNS_LABEL_RULE, isDnsLabel, isLabelValue, LABEL_VALUE_RULE, ROLE_LABEL_KEY } from '../core/names';
import { PercentOrAbsolute } from '../core/percent-or-absolute';
import { ServiceType } from '../core/service-type';
import { KubernetesVersion } from '../kubernetes-version';
import { Router } from '../routing/router';

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
  readonly type?: ServiceType;
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
  public readonly maxSurge: PercentOrAbsolute;
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
    if (o.type === ServiceType.EXTERNAL_NAME) {
      throw invalidProp(this, { prop: 'service.type', value: o.type, problem: 'an ExternalName Service has no selector, so it cannot front the pods', fix: 'use ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER' });
    }
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: w.namespace, labels: w.labels, annotations: w.annotations },
      spec: {
        ports: [{ name: 'http', port, protocol: 'TCP', targetPort: target }],
        selector: w.selectorLabels,
        type: o.type ?? ServiceType.CLUSTER_IP,
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
