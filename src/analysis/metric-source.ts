import { IConstruct } from 'constructs';
import { invalidProp } from '../core/errors';
import { checkArgs } from '../core/jsii-props';
import { DNS_LABEL_RULE, isDnsLabel } from '../core/names';
import { ReleaseSelectors } from '../release-target';
import { BoundSource, quote } from './_promql';

/**
 * Options for `MetricSource.ingressNginx`.
 */
export interface IngressNginxMetricsOptions {
  /**
   * The metric label that holds the Ingress's namespace. ingress-nginx writes it as `namespace`,
   * but a scrape that adds its own `namespace` target label (a ServiceMonitor or PodMonitor of
   * the Prometheus operator, as kube-prometheus-stack and the ingress-nginx chart set up) keeps
   * the controller's value as `exported_namespace` unless `honorLabels: true`: the scraped
   * `namespace` is then the controller's own namespace. Set `'namespace'` for a scrape with
   * `honorLabels: true` (or `honor_labels: true`).
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config
   * @default 'exported_namespace'
   */
  readonly namespaceLabel?: string;

  /**
   * The request counter.
   *
   * @default 'nginx_ingress_controller_requests'
   */
  readonly requestsMetric?: string;

  /**
   * The request duration histogram's buckets.
   *
   * @default 'nginx_ingress_controller_request_duration_seconds_bucket'
   */
  readonly durationBucketMetric?: string;
}

/**
 * Options for `MetricSource.application`.
 */
export interface ApplicationMetricsOptions {
  /**
   * The request counter the application exports.
   *
   * @default 'http_requests_total'
   */
  readonly requestsMetric?: string;

  /**
   * The request duration histogram's buckets.
   *
   * @default 'http_request_duration_seconds_bucket'
   */
  readonly durationBucketMetric?: string;

  /**
   * The metric label that holds the HTTP status code.
   *
   * @default 'code'
   */
  readonly statusLabel?: string;

  /**
   * The metric label that holds the version (the pod's colour or track label). Pod labels
   * reach metrics through the scrape config, which replaces characters other than letters,
   * digits and "_" with "_" (a PodMonitor's `podTargetLabels` does this).
   *
   * @default - the release's version label key with such characters replaced, e.g. `color`
   */
  readonly versionLabel?: string;

  /**
   * The metric label that holds the app name.
   *
   * @default - the release's app label key with such characters replaced, e.g. `app_kubernetes_io_name`
   */
  readonly appLabel?: string;

  /**
   * The metric label that holds the pod's namespace.
   *
   * @default 'namespace'
   */
  readonly namespaceLabel?: string;
}

/**
 * Which Istio proxy's report of a request `MetricSource.istio` counts. Every Istio proxy a
 * request passes reports it once, with its own `reporter` label (istio/proxy
 * `source/extensions/filters/http/istio_stats/istio_stats.cc`: a client sidecar or gateway
 * writes `source`, an ambient waypoint `waypoint`, a server sidecar `destination`), so a query
 * that mixed them would count a request twice.
 *
 * The server sidecar's report is not offered: it names the destination Service after its inbound
 * cluster or, failing that, the request's Host header, which is the name the caller used (the
 * stable Service's, or the public host name), not the Service the route sent the request to. It
 * could file the canary's requests under stable.
 */
export enum IstioReporter {
  /**
   * The proxy that sent the request: an Istio gateway serving a Gateway API `Gateway`, or the
   * calling pod's sidecar inside the mesh. It names the Service from the cluster it sent the
   * request to, and also counts the requests that never reached a pod of that Service (no ready
   * endpoint, connection failure, upstream timeout), which it answers itself with a 5xx. Callers
   * without a proxy are not counted.
   */
  SOURCE = 'source',
  /**
   * The waypoint proxy of ambient mode. Without a waypoint ambient mode has no request metrics
   * at all (ztunnel counts connections only).
   */
  WAYPOINT = 'waypoint',
}

/**
 * Options for `MetricSource.istio`.
 */
export interface IstioMetricsOptions {
  /**
   * Which proxy's report of a request is counted. The default counts what users saw at the
   * edge (the Istio gateway of a Gateway API route) and east-west callers with sidecars, errors
   * the Service's pods never saw included.
   *
   * @default IstioReporter.SOURCE
   */
  readonly reporter?: IstioReporter;

  /**
   * Judge a gRPC service (a GRPCRoute's backends) by its gRPC status instead of the HTTP status.
   * gRPC answers a failed call with HTTP 200 and the failure in `grpc-status`, so its HTTP 5xx
   * share stays near 0 whatever happens; Istio records the status in `grpc_response_status`,
   * mapped from the HTTP status when the proxy answered itself. The failures counted are the
   * codes `google.rpc.Code` maps to HTTP 5xx (googleapis `google/rpc/code.proto`): UNKNOWN (2),
   * DEADLINE_EXCEEDED (4), UNIMPLEMENTED (12), INTERNAL (13), UNAVAILABLE (14) and DATA_LOSS (15).
   *
   * @default false
   */
  readonly grpc?: boolean;

  /**
   * The request counter.
   *
   * @default 'istio_requests_total'
   */
  readonly requestsMetric?: string;

  /**
   * The request duration histogram's buckets, in milliseconds as Istio's own.
   *
   * @default 'istio_request_duration_milliseconds_bucket'
   */
  readonly durationBucketMetric?: string;
}

enum SourceKind { INGRESS_NGINX, APPLICATION, ISTIO }

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Where the requests of the two versions are counted and timed.
 *
 * - `MetricSource.ingressNginx()`: the ingress-nginx controller's metrics. ingress-nginx
 *   labels a request it sent to a canary Ingress's backend with `canary="<namespace>-<service>-<port>"`
 *   and every other request with `canary=""`; both carry the main Ingress's name in `ingress`.
 *   Needs a release with a canary Ingress.
 * - `MetricSource.application()`: the application's own metrics, told apart by a version label
 *   (the colour of a blue-green release, the track of a canary).
 * - `MetricSource.istio()`: Istio's standard request metrics, told apart by the Service the
 *   request was sent to (`destination_service_name`): the release's stable and canary Services.
 *   Works with any router whose proxies are Istio's: a Gateway API route on an Istio gateway, a
 *   mesh (GAMMA) route, or plain Service calls between sidecars.
 */
export class MetricSource {
  /**
   * The ingress-nginx controller's request metrics.
   *
   * @see https://kubernetes.github.io/ingress-nginx/user-guide/monitoring/
   */
  public static ingressNginx(options: IngressNginxMetricsOptions = {}): MetricSource {
    checkArgs(undefined, 'MetricSource', 'ingressNginx', [options]);
    return new MetricSource(SourceKind.INGRESS_NGINX, options);
  }

  /**
   * The application's own request metrics, with a version label.
   */
  public static application(options: ApplicationMetricsOptions = {}): MetricSource {
    checkArgs(undefined, 'MetricSource', 'application', [options]);
    return new MetricSource(SourceKind.APPLICATION, options);
  }

  /**
   * Istio's standard request metrics (`istio_requests_total`,
   * `istio_request_duration_milliseconds`), which every Istio proxy exports: the gateway of a
   * Gateway API route, the sidecars of a mesh, ambient mode's waypoints.
   *
   * @see https://istio.io/latest/docs/reference/config/metrics/
   */
  public static istio(options: IstioMetricsOptions = {}): MetricSource {
    checkArgs(undefined, 'MetricSource', 'istio', [options]);
    return new MetricSource(SourceKind.ISTIO, options);
  }

  private constructor(
    private readonly kind: SourceKind,
    private readonly options: IngressNginxMetricsOptions | ApplicationMetricsOptions | IstioMetricsOptions,
  ) {}

  /**
   * Checks the options and renders the label matchers of both versions.
   *
   * @internal
   */
  public _bind(scope: IConstruct, prop: string, release: ReleaseSelectors): BoundSource {
    const name = (key: string, fallback: string, pattern: RegExp, what: string): string => {
      const value = (this.options as { readonly [option: string]: unknown })[key] ?? fallback;
      if (typeof value !== 'string' || !pattern.test(value)) {
        throw invalidProp(scope, { prop: `${prop}.${key}`, value, problem: `a Prometheus ${what} is letters, digits and "_"${what === 'metric name' ? ' or ":"' : ''}, not starting with a digit`, fix: `write the ${what} as Prometheus shows it` });
      }
      return value;
    };
    const metric = (key: string, fallback: string) => name(key, fallback, METRIC_NAME, 'metric name');
    const label = (key: string, fallback: string) => name(key, fallback, LABEL_NAME, 'label name');

    if (this.kind === SourceKind.INGRESS_NGINX) {
      if (!release.stableIngress || !release.canaryIngress) {
        throw invalidProp(scope, {
          prop,
          value: 'MetricSource.ingressNginx()',
          problem: `ingress-nginx only tells the versions apart when users' traffic reaches the canary through a canary Ingress, and this release has ${release.stableIngress ? 'no canary Ingress' : 'no Ingress'}`,
          fix: 'use MetricSource.application() and the version label on the application\'s metrics, or release through a CanaryIngress',
        });
      }
      const common = [`ingress=${quote(release.stableIngress)}`];
      if (release.namespace) { common.unshift(`${label('namespaceLabel', 'exported_namespace')}=${quote(release.namespace)}`); }
      return {
        requestsMetric: metric('requestsMetric', 'nginx_ingress_controller_requests'),
        durationBucketMetric: metric('durationBucketMetric', 'nginx_ingress_controller_request_duration_seconds_bucket'),
        serverError: 'status=~"5.."',
        canary: [...common, 'canary!=""'],
        stable: [...common, 'canary=""'],
        versionsServeTogether: release.versionsServeTogether ?? true,
        durationUnitsPerSecond: 1,
      };
    }

    if (this.kind === SourceKind.ISTIO) {
      return bindIstio(scope, release, this.options as IstioMetricsOptions, metric);
    }

    const app = label('appLabel', sanitize(release.appLabelKey));
    const version = label('versionLabel', sanitize(release.versionLabelKey));
    const common = [`${app}=${quote(release.app)}`];
    if (release.namespace) { common.unshift(`${label('namespaceLabel', 'namespace')}=${quote(release.namespace)}`); }
    return {
      requestsMetric: metric('requestsMetric', 'http_requests_total'),
      durationBucketMetric: metric('durationBucketMetric', 'http_request_duration_seconds_bucket'),
      serverError: `${label('statusLabel', 'code')}=~"5.."`,
      canary: [...common, `${version}=${quote(release.canaryVersion)}`],
      stable: [...common, `${version}=${quote(release.stableVersion)}`],
      versionsServeTogether: release.versionsServeTogether ?? true,
      durationUnitsPerSecond: 1,
    };
  }
}

/** A Kubernetes label key as a Prometheus label name, the way relabelling writes it. */
function sanitize(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * Istio's labels, as the proxy writes them (istio/proxy
 * `source/extensions/filters/http/istio_stats/istio_stats.cc`, `populatePeerInfo`): a gateway,
 * a client sidecar or a waypoint takes `destination_service` (the Service's host name,
 * `<name>.<namespace>.svc.<cluster domain>`) and `destination_service_name` from the metadata of
 * the cluster it sent the request to, so a request to a Service without ready endpoints still
 * carries them. `destination_service_namespace` is not used: a client reports the namespace of
 * the pod that answered ("unknown" when none did, as for those 503s), a waypoint its own.
 * `response_code` is the HTTP status (gRPC statuses are in `grpc_response_status`). These are
 * metric labels, not target labels, so a PodMonitor scrape keeps them as they are.
 */
function bindIstio(scope: IConstruct, release: ReleaseSelectors, options: IstioMetricsOptions,
  metric: (key: string, fallback: string) => string): BoundSource {
  // checkArgs refused a reporter that is not an IstioReporter member.
  const reporter = options.reporter ?? IstioReporter.SOURCE;
  for (const key of ['stableService', 'canaryService'] as const) {
    if (typeof release[key] !== 'string' || !isDnsLabel(release[key])) {
      throw invalidProp(scope, {
        prop: `target.releaseSelectors.${key}`,
        value: release[key],
        problem: `Istio tells the versions apart by the Service a request was sent to, and a Service name is ${DNS_LABEL_RULE}`,
        fix: 'give the release the names of the Services in front of each version',
      });
    }
  }
  if (release.stableService === release.canaryService) {
    throw invalidProp(scope, {
      prop: 'target.releaseSelectors.canaryService',
      value: release.canaryService,
      problem: 'Istio tells the versions apart by the Service a request was sent to, and both versions are behind this one',
      fix: 'use MetricSource.application() and the version label on the application\'s metrics, or put each version behind its own Service',
    });
  }
  // Service and namespace names are DNS labels: only the dots need escaping in the regex.
  const service = (name: string) => release.namespace
    ? `destination_service=~${quote(`${name}\\.${release.namespace}\\.svc\\..+`)}`
    : `destination_service_name=${quote(name)}`;
  const common = [`reporter=${quote(reporter)}`];
  return {
    requestsMetric: metric('requestsMetric', 'istio_requests_total'),
    durationBucketMetric: metric('durationBucketMetric', 'istio_request_duration_milliseconds_bucket'),
    serverError: options.grpc ? 'grpc_response_status=~"2|4|12|13|14|15"' : 'response_code=~"5.."',
    canary: [...common, service(release.canaryService)],
    stable: [...common, service(release.stableService)],
    versionsServeTogether: release.versionsServeTogether ?? true,
    durationUnitsPerSecond: 1000,
  };
}
