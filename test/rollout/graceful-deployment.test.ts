import { ApiObject, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { PaymentsApi } from '../../examples/payments-api';
import {
  ConfigName, DisruptionBudget, GracefulContainerProps, GracefulDeployment, GracefulDeploymentProps, HttpScheme, KubernetesVersion, PreStop, Probe,
  Router, TaintEffect, Volume,
  Cpu, EnvFieldPaths, EnvValue, PercentOrAbsolute, ServiceType,
} from '../../src';
import { allOf, chart, only, synthValid, validateAll } from '../support/manifests';

const web: GracefulContainerProps = { image: 'registry.example.com/api:1.4.2', port: 8080, readiness: Probe.httpGet('/ready') };

function synth(props: Partial<GracefulDeploymentProps> = {}) {
  const c = chart();
  const gd = new GracefulDeployment(c, 'api', { app: 'api', containers: [web], ...props });
  const docs = synthValid(c);
  return { gd, docs, deployment: only(docs, 'Deployment'), pdbs: allOf(docs, 'PodDisruptionBudget') };
}

function build(props: Partial<GracefulDeploymentProps>) {
  return () => new GracefulDeployment(chart(), 'api', { app: 'api', containers: [web], ...props });
}

describe('GracefulDeployment', () => {
  describe('defaults', () => {
    test('rolls out with maxUnavailable 0 and a 25% surge', () => {
      const { deployment } = synth();
      expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    });

    test('before Kubernetes 1.34 every container gets a 10s exec sleep preStop hook', () => {
      const { deployment } = synth({ kubernetesVersion: KubernetesVersion.V1_33, containers: [web, { name: 'sidecar', image: 'proxy:2.0.1' }] });
      for (const c of deployment.spec.template.spec.containers) {
        expect(c.lifecycle.preStop).toEqual({ exec: { command: ['sleep', '10'] } });
      }
    });

    test('grace period is preStop + drain + 5s and longer than the preStop delay', () => {
      const { gd, deployment } = synth();
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
      expect(gd.terminationGracePeriod.toSeconds()).toBe(10 + 15 + 5);
      expect(gd.preStopDelay.toSeconds()).toBe(10);
    });

    test('grace period follows the longest preStop delay and the drain timeout', () => {
      const { deployment } = synth({
        drainTimeout: Duration.seconds(40),
        containers: [web, { name: 'sidecar', image: 'proxy:2.0.1', preStop: PreStop.execSleep(Duration.seconds(20)) }],
      });
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(20 + 40 + 5);
    });

    test('readiness probe is rendered on the serving container', () => {
      const { deployment } = synth();
      const [c] = deployment.spec.template.spec.containers;
      expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 } });
      expect(c.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
    });

    test('2 replicas, minReady 0s, progress deadline 600s', () => {
      const { gd, deployment } = synth();
      expect(deployment.spec.replicas).toBe(2);
      expect(deployment.spec.minReadySeconds).toBe(0);
      expect(deployment.spec.progressDeadlineSeconds).toBe(600);
      expect(gd.replicas).toBe(2);
      expect(gd.progressDeadline.toSeconds()).toBe(600);
    });

    test('selector is the app label only and the name is the app', () => {
      const { gd, deployment } = synth();
      expect(deployment.metadata.name).toBe('api');
      expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'api' } });
      expect(deployment.spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'api' });
      expect(gd.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'api' });
    });

    test('no cdk8s path-derived label anywhere', () => {
      const { docs } = synth();
      expect(JSON.stringify(docs)).not.toMatch(/cdk8s\.io\/metadata\.addr/);
    });

    test('pods run non-root with a read-only root filesystem, no privileges and resource requests', () => {
      const { deployment } = synth();
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.automountServiceAccountToken).toBe(false);
      const [c] = pod.containers;
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      });
      expect(c.resources).toEqual({ limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    });

    test('a PodDisruptionBudget of maxUnavailable 1 over the same selector when replicas > 1', () => {
      const { pdbs, deployment } = synth({ replicas: 3 });
      expect(pdbs).toHaveLength(1);
      expect(pdbs[0].metadata.name).toBe('api');
      expect(pdbs[0].spec).toEqual({
        maxUnavailable: 1,
        selector: deployment.spec.selector,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      });
    });

    test('no PodDisruptionBudget at 1 replica', () => {
      const { pdbs, gd } = synth({ replicas: 1 });
      expect(pdbs).toHaveLength(0);
      expect(gd.podDisruptionBudget).toBeUndefined();
    });
  });

  describe('options', () => {
    test('native sleep preStop on Kubernetes 1.30 renders lifecycle.preStop.sleep', () => {
      const { deployment } = synth({
        kubernetesVersion: KubernetesVersion.V1_30,
        containers: [{ ...web, preStop: PreStop.nativeSleep(Duration.seconds(12)) }],
      });
      expect(deployment.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 12 } });
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(12 + 15 + 5);
    });

    test('HTTP and command preStop hooks', () => {
      const { deployment } = synth({
        containers: [
          { ...web, preStop: PreStop.httpGet('/drain', { duration: Duration.seconds(8) }) },
          { name: 'worker', image: 'worker:3.1.0', preStop: PreStop.command(['/bin/drain', '--wait'], Duration.seconds(6)) },
        ],
      });
      const [a, b] = deployment.spec.template.spec.containers;
      expect(a.lifecycle.preStop).toEqual({ httpGet: { path: '/drain', port: 8080 } });
      expect(b.lifecycle.preStop).toEqual({ exec: { command: ['/bin/drain', '--wait'] } });
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(8 + 15 + 5);
    });

    test('liveness and startup probes with timings', () => {
      const { deployment } = synth({
        containers: [{
          ...web,
          liveness: Probe.httpGet('/healthz', { period: Duration.seconds(20), timeout: Duration.seconds(2) }),
          startup: Probe.tcpSocket({ failureThreshold: 30, period: Duration.seconds(2) }),
        }],
      });
      const [c] = deployment.spec.template.spec.containers;
      expect(c.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 20, timeoutSeconds: 2 });
      expect(c.startupProbe).toEqual({ tcpSocket: { port: 8080 }, failureThreshold: 30, periodSeconds: 2 });
    });

    test('absolute surge, minReady and progress deadline', () => {
      const { deployment } = synth({
        maxSurge: PercentOrAbsolute.absolute(2),
        minReady: Duration.seconds(10),
        progressDeadline: Duration.minutes(5),
      });
      expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 2, maxUnavailable: 0 });
      expect(deployment.spec.minReadySeconds).toBe(10);
      expect(deployment.spec.progressDeadlineSeconds).toBe(300);
    });

    test('explicit minAvailable budget', () => {
      const { pdbs } = synth({ replicas: 4, disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.percent(50)) });
      expect(pdbs[0].spec.minAvailable).toBe('50%');
      expect(pdbs[0].spec.maxUnavailable).toBeUndefined();
    });

    test('explicit budget at 1 replica when it allows an eviction', () => {
      const { pdbs } = synth({ replicas: 1, disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(1)) });
      expect(pdbs[0].spec.maxUnavailable).toBe(1);
    });

    test('no budget when asked', () => {
      const { pdbs } = synth({ replicas: 3, disruptionBudget: DisruptionBudget.none() });
      expect(pdbs).toHaveLength(0);
    });

    test('role, custom app label key, extra selector labels and pod labels', () => {
      const { deployment } = synth({
        role: 'web', appLabelKey: 'app', selectorLabels: { slot: 'blue' }, podLabels: { team: 'payments' }, namespace: 'shop',
      });
      expect(deployment.metadata).toEqual({ name: 'api-web', namespace: 'shop', labels: { 'app': 'api', 'app.kubernetes.io/component': 'web', 'slot': 'blue' } });
      expect(deployment.spec.selector.matchLabels).toEqual({ 'app': 'api', 'app.kubernetes.io/component': 'web', 'slot': 'blue' });
      expect(deployment.spec.template.metadata.labels).toEqual({ 'app': 'api', 'app.kubernetes.io/component': 'web', 'slot': 'blue', 'team': 'payments' });
    });

    test('environment, command, resources and relaxed security are rendered', () => {
      const { deployment } = synth({
        containers: [{
          ...web,
          command: ['/app'],
          args: ['--port', '8080'],
          env: { B: EnvValue.fromValue('2'), A: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME) },
          resources: {
            cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
            memory: { request: Size.mebibytes(300), limit: Size.gibibytes(1) },
          },
          securityContext: { readOnlyRootFilesystem: false, user: 10001 },
        }],
      });
      const [c] = deployment.spec.template.spec.containers;
      expect(c.command).toEqual(['/app']);
      expect(c.args).toEqual(['--port', '8080']);
      // In the order written: the kubelet expands $(NAME) only for variables defined earlier.
      expect(c.env).toEqual([{ name: 'B', value: '2' }, { name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
      expect(c.resources).toEqual({ limits: { cpu: '1', memory: '1024Mi' }, requests: { cpu: '250m', memory: '300Mi' } });
      expect(c.securityContext.readOnlyRootFilesystem).toBe(false);
      expect(c.securityContext.runAsUser).toBe(10001);
    });

    test('environment variables keep their order, so $(NAME) references to earlier ones expand', () => {
      const env = {
        HOST: EnvValue.fromValue('db.internal'),
        PORT: EnvValue.fromValue('5432'),
        DATABASE_URL: EnvValue.fromValue('postgres://$(HOST):$(PORT)/app'),
        LITERAL: EnvValue.fromValue('$$(NOT_EXPANDED)'),
      };
      const [c] = synth({ containers: [{ ...web, env }] }).deployment.spec.template.spec.containers;
      expect(c.env.map((e: any) => e.name)).toEqual(['HOST', 'PORT', 'DATABASE_URL', 'LITERAL']);
    });

    test('fails if a variable refers to one defined after it', () => {
      const env = { DATABASE_URL: EnvValue.fromValue('postgres://$(HOST)/app'), HOST: EnvValue.fromValue('db') };
      expect(() => synth({ containers: [{ ...web, env }] })).toThrow(
        /invalid 'containers\[0\]\.env\["DATABASE_URL"\]' \(received "postgres:\/\/\$\(HOST\)\/app"\): it refers to \$\(HOST\), which is defined after it.*Fix: define HOST before DATABASE_URL in env\./,
      );
    });

    test('HTTPS and gRPC probes, and an HTTPS preStop call, for ports that only speak TLS or gRPC', () => {
      const [c] = synth({
        containers: [{
          ...web,
          readiness: Probe.httpGet('/ready', { scheme: HttpScheme.HTTPS }),
          liveness: Probe.grpc({ port: 9090, service: 'api.v1' }),
          startup: Probe.grpc(),
          preStop: PreStop.httpGet('/drain', { duration: Duration.seconds(10), scheme: HttpScheme.HTTPS }),
        }],
      }).deployment.spec.template.spec.containers;
      expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080, scheme: 'HTTPS' });
      expect(c.livenessProbe.grpc).toEqual({ port: 9090, service: 'api.v1' });
      expect(c.startupProbe.grpc).toEqual({ port: 8080 });
      expect(c.lifecycle.preStop.httpGet).toEqual({ path: '/drain', port: 8080, scheme: 'HTTPS' });
      // Plain HTTP stays implicit, so existing manifests do not change.
      const [plain] = synth().deployment.spec.template.spec.containers;
      expect(plain.readinessProbe.httpGet.scheme).toBeUndefined();
    });

    test('fails if autoscaling would have no metric: a container without the request it divides by', () => {
      const noCpu = { ...web, resources: { memory: { request: Size.mebibytes(128) } } };
      expect(() => synth({ autoscaling: { maxReplicas: 5 }, containers: [noCpu] })).toThrow(
        /invalid 'containers\[0\]\.resources' \(received no cpu request on container "api"\): autoscaling on cpu divides use by the pods' cpu requests/,
      );
      const noMemory = { ...web, resources: { cpu: { request: Cpu.millis(100) } } };
      expect(() => synth({ autoscaling: { maxReplicas: 5 }, containers: [noMemory] })).not.toThrow();
      expect(() => synth({ autoscaling: { maxReplicas: 5, memoryUtilization: 80 }, containers: [noMemory] })).toThrow(/no memory request on container "api"/);
    });

    test('pinned digests and unpinned images when explicitly allowed', () => {
      expect(() => synth({ containers: [{ ...web, image: 'api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }] })).not.toThrow();
      expect(() => synth({ containers: [{ ...web, image: 'localhost:5000/api', allowUnpinnedImage: true }] })).not.toThrow();
    });

    test('autoscaling adds an HPA and leaves replicas out of the Deployment', () => {
      const { gd, deployment, docs, pdbs } = synth({ autoscaling: { minReplicas: 3, maxReplicas: 10, memoryUtilization: 80 } });
      expect(deployment.spec.replicas).toBeUndefined();
      expect(gd.replicas).toBe(3);
      expect(only(docs, 'HorizontalPodAutoscaler').spec).toEqual({
        maxReplicas: 10,
        minReplicas: 3,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
        ],
      });
      expect(pdbs[0].spec.maxUnavailable).toBe(1);
    });

    test('the Deployment is the default child for escape hatches', () => {
      const c = chart();
      const gd = new GracefulDeployment(c, 'api', { app: 'api', containers: [web] });
      ApiObject.of(gd).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
      expect(ApiObject.of(gd)).toBe(gd.deployment);
      expect(only(synthValid(c), 'Deployment').spec.revisionHistoryLimit).toBe(3);
    });
  });

  describe('selectors never depend on the construct path', () => {
    test('moving the construct under another parent leaves every object unchanged', () => {
      const flat = chart();
      new GracefulDeployment(flat, 'api', { app: 'api', containers: [web], replicas: 3 });
      const nested = chart();
      const group = new Construct(new Construct(nested, 'platform'), 'team-a');
      new GracefulDeployment(group, 'renamed-id', { app: 'api', containers: [web], replicas: 3 });
      const [a, b] = [synthValid(flat), synthValid(nested)];
      expect(only(b, 'Deployment').spec.selector).toEqual(only(a, 'Deployment').spec.selector);
      expect(only(b, 'Deployment').metadata.name).toBe('api');
      expect(b).toEqual(a);
    });
  });

  describe('refusals', () => {
    test('fails if a container serving a port has no readiness probe', () => {
      expect(build({ containers: [{ image: 'api:1.0.0', port: 8080 }] }))
        .toThrow(/test\/api: invalid 'containers\[0\]\.readiness' \(received nothing\): container "api" serves port 8080 but has no readiness probe.*Fix: add readiness: Probe\.httpGet/);
    });

    test('fails if the grace period is not longer than the preStop delay', () => {
      expect(build({ terminationGracePeriod: Duration.seconds(10) }))
        .toThrow(/test\/api: invalid 'terminationGracePeriod' \(received Duration of 10s\): the grace period includes the preStop delay \(10s\).*Fix: set terminationGracePeriod to at least Duration\.seconds\(11\)/);
    });

    test('fails if the grace period does not cover preStop + an explicit drain timeout', () => {
      expect(build({ terminationGracePeriod: Duration.seconds(20), drainTimeout: Duration.seconds(30) }))
        .toThrow(/invalid 'terminationGracePeriod' \(received Duration of 20s\).*must also cover drainTimeout \(30s\).*at least Duration\.seconds\(40\)/);
    });

    test('fails if maxSurge is 0', () => {
      expect(build({ maxSurge: PercentOrAbsolute.absolute(0) })).toThrow(/invalid 'maxSurge' \(received 0\): with maxUnavailable fixed at 0.*Fix: use PercentOrAbsolute\.absolute\(1\)/);
      expect(build({ maxSurge: PercentOrAbsolute.percent(0) })).toThrow(/invalid 'maxSurge' \(received "0%"\)/);
    });

    test('fails if progressDeadline is not longer than minReady', () => {
      expect(build({ minReady: Duration.seconds(60), progressDeadline: Duration.seconds(60) }))
        .toThrow(/invalid 'progressDeadline' \(received 1m with minReady 1m\): the progress deadline must be longer than minReady.*Duration\.seconds\(660\)/);
    });

    test('fails if the image is latest or untagged', () => {
      expect(build({ containers: [{ ...web, image: 'nginx:latest' }] })).toThrow(/invalid 'containers\[0\]\.image' \(received "nginx:latest"\): the image is not pinned.*allowUnpinnedImage: true/);
      expect(build({ containers: [{ ...web, image: 'registry.example.com:5000/team/api' }] })).toThrow(/received "registry\.example\.com:5000\/team\/api"\): the image is not pinned/);
    });

    test('fails if the native sleep action targets Kubernetes before 1.30', () => {
      expect(build({ kubernetesVersion: KubernetesVersion.V1_28, containers: [{ ...web, preStop: PreStop.nativeSleep() }] }))
        .toThrow(/invalid 'containers\[0\]\.preStop' \(received PreStop\.nativeSleep\(10s\) with kubernetesVersion 1\.28\).*set kubernetesVersion: KubernetesVersion\.V1_30/);
      expect(build({ kubernetesVersion: KubernetesVersion.V1_29, containers: [{ ...web, preStop: PreStop.nativeSleep() }] })).toThrow(/kubernetesVersion 1\.29/);
    });

    test('fails if the preStop delay is 0 or fractional', () => {
      expect(build({ containers: [{ ...web, preStop: PreStop.execSleep(Duration.seconds(0)) }] })).toThrow(/invalid 'containers\[0\]\.preStop' \(received Duration of 0s\): the preStop delay must be whole seconds and at least 1s/);
      expect(build({ containers: [{ ...web, preStop: PreStop.execSleep(Duration.millis(1500)) }] })).toThrow(/received Duration of 1\.5s/);
    });

    test('fails if a disruption budget allows no eviction', () => {
      expect(build({ replicas: 3, disruptionBudget: DisruptionBudget.maxUnavailable(PercentOrAbsolute.absolute(0)) }))
        .toThrow(/invalid 'disruptionBudget' \(received DisruptionBudget\.maxUnavailable\(0\) with 3 replica\(s\)\): this budget allows no pod to be evicted/);
      expect(build({ replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.absolute(3)) }))
        .toThrow(/DisruptionBudget\.minAvailable\(3\) with 3 replica\(s\)/);
      expect(build({ replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.percent(90)) }))
        .toThrow(/DisruptionBudget\.minAvailable\("90%"\) with 3 replica\(s\)/);
      expect(build({ replicas: 1, disruptionBudget: DisruptionBudget.minAvailable(PercentOrAbsolute.absolute(1)) }))
        .toThrow(/use DisruptionBudget\.none\(\) for a single replica/);
    });

    test('fails if app, name or namespace is not a DNS label', () => {
      expect(build({ app: 'Checkout_API' })).toThrow(/invalid 'app' \(received "Checkout_API"\): the app name must be at most 63 lower-case letters/);
      expect(build({ name: 'x'.repeat(64) })).toThrow(/invalid 'name'/);
      expect(build({ namespace: 'Prod' })).toThrow(/invalid 'namespace' \(received "Prod"\)/);
    });

    test('fails if a label is invalid or contradicts the selector', () => {
      expect(build({ selectorLabels: { slot: 'blue green' } })).toThrow(/invalid 'selector label "slot"' \(received "blue green"\)/);
      expect(build({ podLabels: { 'app.kubernetes.io/name': 'other' } })).toThrow(/invalid 'podLabels\["app\.kubernetes\.io\/name"\]' \(received "other"\)/);
      expect(build({ selectorLabels: { 'app.kubernetes.io/name': 'x' } })).toThrow(/already set from app/);
    });

    test('fails if there are no containers or two with one name', () => {
      expect(build({ containers: [] })).toThrow(/invalid 'containers' \(received \[\]\): a Deployment needs at least one container/);
      expect(build({ containers: [web, { ...web, name: 'api' }] })).toThrow(/invalid 'containers\[1\]\.name' \(received "api"\): container names must be unique/);
    });

    test('fails if autoscaling is set together with replicas, or with min above max', () => {
      expect(build({ replicas: 3, autoscaling: { maxReplicas: 5 } })).toThrow(/invalid 'replicas' \(received 3\): a fixed replica count and autoscaling would fight.*Fix: remove replicas/);
      expect(build({ autoscaling: { minReplicas: 4, maxReplicas: 2 } })).toThrow(/invalid 'autoscaling\.maxReplicas' \(received 2\): maxReplicas must be at least minReplicas \(4\)/);
      expect(build({ autoscaling: { maxReplicas: 5, cpuUtilization: 0 } })).toThrow(/invalid 'autoscaling\.cpuUtilization' \(received 0\)/);
    });

    test('fails on negative or fractional replicas', () => {
      expect(build({ replicas: -1 })).toThrow(/invalid 'replicas' \(received -1\)/);
      expect(build({ replicas: 1.5 })).toThrow(/invalid 'replicas' \(received 1\.5\)/);
    });

    test('fails on probes the API server rejects', () => {
      expect(build({ containers: [{ ...web, readiness: Probe.httpGet('ready') }] })).toThrow(/invalid 'containers\[0\]\.readiness path' \(received "ready"\): an HTTP probe path must start with "\/"/);
      expect(build({ containers: [{ image: 'w:1.0.0', liveness: Probe.tcpSocket() }] })).toThrow(/invalid 'containers\[0\]\.liveness port' \(received nothing\)/);
      expect(build({ containers: [{ ...web, liveness: Probe.httpGet('/h', { successThreshold: 2 }) }] })).toThrow(/invalid 'containers\[0\]\.liveness\.successThreshold' \(received 2\): Kubernetes accepts only 1/);
      expect(build({ containers: [{ ...web, readiness: Probe.httpGet('/r', { period: Duration.millis(500) }) }] })).toThrow(/invalid 'containers\[0\]\.readiness\.period' \(received Duration of 0\.5s\)/);
    });
  });

  test('fails if two Deployments of one app could select the same pods (one without a role)', () => {
    const c = chart();
    new GracefulDeployment(c, 'ledger', { app: 'ledger', containers: [web] });
    expect(() => new GracefulDeployment(c, 'legacy', { app: 'ledger', role: 'legacy', containers: [web] })).toThrow(
      /legacy: invalid 'role' \(received selector .* beside Deployment ledger \(test\/ledger\) .*\): the two selectors can match the same pods.*Fix: give every Deployment of the app its own role/,
    );
    // With a role each, or in another namespace, they are apart.
    const d = chart();
    new GracefulDeployment(d, 'api', { app: 'ledger', role: 'api', containers: [web] });
    new GracefulDeployment(d, 'legacy', { app: 'ledger', role: 'legacy', containers: [web] });
    new GracefulDeployment(d, 'other', { app: 'ledger', namespace: 'other', containers: [web] });
    expect(() => synthValid(d)).not.toThrow();
  });

  describe('workloads real applications need', () => {
    test('a writable /tmp while the root filesystem is read-only, unless turned off or mounted by the user', () => {
      const pod = synth().deployment.spec.template.spec;
      expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
      expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
      const off = synth({ containers: [{ ...web, writableTmp: false }] }).deployment.spec.template.spec;
      expect(off.volumes).toBeUndefined();
      expect(off.containers[0].volumeMounts).toBeUndefined();
      const writableRoot = synth({ containers: [{ ...web, securityContext: { readOnlyRootFilesystem: false } }] }).deployment.spec.template.spec;
      expect(writableRoot.volumes).toBeUndefined();
      const own = Volume.emptyDir('scratch', { memory: true, sizeLimit: Size.mebibytes(64) });
      const mine = synth({ containers: [{ ...web, mounts: [{ volume: own, path: '/tmp' }] }] }).deployment.spec.template.spec;
      expect(mine.volumes).toEqual([{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
      expect(mine.containers[0].volumeMounts).toEqual([{ name: 'scratch', mountPath: '/tmp' }]);
    });

    test('volumes of every kind, declared once on the pod however many containers mount them', () => {
      const cache = Volume.emptyDir('cache');
      const config = Volume.configMap('config', 'api-config', { items: { 'app.yaml': 'app.yaml' } });
      const tls = Volume.secret('tls', 'api-tls', { optional: true });
      const data = Volume.persistentVolumeClaim('data', 'api-data', { readOnly: true });
      const creds = Volume.projected('creds', { secrets: ['db'], configMaps: ['ca'], serviceAccountTokenAudience: 'vault' });
      const pod = synth({
        containers: [
          { ...web, mounts: [{ volume: cache, path: '/var/cache/api' }, { volume: config, path: '/etc/api', readOnly: true }, { volume: tls, path: '/etc/tls', readOnly: true }] },
          { name: 'worker', image: 'registry.example.com/worker:1.0.0', mounts: [{ volume: cache, path: '/cache' }, { volume: data, path: '/data' }, { volume: creds, path: '/creds' }] },
        ],
      }).deployment.spec.template.spec;
      expect(pod.volumes).toEqual([
        { name: 'cache', emptyDir: {} },
        { name: 'config', configMap: { name: 'api-config', items: [{ key: 'app.yaml', path: 'app.yaml' }] } },
        { name: 'tls', secret: { secretName: 'api-tls', optional: true } },
        { name: 'tmp', emptyDir: {} },
        { name: 'data', persistentVolumeClaim: { claimName: 'api-data', readOnly: true } },
        { name: 'creds', projected: { sources: [{ configMap: { name: 'ca' } }, { secret: { name: 'db' } }, { serviceAccountToken: { audience: 'vault', path: 'token' } }] } },
      ]);
      expect(pod.containers[0].volumeMounts).toEqual([
        { name: 'cache', mountPath: '/var/cache/api' },
        { name: 'config', mountPath: '/etc/api', readOnly: true },
        { name: 'tls', mountPath: '/etc/tls', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ]);
    });

    test('fails if one volume name stands for two volumes, the writable /tmp included', () => {
      expect(() => synth({ containers: [{ ...web, mounts: [{ volume: Volume.configMap('tmp', 'x'), path: '/etc/x' }] }] }))
        .toThrow(/invalid 'containers\[0\]\.writableTmp' \(received "tmp"\): the volume name "tmp" already stands for another volume \(containers\[0\]\.mounts\[0\]\); "tmp" is the writable \/tmp/);
      expect(() => synth({ containers: [{ ...web, mounts: [{ volume: Volume.emptyDir('cache'), path: 'cache' }] }] }))
        .toThrow(/invalid 'containers\[0\]\.mounts\[0\]\.path' \(received "cache"\): a mount path is absolute/);
    });

    test('envFrom, numeric pod identity, pull secrets, node selection and tolerations', () => {
      const pod = synth({
        containers: [{ ...web, envFrom: [{ configMap: 'api-config' }, { secret: 'api-secrets', prefix: 'SECRET_', optional: true }] }],
        podSecurity: { user: 10001, group: 10001, fsGroup: 2000 },
        imagePullSecrets: ['registry-credentials'],
        nodeSelector: { 'kubernetes.io/arch': 'arm64' },
        tolerations: [{ key: 'dedicated', value: 'api', effect: TaintEffect.NO_SCHEDULE }, { key: 'spot' }],
      }).deployment.spec.template.spec;
      expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: 'api-config' } }, { prefix: 'SECRET_', secretRef: { name: 'api-secrets', optional: true } }]);
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
      expect(pod.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
      expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule' }, { key: 'spot', operator: 'Exists' }]);
      expect(() => synth({ podSecurity: { user: 0 } })).toThrow(/invalid 'podSecurity\.user' \(received 0\): the user is a numeric ID from 1/);
      expect(() => synth({ containers: [{ ...web, envFrom: [{ configMap: 'a', secret: 'b' }] }] })).toThrow(/invalid 'containers\[0\]\.envFrom\[0\]'.*exactly one ConfigMap or Secret/);
    });

    test('replicas spread softly across nodes and zones, counting only pods of one revision', () => {
      const pod = synth().deployment.spec.template.spec;
      expect(pod.topologySpreadConstraints).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map(topologyKey => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
        matchLabelKeys: ['pod-template-hash'],
      })));
      expect(synth({ spread: false }).deployment.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    });

    test('labels and annotations on every object, never in a selector', () => {
      const { docs, deployment } = synth({ labels: { team: 'payments' }, annotations: { 'example.com/owner': 'payments' }, replicas: 3 });
      for (const d of docs) {
        expect(d.metadata.labels).toEqual({ 'team': 'payments', 'app.kubernetes.io/name': 'api' });
        expect(d.metadata.annotations).toEqual({ 'example.com/owner': 'payments' });
      }
      expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api' });
      expect(() => synth({ labels: { 'app.kubernetes.io/name': 'other' } })).toThrow(/invalid 'labels\["app\.kubernetes\.io\/name"\]' \(received "other"\): "app\.kubernetes\.io\/name" is a selector label/);
    });
  });

  describe('helpers, configuration digests and a Service', () => {
    const envoy = { name: 'envoy', image: 'envoyproxy/envoy:v1.31.2', port: 9901, portName: 'envoy-admin', readiness: Probe.httpGet('/ready') };

    test('init containers run before the app, with no port, probes or preStop', () => {
      const pod = synth({ initContainers: [{ name: 'migrate', image: 'registry.example.com/api:1.4.2', command: ['/app', 'migrate'] }] }).deployment.spec.template.spec;
      expect(pod.initContainers).toHaveLength(1);
      expect(pod.initContainers[0]).toMatchObject({ name: 'migrate', command: ['/app', 'migrate'] });
      expect(pod.initContainers[0].lifecycle).toBeUndefined();
      expect(() => synth({ initContainers: [{ image: 'registry.example.com/api:1.4.2', port: 80 }] }))
        .toThrow(/invalid 'initContainers\[0\]\.port' \(received port\): an init container runs to completion/);
    });

    test('from 1.29 a sidecar is native: an init container with restartPolicy Always, stopped by the kubelet after the app', () => {
      const pod = synth({ kubernetesVersion: KubernetesVersion.V1_29, sidecars: [envoy] }).deployment.spec.template.spec;
      expect(pod.initContainers).toHaveLength(1);
      expect(pod.initContainers[0]).toMatchObject({ name: 'envoy', restartPolicy: 'Always', readinessProbe: { httpGet: { path: '/ready', port: 9901 } } });
      expect(pod.initContainers[0].lifecycle).toBeUndefined();
      expect(pod.containers.map((c: any) => c.name)).toEqual(['api']);
    });

    test('before 1.29 a sidecar is an ordinary container that waits for the app to drain before it stops', () => {
      const { deployment, gd } = synth({ kubernetesVersion: KubernetesVersion.V1_28, sidecars: [envoy], drainTimeout: Duration.seconds(20) });
      const pod = deployment.spec.template.spec;
      expect(pod.initContainers).toBeUndefined();
      const sidecar = pod.containers.find((c: any) => c.name === 'envoy');
      // The app's preStop (10s) plus drainTimeout (20s): the proxy outlives the app's draining.
      expect(sidecar.lifecycle.preStop).toEqual({ exec: { command: ['sleep', '30'] } });
      expect(pod.terminationGracePeriodSeconds).toBe(35);
      expect(gd.terminationGracePeriod.toSeconds()).toBe(35);
      expect(() => synth({ kubernetesVersion: KubernetesVersion.V1_28, sidecars: [envoy], terminationGracePeriod: Duration.seconds(20) }))
        .toThrow(/invalid 'terminationGracePeriod' \(received Duration of 20s\): before Kubernetes 1\.29 a sidecar waits 25s/);
    });

    test('fails if two containers of the pod share a name, sidecars and init containers included', () => {
      expect(() => synth({ sidecars: [{ ...envoy, name: 'api' }] })).toThrow(/invalid 'containers' \(received "api"\): two containers of the pod/);
    });

    test('a digest of the ConfigMaps and Secrets the pods read rolls them out when their content changes', () => {
      const digestFor = (value: string) => {
        const c = chart();
        const config = new ApiObject(c, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config' }, data: { LEVEL: value } });
        new GracefulDeployment(c, 'api', { app: 'api', containers: [web], rolloutOnChangeOf: [config] });
        return synthValid(c).find(d => d.kind === 'Deployment').spec.template.metadata.annotations['cdk8s-zero-downtime.io/config-digest'];
      };
      expect(digestFor('info')).toMatch(/^[0-9a-f]{16}$/);
      expect(digestFor('info')).toBe(digestFor('info'));
      expect(digestFor('debug')).not.toBe(digestFor('info'));
      const c = chart();
      const notConfig = new ApiObject(c, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } });
      expect(() => new GracefulDeployment(c, 'api', { app: 'api', containers: [web], rolloutOnChangeOf: [notConfig] }))
        .toThrow(/invalid 'rolloutOnChangeOf\[0\]' \(received Service x\): only a ConfigMap or a Secret/);
    });

    describe('config read through a volume is named after its content', () => {
      const mounted = (name: string, data: { [key: string]: string }, mount: Partial<{ subPath: string }> = {}) => () => {
        const c = chart();
        const config = new ApiObject(c, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
        const volume = Volume.configMap('settings', name);
        new GracefulDeployment(c, 'api', { app: 'api', containers: [{ ...web, mounts: [{ volume, path: '/etc/api', ...mount }] }], rolloutOnChangeOf: [config] });
        return synthValid(c);
      };

      test('ConfigName.hashed: a new name for new content, the same name for the same content in any key order', () => {
        const a = ConfigName.hashed('api-config', { LEVEL: 'info', MODE: 'fast' });
        expect(a).toMatch(/^api-config-[0-9a-f]{10}$/);
        expect(ConfigName.hashed('api-config', { MODE: 'fast', LEVEL: 'info' })).toBe(a);
        expect(ConfigName.hashed('api-config', { LEVEL: 'debug', MODE: 'fast' })).not.toBe(a);
        expect(ConfigName.hashed('api-config', { LEVEL: 'info', MODE: 'fastX' })).not.toBe(a);
      });

      test('fails if a mounted ConfigMap in rolloutOnChangeOf keeps its name: the kubelet would update it in place on the old pods', () => {
        expect(mounted('api-config', { LEVEL: 'info' }))
          .toThrow(/api: invalid 'rolloutOnChangeOf\[0\]' \(received ConfigMap api-config, mounted as volume "settings"\): the kubelet updates a mounted ConfigMap in place/);
        // A hashed name that no longer matches the content (edited data, name kept) is refused too.
        const stale = ConfigName.hashed('api-config', { LEVEL: 'info' });
        expect(mounted(stale, { LEVEL: 'debug' })).toThrow(new RegExp(`received ConfigMap ${stale}, mounted as volume "settings"`));
        expect(mounted(stale, { LEVEL: 'info' })).not.toThrow();
      });

      test('a Secret mounted through a projected volume is checked the same way; env-only and subPath reads are not', () => {
        const projected = (name: string) => () => {
          const c = chart();
          const secret = new ApiObject(c, 'secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData: { TOKEN: 'x' } });
          const volume = Volume.projected('creds', { secrets: [name] });
          new GracefulDeployment(c, 'api', { app: 'api', containers: [{ ...web, mounts: [{ volume, path: '/var/run/creds' }] }], rolloutOnChangeOf: [secret] });
        };
        expect(projected('api-creds')).toThrow(/received Secret api-creds, mounted as volume "creds"/);
        expect(projected(ConfigName.hashed('api-creds', { TOKEN: 'x' }))).not.toThrow();
        // subPath mounts are never updated in place, and env is read once at container start.
        expect(mounted('api-config', { LEVEL: 'info' }, { subPath: 'LEVEL' })).not.toThrow();
        const c = chart();
        const config = new ApiObject(c, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config' }, data: { LEVEL: 'info' } });
        expect(() => new GracefulDeployment(c, 'api', { app: 'api', containers: [{ ...web, envFrom: [{ configMap: 'api-config' }] }], rolloutOnChangeOf: [config] })).not.toThrow();
      });
    });

    describe('the payments-api example: every probe reaches a port its process opens', () => {
      const payments = new PaymentsApi(Testing.app(), 'payments-api');
      const docs = validateAll(Testing.synth(payments), { tree: payments });
      const pod = only(docs, 'Deployment').spec.template.spec;
      const configMaps = allOf(docs, 'ConfigMap');
      const envoyOf = (p: any) => [...(p.initContainers ?? []), ...p.containers].find((x: any) => x.image.startsWith('envoyproxy/envoy:'));
      const loopback = (address: string) => address === '127.0.0.1' || address === '::1' || address === 'localhost';
      /** Whether Envoy, run with this bootstrap, answers `path` on `port` of the pod's IP. */
      const envoyServes = (bootstrap: any, port: number, path: string | undefined): boolean => {
        const admin = bootstrap.admin?.address?.socket_address;
        if (admin && admin.port_value === port && !loopback(admin.address)) { return true; }
        return (bootstrap.static_resources?.listeners ?? []).some((l: any) => {
          const a = l.address?.socket_address;
          if (!a || a.port_value !== port || loopback(a.address)) { return false; }
          if (path === undefined) { return true; }
          const routes = l.filter_chains.flatMap((fc: any) => fc.filters)
            .filter((f: any) => f.name === 'envoy.filters.network.http_connection_manager')
            .flatMap((f: any) => f.typed_config.route_config.virtual_hosts.flatMap((vh: any) => vh.routes));
          return routes.some((r: any) => (r.match.path !== undefined ? r.match.path === path : path.startsWith(r.match.prefix)));
        });
      };

      test('the Envoy sidecar mounts the config the example writes, and each of its probes hits a listener that config opens', () => {
        const proxy = envoyOf(pod);
        const mount = proxy.volumeMounts.find((m: any) => m.mountPath === '/etc/envoy');
        const volume = pod.volumes.find((v: any) => v.name === mount.name);
        const configMap = configMaps.find((cm: any) => cm.metadata.name === volume.configMap.name);
        expect(configMap).toBeDefined();
        // The image's default command reads /etc/envoy/envoy.yaml.
        expect(volume.configMap.items).toEqual([{ key: 'envoy.yaml', path: 'envoy.yaml' }]);
        const bootstrap = YAML.parse(configMap.data['envoy.yaml']);
        const probes = ['readinessProbe', 'livenessProbe', 'startupProbe'].map(p => proxy[p]).filter(Boolean);
        expect(probes.length).toBeGreaterThan(0);
        for (const probe of probes) {
          const target = probe.httpGet ?? probe.tcpSocket;
          const port = typeof target.port === 'number' ? target.port : proxy.ports.find((p: any) => p.name === target.port)?.containerPort;
          expect({ port, path: target.path, served: envoyServes(bootstrap, port, target.path) }).toEqual({ port, path: target.path, served: true });
        }
        // The admin interface (which can stop Envoy) is not reachable from the network.
        expect(loopback(bootstrap.admin.address.socket_address.address)).toBe(true);
      });

      test('the app is reachable through the Envoy listener the sidecar declares, and the Service routes to the app by port name', () => {
        const bootstrap = YAML.parse(configMaps[0].data['envoy.yaml']);
        for (const p of envoyOf(pod).ports) { expect(envoyServes(bootstrap, p.containerPort, undefined)).toBe(true); }
        const app = pod.containers.find((x: any) => x.name === 'payments-api');
        const clusters = bootstrap.static_resources.clusters
          .map((cl: any) => cl.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value);
        expect(clusters).toContain(app.ports[0].containerPort);
        expect(only(docs, 'Service').spec.ports[0].targetPort).toBe(app.ports[0].name);
      });
    });

    test('an optional Service in front of the pods, on the Deployment\'s selector', () => {
      const { docs } = synth({ service: { port: 80 } });
      expect(only(docs, 'Service')).toMatchObject({
        metadata: { name: 'api' },
        spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], selector: { 'app.kubernetes.io/name': 'api' }, type: 'ClusterIP' },
      });
      expect(() => synth({ service: {}, containers: [{ image: 'registry.example.com/worker:1.0.0' }] })).toThrow(/invalid 'service' \(received a Service\): no container serves a port/);
    });

    test('the Service routes to the port by name, so a new port number rolls out pod by pod', () => {
      // kubernetes pkg/api/v1/pod/util.go FindPort: a numeric targetPort is used for every pod as
      // it is; a name is looked up in each pod's own ports, so old pods keep their old number.
      const serviceOf = (port: number) => only(synth({ containers: [{ ...web, port }], service: {} }).docs, 'Service');
      expect(serviceOf(8080)).toEqual(serviceOf(9090));
      expect(serviceOf(9090).spec.ports[0].targetPort).toBe('http');
      const named = synth({ containers: [{ ...web, portName: 'web' }], service: {} }).docs;
      expect(only(named, 'Service').spec.ports[0].targetPort).toBe('web');
      expect(only(named, 'Deployment').spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080, name: 'web', protocol: 'TCP' }]);
    });

    test('fails if two containers of the pod name a port alike: the name would mean two ports', () => {
      const proxy = { name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', port: 9901, readiness: Probe.httpGet('/ready') };
      expect(build({ sidecars: [proxy] })).toThrow(/api: invalid 'sidecars\[0\]\.portName' \(received "http"\): containers "api" and "proxy" both name a port "http".*Fix: give the port of container "proxy" a portName of its own/);
      expect(build({ kubernetesVersion: KubernetesVersion.V1_30, sidecars: [proxy] })).toThrow(/invalid 'sidecars\[0\]\.portName' \(received "http"\)/);
      expect(build({ sidecars: [{ ...proxy, portName: 'proxy-admin' }] })).not.toThrow();
    });

    test('fails on a port name the API server rejects (IANA_SVC_NAME)', () => {
      for (const bad of ['Http', 'web_port', '8080', '-http', 'http--alt', 'a-very-long-port-name']) {
        expect(build({ containers: [{ ...web, portName: bad }] })).toThrow(new RegExp(`invalid 'containers\\[0\\]\\.portName' \\(received "${bad}"\\): Services reach the port by this name`));
      }
      expect(build({ containers: [{ ...web, portName: 'h2c-8080' }] })).not.toThrow();
    });

    test('a route to that Service with the same router as the release constructs', () => {
      const { docs, gd } = synth({ namespace: 'pay', service: { name: 'api-http', port: 8000 }, router: Router.ingress({ host: 'api.example.com', tlsSecretName: 'api-tls' }) });
      const ing = only(docs, 'Ingress');
      expect(ing.metadata).toMatchObject({ name: 'api-http', namespace: 'pay', labels: { 'app.kubernetes.io/name': 'api' } });
      expect(ing.spec).toEqual({
        rules: [{ host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api-http', port: { number: 8000 } } } }] } }],
        tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }],
      });
      expect(ApiObject.of(gd).kind).toBe('Deployment');
      expect(gd.route).toBeDefined();
      // A canary router here writes the one Ingress of a plain route, in the nginx class.
      expect(only(synth({ service: {}, router: Router.ingressNginx({ host: 'api.example.com' }) }).docs, 'Ingress').spec.ingressClassName).toBe('nginx');
    });
  });

  describe('refusals of the workload options', () => {
    test.each([
      ['a volume name the API server rejects', { containers: [{ ...web, mounts: [{ volume: Volume.emptyDir('Cache'), path: '/cache' }] }] },
        /invalid 'containers\[0\]\.mounts\[0\]\.volume\.name' \(received "Cache"\): a volume name must be/],
      ['a projected volume with nothing in it', { containers: [{ ...web, mounts: [{ volume: Volume.projected('creds', {}), path: '/creds' }] }] },
        /invalid 'containers\[0\]\.mounts\[0\]\.volume' \(received "creds"\): a projected volume needs at least one source/],
      ['a ConfigMap volume without a valid ConfigMap name', { containers: [{ ...web, mounts: [{ volume: Volume.configMap('config', 'Api_Config'), path: '/etc/api' }] }] },
        /invalid 'containers\[0\]\.mounts\[0\]\.volume' \(received "Api_Config"\): the ConfigMap name must be/],
      ['an annotation key the API server rejects', { annotations: { 'not a key': 'x' } },
        /invalid 'annotations\["not a key"\]' \(received "not a key"\): an annotation key is/],
      ['a negative filesystem group', { podSecurity: { fsGroup: -1 } },
        /invalid 'podSecurity\.fsGroup' \(received -1\): the fsGroup is a numeric ID from 0/],
      ['a handover replica count of 0', { autoscaling: { maxReplicas: 4, handoverReplicas: 0 } },
        /invalid 'autoscaling\.handoverReplicas' \(received 0\): handoverReplicas is a whole number from 1/],
      ['an ExternalName Service', { service: { type: ServiceType.EXTERNAL_NAME } },
        /invalid 'service\.type' \(received "ExternalName"\): an ExternalName Service has no selector/],
      ['a Service port outside 1..65535', { service: { port: 0 } },
        /invalid 'service\.port' \(received 0\): a port is a whole number from 1 to 65535/],
      ['a router without a Service', { router: Router.ingress({ host: 'api.example.com' }) },
        /^test\/api: invalid 'router' \(received a router without a Service\): a router sends requests to a Service, and there is none\. Fix: add service: \{ port: 80 \}\.$/],
      ['a bad route host', { service: {}, router: Router.ingress({ host: 'API.example.com' }) },
        /invalid 'router\.host' \(received "API\.example\.com"\)/],
    ] as const)('fails if %s', (_what, props, message) => {
      expect(() => synth(props as Partial<GracefulDeploymentProps>)).toThrow(message);
    });
  });
});
