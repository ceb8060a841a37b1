import { Testing } from 'cdk8s';
import { GracefulContainerProps, GracefulDeployment, KubernetesVersion, PreStop, Probe } from '../src';
import { DEFAULT_KUBERNETES_VERSION } from '../src/kubernetes-version';
import { chart, only, synthValid } from './support/manifests';

const web: GracefulContainerProps = { image: 'registry.example.com/api:1.4.2', port: 8080, readiness: Probe.httpGet('/ready') };
const proxy: GracefulContainerProps = { name: 'proxy', image: 'registry.example.com/proxy:2.0.1' };

function pod(kubernetesVersion?: KubernetesVersion) {
  const c = chart();
  new GracefulDeployment(c, 'api', { app: 'api', containers: [web, proxy], kubernetesVersion });
  return only(synthValid(c), 'Deployment').spec.template.spec;
}

describe('KubernetesVersion', () => {
  test('the default is 1.35, the oldest minor in standard support at EKS, GKE and AKS on 2026-12-31', () => {
    // EKS 1.34 standard support ends 2026-12-02, GKE 2026-10-01, AKS November 2026; 1.35 runs into 2027
    // everywhere (the calendars cited in src/kubernetes-version.ts).
    expect(DEFAULT_KUBERNETES_VERSION).toBe(KubernetesVersion.V1_35);
    const gd = new GracefulDeployment(Testing.chart(), 'api', { app: 'api', containers: [web] });
    expect(gd.kubernetesVersion).toBe(KubernetesVersion.V1_35);
  });

  test('by default every container waits with the native sleep action: nothing runs in the image', () => {
    for (const c of pod().containers) {
      expect(c.lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
    }
  });

  test.each([KubernetesVersion.V1_34, KubernetesVersion.V1_35, KubernetesVersion.V1_36])('%s, where the sleep action is GA, defaults to it', (v) => {
    expect(pod(v).containers.map((c: any) => c.lifecycle.preStop)).toEqual([{ sleep: { seconds: 10 } }, { sleep: { seconds: 10 } }]);
  });

  // Beta 1.30-1.33: on by default, but the gate can still be switched off (kubernetes/website
  // feature-gates/PodLifecycleSleepAction.md: locked only from 1.34), so the default stays a command.
  test.each([KubernetesVersion.V1_28, KubernetesVersion.V1_29, KubernetesVersion.V1_30, KubernetesVersion.V1_33])('%s keeps the exec sleep default', (v) => {
    expect(pod(v).containers.map((c: any) => c.lifecycle.preStop)).toEqual([{ exec: { command: ['sleep', '10'] } }, { exec: { command: ['sleep', '10'] } }]);
  });

  test('an explicit preStop wins over the default at every version', () => {
    for (const v of [KubernetesVersion.V1_28, KubernetesVersion.V1_36]) {
      const c = chart();
      new GracefulDeployment(c, 'api', { app: 'api', containers: [{ ...web, preStop: PreStop.execSleep() }], kubernetesVersion: v });
      expect(only(synthValid(c), 'Deployment').spec.template.spec.containers[0].lifecycle.preStop).toEqual({ exec: { command: ['sleep', '10'] } });
    }
  });
});
