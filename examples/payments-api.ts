import { ApiObject, Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GracefulDeployment, KubernetesVersion, Probe, Volume } from '../src';

/**
 * A service as real applications run it: configuration from a ConfigMap (its changes roll the
 * pods out) and a Secret, a writable cache on a read-only root filesystem, a numeric non-root
 * user, an Envoy sidecar in front of the app, a private registry, and replicas spread across
 * nodes and zones (the default).
 */
export class PaymentsApi extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'payments', ...props });

    const config = new ApiObject(this, 'config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'payments-api-config', namespace: 'payments' },
      data: { 'LOG_LEVEL': 'info', 'envoy.yaml': 'static_resources: {}\n' },
    });
    const cache = Volume.emptyDir('cache', { sizeLimit: Size.gibibytes(1) });
    const envoyConfig = Volume.configMap('envoy-config', 'payments-api-config', { items: { 'envoy.yaml': 'envoy.yaml' } });

    new GracefulDeployment(this, 'api', {
      app: 'payments-api',
      namespace: 'payments',
      kubernetesVersion: KubernetesVersion.V1_30,
      replicas: 3,
      drainTimeout: Duration.seconds(20),
      podSecurity: { user: 10001, group: 10001, fsGroup: 10001 },
      imagePullSecrets: ['registry-credentials'],
      rolloutOnChangeOf: [config],
      labels: { team: 'payments' },
      containers: [{
        image: 'registry.example.com/payments-api:5.2.1',
        port: 8080,
        readiness: Probe.httpGet('/ready'),
        liveness: Probe.httpGet('/healthz', { period: Duration.seconds(20) }),
        envFrom: [{ configMap: 'payments-api-config' }, { secret: 'payments-api-secrets' }],
        env: {
          DB_HOST: kplus.EnvValue.fromValue('payments-db.payments.svc'),
          DATABASE_URL: kplus.EnvValue.fromValue('postgres://$(DB_HOST):5432/payments'),
        },
        mounts: [{ volume: cache, path: '/var/cache/payments' }],
      }],
      sidecars: [{
        name: 'envoy',
        image: 'envoyproxy/envoy:v1.31.2',
        port: 9901,
        portName: 'envoy-admin',
        readiness: Probe.httpGet('/ready', { port: 9901 }),
        mounts: [{ volume: envoyConfig, path: '/etc/envoy', readOnly: true }],
      }],
      service: { port: 80 },
    });
  }
}
