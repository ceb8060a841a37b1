import { Construct, IConstruct } from 'constructs';
import { GatewaySplitter, planGatewaySingle } from './_gateway-api';
import { checkIngressName, ingressManifest, resolveRoute } from './_ingress';
import { IngressNginxSplitter, resolveIngressNginx } from './_ingress-nginx';
import { CanarySplitter, RoutePlan, SingleRoute } from './_routing';
import { GatewayApiRouteOptions } from './gateway-api-route';
import { IngressNginxRouteOptions, IngressRouteOptions } from './ingress-route';
import { invalidProp, Shown } from '../core/errors';
import { checkArgs } from '../core/jsii-props';
import { KubeObject } from '../core/kube';

enum RouterKind {
  INGRESS = 'Router.ingress',
  INGRESS_NGINX = 'Router.ingressNginx',
  GATEWAY_API = 'Router.gatewayApi',
  GATEWAY_API_GRPC = 'Router.gatewayApiGrpc',
}

/**
 * How users' requests reach an app: the objects that route to its Services. `GracefulDeployment`
 * (with a `service`), `BlueGreenService` and `CanaryIngress` each take one as `router`, with the
 * same options, and an app moves to another router by changing this one prop. A Router
 * describes one route: make one for each construct.
 */
export class Router {
  /**
   * An Ingress served by any Ingress controller, to the one Service that serves users (a
   * `GracefulDeployment`'s Service, a blue-green release's active Service). Without
   * `className` the cluster's default IngressClass serves it; a cluster without one leaves the
   * Ingress unserved. It cannot send a share of the requests to a second Service, so a canary
   * release refuses it.
   */
  public static ingress(options: IngressRouteOptions): Router {
    checkArgs(undefined, 'Router', 'ingress', [options]);
    return new Router(RouterKind.INGRESS, { ...options, annotations: copy(options?.annotations) });
  }

  /**
   * An Ingress served by ingress-nginx, in the 'nginx' IngressClass unless told otherwise. For
   * a canary release, a second Ingress with the controller's canary annotations sends the
   * canary its share (weight, header, cookie, sticky sessions).
   */
  public static ingressNginx(options: IngressNginxRouteOptions): Router {
    checkArgs(undefined, 'Router', 'ingressNginx', [options]);
    return new Router(RouterKind.INGRESS_NGINX, { ...options, annotations: copy(options?.annotations) });
  }

  /**
   * A Gateway API HTTPRoute attached to your Gateway (`parentRefs`), or with `mesh: true` to
   * the Service itself, so a mesh splits the requests of callers inside the cluster. It sends
   * a `GracefulDeployment`'s Service all requests; a blue-green release's active colour through
   * that colour's own Service (a flip changes the route's backendRef); a canary its weight as
   * a weighted backendRef next to stable's (a step changes the two weight lines), and requests
   * with `header.value` through an Exact header match. Written for the standard channel of
   * Gateway API v1.2.1 and later (docs/routers.md lists the conformance features it needs).
   */
  public static gatewayApi(options: GatewayApiRouteOptions): Router {
    checkArgs(undefined, 'Router', 'gatewayApi', [options]);
    return new Router(RouterKind.GATEWAY_API, copyGateway(options));
  }

  /**
   * A Gateway API GRPCRoute, for a gRPC service: the same parents, weights and header matches as
   * `Router.gatewayApi`, without paths, rewrites, redirects or timeouts (a GRPCRoute has none in
   * the standard channel).
   */
  public static gatewayApiGrpc(options: GatewayApiRouteOptions): Router {
    checkArgs(undefined, 'Router', 'gatewayApiGrpc', [options]);
    return new Router(RouterKind.GATEWAY_API_GRPC, copyGateway(options));
  }

  /**
   * The router a construct was given, refused when it is not one, or when it already routes
   * to another construct of the same app: two constructs on one route would write two
   * Ingresses for one host and path (or, with names, two objects of one name).
   *
   * @internal
   */
  public static _check(scope: IConstruct, prop: string, value: unknown): Router {
    if (!(value instanceof Router)) {
      throw invalidProp(scope, { prop, value: shownAsGiven(value), ...notARouter(prop, value) });
    }
    const root = scope.node.root;
    const other = value.boundTo.get(root);
    if (other !== undefined && other !== scope) {
      throw invalidProp(scope, {
        prop,
        value: new Shown(`the Router already given to ${other.node.path}`),
        problem: 'a Router describes one route: two constructs on it would write two Ingresses for one host and path, and the controller would pick one of them',
        fix: `call ${value.kind}(...) once for each construct, each with its own host or path`,
      });
    }
    value.boundTo.set(root, scope);
    return value;
  }

  private readonly boundTo = new WeakMap<IConstruct, IConstruct>();

  private constructor(private readonly kind: RouterKind, private readonly options: IngressNginxRouteOptions | GatewayApiRouteOptions) {}

  /**
   * Whether the router moves users from one Service to another by changing its own backend
   * (Gateway API) rather than relying on a Service whose selector changes (Ingress): a
   * blue-green release then gives each colour a Service of its own.
   *
   * @internal
   */
  public get _switchesBackends(): boolean {
    return this.kind === RouterKind.GATEWAY_API || this.kind === RouterKind.GATEWAY_API_GRPC;
  }

  /**
   * Checks a route of all the users' requests to one Service.
   *
   * @internal
   */
  public _single(scope: Construct, prop: string, target: SingleRoute): RoutePlan {
    if (this._switchesBackends) {
      return planGatewaySingle(scope, prop, this.options as GatewayApiRouteOptions, this.kind === RouterKind.GATEWAY_API_GRPC, target);
    }
    const o = this.options as IngressNginxRouteOptions;
    // Without a class, the API server gives a new Ingress the IngressClass annotated
    // `ingressclass.kubernetes.io/is-default-class: "true"` (IngressClass API reference), so
    // Router.ingress leaves it out; ingress-nginx canaries must be read by ingress-nginx itself.
    const { route, annotations } = this.kind === RouterKind.INGRESS_NGINX
      ? resolveIngressNginx(scope, prop, o)
      : { route: resolveRoute(scope, prop, o), annotations: o.annotations };
    if (o.canaryName !== undefined) {
      throw invalidProp(scope, {
        prop: `${prop}.canaryName`,
        value: o.canaryName,
        problem: 'only a canary release has a canary Ingress to name; here it would be ignored',
        fix: `remove canaryName from ${prop}`,
      });
    }
    const name = checkIngressName(scope, `${prop}.name`, o.name ?? target.backend.name);
    return {
      kind: 'Ingress',
      mainName: name,
      render: (into: Construct) => ({
        main: new KubeObject(into, 'Ingress', ingressManifest({
          name,
          namespace: target.namespace,
          labels: target.labels,
          annotations,
          route,
          serviceName: target.backend.name,
          servicePort: target.backend.port,
          tlsSecretName: o.tlsSecretName,
        })),
      }),
    };
  }

  /**
   * The router's way of sending a canary its share of the requests, or a refusal naming the
   * routers that have one.
   *
   * @internal
   */
  public _splitter(scope: Construct, prop: string): CanarySplitter {
    if (this._switchesBackends) {
      return new GatewaySplitter(scope, prop, this.options as GatewayApiRouteOptions, this.kind === RouterKind.GATEWAY_API_GRPC);
    }
    if (this.kind !== RouterKind.INGRESS_NGINX) {
      throw invalidProp(scope, {
        prop,
        value: new Shown(`${this.kind}(...)`),
        problem: 'an Ingress controller in general has no way to send a share of the requests to a second Service; Gateway API does it with weighted backendRefs, ingress-nginx (retired upstream) with a canary Ingress',
        fix: `use ${RouterKind.GATEWAY_API}({ parentRefs: [{ name: 'your-gateway' }], hostnames: [...] }) or ${RouterKind.INGRESS_NGINX}(${renderOptions(this.options)}) for a canary`,
      });
    }
    return new IngressNginxSplitter(scope, prop, this.options as IngressNginxRouteOptions);
  }
}

function copyGateway(o: GatewayApiRouteOptions): GatewayApiRouteOptions {
  if (o === undefined || o === null) { return o; }
  const h = (m: GatewayApiRouteOptions['requestHeaders']) => m && { set: m.set && { ...m.set }, add: m.add && { ...m.add }, remove: m.remove && [...m.remove] };
  return {
    ...o,
    parentRefs: o.parentRefs?.map(p => ({ ...p })),
    hostnames: o.hostnames && [...o.hostnames],
    requestHeaders: h(o.requestHeaders),
    responseHeaders: h(o.responseHeaders),
    urlRewrite: o.urlRewrite && { ...o.urlRewrite },
    redirects: o.redirects?.map(r => ({ ...r })),
    timeouts: o.timeouts && { ...o.timeouts },
  };
}

function copy(annotations: { [key: string]: string } | undefined) {
  return annotations === undefined ? undefined : { ...annotations };
}

/** Options as a user would write them in code: `{ host: "shop.example.com", path: "/api" }`. */
function renderOptions(options: object): string {
  const entries = Object.entries(options).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`;
}

function shownAsGiven(value: unknown): unknown {
  if (typeof value === 'function') { return new Shown(`the function ${value.name || '(anonymous)'}, not called`); }
  return value;
}

/** Why a value is not a router, and the likeliest fix for the way it went wrong. */
function notARouter(prop: string, value: unknown): { problem: string; fix: string } {
  const problem = 'expected a Router, made by Router.ingress(...) or Router.ingressNginx(...)';
  if (typeof value === 'function') {
    return { problem, fix: `call it with the route's options: ${prop}: Router.ingressNginx({ host: 'shop.example.com' })` };
  }
  const v = value as { kind?: unknown; options?: unknown } | null | undefined;
  if (v && typeof v === 'object' && typeof v.kind === 'string' && v.kind.startsWith('Router.') && typeof v.options === 'object') {
    return {
      problem: `${problem}; this one comes from another copy of cdk8s-zero-downtime, so two versions of the library are installed`,
      fix: 'install one version (npm ls cdk8s-zero-downtime shows them) and import Router from it',
    };
  }
  if (v && typeof v === 'object' && 'host' in v) {
    return { problem, fix: `wrap the options: ${prop}: Router.ingressNginx(${renderOptions(v)}), or Router.ingress(...) for any Ingress controller` };
  }
  return { problem, fix: `write ${prop}: Router.ingressNginx({ host: 'shop.example.com' }), or Router.ingress(...) for any Ingress controller` };
}
