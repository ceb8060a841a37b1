import { IConstruct } from 'constructs';
import { invalidProp } from '../core/errors';
import { checkArgs } from '../core/jsii-props';
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

enum SourceKind { INGRESS_NGINX, APPLICATION }

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

  private constructor(private readonly kind: SourceKind, private readonly options: IngressNginxMetricsOptions | ApplicationMetricsOptions) {}

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
      };
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
    };
  }
}

/** A Kubernetes label key as a Prometheus label name, the way relabelling writes it. */
function sanitize(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, '_');
}
