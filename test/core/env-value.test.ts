import { Testing } from 'cdk8s';
import * as kplus33 from 'cdk8s-plus-33';
import { EnvFieldPaths, EnvValue, GracefulDeployment, Probe, ResourceFieldPaths } from '../../src';
import { chart, only, synthValid } from '../support/manifests';

// The library owns EnvValue since it dropped cdk8s-plus-28 (issue #23): the factories must mean
// what cdk8s-plus's mean, so that moving code over is a change of import.
const json = (x: unknown) => x && JSON.parse(JSON.stringify(x));
const asKplus = (v: kplus33.EnvValue) => ({ value: v.value, valueFrom: v.valueFrom && json(kplus33.k8s.toJson_EnvVarSource(v.valueFrom)) });
const asOurs = (v: EnvValue) => ({ value: v.value, valueFrom: json(v.valueFrom) });

describe('EnvValue', () => {
  const scope = Testing.chart();
  const secret = kplus33.Secret.fromSecretName(scope, 'db', 'checkout-db');
  const config = kplus33.ConfigMap.fromConfigMapName(scope, 'cfg', 'checkout-config');

  test.each([
    ['fromValue', EnvValue.fromValue('info'), kplus33.EnvValue.fromValue('info')],
    ['fromSecretValue', EnvValue.fromSecretValue({ secret, key: 'url' }), kplus33.EnvValue.fromSecretValue({ secret, key: 'url' })],
    ['fromSecretValue optional', EnvValue.fromSecretValue({ secret: { name: 'checkout-db' }, key: 'url' }, { optional: true }), kplus33.EnvValue.fromSecretValue({ secret, key: 'url' }, { optional: true })],
    ['fromConfigMap', EnvValue.fromConfigMap(config, 'level'), kplus33.EnvValue.fromConfigMap(config, 'level')],
    ['fromFieldRef', EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME), kplus33.EnvValue.fromFieldRef(kplus33.EnvFieldPaths.POD_NAME)],
    ['fromFieldRef label', EnvValue.fromFieldRef(EnvFieldPaths.POD_LABEL, { key: 'app' }), kplus33.EnvValue.fromFieldRef(kplus33.EnvFieldPaths.POD_LABEL, { key: 'app' })],
    ['fromResource', EnvValue.fromResource(ResourceFieldPaths.MEMORY_LIMIT, { divisor: '1Mi' }), kplus33.EnvValue.fromResource(kplus33.ResourceFieldPaths.MEMORY_LIMIT, { divisor: '1Mi' })],
  ] as const)('%s writes what cdk8s-plus-33 writes, field by field and in its order', (_name, ours, theirs) => {
    // In order too: SchemaMigration names its Job after a digest of the spec's JSON.
    expect(JSON.stringify(asOurs(ours))).toBe(JSON.stringify(asKplus(theirs)));
  });

  test('a variable from a Secret reaches the container as secretKeyRef', () => {
    const c = chart();
    new GracefulDeployment(c, 'api', {
      app: 'api',
      containers: [{ image: 'registry.example.com/api:1.4.2', port: 8080, readiness: Probe.httpGet('/ready'), env: { URL: EnvValue.fromSecretValue({ secret: { name: 'api-db' }, key: 'url' }) } }],
    });
    expect(only(synthValid(c), 'Deployment').spec.template.spec.containers[0].env).toEqual([{ name: 'URL', valueFrom: { secretKeyRef: { name: 'api-db', key: 'url' } } }]);
  });

  test('fails if a label or annotation is read without its key', () => {
    const build = (member: EnvFieldPaths) => () => new GracefulDeployment(chart(), 'api', {
      app: 'api',
      containers: [{ image: 'registry.example.com/api:1.4.2', port: 8080, readiness: Probe.httpGet('/ready'), env: { TEAM: EnvValue.fromFieldRef(member) } }],
    });
    expect(build(EnvFieldPaths.POD_LABEL)).toThrow(/^test\/api: invalid 'containers\[0\]\.env\["TEAM"\]' \(received EnvValue\.fromFieldRef\(EnvFieldPaths\.POD_LABEL\) without a key\): .*API server refuses.*Fix: name it: EnvValue\.fromFieldRef\(EnvFieldPaths\.POD_LABEL, \{ key: 'example\.com\/name' \}\)\.$/);
    expect(build(EnvFieldPaths.POD_ANNOTATION)).toThrow(/received EnvValue\.fromFieldRef\(EnvFieldPaths\.POD_ANNOTATION\) without a key/);
  });
});
