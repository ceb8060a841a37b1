import * as kplus from 'cdk8s-plus-28';

/**
 * An Ingress route in front of a Service: one host and one path.
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
  readonly pathType?: kplus.HttpIngressPathType;

  /**
   * The IngressClass that serves the route.
   *
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;

  /**
   * Name of a Secret with the TLS certificate for `host`.
   *
   * @default - no TLS
   */
  readonly tlsSecretName?: string;

  /**
   * Annotations of the Ingress (for example the controller's timeouts).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Name of the Ingress.
   *
   * @default - the name of the Service it routes to
   */
  readonly name?: string;
}
