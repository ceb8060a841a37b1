import { Construct, IConstruct } from 'constructs';
import { checkIngressName, ingressManifest, resolveRoute } from './_ingress';
import { IngressNginxSplitter, resolveIngressNginx } from './_ingress-nginx';
import { CanarySplitter, RoutePlan, SingleRoute } from './_routing';
import { IngressNginxRouteOptions, IngressRouteOptions } from './ingress-route';
import { invalidProp, Shown } from '../core/errors';
import { checkArgs } from '../core/jsii-props';
import { KubeObject } from '../core/kube';

enum RouterKind {
  INGRESS = 'Router.ingress',
  INGRESS_NGINX = 'Router.ingressNginx',
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

  private constructor(private readonly kind: RouterKind, private readonly options: IngressNginxRouteOptions) {}

  /**
   * Checks a route of all the users' requests to one Service.
   *
   * @internal
   */
  public _single(scope: Construct, prop: string, target: SingleRoute): RoutePlan {
    const o = this.options;
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
    if (this.kind !== RouterKind.INGRESS_NGINX) {
      throw invalidProp(scope, {
        prop,
        value: new Shown(`${this.kind}(...)`),
        problem: 'an Ingress controller in general has no way to send a share of the requests to a second Service; ingress-nginx does it with a canary Ingress',
        fix: `use ${RouterKind.INGRESS_NGINX}(${renderOptions(this.options)}) for a canary`,
      });
    }
    return new IngressNginxSplitter(scope, prop, this.options);
  }
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
