import { Construct } from 'constructs';
import { ingressManifest, resolveRoute } from './_ingress';
import { IngressNginxSplitter } from './_ingress-nginx';
import { CanarySplitter, RoutePlan, SingleRoute } from './_routing';
import { IngressNginxRouteOptions, IngressRouteOptions } from './ingress-route';
import { invalidProp, Shown } from '../core/errors';
import { KubeObject } from '../core/kube';
import { DNS_LABEL_RULE, isDnsLabel } from '../core/names';

enum RouterKind {
  INGRESS = 'Router.ingress',
  INGRESS_NGINX = 'Router.ingressNginx',
}

/**
 * How users' requests reach a release: the objects that route to its Services. Every release
 * construct takes one as `router`, so the same route options serve a blue-green and a canary
 * release, and a release moves to another router by changing this one prop.
 */
export class Router {
  /**
   * An Ingress served by any Ingress controller, to the one Service that serves users (a
   * blue-green release's active Service). It cannot send a share of the requests to a second
   * Service, so a canary release refuses it.
   */
  public static ingress(options: IngressRouteOptions): Router {
    return new Router(RouterKind.INGRESS, options);
  }

  /**
   * An Ingress served by ingress-nginx, in the 'nginx' IngressClass unless told otherwise. For
   * a canary release, a second Ingress with the controller's canary annotations sends the
   * canary its share (weight, header, cookie, sticky sessions).
   */
  public static ingressNginx(options: IngressNginxRouteOptions): Router {
    return new Router(RouterKind.INGRESS_NGINX, options);
  }

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
    const route = resolveRoute(scope, prop, { ...o, className: o.className ?? (this.kind === RouterKind.INGRESS_NGINX ? 'nginx' : undefined) });
    const name = o.name ?? target.backend.name;
    if (typeof name !== 'string' || !isDnsLabel(name)) {
      throw invalidProp(scope, { prop: `${prop}.name`, value: name, problem: `an Ingress name must be ${DNS_LABEL_RULE}`, fix: `set ${prop}.name to a valid name, or leave it out` });
    }
    return {
      mainName: name,
      render: (into: Construct) => ({
        main: new KubeObject(into, 'Ingress', ingressManifest({
          name,
          namespace: target.namespace,
          labels: target.labels,
          annotations: o.annotations,
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
        fix: `use Router.ingressNginx({ host: ${JSON.stringify(this.options.host)} }) for a canary`,
      });
    }
    return new IngressNginxSplitter(scope, prop, this.options);
  }
}

/** Refuses anything but a `Router` where a construct takes one (JavaScript users get no type check). */
export function checkRouter(scope: Construct, prop: string, router: unknown): Router {
  if (!(router instanceof Router)) {
    throw invalidProp(scope, {
      prop,
      value: router,
      problem: 'the router says how users\' requests reach the release',
      fix: `write ${prop}: Router.ingressNginx({ host: 'shop.example.com' }) (or Router.ingress(...) for any Ingress controller)`,
    });
  }
  return router;
}
