import { ApiObject, Chart, ChartProps, Duration, Size, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigName, GracefulDeployment, KubernetesVersion, Probe, Volume, EnvValue } from '../src';

/** The port the app serves on; Envoy reaches it over the pod's loopback. */
const APP_PORT = 8080;
/** Envoy's admin interface: on loopback only, it can stop the proxy. */
const ENVOY_ADMIN_PORT = 9901;
/** Envoy's listener in front of the app. */
const ENVOY_PORT = 10000;
/** A listener that serves only the admin interface's /ready, for the kubelet's probe. */
const ENVOY_READY_PORT = 9902;

/** An Envoy cluster of one local endpoint. */
function localCluster(name: string, port: number) {
  return {
    name,
    type: 'STATIC',
    load_assignment: {
      cluster_name: name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: port } } } }] }],
    },
  };
}

/** An Envoy HTTP listener on every address that sends the matching requests to one cluster. */
function httpListener(name: string, port: number, match: { prefix?: string; path?: string }, cluster: string) {
  return {
    name,
    address: { socket_address: { address: '0.0.0.0', port_value: port } },
    filter_chains: [{
      filters: [{
        name: 'envoy.filters.network.http_connection_manager',
        typed_config: {
          '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
          'stat_prefix': name,
          'route_config': { virtual_hosts: [{ name, domains: ['*'], routes: [{ match, route: { cluster } }] }] },
          'http_filters': [{ name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } }],
        },
      }],
    }],
  };
}

/**
 * Envoy's bootstrap: a listener in front of the app, and the admin interface's /ready (which
 * answers 503 once Envoy drains) exposed on a port of its own for the readiness probe, while
 * the rest of the admin interface stays on loopback.
 */
const ENVOY_YAML = Yaml.stringify({
  admin: { address: { socket_address: { address: '127.0.0.1', port_value: ENVOY_ADMIN_PORT } } },
  static_resources: {
    listeners: [
      httpListener('ingress', ENVOY_PORT, { prefix: '/' }, 'payments-api'),
      httpListener('readiness', ENVOY_READY_PORT, { path: '/ready' }, 'envoy-admin'),
    ],
    clusters: [localCluster('payments-api', APP_PORT), localCluster('envoy-admin', ENVOY_ADMIN_PORT)],
  },
});

/**
 * A service as real applications run it: configuration from a ConfigMap named after its content
 * (a change is a new ConfigMap, which only the new pods read) and a Secret, a writable cache on a
 * read-only root filesystem, a numeric non-root user, an Envoy sidecar in front of the app, a
 * private registry, and replicas spread across nodes and zones (the default).
 */
export class PaymentsApi extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'payments', ...props });

    const data = { 'LOG_LEVEL': 'info', 'envoy.yaml': ENVOY_YAML };
    const configName = ConfigName.hashed('payments-api-config', data);
    const config = new ApiObject(this, 'config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      // Argo CD prunes the previous ConfigMap only after the new pods are healthy.
      metadata: { name: configName, namespace: 'payments', annotations: { 'argocd.argoproj.io/sync-options': 'PruneLast=true' } },
      data,
    });
    const cache = Volume.emptyDir('cache', { sizeLimit: Size.gibibytes(1) });
    const envoyConfig = Volume.configMap('envoy-config', configName, { items: { 'envoy.yaml': 'envoy.yaml' } });

    new GracefulDeployment(this, 'api', {
      app: 'payments-api',
      namespace: 'payments',
      kubernetesVersion: KubernetesVersion.V1_30,
      replicas: 3,
      drainTimeout: Duration.seconds(20),
      podSecurity: { user: 10001, group: 10001, fsGroup: 10001 },
      imagePullSecrets: ['registry-credentials'],
      // Mounted, so named after its content (ConfigName.hashed), which the check here requires.
      rolloutOnChangeOf: [config],
      labels: { team: 'payments' },
      containers: [{
        image: 'registry.example.com/payments-api:5.2.1',
        port: APP_PORT,
        readiness: Probe.httpGet('/ready'),
        liveness: Probe.httpGet('/healthz', { period: Duration.seconds(20) }),
        envFrom: [{ configMap: configName }, { secret: 'payments-api-secrets' }],
        env: {
          DB_HOST: EnvValue.fromValue('payments-db.payments.svc'),
          DATABASE_URL: EnvValue.fromValue('postgres://$(DB_HOST):5432/payments'),
        },
        mounts: [{ volume: cache, path: '/var/cache/payments' }],
      }],
      sidecars: [{
        name: 'envoy',
        image: 'envoyproxy/envoy:v1.31.2',
        port: ENVOY_PORT,
        portName: 'envoy',
        readiness: Probe.httpGet('/ready', { port: ENVOY_READY_PORT }),
        // The image's command reads /etc/envoy/envoy.yaml.
        mounts: [{ volume: envoyConfig, path: '/etc/envoy', readOnly: true }],
      }],
      service: { port: 80 },
    });
  }
}
