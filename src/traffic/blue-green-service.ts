import { createHash } from 'crypto';
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { Container } from 'kubernetes-types/core/v1';
import { checkPort, checkServiceType, serviceManifest } from './_service';
import { resolveVersion, servingPort, versionLabelKey } from './_versions';
import { SmokeTestOptions } from './smoke-test';
import { EnvValue } from '../core/env-value';
import { invalidProp, refuseRemovedProps } from '../core/errors';
import { HookRuns } from '../core/gitops';
import { checkArgs, checkProps } from '../core/jsii-props';
import { KubeObject } from '../core/kube';
import { DEFAULT_APP_LABEL_KEY, DNS_LABEL_RULE, isDnsLabel, ROLE_LABEL_KEY } from '../core/names';
import { ServiceType } from '../core/service-type';
import { defaultHook, engineOf, JobTime, refuseForeignHook, Stage, stageObject, stageWorkload } from '../core/stage';
import { GitOpsEngine } from '../gitops-engine';
import { GitOpsHook } from '../gitops-hook';
import { blueGreenPropsFromPosition } from '../release/derive';
import { ReleasePosition } from '../release/position';
import { IReleaseTarget, ReleaseSelectors } from '../release-target';
import { AutoscalingOptions } from '../rollout/autoscaling';
import { ContainerOptions } from '../rollout/container';
import { checkEnvReferences, checkImage, renderEnv } from '../rollout/container-spec';
import { GracefulDeployment } from '../rollout/graceful-deployment';
import { checkJobBounds, hookJobManifest, jobIdentity } from '../rollout/job-spec';
import { GracefulWorkloadOptions } from '../rollout/workload-options';
import { Router } from '../routing/router';

/**
 * A colour of a blue-green release.
 */
export enum Color {
  /** The blue colour. */
  BLUE = 'blue',
  /** The green colour. */
  GREEN = 'green',
}

/**
 * What differs between the two colours.
 */
export interface ColorOptions {
  /**
   * The image this colour runs, pinned by tag or digest.
   */
  readonly image: string;

  /**
   * Environment variables of this colour, added to (and overriding) the shared ones.
   *
   * @default - only the shared environment
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * This colour's own container settings, laid over the shared `container`: each setting given
   * here replaces the shared one (`env` is added to the shared variables). This is how a change
   * of the container itself (probes, resources, environment, command, port number) is released
   * through the idle colour: set it here on the idle colour, let the smoke test pass, flip, and
   * only then fold it into the shared `container` (see docs/blue-green-service.md). A change of
   * the shared `container` changes both colours in one commit, the live one included.
   *
   * `portName` cannot differ from the shared one: both Services route to the port by that name.
   *
   * @default - the shared container as it is
   */
  readonly container?: ContainerOptions;

  /**
   * Number of pods of this colour. Keep the idle colour at full size for an instant rollback;
   * scale it down (0 once it is retired) in a commit after the flip, never in the same one.
   * While autoscaling is on, 0 retires the colour, and on the idle colour any other value is
   * the floor of its autoscaler: with no traffic an autoscaler would shrink the idle colour to
   * `minReplicas` within minutes of a flip, and a rollback would land on a cold colour.
   *
   * @default - `replicas`; under autoscaling, the idle colour's floor is `maxReplicas`
   */
  readonly replicas?: number;
}

/**
 * Properties of a `BlueGreenService`.
 */
export interface BlueGreenServiceProps extends GracefulWorkloadOptions {
  /**
   * Name of the application: the app label of both colours and the default name of the
   * Services and Deployments.
   */
  readonly app: string;

  /**
   * The colour that serves users. A flip is a change of this one prop.
   */
  readonly active: Color;

  /**
   * The blue colour.
   */
  readonly blue: ColorOptions;

  /**
   * The green colour.
   */
  readonly green: ColorOptions;

  /**
   * The container both colours run, except for its image and what a colour sets in its own
   * `container`. It must serve a `port` and have a readiness probe. The Services route to the
   * port by its name (`portName`, default 'http'), so each pod is reached on its own port number.
   * A change here changes both colours at once, the live one included: release container changes
   * through the idle colour's `container` instead.
   */
  readonly container: ContainerOptions;

  /**
   * Key of the colour label. Set it to adopt hand-written blue/green objects that use another
   * key (`slot`, `version`): selectors cannot change in place.
   *
   * @default 'color'
   */
  readonly colorLabelKey?: string;

  /**
   * Name of the active Service, which users' traffic goes through. Under a Gateway API router it
   * is also the name of the route and the base of the colour Services' names
   * (`<serviceName>-blue`, `<serviceName>-green`).
   *
   * @default - `app`
   */
  readonly serviceName?: string;

  /**
   * Name of the preview Service, which selects the idle colour. Under a Gateway API router it is
   * written only with a `smokeTest`, which it is the target of, and cannot be one of the colour
   * Services' names (`<serviceName>-blue`, `<serviceName>-green`).
   *
   * @default - `<serviceName>-preview`
   */
  readonly previewServiceName?: string;

  /**
   * Whether a release routed by Gateway API (`Router.gatewayApi` or `Router.gatewayApiGrpc`
   * attached to a Gateway) also writes the active Service (`serviceName`, selecting the active
   * colour), for callers inside the cluster that address it by name, as they could under an
   * Ingress router. Its selector follows `active`, so a flip then changes that line as well as
   * the route's backendRef.
   *
   * The active Service is always written without a router, with an Ingress router (the Ingress
   * sends users to it) and with a mesh route (`mesh: true`, attached to it): there `false` is
   * refused.
   *
   * @default - false under a Gateway API router attached to a Gateway; true otherwise
   */
  readonly inClusterService?: boolean;

  /**
   * The port both Services listen on.
   *
   * @default 80
   */
  readonly servicePort?: number;

  /**
   * Type of the active Service. The preview Service is always ClusterIP.
   *
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;

  /**
   * How users' requests reach the active colour from outside the cluster:
   * `Router.gatewayApi({ parentRefs, hostnames })`, whose route sends them to the active
   * colour's own Service (a flip moves its backendRef, and no Service selector changes);
   * `Router.ingress({ host: 'shop.example.com' })` for any Ingress controller, or
   * `Router.ingressNginx(...)`, whose Ingress always points at the active Service (a flip
   * changes the Services' selectors, not the Ingress).
   *
   * @default - no route: users reach the active Service inside the cluster
   */
  readonly router?: Router;

  /**
   * A Job that tests the idle colour through the preview Service.
   *
   * @default - no smoke test
   */
  readonly smokeTest?: SmokeTestOptions;

  /**
   * Prefer to schedule pods of one colour away from nodes that run pods of the other, so a
   * node failure cannot take down both the serving and the fallback colour.
   *
   * @default false
   */
  readonly colorAntiAffinity?: boolean;

  /**
   * The release's position, read from its position file (`releases/<app>.json`): the active
   * colour, each colour's image and a retired idle colour come from it, and
   * `cdk8s-zero-downtime release next` moves it one safe commit on. `active`, the images and
   * the colours' replicas may still be written, but only as the file says (see
   * docs/release-automation.md).
   *
   * @default - no position file: the props decide
   */
  readonly position?: ReleasePosition;
}

/**
 * Blue-green by Service selector: two colour-labelled Deployments, a Service that selects the
 * active colour and a preview Service on the idle one. A flip is an edit of `active`: the only
 * lines that change are the two Services' colour selectors.
 *
 * Under a Gateway API router each colour has a Service of its own instead, whose selector never
 * changes, and a flip changes only the route's backendRef (plus the preview Service's selector
 * when there is a smoke test, and the active Service's with `inClusterService` or a mesh route).
 *
 * The active Service is the construct's default child (`ApiObject.of(blueGreen)`); under a
 * Gateway API router without it, the route is.
 */
export class BlueGreenService extends Construct implements IReleaseTarget {
  /** The app name. */
  public readonly app: string;
  /** The colour that serves users. */
  public readonly active: Color;
  /** The other colour: the rollback target, and the preview Service's target. */
  public readonly idle: Color;
  /** Key of the colour label. */
  public readonly colorLabelKey: string;
  /** Name of the active Service. */
  public readonly serviceName: string;
  /** Name of the preview Service. */
  public readonly previewServiceName: string;
  /** The port both Services listen on. */
  public readonly servicePort: number;
  /** The blue Deployment. */
  public readonly blueDeployment: GracefulDeployment;
  /** The green Deployment. */
  public readonly greenDeployment: GracefulDeployment;
  /**
   * The Service in front of the active colour: the active Service, which selects it; under a
   * Gateway API router without an active Service (see `inClusterService`), the active colour's
   * own Service (`blueService` or `greenService`).
   */
  public readonly activeService: ApiObject;
  /**
   * The Service in front of the idle colour: the preview Service, which selects it; under a
   * Gateway API router without a smoke test, the idle colour's own Service.
   */
  public readonly previewService: ApiObject;
  /**
   * The route the router wrote, when there is a router: an Ingress to the active Service, or a
   * Gateway API route to the active colour's Service. (Before Gateway API routers this was
   * `ingress`.)
   */
  public readonly route?: ApiObject;
  /**
   * The blue colour's own Service, whose selector never changes: written for routers that flip
   * by moving their backend (Gateway API).
   */
  public readonly blueService?: ApiObject;
  /** The green colour's own Service; see `blueService`. */
  public readonly greenService?: ApiObject;
  /** The smoke-test Job, when there is one. */
  public readonly smokeTestJob?: ApiObject;
  /** Names and labels that tell the active colour's traffic from the idle colour's. */
  public readonly releaseSelectors: ReleaseSelectors;

  constructor(scope: Construct, id: string, props: BlueGreenServiceProps) {
    super(scope, id);
    // Read and check every prop first, in the user's words; then write the objects.
    this.app = props.app;
    refuseRemovedProps(this, props, { ingress: 'write router: Router.ingress({ host, ... }) with the same options, or Router.ingressNginx(...) for ingress-nginx' });
    checkProps(this, 'BlueGreenServiceProps', props);
    props = blueGreenPropsFromPosition(this, props);
    if (typeof this.app !== 'string' || !isDnsLabel(this.app) || `${this.app}-green`.length > 63) {
      throw invalidProp(this, { prop: 'app', value: this.app, problem: `the app name must be ${DNS_LABEL_RULE}, with room for "-green"`, fix: 'use a name such as "checkout"' });
    }
    if (props.active !== Color.BLUE && props.active !== Color.GREEN) {
      throw invalidProp(this, { prop: 'active', value: props.active, problem: 'the active colour is Color.BLUE or Color.GREEN', fix: 'set active: Color.BLUE or active: Color.GREEN' });
    }
    this.active = props.active;
    this.idle = this.active === Color.BLUE ? Color.GREEN : Color.BLUE;
    this.colorLabelKey = versionLabelKey(this, 'colorLabelKey', props.colorLabelKey ?? 'color', props);
    const appLabelKey = props.appLabelKey ?? DEFAULT_APP_LABEL_KEY;
    const port = servingPort(this, props);

    this.serviceName = props.serviceName ?? this.app;
    this.previewServiceName = props.previewServiceName ?? `${this.serviceName}-preview`;
    const router = props.router === undefined ? undefined : Router._check(this, 'router', props.router);
    // A Gateway API release writes the preview Service only as its smoke test's target (see
    // servicesWritten): a default name it never writes must not refuse a valid serviceName.
    const previewWritten = !router?._switchesBackends || props.smokeTest !== undefined;
    const names: [string, string][] = [['serviceName', this.serviceName]];
    if (previewWritten || props.previewServiceName !== undefined) { names.push(['previewServiceName', this.previewServiceName]); }
    for (const [prop, name] of names) {
      if (!isDnsLabel(name)) {
        throw invalidProp(this, { prop, value: name, problem: `a Service name must be ${DNS_LABEL_RULE}`, fix: `set ${prop} to a shorter or lower-case name` });
      }
    }
    if (this.serviceName === this.previewServiceName) {
      throw invalidProp(this, { prop: 'previewServiceName', value: this.previewServiceName, problem: 'the preview Service must differ from the active Service', fix: 'leave previewServiceName out to get "<serviceName>-preview"' });
    }
    this.servicePort = props.servicePort ?? 80;
    checkPort(this, 'servicePort', this.servicePort);
    const serviceType = props.serviceType ?? ServiceType.CLUSTER_IP;
    checkServiceType(this, serviceType);

    const activeReplicas = props[this.active]?.replicas;
    if (activeReplicas === 0) {
      throw invalidProp(this, {
        prop: `${this.active}.replicas`,
        value: activeReplicas,
        problem: `${this.active} is the active colour, and with 0 pods every request fails`,
        fix: `scale ${this.active} up and wait until it runs fully before making it active, or set active back to ${this.idle}`,
      });
    }
    const labels = { ...props.labels, [appLabelKey]: this.app };
    const ns = props.namespace;
    // A Gateway API route flips by moving its one backendRef from one colour's Service to the
    // other's, and each colour's Service (and its EndpointSlices) never changes. A Gateway takes
    // a route by its generation (gateway-api apis/v1 shared_types.go: RouteParentStatus
    // conditions carry the observedGeneration they were computed for) and each proxy swaps the
    // rule's backend in one configuration update; Envoy-based ones (Envoy Gateway, Istio,
    // kgateway) send to a new cluster only once it is warm, i.e. has its first endpoints (Envoy
    // docs, "Cluster manager", "Cluster warming"). Several proxy replicas update a moment apart,
    // so for that moment requests reach either colour. Gateway API promises no draining of the
    // requests in flight on the old backend; none is needed, because the old colour keeps running
    // at full size until a later commit retires it. An Ingress keeps routing to the active
    // Service, whose selector flips, byte for byte as before.
    const colorServiceName = (color: Color) => `${this.serviceName}-${color}`;
    if (router?._switchesBackends && !isDnsLabel(colorServiceName(Color.GREEN))) {
      throw invalidProp(this, { prop: 'serviceName', value: this.serviceName, problem: `with a Gateway API router each colour has a Service "<serviceName>-<colour>", and "${colorServiceName(Color.GREEN)}" is not ${DNS_LABEL_RULE}`, fix: 'use a shorter serviceName' });
    }
    // Two Services of one name are one object to the API server: the last one applied wins, and
    // after the next flip the colour's Service would select the other colour.
    const colorNamed = [Color.BLUE, Color.GREEN].find(c => colorServiceName(c) === this.previewServiceName);
    if (router?._switchesBackends && previewWritten && colorNamed) {
      throw invalidProp(this, {
        prop: 'previewServiceName',
        value: this.previewServiceName,
        problem: `under a Gateway API router "${this.previewServiceName}" is the name of the ${colorNamed} colour's own Service, which selects ${colorNamed} pods only; the preview Service selects the idle colour`,
        fix: 'choose another name, or leave previewServiceName out to get "<serviceName>-preview"',
      });
    }
    const entry = { name: this.serviceName, port: this.servicePort };
    const route = router?._single(this, 'router', {
      namespace: ns,
      labels,
      backend: router._switchesBackends ? { name: colorServiceName(this.active), port: this.servicePort } : entry,
      entry,
    });
    const byColor = router?._switchesBackends ?? false;
    const services = this.servicesWritten(props, byColor, route?.meshParent !== undefined, serviceType, previewWritten);
    const smokeTest = props.smokeTest && this.resolveSmokeTest(props.smokeTest);

    const blue = this.colorWorkload(Color.BLUE, props);
    const green = this.colorWorkload(Color.GREEN, props);
    this.blueDeployment = GracefulDeployment._fromResolved(this, 'Blue', blue);
    this.greenDeployment = GracefulDeployment._fromResolved(this, 'Green', green);

    const selector = (color: Color) => ({ [appLabelKey]: this.app, [this.colorLabelKey]: color });
    const ports = { port: this.servicePort, targetPort: port, namespace: ns, labels, annotations: props.annotations };
    const activeService = services.active ? new KubeObject(this, 'Resource', serviceManifest({
      ...ports, name: this.serviceName, selector: selector(this.active), type: serviceType,
    })) : undefined;
    // Labelled as a preview: the transition checker knows it carries testers, not users.
    const previewService = services.preview ? new KubeObject(this, 'PreviewService', serviceManifest({
      ...ports, labels: { ...labels, [ROLE_LABEL_KEY]: 'preview' }, name: this.previewServiceName, selector: selector(this.idle), type: ServiceType.CLUSTER_IP,
    })) : undefined;
    if (byColor) {
      const colorService = (color: Color, childId: string) => new KubeObject(this, childId, serviceManifest({
        ...ports, name: colorServiceName(color), selector: selector(color), type: ServiceType.CLUSTER_IP,
      }));
      this.blueService = colorService(Color.BLUE, 'BlueService');
      this.greenService = colorService(Color.GREEN, 'GreenService');
    }
    const own = (color: Color) => (color === Color.BLUE ? this.blueService : this.greenService)!;
    this.activeService = activeService ?? own(this.active);
    this.previewService = previewService ?? own(this.idle);
    // Without an active Service the route is the default child, as it is of a canary release.
    this.route = route?.render(this, activeService ? undefined : 'Resource').main;
    // A retired idle colour has no pods behind the preview Service: nothing to test.
    if (smokeTest && props[this.idle]?.replicas !== 0) {
      const serving = { [Color.BLUE]: blue.containers[0].container, [Color.GREEN]: green.containers[0].container };
      this.smokeTestJob = new KubeObject(this, 'SmokeTest', hookJobManifest({
        ...smokeTest,
        name: smokeTest.name(props, serving),
        namespace: ns,
        labels: { ...labels, [ROLE_LABEL_KEY]: 'smoke-test' },
      }));
    }
    this.orderObjects(props, [activeService, previewService]);

    this.releaseSelectors = {
      namespace: ns,
      app: this.app,
      appLabelKey,
      versionLabelKey: this.colorLabelKey,
      // A gate judges the colour that serves users: after a flip, the version that just went
      // live. The idle colour gets no users' traffic; the smoke test is its check.
      canaryVersion: this.active,
      // Under a Gateway API router users' requests are sent to the colours' own Services, and
      // that is the Service a proxy's metrics name (MetricSource.istio): a flip changes it.
      canaryService: byColor ? colorServiceName(this.active) : this.serviceName,
      stableVersion: this.idle,
      stableService: byColor ? colorServiceName(this.idle) : this.previewServiceName,
      stableIngress: route?.kind === 'Ingress' ? route.mainName : undefined,
      versionsServeTogether: false,
    };
  }

  /**
   * Each object's stage in the engine's order, so that a release to the idle colour, its smoke
   * test and the flip (or a flip and a retire) merged into one commit are applied in that order:
   * the colours' pods first (a retired colour last), the smoke test, then the Services' selectors
   * and the route that move users. The preview Service moves with the flip: a smoke test in the
   * same commit still reaches the colour it tests. The colours' own Services (Gateway API) never
   * change and stay in the first stage; `moving` are the active and preview Services written.
   */
  private orderObjects(props: BlueGreenServiceProps, moving: Array<ApiObject | undefined>): void {
    const engine = engineOf(this, props.smokeTest?.hook);
    for (const color of [Color.BLUE, Color.GREEN]) {
      const d = this.deploymentOf(color);
      const stage = props[color]?.replicas === 0 ? Stage.RETIRE : Stage.PREPARE;
      for (const o of [d.deployment, d.podDisruptionBudget]) { stageWorkload(o, engine, stage); }
      stageObject(d.autoscaler, engine, stage);
      // A retired colour's autoscaler is deleted, and Argo CD prunes an object in the wave written
      // on the cluster's copy (the colour's live wave 0), in mirrored order when several waves
      // prune (gitops-engine sync_context.go): PruneLast keeps it until every wave is applied.
      if (d.autoscaler && engine === GitOpsEngine.ARGO_CD) {
        d.autoscaler.metadata.addAnnotation('argocd.argoproj.io/sync-options', 'PruneLast=true');
      }
    }
    stageObject(this.smokeTestJob, engine, Stage.VERIFY);
    for (const o of [...moving, this.route]) { stageObject(o, engine, Stage.SHIFT); }
  }

  /**
   * Which of the active and preview Services are written. With an Ingress router (or none) both
   * are: users' requests go through the active Service, the smoke test through the preview one.
   * Under a Gateway API router the route sends users to the colours' own Services, and each of
   * the two is written only for whoever addresses it: the active Service for a mesh route (its
   * parent, GAMMA's "frontend" of the Service) or for callers inside the cluster
   * (`inClusterService`); the preview Service for the smoke test. The smoke test cannot address
   * the idle colour's own Service instead: its Job must stay the same through a flip (a plain Job
   * whose pod template the API server refuses to change, named by a digest of what it tests), so
   * it needs a name that follows the idle colour.
   */
  private servicesWritten(props: BlueGreenServiceProps, byColor: boolean, mesh: boolean, serviceType: ServiceType, preview: boolean) {
    const needed = !byColor || mesh;
    const asked = props.inClusterService;
    if (needed && asked === false) {
      throw invalidProp(this, {
        prop: 'inClusterService',
        value: asked,
        problem: `the active Service "${this.serviceName}" is ${!props.router ? 'how users reach the release without a router' : mesh ? 'the Service the mesh route is attached to' : 'the Service the Ingress sends users to'}, so it is always written`,
        fix: 'remove inClusterService',
      });
    }
    const active = needed || asked === true;
    if (!active && serviceType !== ServiceType.CLUSTER_IP) {
      throw invalidProp(this, {
        prop: 'serviceType',
        value: serviceType,
        problem: 'serviceType is the type of the active Service, which a Gateway API router does not write unless inClusterService is true: users reach the release through the Gateway',
        fix: 'remove serviceType, or set inClusterService: true to keep the active Service for callers that reach it directly',
      });
    }
    if (!preview && props.previewServiceName !== undefined) {
      throw invalidProp(this, {
        prop: 'previewServiceName',
        value: props.previewServiceName,
        problem: 'under a Gateway API router the preview Service is written only as the smoke test\'s target, and there is no smokeTest',
        fix: 'remove previewServiceName, or add a smokeTest',
      });
    }
    return { active, preview };
  }

  /** The Deployment of a colour. */
  public deploymentOf(color: Color): GracefulDeployment {
    checkArgs(this, 'BlueGreenService', 'deploymentOf', [color]);
    return color === Color.BLUE ? this.blueDeployment : this.greenDeployment;
  }

  private colorWorkload(color: Color, props: BlueGreenServiceProps) {
    const c: Partial<ColorOptions> = props[color] ?? {};
    const retired = c.replicas === 0;
    const other = color === Color.BLUE ? Color.GREEN : Color.BLUE;
    const appLabelKey = props.appLabelKey ?? DEFAULT_APP_LABEL_KEY;
    return resolveVersion(this, props, {
      labelKey: this.colorLabelKey,
      label: color,
      image: c.image!,
      imageProp: `${color}.image`,
      env: c.env,
      container: c.container,
      containerProp: `${color}.container`,
      replicas: props.autoscaling && !retired ? undefined : c.replicas ?? props.replicas,
      replicasProp: c.replicas !== undefined ? `${color}.replicas` : 'replicas',
      autoscaling: retired ? undefined : this.colorAutoscaling(color, props),
      // Pods of one colour prefer nodes without the other's, so one node failure cannot take
      // down both the serving and the fallback colour.
      affinity: props.colorAntiAffinity ? {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { [appLabelKey]: this.app, [this.colorLabelKey]: other } },
            },
          }],
        },
      } : undefined,
    });
  }

  /**
   * The idle colour keeps its capacity: its autoscaler's floor is its `replicas`, or
   * `maxReplicas`, so the colour a rollback returns to is still at full size. The live colour
   * scales between `minReplicas` and `maxReplicas` as usual.
   */
  private colorAutoscaling(color: Color, props: BlueGreenServiceProps): AutoscalingOptions | undefined {
    const a = props.autoscaling;
    if (!a || color === this.active) { return a; }
    const floor = props[color]?.replicas ?? a.maxReplicas;
    if (!Number.isInteger(floor) || floor < 1 || floor > a.maxReplicas) {
      throw invalidProp(this, {
        prop: `${color}.replicas`,
        value: floor,
        problem: `under autoscaling the idle colour's replicas are its autoscaler's floor, from 1 to maxReplicas (${a.maxReplicas})`,
        fix: `set ${color}.replicas between 1 and ${a.maxReplicas}, or leave it out to keep the idle colour at maxReplicas`,
      });
    }
    return { ...a, minReplicas: floor };
  }

  /**
   * The smoke test runs between the idle colour's rollout and the flip: under Argo CD a plain Job
   * in sync wave 1, after the colours' pods (wave 0) and before the Services and the route (wave 2),
   * so a failed test fails the sync and the flip is never applied; under Flux in a stage of its own
   * (`flux-layout`). A PreSync hook would run before the idle colour's rollout, against its old pods.
   */
  private resolveSmokeHook(hook: GitOpsHook | undefined): GitOpsHook {
    if (hook === undefined) { return defaultHook(this, JobTime.AFTER_PODS); }
    if (hook === GitOpsHook.ARGO_CD_PRE_SYNC) {
      throw invalidProp(this, {
        prop: 'smokeTest.hook',
        value: hook,
        problem: 'a PreSync hook runs before anything of the commit is applied, so it would test the idle colour\'s old pods, before the release to it rolls out',
        fix: 'use GitOpsHook.ARGO_CD_POST_SYNC (a Job in sync wave 1, after the colours\' pods and before the flip in wave 2), or leave hook out',
      });
    }
    refuseForeignHook(this, 'smokeTest.hook', hook, JobTime.AFTER_PODS, 'a smoke test', 'between the idle colour\'s rollout and the flip');
    return hook;
  }


  /**
   * The smoke test runs once for each pair of colours it has not tested yet: its name carries a
   * digest of both colours and of the test itself. A release to the idle colour is a new pair and
   * a new Job; a flip or a retire keeps the pair, and an unrelated sync changes nothing, so the
   * old colour is never tested after a flip and no run fails for want of endpoints.
   *
   * Each colour counts with its image and environment and, when it sets its own `container`,
   * with the whole container it runs: a release of probes, resources or a port through the idle
   * colour is a new pair too. (Colours without their own container count as they always have, so
   * the names of existing Jobs do not change.)
   */
  private resolveSmokeTest(o: SmokeTestOptions) {
    checkImage(this, 'smokeTest.image', o.image, false);
    const backoffLimit = o.backoffLimit ?? 1;
    const activeDeadlineSeconds = checkJobBounds(this, 'smokeTest', backoffLimit, o.activeDeadline ?? Duration.minutes(5));
    // PREVIEW_URL first, so that the test's own variables can refer to it as $(PREVIEW_URL).
    const env = renderEnv({ PREVIEW_URL: EnvValue.fromValue(`http://${this.previewServiceName}:${this.servicePort}`), ...o.env });
    // The same checks as a serving container's env: order of $(NAME) references, label and annotation keys.
    checkEnvReferences(this, 'smokeTest', env);
    const job = {
      ...jobIdentity(this, 'smokeTest', o.user, o.group, { user: 65534, group: 65534 }),
      hook: this.resolveSmokeHook(o.hook),
      runs: HookRuns.ONCE_PER_NAME,
      backoffLimit,
      activeDeadlineSeconds,
      container: { name: 'smoke-test', image: o.image, command: o.command, args: o.args, env },
    };
    const prefix = `${this.app}-smoke-test-`;
    if (prefix.length + DIGEST_LENGTH > 63) {
      throw invalidProp(this, {
        prop: 'app',
        value: this.app,
        problem: `with smokeTest the Job is named "<app>-smoke-test-<digest>", and "${prefix}${'x'.repeat(DIGEST_LENGTH)}" is longer than the 63 characters a Job's pods can carry in their job-name label`,
        fix: `use an app name of at most ${63 - 22} characters`,
      });
    }
    const name = (props: BlueGreenServiceProps, serving: { [color: string]: Container }) => {
      const colours = [Color.BLUE, Color.GREEN].map(c => ({
        image: props[c]?.image,
        env: renderEnv(props[c]?.env),
        container: props[c]?.container ? serving[c] : undefined,
      }));
      return prefix + createHash('sha256').update(JSON.stringify({ colours, job })).digest('hex').slice(0, DIGEST_LENGTH);
    };
    return { ...job, name };
  }
}

/** Hex digits of the smoke test's digest. */
const DIGEST_LENGTH = 10;
