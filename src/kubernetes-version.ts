/**
 * The Kubernetes minor version the synthesized manifests must be accepted by.
 *
 * Fields that only newer API servers know (such as the native `sleep` preStop action of 1.30)
 * are refused unless the target is new enough.
 */
export enum KubernetesVersion {
  /** Kubernetes 1.28, the oldest minor whose API the tests validate against (shared/k8s-openapi). */
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
  /**
   * Kubernetes 1.34: native `lifecycle.preStop.sleep` is GA (its feature gate can no longer be
   * switched off), so it is the default preStop hook from here on.
   */
  V1_34 = '1.34',
  /** Kubernetes 1.35, the default: see `DEFAULT_KUBERNETES_VERSION`. */
  V1_35 = '1.35',
  /** Kubernetes 1.36, the newest minor whose API the tests validate against (shared/k8s-openapi). */
  V1_36 = '1.36',
}

/**
 * The target when `kubernetesVersion` is left out: the oldest minor that EKS, GKE and AKS all
 * still keep in *standard* (not paid extended or LTS) support on 31 December 2026.
 *
 * 1.34 leaves standard support at GKE on 2026-10-01, at AKS at the end of November 2026 and at
 * EKS on 2026-12-02; 1.35 stays until 2027-03-27 (EKS), 2027-04-11 (GKE) and March 2027 (AKS).
 * Sources: docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (release calendar),
 * cloud.google.com/kubernetes-engine/docs/release-schedule, and
 * learn.microsoft.com/azure/aks/supported-kubernetes-versions (release calendar), read in 2026;
 * the EKS and GKE dates for 1.35 as endoflife.date copies them from those pages.
 */
export const DEFAULT_KUBERNETES_VERSION = KubernetesVersion.V1_35;

/** True when `version` is `minimum` or newer. */
export function isAtLeast(version: KubernetesVersion, minimum: KubernetesVersion): boolean {
  return minor(version) >= minor(minimum);
}

function minor(v: KubernetesVersion): number {
  return Number(v.split('.')[1]);
}
