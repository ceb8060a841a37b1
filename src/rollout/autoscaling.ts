/**
 * A HorizontalPodAutoscaler for a Deployment. While it is on, the Deployment's manifest
 * carries no `replicas` field, so a GitOps sync never fights the autoscaler.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingOptions {
  /**
   * Fewest pods. At least 2 keeps a pod serving while another is replaced or evicted.
   *
   * @default 2
   */
  readonly minReplicas?: number;

  /**
   * Most pods.
   */
  readonly maxReplicas: number;

  /**
   * Target average CPU use, as a percentage of the pods' CPU requests.
   *
   * @default 70
   */
  readonly cpuUtilization?: number;

  /**
   * Target average memory use, as a percentage of the pods' memory requests.
   *
   * @default - memory is not a scaling metric
   */
  readonly memoryUtilization?: number;

  /**
   * The first commit of a switch to autoscaling: the Deployment keeps `replicas` at this value
   * beside the new autoscaler. Dropping `spec.replicas` in the commit that adds the autoscaler
   * makes the API server default it to 1 on apply, and all pods but one stop until the
   * autoscaler reacts (Kubernetes HPA docs, "Migrating Deployments and StatefulSets to
   * horizontal autoscaling"). Remove this in a later commit, once the field is handed over to
   * the autoscaler (`kubectl apply edit-last-applied`, or a server-side apply field-manager
   * handover); `cdk8s-zero-downtime check` refuses the one-commit switch.
   *
   * @default - no replicas field: the autoscaler owns the count
   */
  readonly handoverReplicas?: number;
}
