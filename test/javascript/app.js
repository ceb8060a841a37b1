// A cdk8s app in plain JavaScript, as a user without TypeScript writes it: it requires the
// compiled library (lib/, as the npm package ships it) and makes each mistake of issue #19.
// Run by plain-javascript.test.ts; prints one JSON line: case name -> message, or "ok".
'use strict';
const { App, Chart } = require('cdk8s');
const plus33 = require('cdk8s-plus-33');
const z = require('../../lib');

const image = 'registry.example.com/app:1.0.0';
const serving = { port: 8080, readiness: z.Probe.httpGet('/ready') };

function canary(props) {
  const app = new App();
  new z.CanaryIngress(new Chart(app, 'js'), 'shop', {
    app: 'shop', router: z.Router.ingressNginx({ host: 'shop.example.com' }), stable: { image }, canary: { image }, container: serving, ...props,
  });
  return app.synthYaml();
}
function blueGreen(props) {
  const app = new App();
  new z.BlueGreenService(new Chart(app, 'js'), 'shop', {
    app: 'shop', active: z.Color.BLUE, blue: { image }, green: { image }, container: serving,
    router: z.Router.gatewayApi({ parentRefs: [{ name: 'public' }] }), ...props,
  });
  return app.synthYaml();
}
const curl = 'curlimages/curl:8.11.1';
function deployment(props) {
  const app = new App();
  new z.GracefulDeployment(new Chart(app, 'js'), 'api', { app: 'api', containers: [{ image, ...serving }], ...props });
  return app.synthYaml();
}

const cases = {
  valid: () => canary({ weight: 25, container: { ...serving, env: { LOG_LEVEL: z.EnvValue.fromValue('info') } } }),
  weigth: () => canary({ weigth: 25 }),
  sizeForWieght: () => canary({ weight: 5, sizeForWieght: 10 }),
  canaryReplica: () => canary({ canaryReplica: z.CanaryReplicas.fixed(2) }),
  readinessObject: () => canary({ container: { port: 8080, readiness: { path: '/ready' } } }),
  readinessUncalled: () => canary({ container: { port: 8080, readiness: z.Probe.httpGet } }),
  preStop: () => canary({ container: { ...serving, preStop: { seconds: 10 } } }),
  volume: () => deployment({ containers: [{ image, ...serving, mounts: [{ volume: { name: 'cache' }, path: '/cache' }] }] }),
  env: () => canary({ container: { ...serving, env: { LOG_LEVEL: 'info' } } }),
  weightNull: () => canary({ weight: null }),
  maxSurge: () => deployment({ maxSurge: 1 }),
  autoscaling: () => deployment({ autoscaling: { min: 2, max: 4 } }),
  weightFraction: () => canary({ weight: 12.5 }),
  weightInfinity: () => canary({ weight: Infinity }),
  probeOptions: () => z.Probe.httpGet('/ready', { periodSecnds: 5 }),
  // The value types the library owns since it dropped cdk8s-plus-28 (issue #23).
  envObject: () => canary({ container: { ...serving, env: { LOG_LEVEL: { value: 'info' } } } }),
  envFromPlus33: () => canary({ container: { ...serving, env: { LOG_LEVEL: plus33.EnvValue.fromValue('info') } } }),
  maxSurgeObject: () => deployment({ maxSurge: { value: '25%' } }),
  cpuObject: () => deployment({ containers: [{ image, ...serving, resources: { cpu: { request: { amount: '100m' } } } }] }),
  serviceTypeString: () => deployment({ service: { type: 'loadBalancer' } }),
  postion: () => canary({ postion: z.ReleasePosition.fromJson(JSON.stringify({
    release: 'shop', kind: 'canary', image: 'registry.example.com/app', steps: [5, 100], stable: '1.0.0', candidate: '2.0.0', phase: 'step', step: 1,
  })) }),
  positionPlain: () => canary({ position: { release: 'shop', kind: 'canary', step: 1 } }),
  engineString: () => z.TransitionCheck.between([], [], { engine: 'argocd' }),
  engineMisspelt: () => z.TransitionCheck.between([], [], { engnie: z.GitOpsEngine.APPLY }),
  releaseOrderString: () => z.ReleaseOrder.use(new App(), 'flux'),
  positionFileMissing: () => z.ReleasePosition.fromFile(),
  // The smoke test's env and preview name (issue #24's session): the same checks from JavaScript.
  smokeEnvObject: () => blueGreen({ smokeTest: { image: curl, env: { READY: { value: '$(PREVIEW_URL)/ready' } } } }),
  smokeEvn: () => blueGreen({ smokeTest: { image: curl, evn: { READY: z.EnvValue.fromValue('x') } } }),
  smokeEnvLater: () => blueGreen({ smokeTest: { image: curl, env: { URL: z.EnvValue.fromValue('$(HOST)/ready'), HOST: z.EnvValue.fromValue('h') } } }),
  previewColourName: () => blueGreen({ previewServiceName: 'shop-green', smokeTest: { image: curl } }),
};

const results = {};
for (const [name, run] of Object.entries(cases)) {
  try {
    const yaml = run();
    results[name] = typeof yaml === 'string' && yaml.includes('canary-weight: "25"') ? 'ok: canary-weight "25"' : 'ok';
  } catch (e) {
    results[name] = e instanceof Error ? e.message : `threw ${String(e)}`;
  }
}
console.log(JSON.stringify(results));
