/**
 * How a Service is exposed (`spec.type`). The same members and values as cdk8s-plus's
 * `ServiceType`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */
export enum ServiceType {
  /** A virtual IP reachable only inside the cluster. */
  CLUSTER_IP = 'ClusterIP',
  /** A ClusterIP plus a static port on every node. */
  NODE_PORT = 'NodePort',
  /** A NodePort plus a load balancer of the cloud provider. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A DNS CNAME to an external name; it has no pods and no selector. */
  EXTERNAL_NAME = 'ExternalName',
}
