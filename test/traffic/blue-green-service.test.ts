import { ApiObject, Duration } from 'cdk8s';
import { BlueGreenService, BlueGreenServiceProps, Color, GitOpsHook, Probe, Router, Cpu, EnvValue, ServiceType } from '../../src';
import { documentAt, lineDiff } from '../support/diff';
import { assertGracefulDeployment } from '../support/invariants';
import { nonRootRefusal } from '../support/kubelet';
import { allOf, chart, only, synthValid, synthYaml } from '../support/manifests';

const base: BlueGreenServiceProps = {
  app: 'shop',
  active: Color.BLUE,
  blue: { image: 'registry.example.com/shop:1.0.0' },
  green: { image: 'registry.example.com/shop:1.1.0' },
  container: { port: 8080, readiness: Probe.httpGet('/ready') },
};

function synth(props: Partial<BlueGreenServiceProps> = {}) {
  const c = chart();
  const bg = new BlueGreenService(c, 'shop', { ...base, ...props });
  return { bg, docs: synthValid(c) };
}

function build(props: Partial<BlueGreenServiceProps>) {
  return () => new BlueGreenService(chart(), 'shop', { ...base, ...props });
}

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const service = (docs: any[], name: string) => docs.find(d => d.kind === 'Service' && d.metadata.name === name);

describe('BlueGreenService', () => {
  describe('a flip', () => {
    const everything: Partial<BlueGreenServiceProps> = {
      replicas: 3,
      router: Router.ingressNginx({ host: 'shop.example.com' }),
      smokeTest: { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl -fsS "$PREVIEW_URL/ready"'] },
      colorAntiAffinity: true,
    };
    const yamlFor = (active: Color, extra: Partial<BlueGreenServiceProps> = everything) =>
      synthYaml(scope => new BlueGreenService(scope, 'shop', { ...base, ...extra, active }));

    test('changes only the colour selector lines of the two Services', () => {
      const before = yamlFor(Color.BLUE);
      const after = yamlFor(Color.GREEN);
      const diff = lineDiff(before, after);
      expect(diff).toHaveLength(6);
      const changed = diff.filter(l => l.startsWith('@@')).map(l => Number(/\d+/.exec(l)![0]));
      expect(changed.map(n => documentAt(before, n)).sort()).toEqual(['Service shop', 'Service shop-preview']);
      expect(diff.filter(l => l.startsWith('-')).sort()).toEqual(['-    color: blue', '-    color: green']);
      expect(diff.filter(l => l.startsWith('+')).sort()).toEqual(['+    color: blue', '+    color: green']);
    });

    test('with autoscaling changes the Service selectors and the two autoscalers\' floors: the idle colour keeps its capacity', () => {
      const extra = { autoscaling: { minReplicas: 2, maxReplicas: 6 } };
      const diff = lineDiff(yamlFor(Color.BLUE, extra), yamlFor(Color.GREEN, extra));
      const changed = diff.filter(l => /^[-+]/.test(l)).map(l => l.trim());
      expect(changed.filter(l => /minReplicas/.test(l)).sort()).toEqual(['+  minReplicas: 2', '+  minReplicas: 6', '-  minReplicas: 2', '-  minReplicas: 6'].sort());
      expect(changed.filter(l => !/minReplicas/.test(l)).every(l => /color: (blue|green)$/.test(l))).toBe(true);
    });

    test('under autoscaling the idle colour\'s autoscaler keeps it at maxReplicas, or at its own replicas', () => {
      const hpaMin = (docs: any[], name: string) => docs.find(d => d.kind === 'HorizontalPodAutoscaler' && d.metadata.name === name).spec.minReplicas;
      const { docs } = synth({ autoscaling: { minReplicas: 2, maxReplicas: 6 } });
      expect(hpaMin(docs, 'shop-blue')).toBe(2);
      expect(hpaMin(docs, 'shop-green')).toBe(6);
      const floor = synth({ autoscaling: { minReplicas: 2, maxReplicas: 6 }, green: { ...base.green, replicas: 4 } }).docs;
      expect(hpaMin(floor, 'shop-green')).toBe(4);
      expect(() => synth({ autoscaling: { minReplicas: 2, maxReplicas: 6 }, green: { ...base.green, replicas: 9 } }))
        .toThrow(/invalid 'green\.replicas' \(received 9\): under autoscaling the idle colour's replicas are its autoscaler's floor/);
    });

    test('and back gives the original bytes', () => {
      expect(yamlFor(Color.BLUE)).toBe(synthYaml(scope => {
        new BlueGreenService(scope, 'shop', { ...base, ...everything, active: Color.BLUE });
      }));
    });
  });

  describe('ports: the Services route by port name (kubernetes FindPort looks a name up in each pod)', () => {
    const servingPortOf = (docs: any[], deployment: string) =>
      docs.find(d => d.kind === 'Deployment' && d.metadata.name === deployment).spec.template.spec.containers[0].ports;

    test('both Services target the serving container port by its name, which every colour carries', () => {
      const { docs } = synth();
      for (const name of ['shop', 'shop-preview']) {
        expect(service(docs, name).spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
      }
      for (const d of ['shop-blue', 'shop-green']) {
        expect(servingPortOf(docs, d)).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
      }
      const named = synth({ container: { ...base.container, portName: 'web' } }).docs;
      expect(service(named, 'shop').spec.ports[0].targetPort).toBe('web');
      expect(servingPortOf(named, 'shop-green')[0].name).toBe('web');
    });

    test('a new port number through the idle colour leaves both Services untouched: each pod keeps its own number', () => {
      const yaml = (green: Partial<BlueGreenServiceProps['green']>) =>
        synthYaml(scope => new BlueGreenService(scope, 'shop', { ...base, green: { ...base.green, ...green } }));
      const diff = lineDiff(yaml({}), yaml({ container: { port: 9090, readiness: Probe.httpGet('/ready') } }));
      const before = yaml({});
      const touched = new Set(diff.filter(l => l.startsWith('@@')).map(l => documentAt(before, Number(/\d+/.exec(l)![0]))));
      expect([...touched]).toEqual(['Deployment shop-green']);
      expect(diff.filter(l => l.startsWith('+')).map(l => l.slice(1).trim())).toEqual(expect.arrayContaining(['- containerPort: 9090', 'port: 9090']));
    });

    test('fails if a colour renames the port the Services route to', () => {
      expect(build({ green: { ...base.green, container: { portName: 'web' } } }))
        .toThrow(/shop: invalid 'green\.container\.portName' \(received "web"\): both Services route to the container port by its name, "http"/);
    });

    test('fails on a port name the API server rejects', () => {
      expect(build({ container: { ...base.container, portName: 'HTTP_8080' } }))
        .toThrow(/shop: invalid 'container\.portName' \(received "HTTP_8080"\): Services reach the port by this name/);
      expect(build({ container: { ...base.container, portName: 'http-alternative' } }))
        .toThrow(/invalid 'container\.portName' \(received "http-alternative"\)/);
    });
  });

  describe('a container change released through the idle colour', () => {
    const probeChange = { readiness: Probe.httpGet('/ready', { failureThreshold: 5 }), env: { FEATURE: EnvValue.fromValue('on') } };
    const smokeTest = { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl -fsS "$PREVIEW_URL/ready"'] };
    const containers = (props: Partial<BlueGreenServiceProps>) => {
      const docs = synth(props).docs;
      const of = (name: string) => docs.find(d => d.kind === 'Deployment' && d.metadata.name === name).spec.template.spec.containers[0];
      return { blue: of('shop-blue'), green: of('shop-green'), job: allOf(docs, 'Job')[0]?.metadata.name };
    };

    test('a colour\'s own container is laid over the shared one; the other colour is untouched', () => {
      const plain = containers({});
      const released = containers({ green: { ...base.green, container: probeChange } });
      expect(released.blue).toEqual(plain.blue);
      expect(released.green.readinessProbe.failureThreshold).toBe(5);
      expect(plain.green.readinessProbe.failureThreshold).not.toBe(5);
      expect(released.green.env).toEqual([{ name: 'FEATURE', value: 'on' }]);
      // What the colour does not set stays shared.
      expect(released.green.ports).toEqual(plain.green.ports);
      expect(released.green.resources).toEqual(plain.green.resources);
    });

    test('colour env is added to the shared env and the colour container\'s env, in the order written', () => {
      const { green } = containers({
        container: { ...base.container, env: { A: EnvValue.fromValue('shared'), B: EnvValue.fromValue('shared') } },
        green: { ...base.green, container: { env: { B: EnvValue.fromValue('container'), C: EnvValue.fromValue('container') } }, env: { C: EnvValue.fromValue('colour') } },
      });
      expect(green.env).toEqual([{ name: 'A', value: 'shared' }, { name: 'B', value: 'container' }, { name: 'C', value: 'colour' }]);
    });

    test('a new container on the idle colour is a new pair: the smoke test runs again; an unchanged one keeps the name', () => {
      const before = containers({ smokeTest }).job;
      const released = containers({ smokeTest, green: { ...base.green, container: probeChange } }).job;
      expect(released).not.toBe(before);
      expect(containers({ smokeTest, green: { ...base.green, container: probeChange } }).job).toBe(released);
      const other = containers({ smokeTest, green: { ...base.green, container: { ...probeChange, env: { FEATURE: EnvValue.fromValue('off') } } } }).job;
      expect(other).not.toBe(released);
      // The flip keeps the pair, so the colour that goes idle is not tested again.
      expect(containers({ smokeTest, active: Color.GREEN, green: { ...base.green, container: probeChange } }).job).toBe(released);
    });

    test('the flip of colours with their own containers still changes only the two colour selector lines', () => {
      const props = (active: Color): BlueGreenServiceProps => ({
        ...base,
        active,
        smokeTest,
        replicas: 3,
        blue: { ...base.blue, container: { resources: { cpu: { request: Cpu.millis(250) } } } },
        green: { ...base.green, container: { ...probeChange, port: 9090 } },
      });
      const before = synthYaml(scope => new BlueGreenService(scope, 'shop', props(Color.BLUE)));
      const diff = lineDiff(before, synthYaml(scope => new BlueGreenService(scope, 'shop', props(Color.GREEN))));
      expect(diff).toHaveLength(6);
      const changed = diff.filter(l => l.startsWith('@@')).map(l => documentAt(before, Number(/\d+/.exec(l)![0])));
      expect(changed.sort()).toEqual(['Service shop', 'Service shop-preview']);
      expect(diff.filter(l => /^[-+]/.test(l)).every(l => /^[-+] {4}color: (blue|green)$/.test(l))).toBe(true);
    });

    test('a refusal in a colour\'s container names the colour', () => {
      expect(build({ green: { ...base.green, container: { port: 70000 } } })).toThrow(/shop: invalid 'green\.container\.port' \(received 70000\)/);
    });
  });

  describe('selection', () => {
    test.each([Color.BLUE, Color.GREEN])('with %s active, the active Service selects exactly the active Deployment and the preview the other', (active) => {
      const { docs } = synth({ active });
      const deployments = allOf(docs, 'Deployment');
      expect(deployments.map(d => d.metadata.name).sort()).toEqual(['shop-blue', 'shop-green']);
      const selected = (svc: any) => deployments.filter(d => matches(svc.spec.selector, d.spec.template.metadata.labels)).map(d => d.metadata.name);
      const idle = active === Color.BLUE ? 'green' : 'blue';
      expect(selected(service(docs, 'shop'))).toEqual([`shop-${active}`]);
      expect(selected(service(docs, 'shop-preview'))).toEqual([`shop-${idle}`]);
    });

    test('blue and green selectors never overlap', () => {
      const { docs } = synth();
      const [a, b] = allOf(docs, 'Deployment');
      expect(matches(a.spec.selector.matchLabels, b.spec.template.metadata.labels)).toBe(false);
      expect(matches(b.spec.selector.matchLabels, a.spec.template.metadata.labels)).toBe(false);
    });

    test('both colours are graceful Deployments with their own image and budget', () => {
      const { docs, bg } = synth();
      allOf(docs, 'Deployment').forEach(assertGracefulDeployment);
      expect(only(docs.filter(d => d.metadata.name === 'shop-blue'), 'Deployment').spec.template.spec.containers[0].image).toBe('registry.example.com/shop:1.0.0');
      expect(bg.greenDeployment.name).toBe('shop-green');
      expect(allOf(docs, 'PodDisruptionBudget').map(p => p.spec.selector.matchLabels.color).sort()).toEqual(['blue', 'green']);
    });

    test('the idle colour stays at full size by default', () => {
      const { docs } = synth({ replicas: 4 });
      expect(allOf(docs, 'Deployment').map(d => d.spec.replicas)).toEqual([4, 4]);
    });

    test('the idle colour can be scaled down and retired at 0', () => {
      const { docs } = synth({ replicas: 4, green: { ...base.green, replicas: 0 } });
      const green = docs.find(d => d.metadata.name === 'shop-green' && d.kind === 'Deployment');
      expect(green.spec.replicas).toBe(0);
      expect(docs.filter(d => d.kind === 'PodDisruptionBudget').map(d => d.metadata.name)).toEqual(['shop-blue']);
    });

    test('a colour can override environment variables', () => {
      const { docs } = synth({
        container: { ...base.container, env: { MODE: EnvValue.fromValue('a'), LOG: EnvValue.fromValue('info') } },
        green: { ...base.green, env: { MODE: EnvValue.fromValue('b') } },
      });
      const env = (name: string) => docs.find(d => d.metadata.name === name && d.kind === 'Deployment').spec.template.spec.containers[0].env;
      // In the order written; an overridden variable keeps its place.
      expect(env('shop-blue')).toEqual([{ name: 'MODE', value: 'a' }, { name: 'LOG', value: 'info' }]);
      expect(env('shop-green')).toEqual([{ name: 'MODE', value: 'b' }, { name: 'LOG', value: 'info' }]);
    });

    test('releaseSelectors put the live (active) colour up for judgement, and say the colours never serve together', () => {
      const { bg } = synth({ active: Color.GREEN, namespace: 'web', router: Router.ingress({ host: 'shop.example.com' }) });
      expect(bg.releaseSelectors).toEqual({
        namespace: 'web',
        app: 'shop',
        appLabelKey: 'app.kubernetes.io/name',
        versionLabelKey: 'color',
        canaryVersion: 'green',
        canaryService: 'shop',
        stableVersion: 'blue',
        stableService: 'shop-preview',
        stableIngress: 'shop',
        versionsServeTogether: false,
      });
    });
  });

  // Hand-written api-blue / api-green Deployments with slot labels and a Service api on port 80 -> 3000.
  const adoptedApi = (props: Partial<BlueGreenServiceProps> = {}) => {
    const c = chart();
    new BlueGreenService(c, 'api', {
      app: 'api',
      appLabelKey: 'app',
      colorLabelKey: 'slot',
      active: Color.BLUE,
      blue: { image: 'example/api:2.3.0' },
      green: { image: 'example/api:2.4.0' },
      container: { port: 3000, readiness: Probe.httpGet('/healthz') },
      ...props,
    });
    return synthValid(c);
  };

  test('adopts hand-written api-blue / api-green with slot labels and a Service api on port 80 -> 3000', () => {
    const docs = adoptedApi();
    for (const color of ['blue', 'green']) {
      const d = docs.find(x => x.kind === 'Deployment' && x.metadata.name === `api-${color}`);
      expect(d.spec.selector.matchLabels).toEqual({ app: 'api', slot: color });
      expect(d.spec.template.metadata.labels).toEqual({ app: 'api', slot: color });
      expect(d.spec.template.spec.containers[0].ports[0].containerPort).toBe(3000);
    }
    const svc = service(docs, 'api');
    expect(svc.spec.selector).toEqual({ app: 'api', slot: 'blue' });
    // The port by name: hand-written pods must already name their port "http" (or set
    // container.portName to their name), or they get no endpoint until they are replaced.
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
  });

  describe('adoption, for images with their own users', () => {
    const adopt = (props: Partial<BlueGreenServiceProps>) => adoptedApi(props).filter(d => d.kind === 'Deployment').map(d => d.spec.template.spec);

    test('an image that runs as a numeric non-root user, or as a name (node, nginx): podSecurity.user lets the kubelet start it', () => {
      for (const pod of adopt({ podSecurity: { user: 1000, group: 1000 } })) {
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
        expect(nonRootRefusal(pod, pod.containers[0], { username: 'node' })).toBeUndefined();
      }
      // Without it, an image whose USER is a name never starts.
      const [plain] = adopt({});
      expect(nonRootRefusal(plain, plain.containers[0], { username: 'node' })).toMatch(/non-numeric user node/);
    });

    test('an image that must keep its own user (even root): the documented opt-out runAsNonRoot: false', () => {
      const pods = adopt({ container: { port: 3000, readiness: Probe.httpGet('/healthz'), securityContext: { runAsNonRoot: false } } });
      for (const pod of pods) {
        expect(pod.containers[0].securityContext.runAsNonRoot).toBe(false);
        // The container's setting overrides the pod's, so the kubelet checks nothing.
        expect(nonRootRefusal(pod, pod.containers[0], {})).toBeUndefined();
      }
    });
  });

  describe('options', () => {
    test('an Ingress in front of the active Service', () => {
      const { docs, bg } = synth({ router: Router.ingress({ host: 'shop.example.com', className: 'nginx', tlsSecretName: 'shop-tls' }) });
      const ing = only(docs, 'Ingress');
      expect(ing.spec.ingressClassName).toBe('nginx');
      expect(ing.spec.rules).toEqual([{
        host: 'shop.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } }] },
      }]);
      expect(ing.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
      expect(bg.route).toBeDefined();
    });

    test('one route shape for every release: Router.ingress takes the cluster default class, Router.ingressNginx the nginx class', () => {
      const ingressOf = (router: Router) => only(synth({ router }).docs, 'Ingress');
      expect(ingressOf(Router.ingress({ host: 'shop.example.com' })).spec.ingressClassName).toBeUndefined();
      expect(ingressOf(Router.ingressNginx({ host: 'shop.example.com' })).spec.ingressClassName).toBe('nginx');
      // The same ingress-nginx route, written once, serves a blue-green and a canary release alike.
      expect(ingressOf(Router.ingressNginx({ host: 'shop.example.com' }))).toEqual(ingressOf(Router.ingress({ host: 'shop.example.com', className: 'nginx' })));
      expect(ingressOf(Router.ingress({ host: 'shop.example.com', name: 'shop-public', annotations: { a: 'b' } })).metadata)
        .toMatchObject({ name: 'shop-public', annotations: { a: 'b' } });
    });

    test('a smoke-test Job against the preview Service, run as an Argo CD hook with bounded retries', () => {
      const { docs } = synth({ smokeTest: { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl -fsS "$PREVIEW_URL/ready"'] } });
      const job = only(docs, 'Job');
      expect(job.metadata.name).toMatch(/^shop-smoke-test-[0-9a-f]{10}$/);
      // Not a hook: Argo CD re-creates any hook on every sync (no delete policy means
      // BeforeHookCreation). A plain Job in wave 1 runs after the Deployments are healthy, once.
      expect(job.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
      expect(job.spec.backoffLimit).toBe(1);
      expect(job.spec.activeDeadlineSeconds).toBe(300);
      const pod = job.spec.template.spec;
      expect(pod.restartPolicy).toBe('Never');
      expect(pod.containers[0].image).toBe('curlimages/curl:8.11.1');
      expect(pod.containers[0].env).toEqual([{ name: 'PREVIEW_URL', value: 'http://shop-preview:80' }]);
      expect(pod.containers[0].securityContext.runAsNonRoot).toBe(true);
    });

    test('the smoke test\'s env is checked as a serving container\'s is: $(PREVIEW_URL) works, a later variable does not', () => {
      // PREVIEW_URL comes first, so the kubelet expands it in the test's own variables.
      const { docs } = synth({ smokeTest: { image: 'curlimages/curl:8.11.1', env: { READY: EnvValue.fromValue('$(PREVIEW_URL)/ready') } } });
      expect(only(docs, 'Job').spec.template.spec.containers[0].env).toEqual([
        { name: 'PREVIEW_URL', value: 'http://shop-preview:80' },
        { name: 'READY', value: '$(PREVIEW_URL)/ready' },
      ]);
      expect(() => synth({ smokeTest: { image: 'curlimages/curl:8.11.1', env: { URL: EnvValue.fromValue('$(HOST)/ready'), HOST: EnvValue.fromValue('h') } } }))
        .toThrow(/invalid 'smokeTest\.env\["URL"\]' \(received "\$\(HOST\)\/ready"\): it refers to \$\(HOST\), which is defined after it/);
    });

    test('the smoke test runs as a numeric non-root user, so the kubelet starts images whose USER is a name', () => {
      const { docs } = synth({ smokeTest: { image: 'curlimages/curl:8.11.1' } });
      const pod = only(docs, 'Job').spec.template.spec;
      const [c] = pod.containers;
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 });
      // curlimages/curl runs as the user name curl_user: refused unless a numeric user is set.
      expect(nonRootRefusal(pod, c, { username: 'curl_user' })).toBeUndefined();
      const { runAsUser, ...withoutUser } = c.securityContext;
      expect(nonRootRefusal(pod, { ...c, securityContext: withoutUser }, { username: 'curl_user' })).toMatch(/non-numeric user curl_user/);
      const own = only(synth({ smokeTest: { image: 'example/smoke:1.2.0', user: 1001, group: 1001 } }).docs, 'Job');
      expect(own.spec.template.spec.containers[0].securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001 });
    });

    test('the smoke test runs exactly when there is a new idle colour: a new name per pair of colours', () => {
      const smokeTest = { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl -fsS "$PREVIEW_URL/ready"'] };
      const jobName = (props: Partial<BlueGreenServiceProps>) => {
        const jobs = allOf(synth({ smokeTest, ...props }).docs, 'Job');
        return jobs.length === 0 ? undefined : jobs[0].metadata.name;
      };
      const before = jobName({});
      // A release to the idle colour: a new pair, a new Job that runs once.
      const released = jobName({ green: { image: 'registry.example.com/shop:1.2.0' } });
      expect(released).not.toBe(before);
      // The flip, and an unrelated change, keep the pair: no new run, so the old colour is never tested.
      expect(jobName({ active: Color.GREEN })).toBe(before);
      expect(jobName({ replicas: 3 })).toBe(before);
      // A retired idle colour has nothing behind the preview Service: no Job.
      expect(jobName({ active: Color.GREEN, blue: { ...base.blue, replicas: 0 } })).toBeUndefined();
      // A changed test is a new test.
      expect(jobName({ smokeTest: { ...smokeTest, args: ['-v'] } })).not.toBe(before);
    });

    test('refuses an app name that leaves no room for the smoke test Job name', () => {
      const long = 'a'.repeat(45);
      expect(() => synth({ app: long, smokeTest: { image: 'curlimages/curl:8.11.1' } }))
        .toThrow(new RegExp(`shop: invalid 'app' \\(received "${long}"\\): with smokeTest the Job is named "<app>-smoke-test-<digest>"`));
    });

    test('a smoke test for Flux, with its own deadline', () => {
      const { docs } = synth({ smokeTest: { image: 'example/smoke:1.2.0', hook: GitOpsHook.FLUX, activeDeadline: Duration.minutes(2), backoffLimit: 0 } });
      const job = only(docs, 'Job');
      // Its stage is verify: flux-layout puts it in the Kustomization after the colours' rollout.
      expect(job.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/force': 'Enabled', 'cdk8s-zero-downtime.io/stage': 'verify' });
      expect(job.spec.activeDeadlineSeconds).toBe(120);
      expect(job.spec.backoffLimit).toBe(0);
    });

    test('an autoscaler per colour, none for a retired colour', () => {
      const { docs } = synth({ autoscaling: { minReplicas: 2, maxReplicas: 8 }, green: { ...base.green, replicas: 0 } });
      const hpas = allOf(docs, 'HorizontalPodAutoscaler');
      expect(hpas.map(h => h.spec.scaleTargetRef.name)).toEqual(['shop-blue']);
      const deployments = allOf(docs, 'Deployment');
      expect(deployments.find(d => d.metadata.name === 'shop-blue').spec.replicas).toBeUndefined();
      expect(deployments.find(d => d.metadata.name === 'shop-green').spec.replicas).toBe(0);
    });

    test('pod anti-affinity between colours', () => {
      const { docs } = synth({ colorAntiAffinity: true });
      const blue = docs.find(d => d.kind === 'Deployment' && d.metadata.name === 'shop-blue');
      expect(blue.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm).toEqual({
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'shop', 'color': 'green' } },
      });
    });

    test('custom service names, port and type; the active Service is the default child', () => {
      const { docs, bg } = synth({ serviceName: 'storefront', previewServiceName: 'storefront-next', servicePort: 8000, serviceType: ServiceType.LOAD_BALANCER });
      expect(service(docs, 'storefront').spec.type).toBe('LoadBalancer');
      expect(service(docs, 'storefront-next').spec.type).toBe('ClusterIP');
      expect(service(docs, 'storefront').spec.ports[0].port).toBe(8000);
      expect(ApiObject.of(bg)).toBe(bg.activeService);
    });
  });

  describe('refusals', () => {
    test('fails if the active colour has 0 replicas', () => {
      expect(build({ blue: { ...base.blue, replicas: 0 } }))
        .toThrow(/test\/shop: invalid 'blue\.replicas' \(received 0\): blue is the active colour, and with 0 pods every request fails\. Fix: scale blue up/);
    });

    test('fails if a colour has no image or an unpinned one', () => {
      expect(build({ green: { image: '' } })).toThrow(/test\/shop: invalid 'green\.image' \(received ""\)/);
      expect(build({ blue: { image: 'shop:latest' } })).toThrow(/invalid 'blue\.image' \(received "shop:latest"\): the image is not pinned/);
    });

    test('fails if active is not a colour', () => {
      expect(build({ active: 'purple' as Color })).toThrow(/invalid 'active' \(received "purple"\): Color has no such member\. Fix: use Color\.BLUE or Color\.GREEN\.$/);
    });

    test('fails if the container serves no port', () => {
      expect(build({ container: {} })).toThrow(/invalid 'container\.port' \(received nothing\)/);
    });

    test('fails if the colour label key is invalid or the app label key', () => {
      expect(build({ colorLabelKey: 'bad key' })).toThrow(/invalid 'colorLabelKey' \(received "bad key"\)/);
      expect(build({ colorLabelKey: 'app.kubernetes.io/name' })).toThrow(/invalid 'colorLabelKey' \(received "app\.kubernetes\.io\/name"\)/);
    });

    test('fails if both Services would have one name', () => {
      expect(build({ serviceName: 'shop', previewServiceName: 'shop' })).toThrow(/invalid 'previewServiceName' \(received "shop"\): the preview Service must differ/);
    });

    test('fails on an ExternalName Service, a bad port or a bad Ingress host', () => {
      expect(build({ serviceType: ServiceType.EXTERNAL_NAME })).toThrow(/invalid 'serviceType' \(received "ExternalName"\)/);
      expect(build({ servicePort: 70000 })).toThrow(/invalid 'servicePort' \(received 70000\)/);
      expect(build({ router: Router.ingress({ host: 'Shop Example' }) })).toThrow(/^test\/shop: invalid 'router\.host' \(received "Shop Example"\)/);
      expect(build({ router: Router.ingressNginx({ host: 'shop.example.com', path: 'cart' }) })).toThrow(/invalid 'router\.path' \(received "cart"\)/);
      expect(build({ router: Router.ingress({ host: 'shop.example.com', name: 'Shop' }) })).toThrow(/invalid 'router\.name' \(received "Shop"\)/);
      expect(build({ router: { host: 'shop.example.com' } as any })).toThrow(/invalid 'router' \(received \{"host":"shop\.example\.com"\}\)/);
    });

    test('fails if the smoke test is unpinned or unbounded', () => {
      expect(build({ smokeTest: { image: 'curlimages/curl' } })).toThrow(/invalid 'smokeTest\.image' \(received "curlimages\/curl"\)/);
      expect(build({ smokeTest: { image: 'curlimages/curl:8.11.1', backoffLimit: 100 } })).toThrow(/invalid 'smokeTest\.backoffLimit' \(received 100\)/);
      expect(build({ smokeTest: { image: 'curlimages/curl:8.11.1', activeDeadline: Duration.seconds(0) } })).toThrow(/invalid 'smokeTest\.activeDeadline' \(received Duration of 0s\)/);
    });
  });
});
