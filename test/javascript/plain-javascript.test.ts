import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/*
 * The refusals of issue #19 seen from plain JavaScript: app.js requires the compiled library
 * (lib/, written by `npx projen compile` before the tests run) exactly as a JavaScript user
 * would, with no compiler between the mistake and the constructs. Python, Java, C# and Go reach
 * the same JavaScript through the jsii kernel.
 */

const root = path.join(__dirname, '..', '..');

function run(): { [name: string]: string } {
  if (!fs.existsSync(path.join(root, 'lib', 'index.js'))) {
    throw new Error('lib/ is missing: run `npx projen compile` first');
  }
  const child = spawnSync(process.execPath, [path.join(__dirname, 'app.js')], { cwd: root, encoding: 'utf8' });
  if (child.status !== 0) { throw new Error(`node app.js failed: ${child.stderr}`); }
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

describe('plain JavaScript gets the refusals TypeScript gets', () => {
  const results = run();

  test('a valid app synthesizes', () => {
    expect(results.valid).toBe('ok: canary-weight "25"');
  });

  test.each([
    ['weigth', /^js\/shop: invalid 'weigth' \(received 25\): CanaryIngressProps has no prop 'weigth', so it would be ignored\. Fix: rename it to 'weight' \(did you mean 'weight'\?\)\.$/],
    ['sizeForWieght', /^js\/shop: invalid 'sizeForWieght' \(received 10\).*did you mean 'sizeForWeight'\?/],
    ['canaryReplica', /^js\/shop: invalid 'canaryReplica' \(received a CanaryReplicas\).*did you mean 'canaryReplicas'\?/],
    ['readinessObject', /^js\/shop: invalid 'container\.readiness' \(received \{"path":"\/ready"\}\): a Probe is expected.*Fix: build one with .*Probe\.httpGet\(path, options\)/],
    ['readinessUncalled', /^js\/shop: invalid 'container\.readiness' \(received Probe\.httpGet, not called\).*Fix: call it: Probe\.httpGet\(path, options\)\.$/],
    ['preStop', /^js\/shop: invalid 'container\.preStop' \(received \{"seconds":10\}\): a PreStop is expected.*PreStop\.execSleep\(delay\)/],
    ['volume', /^js\/api: invalid 'containers\[0\]\.mounts\[0\]\.volume' \(received \{"name":"cache"\}\): a Volume is expected.*Volume\.emptyDir\(name, options\)/],
    ['env', /^js\/shop: invalid 'container\.env\["LOG_LEVEL"\]' \(received "info"\).*Fix: use EnvValue\.fromValue\("info"\)\.$/],
    ['weightNull', /^js\/shop: invalid 'weight' \(received null\).*Fix: leave weight out, or give a number\.$/],
    ['maxSurge', /^js\/api: invalid 'maxSurge' \(received 1\).*Fix: use PercentOrAbsolute\.absolute\(1\) or PercentOrAbsolute\.percent\(1\)/],
    ['autoscaling', /^js\/api: invalid 'autoscaling\.min' \(received 2\).*rename it to 'minReplicas'.*'maxReplicas' is required and missing\.$/],
    ['weightFraction', /^js\/shop: invalid 'weight' \(received 12\.5\): a weight is a whole number .*Fix: write 12 or 13/],
    ['weightInfinity', /^js\/shop: invalid 'weight' \(received Infinity\): Infinity is not a finite number/],
    ['envObject', /^js\/shop: invalid 'container\.env\["LOG_LEVEL"\]' \(received \{"value":"info"\}\): an EnvValue is expected; a plain object is not one.*EnvValue\.fromValue\(value\)/],
    ['envFromPlus33', /^js\/shop: invalid 'container\.env\["LOG_LEVEL"\]' \(received an EnvValue from cdk8s-plus-33\).*Fix: import EnvValue from 'cdk8s-zero-downtime' instead of 'cdk8s-plus-33'/],
    ['maxSurgeObject', /^js\/api: invalid 'maxSurge' \(received \{"value":"25%"\}\): a PercentOrAbsolute is expected; a plain object is not one.*PercentOrAbsolute\.percent\(percent\)/],
    ['cpuObject', /^js\/api: invalid 'containers\[0\]\.resources\.cpu\.request' \(received \{"amount":"100m"\}\): a Cpu is expected.*Cpu\.millis\(amount\)/],
    ['serviceTypeString', /^js\/api: invalid 'service\.type' \(received "loadBalancer"\): ServiceType has no such member\. Fix: use ServiceType\.LOAD_BALANCER \(did you mean ServiceType\.LOAD_BALANCER\?\)/],
    ['postion', /^js\/shop: invalid 'postion' \(received a ReleasePosition\): CanaryIngressProps has no prop 'postion'.*did you mean 'position'\?/],
    ['positionPlain', /^js\/shop: invalid 'position' \(received \{"release":"shop","kind":"canary","step":1\}\): a ReleasePosition is expected/],
    ['engineString', /^TransitionCheck\.between: invalid 'options\.engine' \(received "argocd"\): GitOpsEngine has no such member.*GitOpsEngine\.ARGO_CD/],
    ['engineMisspelt', /^TransitionCheck\.between: invalid 'options\.engnie' \(received "APPLY"\).*did you mean 'engine'\?/],
    ['releaseOrderString', /^ReleaseOrder\.use: invalid 'engine' \(received "flux"\): GitOpsEngine has no such member.*GitOpsEngine\.FLUX/],
    ['positionFileMissing', /^ReleasePosition\.fromFile: invalid 'file' \(received nothing\): file is required/],
    ['smokeEnvObject', /^js\/shop: invalid 'smokeTest\.env\["READY"\]' \(received \{"value":"\$\(PREVIEW_URL\)\/ready"\}\): an EnvValue is expected; a plain object is not one/],
    ['smokeEvn', /^js\/shop: invalid 'smokeTest\.evn' \(received .*\): SmokeTestOptions has no prop 'evn'.*did you mean 'env'\?/],
    ['smokeEnvLater', /^js\/shop: invalid 'smokeTest\.env\["URL"\]' \(received "\$\(HOST\)\/ready"\): it refers to \$\(HOST\), which is defined after it/],
    ['previewColourName', /^js\/shop: invalid 'previewServiceName' \(received "shop-green"\): under a Gateway API router "shop-green" is the name of the green colour's own Service/],
    ['probeOptions', /^Probe\.httpGet: invalid 'options\.periodSecnds' \(received 5\): HttpProbeOptions has no prop 'periodSecnds'.*did you mean 'period'\?/],
  ])('%s', (name, message) => {
    expect(results[name]).toMatch(message);
  });
});
