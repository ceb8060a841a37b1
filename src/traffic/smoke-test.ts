import { Duration } from 'cdk8s';
import { EnvValue } from '../core/env-value';
import { GitOpsHook } from '../gitops-hook';

/**
 * A Job that tests the idle colour through the preview Service before anyone flips to it.
 * The Job gets `PREVIEW_URL` (for example `http://api-preview:80`) in its environment; it
 * passes when its command exits 0.
 */
export interface SmokeTestOptions {
  /**
   * The image that runs the test, pinned by tag or digest.
   */
  readonly image: string;

  /**
   * The test command.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments to the command.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Further environment variables.
   *
   * @default - only PREVIEW_URL
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * Numeric user ID the test runs as. The pod runs as non-root, and the kubelet only starts a
   * container whose user it can see is not root: an image whose USER is a name (such as
   * `curlimages/curl`'s `curl_user`) or unset is refused unless a numeric user is set here.
   * Any non-zero ID works for images that need no particular user.
   *
   * @default 65534 (the conventional "nobody")
   */
  readonly user?: number;

  /**
   * Numeric group ID the test runs as.
   *
   * @default 65534
   */
  readonly group?: number;

  /**
   * Which GitOps tool runs the Job, and how.
   *
   * @default GitOpsHook.ARGO_CD_POST_SYNC
   */
  readonly hook?: GitOpsHook;

  /**
   * How many times a failed test is retried.
   *
   * @default 1
   */
  readonly backoffLimit?: number;

  /**
   * How long the Job may run in all, retries included, before it fails.
   *
   * @default Duration.minutes(5)
   */
  readonly activeDeadline?: Duration;
}
