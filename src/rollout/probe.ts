import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Probe as KubeProbe } from 'kubernetes-types/core/v1';
import { invalidProp, wholeSeconds } from '../core/errors';
import { checkArgs } from '../core/jsii-props';

/**
 * Timing of a probe. Every field left out keeps the Kubernetes default.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes
 */
export interface ProbeOptions {
  /**
   * The port to probe.
   *
   * @default - the container's `port`
   */
  readonly port?: number;

  /**
   * How often to probe.
   *
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;

  /**
   * How long one probe may take before it counts as failed.
   *
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;

  /**
   * Delay before the first probe. Prefer a startup probe over a long initial delay on a
   * liveness probe: the startup probe holds the other probes back only as long as needed.
   *
   * @default Duration.seconds(0)
   */
  readonly initialDelay?: Duration;

  /**
   * Consecutive failures after which the probe counts as failed.
   *
   * @default 3
   */
  readonly failureThreshold?: number;

  /**
   * Consecutive successes after which a failed probe counts as passing again
   * (must be 1 for liveness and startup probes).
   *
   * @default 1
   */
  readonly successThreshold?: number;
}

/**
 * The scheme of an HTTP probe or preStop call.
 */
export enum HttpScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS; the kubelet does not verify the certificate, so self-signed ones work. */
  HTTPS = 'HTTPS',
}

/**
 * Options for `Probe.httpGet`.
 */
export interface HttpProbeOptions extends ProbeOptions {
  /**
   * HTTP or HTTPS. Use HTTPS for ports that only speak TLS: an HTTP request to them fails.
   *
   * @default HttpScheme.HTTP
   */
  readonly scheme?: HttpScheme;
}

/**
 * Options for `Probe.grpc`.
 */
export interface GrpcProbeOptions extends ProbeOptions {
  /**
   * The service name sent in the gRPC health check request.
   *
   * @see https://github.com/grpc/grpc/blob/master/doc/health-checking.md
   * @default - the server's overall health (empty service name)
   */
  readonly service?: string;
}

enum ProbeKind { HTTP_GET, TCP_SOCKET, GRPC, COMMAND }

/**
 * A readiness, liveness or startup check of a container.
 */
export class Probe {
  /**
   * Probe with an HTTP GET; any status from 200 to 399 passes.
   *
   * @param path the request path, starting with "/"
   */
  public static httpGet(path: string, options: HttpProbeOptions = {}): Probe {
    checkArgs(undefined, 'Probe', 'httpGet', [path, options]);
    return new Probe(ProbeKind.HTTP_GET, options, path);
  }

  /**
   * Probe with the standard gRPC health checking protocol (`grpc.health.v1.Health/Check`); the
   * server must implement it. Kubernetes 1.27 or later.
   */
  public static grpc(options: GrpcProbeOptions = {}): Probe {
    checkArgs(undefined, 'Probe', 'grpc', [options]);
    return new Probe(ProbeKind.GRPC, options);
  }

  /**
   * Probe by opening a TCP connection. Weaker than an HTTP check: it passes as soon as the
   * port accepts connections, even if the application cannot serve yet.
   */
  public static tcpSocket(options: ProbeOptions = {}): Probe {
    checkArgs(undefined, 'Probe', 'tcpSocket', [options]);
    return new Probe(ProbeKind.TCP_SOCKET, options);
  }

  /**
   * Probe by running a command in the container; exit status 0 passes.
   */
  public static command(command: string[], options: ProbeOptions = {}): Probe {
    checkArgs(undefined, 'Probe', 'command', [command, options]);
    return new Probe(ProbeKind.COMMAND, options, undefined, command);
  }

  private constructor(
    private readonly kind: ProbeKind,
    private readonly options: HttpProbeOptions & GrpcProbeOptions,
    private readonly path?: string,
    private readonly command?: string[],
  ) {}

  /**
   * Renders the probe for a container, refusing what the API server would reject.
   *
   * @internal
   */
  public _render(scope: IConstruct, prop: string, containerPort: number | undefined, readiness: boolean): KubeProbe {
    const o = this.options;
    const out: KubeProbe = {};
    const port = o.port ?? containerPort;
    switch (this.kind) {
      case ProbeKind.HTTP_GET:
        if (!this.path || !this.path.startsWith('/')) {
          throw invalidProp(scope, { prop: `${prop} path`, value: this.path, problem: 'an HTTP probe path must start with "/"', fix: `write Probe.httpGet('/${this.path ?? ''}')` });
        }
        out.httpGet = { path: this.path, port: requirePort(scope, prop, port), scheme: o.scheme === HttpScheme.HTTPS ? 'HTTPS' : undefined };
        break;
      case ProbeKind.GRPC:
        out.grpc = { port: requirePort(scope, prop, port), service: o.service };
        break;
      case ProbeKind.TCP_SOCKET:
        out.tcpSocket = { port: requirePort(scope, prop, port) };
        break;
      case ProbeKind.COMMAND:
        if (!this.command || this.command.length === 0) {
          throw invalidProp(scope, { prop: `${prop} command`, value: this.command, problem: 'a command probe needs a command to run', fix: "give the command and its arguments, e.g. Probe.command(['/bin/healthcheck'])" });
        }
        out.exec = { command: [...this.command] };
        break;
    }
    const seconds = (name: string, d: Duration | undefined, min: number): number | undefined => {
      if (d === undefined) { return undefined; }
      const s = wholeSeconds(d);
      if (s === undefined || s < min) {
        throw invalidProp(scope, { prop: `${prop}.${name}`, value: d, problem: `probe timings are whole seconds of at least ${min}`, fix: `use Duration.seconds(n) with n >= ${min}` });
      }
      return s;
    };
    out.initialDelaySeconds = seconds('initialDelay', o.initialDelay, 0);
    out.periodSeconds = seconds('period', o.period, 1);
    out.timeoutSeconds = seconds('timeout', o.timeout, 1);
    for (const name of ['failureThreshold', 'successThreshold'] as const) {
      const v = o[name];
      if (v === undefined) { continue; }
      if (!Number.isInteger(v) || v < 1) {
        throw invalidProp(scope, { prop: `${prop}.${name}`, value: v, problem: 'a probe threshold is a whole number of at least 1', fix: `set ${name} to 1 or more` });
      }
      if (name === 'successThreshold' && !readiness && v !== 1) {
        throw invalidProp(scope, { prop: `${prop}.${name}`, value: v, problem: 'Kubernetes accepts only 1 for liveness and startup probes', fix: 'leave successThreshold out, or set it to 1' });
      }
      out[name] = v;
    }
    return out;
  }
}

function requirePort(scope: IConstruct, prop: string, port: number | undefined): number {
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidProp(scope, { prop: `${prop} port`, value: port, problem: 'an HTTP, TCP or gRPC probe needs a port from 1 to 65535', fix: 'set the container `port`, or `port` in the probe options' });
  }
  return port;
}
