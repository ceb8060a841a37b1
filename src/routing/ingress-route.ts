import { HttpIngressPathType } from '../core/ingress-path-type';

/**
 * An Ingress route in front of a release: one host and one path. Pass it to
 * `Router.ingress(...)` or `Router.ingressNginx(...)`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
export interface IngressRouteOptions {
  /**
   * The host name users reach the app at (`shop.example.com`, or `*.example.com`).
   */
  readonly host: string;

  /**
   * The path, starting with "/".
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How the path is matched.
   *
   * @default HttpIngressPathType.PREFIX
   */
  readonly pathType?: HttpIngressPathType;

  /**
   * The IngressClass that serves the route.
   *
   * @default - `Router.ingress`: the cluster's default IngressClass; `Router.ingressNginx`: 'nginx'
   */
  readonly className?: string;

  /**
   * Name of a Secret with the TLS certificate for `host`, on the Ingress that users' traffic
   * enters through.
   *
   * @default - no TLS
   */
  readonly tlsSecretName?: string;

  /**
   * Annotations of the Ingress users' traffic enters through (for example the controller's
   * timeouts). With a canary they apply to canary requests too.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Name of the Ingress users' traffic enters through.
   *
   * @default - the name of the Service it routes to (the active Service, or the stable one)
   */
  readonly name?: string;
}

/**
 * An Ingress route served by ingress-nginx, which can also send a share of the requests to a
 * canary through a second, canary Ingress.
 *
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
 */
export interface IngressNginxRouteOptions extends IngressRouteOptions {
  /**
   * Name of the canary Ingress. Only a `CanaryIngress` has one; elsewhere it is refused.
   *
   * @default - the name of the canary Service
   */
  readonly canaryName?: string;

  /**
   * Prefix of the controller's annotations, for controllers started with another
   * `--annotations-prefix`. The canary annotations use it, and canary annotations under it in
   * `annotations` are refused.
   *
   * @default 'nginx.ingress.kubernetes.io'
   */
  readonly annotationPrefix?: string;
}
