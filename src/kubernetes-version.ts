/**
 * The Kubernetes minor version the synthesized manifests must be accepted by.
 *
 * Fields that only newer API servers know (such as the native `sleep` preStop action of 1.30)
 * are refused unless the target is new enough.
 */
export enum KubernetesVersion {
  /** Kubernetes 1.28, the API that cdk8s-plus-28 models. */
  V1_28 = '1.28',
  /** Kubernetes 1.29. */
  V1_29 = '1.29',
  /** Kubernetes 1.30: native `lifecycle.preStop.sleep` is on by default (beta). */
  V1_30 = '1.30',
  /** Kubernetes 1.31: `unhealthyPodEvictionPolicy` on PodDisruptionBudgets is GA. */
  V1_31 = '1.31',
  /** Kubernetes 1.32. */
  V1_32 = '1.32',
  /** Kubernetes 1.33. */
  V1_33 = '1.33',
  /** Kubernetes 1.34: native `lifecycle.preStop.sleep` is GA. */
  V1_34 = '1.34',
  /** Kubernetes 1.35. */
  V1_35 = '1.35',
  /** Kubernetes 1.36, the newest minor whose API the tests validate against (shared/k8s-openapi). */
  V1_36 = '1.36',
}

/** True when `version` is `minimum` or newer. */
export function isAtLeast(version: KubernetesVersion, minimum: KubernetesVersion): boolean {
  return minor(version) >= minor(minimum);
}

function minor(v: KubernetesVersion): number {
  return Number(v.split('.')[1]);
}
