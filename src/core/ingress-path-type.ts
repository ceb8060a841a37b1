/**
 * How an Ingress path is matched (`pathType`). The same members and values as cdk8s-plus's
 * `HttpIngressPathType`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
 */
export enum HttpIngressPathType {
  /** The path split by "/" matches element by element as a prefix. */
  PREFIX = 'Prefix',
  /** The path matches exactly, case-sensitively. */
  EXACT = 'Exact',
  /** Matching is up to the IngressClass. */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}
