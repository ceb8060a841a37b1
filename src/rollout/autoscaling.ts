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
}
