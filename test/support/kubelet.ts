/**
 * The kubelet's non-root check, as it runs before it starts a container (kubernetes
 * pkg/kubelet/kuberuntime/security_context_others.go, `verifyRunAsNonRoot`, and
 * kuberuntime_container.go, `getImageUser`, read in November 2026):
 *
 * - the effective `runAsNonRoot` and `runAsUser` are the container's, else the pod's;
 * - without `runAsNonRoot: true` nothing is checked;
 * - with a `runAsUser`, only 0 is refused;
 * - otherwise the image's user decides: a numeric UID must not be 0, a user *name* cannot be
 *   verified and is refused, and an image with no USER at all counts as root.
 *
 * A refused container never starts: the pod reports CreateContainerConfigError.
 */

/** The USER of an image's config: a numeric UID, a name, or nothing (root). */
export interface ImageUser {
  readonly uid?: number;
  readonly username?: string;
}

interface SecurityFields { readonly runAsNonRoot?: boolean; readonly runAsUser?: number }

/** Why the kubelet would refuse to start the container, or undefined when it starts. */
export function nonRootRefusal(
  podSpec: { securityContext?: SecurityFields }, container: { name: string; securityContext?: SecurityFields }, image: ImageUser,
): string | undefined {
  const nonRoot = container.securityContext?.runAsNonRoot ?? podSpec.securityContext?.runAsNonRoot;
  if (nonRoot !== true) { return undefined; }
  const runAsUser = container.securityContext?.runAsUser ?? podSpec.securityContext?.runAsUser;
  if (runAsUser !== undefined) {
    return runAsUser === 0 ? `container ${container.name}: runAsUser 0 breaks the non-root policy` : undefined;
  }
  if (image.uid === undefined && image.username) {
    return `container ${container.name}: the image has the non-numeric user ${image.username}, which cannot be verified as non-root`;
  }
  if ((image.uid ?? 0) === 0) {
    return `container ${container.name}: the image would run as root`;
  }
  return undefined;
}
