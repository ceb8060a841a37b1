import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { GracefulDeployment, KubernetesVersion, PreStop, Probe, EnvValue, PercentOrAbsolute } from '../src';

/**
 * Distroless images have no `sleep` binary. From Kubernetes 1.34 (and so on the default target,
 * 1.35) every container waits with the kubelet's native sleep action, which needs no binary, so
 * nothing has to be set. On 1.30 to 1.33 ask for it; on older clusters the application waits in
 * an HTTP preStop endpoint.
 */
export class Distroless extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new GracefulDeployment(this, 'ledger', {
      app: 'ledger',
      // Two Deployments of one app: each has a role, so their selectors never overlap.
      role: 'api',
      namespace: 'payments',
      kubernetesVersion: KubernetesVersion.V1_30,
      replicas: 3,
      maxSurge: PercentOrAbsolute.absolute(1),
      minReady: Duration.seconds(10),
      drainTimeout: Duration.seconds(30),
      containers: [{
        image: 'gcr.io/example/ledger@sha256:4f5e1c2a9b7d3e8f6a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
        port: 8443,
        portName: 'https',
        readiness: Probe.tcpSocket({ period: Duration.seconds(5) }),
        startup: Probe.tcpSocket({ failureThreshold: 30, period: Duration.seconds(2) }),
        preStop: PreStop.nativeSleep(Duration.seconds(15)),
      }],
    });

    new GracefulDeployment(this, 'ledger-legacy', {
      app: 'ledger',
      role: 'legacy',
      namespace: 'payments',
      kubernetesVersion: KubernetesVersion.V1_28,
      containers: [{
        image: 'gcr.io/example/ledger:2.9.1',
        port: 8080,
        readiness: Probe.httpGet('/ready'),
        liveness: Probe.httpGet('/healthz', { period: Duration.seconds(20) }),
        preStop: PreStop.httpGet('/drain', { duration: Duration.seconds(10) }),
        env: { LEDGER_MODE: EnvValue.fromValue('read-only') },
      }],
    });
  }
}
