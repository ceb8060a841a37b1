import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { LifecycleHandler } from 'kubernetes-types/core/v1';
import { formatDuration, invalidProp, Shown, wholeSeconds } from '../core/errors';
import { checkArgs } from '../core/jsii-props';
import { isAtLeast, KubernetesVersion } from '../kubernetes-version';
import { HttpScheme } from './probe';

/**
 * Options for `PreStop.httpGet`.
 */
export interface PreStopHttpGetOptions {
  /**
   * How long the endpoint takes to answer. The endpoint should wait this long before it
   * returns, so that load balancers stop sending new requests first; the termination grace
   * period is sized from it.
   */
  readonly duration: Duration;

  /**
   * The port to call.
   *
   * @default - the container's `port`
   */
  readonly port?: number;

  /**
   * HTTP or HTTPS, for ports that only speak TLS.
   *
   * @default HttpScheme.HTTP
   */
  readonly scheme?: HttpScheme;
}

enum PreStopKind { EXEC_SLEEP, NATIVE_SLEEP, HTTP_GET, COMMAND }

/**
 * What a container does between being told to stop and receiving SIGTERM.
 *
 * Endpoint removal and SIGTERM start at the same moment, and ingress controllers and
 * kube-proxy take a few seconds to stop routing to the pod. A preStop delay keeps the container
 * serving during that window. Which to use:
 *
 * - `PreStop.execSleep()`: runs `sleep N` in the container. Needs a `sleep` binary: distroless
 *   and scratch images have none, the hook then fails and the delay silently disappears.
 * - `PreStop.nativeSleep()`: the kubelet waits, nothing runs in the container. Works with any
 *   image, including distroless. Needs Kubernetes 1.30 or later.
 * - `PreStop.httpGet()`: calls an endpoint of the application that waits before it answers.
 *   For distroless images on clusters older than 1.30.
 * - `PreStop.command()`: any command of the image, for images that ship their own tooling.
 *
 * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
 */
export class PreStop {
  /**
   * Run `sleep <seconds>` in the container. Needs a `sleep` binary in the image.
   *
   * @param delay how long to keep serving after being told to stop
   * @default Duration.seconds(10)
   */
  public static execSleep(delay: Duration = Duration.seconds(10)): PreStop {
    checkArgs(undefined, 'PreStop', 'execSleep', [delay]);
    return new PreStop(PreStopKind.EXEC_SLEEP, delay);
  }

  /**
   * Let the kubelet wait (`lifecycle.preStop.sleep`); nothing runs in the container, so it
   * works with distroless and scratch images. Needs `kubernetesVersion` 1.30 or later.
   *
   * @param delay how long to keep serving after being told to stop
   * @default Duration.seconds(10)
   */
  public static nativeSleep(delay: Duration = Duration.seconds(10)): PreStop {
    checkArgs(undefined, 'PreStop', 'nativeSleep', [delay]);
    return new PreStop(PreStopKind.NATIVE_SLEEP, delay);
  }

  /**
   * Call an HTTP endpoint of the application that waits `options.duration` before answering.
   *
   * @param path the request path, starting with "/"
   */
  public static httpGet(path: string, options: PreStopHttpGetOptions): PreStop {
    checkArgs(undefined, 'PreStop', 'httpGet', [path, options]);
    return new PreStop(PreStopKind.HTTP_GET, options.duration, path, undefined, options.port, options.scheme);
  }

  /**
   * Run a command of the image that returns after about `duration`.
   *
   * @param command the command and its arguments
   * @param duration how long the command takes; the grace period is sized from it
   */
  public static command(command: string[], duration: Duration): PreStop {
    checkArgs(undefined, 'PreStop', 'command', [command, duration]);
    return new PreStop(PreStopKind.COMMAND, duration, undefined, command);
  }

  /**
   * How long the container keeps serving after being told to stop.
   */
  public readonly delay: Duration;

  private constructor(
    private readonly kind: PreStopKind,
    delay: Duration,
    private readonly path?: string,
    private readonly command?: string[],
    private readonly port?: number,
    private readonly scheme?: HttpScheme,
  ) {
    this.delay = delay;
  }

  /**
   * Renders the `lifecycle.preStop` handler, refusing what the target API server would reject.
   *
   * @internal
   */
  public _render(scope: IConstruct, prop: string, containerPort: number | undefined, version: KubernetesVersion): LifecycleHandler {
    const seconds = wholeSeconds(this.delay);
    if (seconds === undefined || seconds < 1) {
      throw invalidProp(scope, {
        prop,
        value: this.delay,
        problem: 'the preStop delay must be whole seconds and at least 1s, or the pod stops serving before load balancers have removed it',
        fix: 'use a delay of 5 to 15 seconds, e.g. PreStop.execSleep(Duration.seconds(10))',
      });
    }
    switch (this.kind) {
      case PreStopKind.EXEC_SLEEP:
        return { exec: { command: ['sleep', String(seconds)] } };
      case PreStopKind.NATIVE_SLEEP:
        if (!isAtLeast(version, KubernetesVersion.V1_30)) {
          throw invalidProp(scope, {
            prop,
            value: new Shown(`PreStop.nativeSleep(${formatDuration(this.delay)}) with kubernetesVersion ${version}`),
            problem: 'the native sleep action exists only from Kubernetes 1.30; older API servers reject it',
            fix: 'set kubernetesVersion: KubernetesVersion.V1_30 or later if the cluster runs 1.30+, or use PreStop.execSleep() (image needs a sleep binary) or PreStop.httpGet()',
          });
        }
        return { sleep: { seconds } };
      case PreStopKind.HTTP_GET: {
        const port = this.port ?? containerPort;
        if (!this.path?.startsWith('/')) {
          throw invalidProp(scope, { prop: `${prop} path`, value: this.path, problem: 'an HTTP preStop path must start with "/"', fix: `write PreStop.httpGet('/${this.path ?? ''}', ...)` });
        }
        if (port === undefined) {
          throw invalidProp(scope, { prop: `${prop} port`, value: port, problem: 'an HTTP preStop hook needs a port', fix: 'set the container `port`, or `port` in the PreStop.httpGet options' });
        }
        return { httpGet: { path: this.path, port, scheme: this.scheme === HttpScheme.HTTPS ? 'HTTPS' : undefined } };
      }
      case PreStopKind.COMMAND:
        if (!this.command || this.command.length === 0) {
          throw invalidProp(scope, { prop: `${prop} command`, value: this.command, problem: 'a command preStop hook needs a command', fix: "give the command and its arguments, e.g. PreStop.command(['/app/drain'], Duration.seconds(10))" });
        }
        return { exec: { command: [...this.command] } };
    }
  }
}
