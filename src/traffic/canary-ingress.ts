import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { invalidProp, refuseRemovedProps, Shown } from '../core/errors';
import { checkArgs, checkProps } from '../core/jsii-props';
import { DEFAULT_APP_LABEL_KEY, DNS_LABEL_RULE, isDnsLabel } from '../core/names';
import { IReleaseTarget, ReleaseSelectors } from '../release-target';
import { checkPort, serviceManifest } from './_service';
import { servingPort, versionDeployment, versionLabelKey } from './_versions';
import { EnvValue } from '../core/env-value';
import { KubeObject } from '../core/kube';
import { PercentOrAbsolute } from '../core/percent-or-absolute';
import { ServiceType } from '../core/service-type';
import { engineOf, Stage, stageObject, stageWorkload } from '../core/stage';
import { canaryPropsFromPosition } from '../release/derive';
import { ReleasePosition } from '../release/position';
import { AutoscalingOptions } from '../rollout/autoscaling';
import { ContainerOptions } from '../rollout/container';
import { DisruptionBudget } from '../rollout/disruption-budget';
import { GracefulDeployment } from '../rollout/graceful-deployment';
import { GracefulWorkloadOptions } from '../rollout/workload-options';
import { DEFAULT_MIN_REPLICAS } from '../rollout/workload-spec';
import { CanaryHeaderOptions, StickySessionOptions } from '../routing/canary-routing';
import { Router } from '../routing/router';

/**
 * What differs between the stable and the canary track.
 */
export interface TrackOptions {
  /**
   * The image this track runs, pinned by tag or digest.
   */
  readonly image: string;

  /**
   * Environment variables of this track, added to (and overriding) the shared ones.
   *
   * @default - only the shared environment
   */
  readonly env?: { [name: string]: EnvValue };
}

/**
 * One step of a canary release.
 */
export interface CanaryStep {
  /**
   * Share of requests sent to the canary, out of `weightTotal`.
   */
  readonly weight: number;

  /**
   * Header routing during this step, on top of the weight.
   *
   * @default - the construct's `header`, if any
   */
  readonly header?: CanaryHeaderOptions;
}

enum ReplicasKind { FIXED, PROPORTIONAL }

/**
 * How many pods the canary track runs.
 */
export class CanaryReplicas {
  /**
   * A fixed number of canary pods. 0 is allowed only while the canary gets no traffic.
   */
  public static fixed(replicas: number): CanaryReplicas {
    checkArgs(undefined, 'CanaryReplicas', 'fixed', [replicas]);
    return new CanaryReplicas(ReplicasKind.FIXED, replicas);
  }

  /**
   * Canary pods in proportion to its share of traffic: ceil(stable capacity × weight / total),
   * at least 1 while the canary gets any traffic, 0 when it gets none. The stable capacity is
   * `replicas`, or under autoscaling `autoscaling.maxReplicas`: the load may be anywhere the
   * autoscaler can serve, so the canary is sized for the most of it.
   */
  public static proportional(): CanaryReplicas {
    return new CanaryReplicas(ReplicasKind.PROPORTIONAL);
  }

  private constructor(private readonly kind: ReplicasKind, private readonly count?: number) {}

  /** @internal */
  public _resolve(stableCapacity: number, weight: number, total: number, routed: boolean): number {
    if (this.kind === ReplicasKind.FIXED) { return this.count!; }
    return proportionalShare(stableCapacity, weight, total, routed);
  }
}

/** The canary pods that carry `weight` of a load `stableCapacity` pods serve: at least 1 while routed. */
function proportionalShare(stableCapacity: number, weight: number, total: number, routed: boolean): number {
  return Math.max(Math.ceil(stableCapacity * weight / total), routed ? 1 : 0);
}

/**
 * Properties of a `CanaryIngress`.
 */
export interface CanaryIngressProps extends GracefulWorkloadOptions {
  /**
   * Name of the application: the app label of both tracks and the base of every name.
   */
  readonly app: string;

  /**
   * The track serving users.
   */
  readonly stable: TrackOptions;

  /**
   * The track being released.
   */
  readonly canary: TrackOptions;

  /**
   * The container both tracks run, except for its image. It must serve a `port`.
   */
  readonly container: ContainerOptions;

  /**
   * How users' requests reach the app and how the canary gets its share:
   * `Router.ingressNginx({ host: 'shop.example.com' })`. The router writes the objects the
   * requests go through (for ingress-nginx, a main and a canary Ingress) and refuses the
   * options it cannot honour.
   */
  readonly router: Router;

  /**
   * Share of requests sent to the canary, out of `weightTotal`. A step is an edit of this
   * one prop. Not together with `steps`.
   *
   * @default 0
   */
  readonly weight?: number;

  /**
   * What `weight` counts out of. The controller ignores totals of 100 or less, so only a
   * larger total (1000 for 0.1 % steps) is accepted and written.
   *
   * @default 100
   */
  readonly weightTotal?: number;

  /**
   * A release plan; `currentStep` picks the step in force. Not together with `weight`.
   *
   * @default - no plan: `weight` decides
   */
  readonly steps?: CanaryStep[];

  /**
   * The step of `steps` in force, counted from 1; 0 means the release has not started (or was
   * aborted): weight 0. Required with `steps`.
   *
   * @default - no plan
   */
  readonly currentStep?: number;

  /**
   * Header routing to the canary (for testers), on top of the weight.
   *
   * @default - no header routing
   */
  readonly header?: CanaryHeaderOptions;

  /**
   * Name of a cookie that routes to the canary when its value is "always" (and away when it
   * is "never"), checked after the header and before the weight.
   *
   * @default - no cookie routing
   */
  readonly cookie?: string;

  /**
   * Keep users on the track they first reached, with cookie affinity on the main Ingress and
   * `affinity-canary-behavior: sticky` on the canary Ingress. Without it, every request is
   * split at random: one user bounces between versions. With it, the share of users on the
   * canary grows over time, and users already pinned to stable ignore header and cookie routing.
   * Users pinned to the canary stay there as long as it has pods, whatever the weight, so a
   * sticky canary at weight 0 runs no pods (an abort moves them back); size it with
   * `sizeForWeight` before its first step. Under `autoscaling`, hold stable's floor in the
   * commit that moves its users back with `stableFloor`.
   *
   * @default - no affinity
   */
  readonly stickySessions?: StickySessionOptions;

  /**
   * How many canary pods run. The canary has no autoscaler: its size is written in each commit,
   * so a step never adds or removes an autoscaler (which would reset `replicas` to 1 on apply).
   * Under `autoscaling`, a fixed count below the canary's share of `maxReplicas` while it gets
   * traffic is refused: the load stable's autoscaler may be serving moves with the weight.
   *
   * @default - CanaryReplicas.fixed(1); CanaryReplicas.proportional() under `autoscaling`
   */
  readonly canaryReplicas?: CanaryReplicas;

  /**
   * Under `autoscaling`, the floor (`minReplicas`) of the stable track's autoscaler in this
   * commit. An autoscaler whose track lost its traffic to the canary falls to `minReplicas`
   * once the 300 s scale-down stabilization window has passed, and an abort or a promotion
   * (weight back to 0) would then land every user on a cold track. So by default the floor is
   * `maxReplicas` in every commit where the canary gets or is sized for traffic (`weight` or
   * `sizeForWeight` above 0), and `minReplicas` otherwise. Set it to hold the floor up in the
   * commit that moves a sticky canary's users back to stable (its canary runs no pods at
   * weight 0, so `sizeForWeight` cannot be kept there), or to lower it to the pods your peak
   * load needs. From `autoscaling.minReplicas` to `autoscaling.maxReplicas`.
   *
   * @default - `autoscaling.maxReplicas` while `weight` or `sizeForWeight` is above 0, else `autoscaling.minReplicas`
   */
  readonly stableFloor?: number;

  /**
   * Size the release for this weight instead of the current one. ingress-nginx applies a weight
   * within about a second, while pods started or stopped in the same commit are not Ready (or
   * still take requests), so capacity moves one commit apart from traffic:
   * - before a step that needs more canary pods: first `sizeForWeight: 50` (the canary scales
   *   up, the weight stays), then `weight: 50`;
   * - when traffic leaves the canary (the promotion or an abort): `weight: 0` with
   *   `sizeForWeight` kept at the weight it leaves (the canary keeps its pods, and under
   *   autoscaling stable keeps its raised floor), then a later commit without it.
   * The canary's pods follow it with `CanaryReplicas.proportional()`; stable's autoscaler floor
   * follows it under `autoscaling`. At least the current weight.
   *
   * @default - sized for the current weight
   */
  readonly sizeForWeight?: number;

  /**
   * Key of the label that tells stable and canary pods apart.
   *
   * @default 'track'
   */
  readonly trackLabelKey?: string;

  /**
   * The port both Services listen on.
   *
   * @default 80
   */
  readonly servicePort?: number;

  /**
   * Names of the Services, to adopt a hand-written canary (`api-stable` and `api-new`, say)
   * without deleting and recreating its objects. The router's options name its own objects.
   *
   * @default - Services named `<app>` (stable) and `<app>-canary`
   */
  readonly names?: CanaryNames;

  /**
   * The release's position, read from its position file (`releases/<app>.json`): the weight,
   * the sizing ahead of a step and the images of both tracks come from it, and
   * `cdk8s-zero-downtime release next` moves it one safe commit on. `weight`, `steps`,
   * `currentStep`, `sizeForWeight` and the images may still be written, but only as the file
   * says (see docs/release-automation.md).
   *
   * @default - no position file: the props decide
   */
  readonly position?: ReleasePosition;
}

/**
 * Names of a canary release's Services.
 */
export interface CanaryNames {
  /**
   * The stable Service.
   *
   * @default - the app name
   */
  readonly stableService?: string;

  /**
   * The canary Service.
   *
   * @default - `<app>-canary`
   */
  readonly canaryService?: string;
}

/**
 * A canary release: stable and canary Deployments, a Service each, and a router that sends
 * the canary a weight (and optionally header or cookie traffic). With
 * `Router.ingressNginx(...)` that is a main Ingress to the stable Service and a canary Ingress,
 * matching it exactly, to the canary Service. A step is an edit of `weight` (or
 * `currentStep`): the diff is the weight line, plus the canary's replica line when it is sized
 * to the weight, plus, under autoscaling, the stable autoscaler's `minReplicas` line in the
 * first step (raised to `maxReplicas`) and in the commit after the canary's traffic is back
 * at 0 (lowered again).
 *
 * The canary Ingress is the construct's default child (`ApiObject.of(canary)`).
 */
export class CanaryIngress extends Construct implements IReleaseTarget {
  /** The app name. */
  public readonly app: string;
  /** Share of requests sent to the canary now. */
  public readonly weight: number;
  /** What `weight` counts out of. */
  public readonly weightTotal: number;
  /** Number of canary pods now. */
  public readonly canaryReplicaCount: number;
  /** Under autoscaling, the floor of the stable track's autoscaler in this commit. */
  public readonly stableFloor?: number;
  /** Key of the track label. */
  public readonly trackLabelKey: string;
  /** The stable Deployment. */
  public readonly stableDeployment: GracefulDeployment;
  /** The canary Deployment. */
  public readonly canaryDeployment: GracefulDeployment;
  /** The Service in front of the stable pods. */
  public readonly stableService: ApiObject;
  /** The Service in front of the canary pods. */
  public readonly canaryService: ApiObject;
  /**
   * The object users' requests enter through: the HTTPRoute (or GRPCRoute) that weighs both
   * Services with Gateway API, the main Ingress to the stable Service with ingress-nginx.
   * (Before Gateway API routers this was `mainIngress`.)
   */
  public readonly mainRoute: ApiObject;
  /**
   * The object that sends the canary its share when the router needs a second one: the canary
   * Ingress with ingress-nginx; none with Gateway API, whose one route carries both weights.
   * (Before Gateway API routers this was `canaryIngressObject`.)
   */
  public readonly canaryRoute?: ApiObject;
  /** Names and labels that tell the canary's traffic from the stable track's. */
  public readonly releaseSelectors: ReleaseSelectors;
  /** What the router does with a weight that is not whole or in range, for the weight refusals. */
  private readonly badWeight: string;

  constructor(scope: Construct, id: string, props: CanaryIngressProps) {
    super(scope, id);
    // Read and check every prop first, in the user's words; then write the objects.
    this.app = props.app;
    const moved = 'move it into router: Router.ingressNginx({ host, path, pathType, className, tlsSecretName, annotations, annotationPrefix })';
    refuseRemovedProps(this, props, {
      'host': moved,
      'path': moved,
      'pathType': moved,
      'className': moved,
      'tlsSecretName': moved,
      'ingressAnnotations': 'move them into router: Router.ingressNginx({ host, annotations })',
      'annotationPrefix': moved,
      'names.mainIngress': 'name the main Ingress with router: Router.ingressNginx({ host, name })',
      'names.canaryIngress': 'name the canary Ingress with router: Router.ingressNginx({ host, canaryName })',
    });
    checkProps(this, 'CanaryIngressProps', props);
    props = canaryPropsFromPosition(this, props);
    const splitter = Router._check(this, 'router', props.router)._splitter(this, 'router');
    this.trackLabelKey = versionLabelKey(this, 'trackLabelKey', props.trackLabelKey ?? 'track', props);
    const appLabelKey = props.appLabelKey ?? DEFAULT_APP_LABEL_KEY;
    const port = servingPort(this, props);
    const servicePort = props.servicePort ?? 80;
    checkPort(this, 'servicePort', servicePort);
    if (!isDnsLabel(this.app) || `${this.app}-canary`.length > 63) {
      throw invalidProp(this, { prop: 'app', value: this.app, problem: `the app name must be ${DNS_LABEL_RULE}, with room for "-canary"`, fix: 'use a shorter app name' });
    }

    this.badWeight = splitter.badWeight;
    this.weightTotal = splitter.weightTotal(props.weightTotal);
    const step = this.resolveStep(props);
    this.weight = step.weight;
    const header = step.header ?? props.header;
    const routed = this.weight > 0 || header !== undefined || props.cookie !== undefined;

    const ns = props.namespace;
    const labels = { ...props.labels, [appLabelKey]: this.app };
    const names = this.resolveNames(props.names ?? {});
    const routes = splitter.plan({
      app: this.app,
      namespace: ns,
      labels,
      stable: { name: names.stableService, port: servicePort },
      canary: { name: names.canaryService, port: servicePort },
      weight: this.weight,
      weightTotal: this.weightTotal,
      header,
      cookie: props.cookie,
      sticky: props.stickySessions,
    });

    if (props.replicas === 0) {
      // ingress-nginx balancer.lua: a backend with no endpoints has no balancer, and get_balancer
      // answers 503 for the main backend before route_to_alternative_balancer reads the canary's
      // header, cookie or weight. So at any weight, even 100, every request fails. A Gateway
      // answers 503 for stable's share (gateway-api httproute_types.go, BackendRef), and the
      // stable Service is where every release ends.
      throw invalidProp(this, {
        prop: 'replicas',
        value: 0,
        problem: routes.kind === 'Ingress'
          ? 'ingress-nginx answers 503 to every request, the canary\'s share included, when the main (stable) Service has no endpoints: it drops that backend before it reads the canary weight'
          : 'a Gateway answers 503 for the stable Service\'s share when it has no ready endpoints, with no fallback to the canary, and every release ends with the weight back on stable',
        fix: 'keep the stable track running (replicas: 2 or more); to end a release, roll stable out to the canary\'s image at weight 100, then set the weight back to 0',
      });
    }
    const sizedFor = this.resolveSizeFor(props.sizeForWeight);
    const stableAutoscaling = this.resolveStableAutoscaling(props, sizedFor);
    this.stableFloor = stableAutoscaling?.minReplicas;
    this.stableDeployment = versionDeployment(this, 'Stable', props, {
      labelKey: this.trackLabelKey,
      label: 'stable',
      image: props.stable?.image,
      imageProp: 'stable.image',
      env: props.stable?.env,
      replicas: props.replicas,
      replicasProp: 'replicas',
      autoscaling: stableAutoscaling,
      // The budget of the configured floor at every floor, so a step never adds or removes it.
      disruptionBudget: props.autoscaling && !props.disruptionBudget
        ? ((props.autoscaling.minReplicas ?? DEFAULT_MIN_REPLICAS) > 1
          ? DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1))
          : DisruptionBudget.none())
        : undefined,
    });
    // The capacity the canary's share is taken of: under autoscaling the load may be anything
    // up to what maxReplicas serve (checked by now, with the stable Deployment).
    const stableCapacity = props.autoscaling ? props.autoscaling.maxReplicas : this.stableDeployment.replicas;
    const sizing = props.canaryReplicas ?? (props.autoscaling ? CanaryReplicas.proportional() : CanaryReplicas.fixed(1));
    // A sticky canary at weight 0 runs no pods: ingress-nginx keeps users pinned to the canary
    // for as long as its backend has endpoints (balancer.lua checks affinity before the
    // weight), so only an empty canary moves them back. A prepared size keeps the pods.
    const parked = props.stickySessions !== undefined && !routed && props.sizeForWeight === undefined;
    this.canaryReplicaCount = parked ? 0 : sizing._resolve(stableCapacity, sizedFor, this.weightTotal, routed || sizedFor > 0);
    if (!Number.isInteger(this.canaryReplicaCount) || this.canaryReplicaCount < 0) {
      throw invalidProp(this, { prop: 'canaryReplicas', value: this.canaryReplicaCount, problem: 'the canary runs a whole number of 0 or more pods', fix: 'use CanaryReplicas.fixed(1) or CanaryReplicas.proportional()' });
    }
    if (routed && this.canaryReplicaCount === 0) {
      throw invalidProp(this, {
        prop: 'canaryReplicas',
        value: new Shown(`0 pods with weight ${this.weight}${header ? ' and header routing' : ''}${props.cookie ? ' and cookie routing' : ''}`),
        problem: 'the router would send requests to a Service with no pods',
        fix: 'give the canary at least one pod, or set the weight to 0 and remove header and cookie routing',
      });
    }
    const needed = proportionalShare(stableCapacity, this.weight, this.weightTotal, routed);
    if (props.autoscaling && routed && this.canaryReplicaCount < needed) {
      throw invalidProp(this, {
        prop: 'canaryReplicas',
        value: new Shown(`CanaryReplicas.fixed(${this.canaryReplicaCount}) at weight ${this.weight} of ${this.weightTotal}`),
        problem: `under autoscaling the stable track may be serving a load that takes up to maxReplicas (${stableCapacity}) pods, and the weight moves ${this.weight}/${this.weightTotal} of it onto the canary: ${needed} pod(s)`,
        fix: `use CanaryReplicas.fixed(${needed}) or more, or CanaryReplicas.proportional() (the default under autoscaling)`,
      });
    }
    this.canaryDeployment = versionDeployment(this, 'Canary', props, {
      labelKey: this.trackLabelKey,
      label: 'canary',
      image: props.canary?.image,
      imageProp: 'canary.image',
      env: props.canary?.env,
      replicas: this.canaryReplicaCount,
      replicasProp: 'canaryReplicas',
      // The same budget at every size, so a step never adds or removes a whole object.
      disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)),
    });

    const selector = (track: string) => ({ [appLabelKey]: this.app, [this.trackLabelKey]: track });
    this.stableService = new KubeObject(this, 'StableService', serviceManifest({
      name: names.stableService, namespace: ns, labels, annotations: props.annotations, selector: selector('stable'), port: servicePort, targetPort: port, type: ServiceType.CLUSTER_IP,
    }));
    this.canaryService = new KubeObject(this, 'CanaryService', serviceManifest({
      name: names.canaryService, namespace: ns, labels, annotations: props.annotations, selector: selector('canary'), port: servicePort, targetPort: port, type: ServiceType.CLUSTER_IP,
    }));
    const rendered = routes.render(this);
    this.mainRoute = rendered.main;
    this.canaryRoute = rendered.canary;

    // Each object's stage in the engine's order, so that a sizing and a step (or a step back to 0
    // and the scale-down) merged into one commit are applied in that order: pods that will take
    // traffic first, then the routes, then a canary scaled to 0. Stable's autoscaler stays in the
    // first stage: a floor lowered seconds after users came back would let the HPA act on
    // metrics from before they did, so lowering it stays a commit of its own, which no engine
    // orders (docs/engine-ordering.md).
    const engine = engineOf(this);
    // A sticky canary parked at 0 pods is how pinned users move back (see `parked`): that
    // scale-down moves traffic, together with the routes.
    const canaryStage = this.canaryReplicaCount > 0 ? Stage.PREPARE : parked ? Stage.SHIFT : Stage.RETIRE;
    for (const o of [this.canaryDeployment.deployment, this.canaryDeployment.podDisruptionBudget]) { stageWorkload(o, engine, canaryStage); }
    for (const o of [this.mainRoute, this.canaryRoute]) { stageObject(o, engine, Stage.SHIFT); }

    this.releaseSelectors = {
      namespace: ns,
      app: this.app,
      appLabelKey,
      versionLabelKey: this.trackLabelKey,
      stableVersion: 'stable',
      canaryVersion: 'canary',
      stableService: names.stableService,
      canaryService: names.canaryService,
      // Ingress names only: the ingress-nginx metrics label requests by Ingress.
      stableIngress: routes.kind === 'Ingress' ? routes.mainName : undefined,
      canaryIngress: routes.kind === 'Ingress' ? routes.canaryName : undefined,
      // The gate judges users' traffic, which only the weight sends: header or cookie routing
      // alone (testers before the first step, or after the last) is too little and too unlike
      // users' traffic to judge, and would arm the gate between releases with nothing to measure.
      inProgress: this.weight > 0,
      // At full weight stable serves no users, unless sticky sessions keep users pinned to it
      // (balancer.lua reads the affinity cookie before the weight): nothing to compare with.
      versionsServeTogether: this.weight < this.weightTotal || props.stickySessions !== undefined,
    };
  }

  /**
   * The stable track's autoscaler with this commit's floor: `stableFloor`, else `maxReplicas`
   * while the canary gets or is sized for traffic and `minReplicas` otherwise. The HPA keeps
   * the highest recommendation of the last 300 s before it scales down (kubernetes
   * pkg/controller/podautoscaler/horizontal.go, stabilizeRecommendationWithBehaviors; the
   * default scaleDown behaviour in the autoscaling/v2 API), and those recommendations come
   * from the metrics, before they are clamped to minReplicas: a track whose traffic moved to
   * the canary minutes ago is recommended few pods, and only the floor keeps them.
   */
  private resolveStableAutoscaling(props: CanaryIngressProps, sizedFor: number): AutoscalingOptions | undefined {
    const a = props.autoscaling;
    if (!a) {
      if (props.stableFloor !== undefined) {
        throw invalidProp(this, { prop: 'stableFloor', value: props.stableFloor, problem: 'the floor is the stable autoscaler\'s minReplicas, and this release has no autoscaling', fix: 'remove stableFloor, or set autoscaling' });
      }
      return undefined;
    }
    const min = a.minReplicas ?? DEFAULT_MIN_REPLICAS;
    // Malformed bounds are refused with the stable Deployment, naming autoscaling.*.
    if (!Number.isInteger(min) || !Number.isInteger(a.maxReplicas) || a.maxReplicas < min) { return a; }
    const floor = props.stableFloor ?? (this.weight > 0 || sizedFor > 0 ? a.maxReplicas : min);
    if (!Number.isInteger(floor) || floor < min || floor > a.maxReplicas) {
      throw invalidProp(this, {
        prop: 'stableFloor',
        value: floor,
        problem: `the floor of the stable autoscaler is a whole number from autoscaling.minReplicas (${min}) to autoscaling.maxReplicas (${a.maxReplicas})`,
        fix: `set stableFloor between ${min} and ${a.maxReplicas}, or leave it out`,
      });
    }
    return { ...a, minReplicas: floor };
  }

  private resolveNames(n: CanaryNames) {
    const names = { stableService: n.stableService ?? this.app, canaryService: n.canaryService ?? `${this.app}-canary` };
    for (const [key, name] of Object.entries(names)) {
      if (typeof name !== 'string' || !isDnsLabel(name)) {
        throw invalidProp(this, { prop: `names.${key}`, value: name, problem: `a Service name must be ${DNS_LABEL_RULE}`, fix: 'use the name the Service has in the cluster' });
      }
    }
    if (names.stableService === names.canaryService) {
      throw invalidProp(this, {
        prop: 'names.canaryService',
        value: names.canaryService,
        problem: 'the canary needs its own Service: ingress-nginx takes a canary only for a different Service than the main one',
        fix: 'give the canary Service a name of its own',
      });
    }
    return names;
  }

  private resolveSizeFor(sizeFor: number | undefined): number {
    if (sizeFor === undefined) { return this.weight; }
    this.checkWeight('sizeForWeight', sizeFor);
    if (sizeFor < this.weight) {
      throw invalidProp(this, {
        prop: 'sizeForWeight',
        value: sizeFor,
        problem: `the canary would be sized for less traffic than the weight of ${this.weight} sends it`,
        fix: `set sizeForWeight to ${this.weight} or more, or leave it out`,
      });
    }
    return sizeFor;
  }

  private resolveStep(props: CanaryIngressProps): CanaryStep {
    if (props.steps === undefined) {
      if (props.currentStep !== undefined) {
        throw invalidProp(this, { prop: 'currentStep', value: props.currentStep, problem: 'currentStep picks a step of `steps`, and there are none', fix: 'add steps: [{ weight: 1 }, { weight: 5 }, ...] or use weight instead' });
      }
      const weight = props.weight ?? 0;
      this.checkWeight('weight', weight);
      return { weight };
    }
    if (props.weight !== undefined) {
      throw invalidProp(this, { prop: 'weight', value: props.weight, problem: 'weight and steps both set the weight', fix: 'remove weight and pick the step with currentStep' });
    }
    if (props.steps.length === 0) {
      throw invalidProp(this, { prop: 'steps', value: props.steps, problem: 'a plan needs at least one step', fix: 'give steps such as [{ weight: 5 }, { weight: 25 }, { weight: 50 }]' });
    }
    props.steps.forEach((s, i) => this.checkWeight(`steps[${i}].weight`, s?.weight));
    const current = props.currentStep;
    if (current === undefined || !Number.isInteger(current) || current < 0 || current > props.steps.length) {
      throw invalidProp(this, {
        prop: 'currentStep',
        value: current,
        problem: `the current step is a whole number from 0 (not started) to ${props.steps.length} (the last step)`,
        fix: `set currentStep between 0 and ${props.steps.length}`,
      });
    }
    return current === 0 ? { weight: 0 } : props.steps[current - 1];
  }

  private checkWeight(prop: string, weight: number) {
    if (!Number.isInteger(weight) || weight < 0 || weight > this.weightTotal) {
      // In range but fractional: the range is not the problem, the fraction is.
      const fraction = weight > 0 && weight < this.weightTotal;
      const whole = [...new Set([Math.floor(weight), Math.ceil(weight)])].filter(n => n > 0).join(' or ');
      throw invalidProp(this, {
        prop,
        value: weight,
        problem: fraction
          ? `a weight is a whole number (${this.badWeight})`
          : `a weight is a whole number from 0 to ${this.weightTotal} (${this.badWeight})`,
        fix: !fraction ? `set ${prop} between 0 and ${this.weightTotal}`
          : this.weightTotal === 100 ? `write ${whole}, or for finer steps set weightTotal: 1000 and write the weight in tenths of a percent (${Math.round(weight * 10)})`
            : `write ${whole}`,
      });
    }
  }
}
