import { Duration, Size, Testing } from 'cdk8s';
import * as kplus33 from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import {
  AnalysisGate, BlueGreenService, CanaryIngress, CanaryReplicas, Color, Criterion, GracefulDeployment, MetricSource, NoDataPolicy,
  PreStop, Probe, Router, Volume,
  Cpu, EnvValue, PercentOrAbsolute,
} from '../../src';
import { renderValue } from '../../src/core/errors';
import { nearest } from '../../src/core/jsii-props';

/*
 * What a caller without a compiler (plain JavaScript; Python, Java, C# or Go through the jsii
 * kernel) can hand the constructs, and the refusal it gets. Props are typed `any` here on
 * purpose: TypeScript would refuse every one of them at compile time.
 * test/javascript/plain-javascript.test.ts runs the same mistakes from a .js file under node.
 */

const image = 'registry.example.com/app:1.0.0';
const serving = { port: 8080, readiness: Probe.httpGet('/ready') };

function canary(props: any) {
  return () => {
    const chart = Testing.chart();
    new CanaryIngress(chart, 'shop', {
      app: 'shop', router: Router.ingressNginx({ host: 'shop.example.com' }), stable: { image }, canary: { image }, container: serving, ...props,
    });
    return Testing.synth(chart);
  };
}
function deployment(props: any) {
  return () => new GracefulDeployment(Testing.chart(), 'api', { app: 'api', containers: [{ image, ...serving }], ...props });
}
function blueGreen(props: any) {
  return () => new BlueGreenService(Testing.chart(), 'shop', { app: 'shop', active: Color.BLUE, blue: { image }, green: { image }, container: serving, ...props });
}

describe('props checked against the jsii assembly', () => {
  describe('a misspelt prop is refused with the nearest known name, not ignored', () => {
    test('weigth: the canary would have got weight 0', () => {
      expect(canary({ weigth: 25 })).toThrow(/^test\/shop: invalid 'weigth' \(received 25\): CanaryIngressProps has no prop 'weigth', so it would be ignored\. Fix: rename it to 'weight' \(did you mean 'weight'\?\)\.$/);
    });
    test('sizeForWieght and canaryReplica', () => {
      expect(canary({ weight: 5, sizeForWieght: 10 })).toThrow(/invalid 'sizeForWieght' \(received 10\).*did you mean 'sizeForWeight'\?/);
      expect(canary({ canaryReplica: CanaryReplicas.fixed(2) })).toThrow(/invalid 'canaryReplica' \(received a CanaryReplicas\).*did you mean 'canaryReplicas'\?/);
    });
    test('in nested structs and lists, with the path as written', () => {
      expect(canary({ stable: { image, imag: image } })).toThrow(/invalid 'stable\.imag' \(received "registry\.example\.com\/app:1\.0\.0"\): TrackOptions has no prop 'imag'.*did you mean 'image'\?/);
      expect(canary({ steps: [{ weight: 5 }, { wieght: 25 }], currentStep: 1 })).toThrow(/invalid 'steps\[1\]\.wieght' \(received 25\).*did you mean 'weight'\?\); 'weight' is required and missing\.$/);
      expect(deployment({ containers: [{ image, ...serving, readyness: Probe.httpGet('/ready') }] })).toThrow(/^test\/api: invalid 'containers\[0\]\.readyness' \(received a Probe\).*did you mean 'readiness'\?/);
    });
    test('inherited props are known: GracefulWorkloadOptions props on a BlueGreenService', () => {
      expect(blueGreen({ maxSurge: PercentOrAbsolute.absolute(2), drainTimeout: Duration.seconds(5) })).not.toThrow();
      expect(blueGreen({ drainTimout: Duration.seconds(5) })).toThrow(/invalid 'drainTimout' \(received Duration of 5s\).*did you mean 'drainTimeout'\?/);
    });
    test('autoscaling { min, max }: the names meant and the required maxReplicas are named', () => {
      expect(deployment({ autoscaling: { min: 2, max: 4 } })).toThrow(/invalid 'autoscaling\.min' \(received 2\): AutoscalingOptions has no prop 'min'.*Fix: rename it to 'minReplicas'.*'maxReplicas' is required and missing\.$/);
      expect(deployment({ autoscaling: { minReplicas: 2 } })).toThrow(/^test\/api: invalid 'autoscaling\.maxReplicas' \(received nothing\): maxReplicas is required \(most pods\)\. Fix: give maxReplicas: a number\.$/);
    });
    test('without a close name, the known props are listed', () => {
      expect(canary({ stable: { image, replicaCount: 3 } })).toThrow(/invalid 'stable\.replicaCount' \(received 3\).*Fix: remove it; TrackOptions takes 'image', 'env'\.$/);
    });
    test('removed props keep their own "moved" message', () => {
      expect(canary({ host: 'shop.example.com' })).toThrow(/invalid 'host' \(received "shop\.example\.com"\): this prop was removed.*Fix: move it into router: Router\.ingressNginx/);
    });
  });

  describe('a plain object or an uncalled factory where a value class belongs', () => {
    test('readiness as a plain object names the factories', () => {
      expect(canary({ container: { port: 8080, readiness: { path: '/ready' } } })).toThrow(
        /^test\/shop: invalid 'container\.readiness' \(received \{"path":"\/ready"\}\): a Probe is expected; a plain object is not one, and none of its fields would be read\. Fix: build one with .*Probe\.httpGet\(path, options\).*\.$/);
    });
    test('Probe.httpGet not called', () => {
      expect(canary({ container: { port: 8080, readiness: Probe.httpGet } })).toThrow(/invalid 'container\.readiness' \(received Probe\.httpGet, not called\).*Fix: call it: Probe\.httpGet\(path, options\)\.$/);
    });
    test('preStop, volume and source', () => {
      expect(blueGreen({ container: { ...serving, preStop: { seconds: 10 } } })).toThrow(/invalid 'container\.preStop' \(received \{"seconds":10\}\): a PreStop is expected.*PreStop\.execSleep\(delay\)/);
      expect(blueGreen({ container: { ...serving, preStop: PreStop.execSleep } })).toThrow(/invalid 'container\.preStop' \(received PreStop\.execSleep, not called\).*call it: PreStop\.execSleep\(delay\)/);
      expect(deployment({ containers: [{ image, ...serving, mounts: [{ volume: { name: 'cache' }, path: '/cache' }] }] }))
        .toThrow(/invalid 'containers\[0\]\.mounts\[0\]\.volume' \(received \{"name":"cache"\}\): a Volume is expected.*Volume\.emptyDir\(name, options\)/);
      const gate = (source: any) => () => {
        const chart = Testing.chart();
        const target = new CanaryIngress(chart, 'shop', { app: 'shop', router: Router.ingressNginx({ host: 'shop.example.com' }), stable: { image }, canary: { image }, container: serving, weight: 5 });
        new AnalysisGate(chart, 'gate', { target, source, criteria: [Criterion.errorRate({ max: 0.01 })], minRequests: 100, onNoData: NoDataPolicy.FAIL, prometheusUrl: 'http://prometheus:9090' });
      };
      expect(gate(MetricSource.ingressNginx())).not.toThrow();
      expect(gate(MetricSource.ingressNginx)).toThrow(/^test\/gate: invalid 'source' \(received MetricSource\.ingressNginx, not called\).*call it: MetricSource\.ingressNginx\(options\)\.$/);
      expect(gate({ ingressClass: 'nginx' })).toThrow(/invalid 'source' \(received \{"ingressClass":"nginx"\}\): a MetricSource is expected/);
    });
    test('a plain value where a cdk8s class or a value type of the library belongs gets the factory call that makes it', () => {
      expect(canary({ container: { ...serving, env: { LOG_LEVEL: 'info' } } }))
        .toThrow(/invalid 'container\.env\["LOG_LEVEL"\]' \(received "info"\): an EnvValue is expected, not a string\. Fix: use EnvValue\.fromValue\("info"\)\.$/);
      expect(deployment({ maxSurge: 1 }))
        .toThrow(/invalid 'maxSurge' \(received 1\): a PercentOrAbsolute is expected, not a number\. Fix: use PercentOrAbsolute\.absolute\(1\) or PercentOrAbsolute\.percent\(1\)\.$/);
      expect(deployment({ terminationGracePeriod: 30 })).toThrow(/invalid 'terminationGracePeriod' \(received 30\).*Duration\.seconds\(30\)/);
    });
    test('the resource structs are checked like every other', () => {
      expect(deployment({ containers: [{ image, ...serving, resources: { cpu: { request: '100m' } } }] }))
        .toThrow(/invalid 'containers\[0\]\.resources\.cpu\.request' \(received "100m"\): a Cpu is expected, not a string\. Fix: .*Cpu\.millis\(amount\).*\.$/);
      expect(deployment({ containers: [{ image, ...serving, resources: { memroy: { request: Size.mebibytes(64) } } }] }))
        .toThrow(/invalid 'containers\[0\]\.resources\.memroy' \(received \{.*\}\): ContainerResources has no prop 'memroy'.*did you mean 'memory'\?/);
      const resources = { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(64) } };
      expect(deployment({ containers: [{ image, ...serving, resources }] })).not.toThrow();
    });

    test('the value types that used to come from cdk8s-plus-28 refuse plain objects and cdk8s-plus\'s own classes', () => {
      expect(canary({ container: { ...serving, env: { LOG_LEVEL: { value: 'info' } } } }))
        .toThrow(/invalid 'container\.env\["LOG_LEVEL"\]' \(received \{"value":"info"\}\): an EnvValue is expected; a plain object is not one/);
      expect(deployment({ maxSurge: { value: 1 } })).toThrow(/invalid 'maxSurge' \(received \{"value":1\}\): a PercentOrAbsolute is expected; a plain object is not one.*PercentOrAbsolute\.absolute\(num\)/);
      expect(deployment({ containers: [{ image, ...serving, resources: { cpu: { request: { amount: '100m' } } } }] }))
        .toThrow(/invalid 'containers\[0\]\.resources\.cpu\.request' \(received \{"amount":"100m"\}\): a Cpu is expected; a plain object is not one/);
      // cdk8s-plus-33's EnvValue has the same shape, so TypeScript accepts it; the check does not.
      expect(canary({ container: { ...serving, env: { LOG_LEVEL: kplus33.EnvValue.fromValue('info') } } }))
        .toThrow(/^test\/shop: invalid 'container\.env\["LOG_LEVEL"\]' \(received an EnvValue from cdk8s-plus-33\): .*Fix: import EnvValue from 'cdk8s-zero-downtime' instead of 'cdk8s-plus-33': it has the same factories\.$/);
      expect(deployment({ maxSurge: kplus33.PercentOrAbsolute.absolute(1) }))
        .toThrow(/invalid 'maxSurge' \(received a PercentOrAbsolute from cdk8s-plus-33\)/);
    });

    test('the suggested fixes work', () => {
      expect(canary({ container: { ...serving, env: { LOG_LEVEL: EnvValue.fromValue('info') } } })).not.toThrow();
      expect(deployment({ maxSurge: PercentOrAbsolute.absolute(1) })).not.toThrow();
      expect(deployment({ autoscaling: { minReplicas: 2, maxReplicas: 4 } })).not.toThrow();
      expect(canary({ weight: 13 })).not.toThrow();
    });
  });

  describe('values', () => {
    test('weight: null is refused, not read as 0', () => {
      expect(canary({ weight: null })).toThrow(/^test\/shop: invalid 'weight' \(received null\): null is not a value here: an optional prop takes its default only when it is left out\. Fix: leave weight out, or give a number\.$/);
    });
    test('weight 12.5 is not whole; it is not told to stay in a range it is in', () => {
      expect(canary({ weight: 12.5 })).toThrow(/invalid 'weight' \(received 12\.5\): a weight is a whole number \(ingress-nginx treats it as 0\)\. Fix: write 12 or 13, or for finer steps set weightTotal: 1000 and write the weight in tenths of a percent \(125\)\.$/);
      expect(canary({ weightTotal: 1000, weight: 12.5 })).toThrow(/invalid 'weight' \(received 12\.5\).*Fix: write 12 or 13\.$/);
    });
    test('Infinity and NaN are shown as such and refused', () => {
      expect(canary({ weight: Infinity })).toThrow(/invalid 'weight' \(received Infinity\): Infinity is not a finite number.*Fix: give a finite number\.$/);
      expect(canary({ weight: NaN })).toThrow(/invalid 'weight' \(received NaN\)/);
    });
    test('a string for a number, a number for a string, a word for an enum', () => {
      expect(canary({ weight: '25' })).toThrow(/invalid 'weight' \(received "25"\): a number is expected, not a string\. Fix: write 25 without quotes\.$/);
      expect(canary({ app: 7 })).toThrow(/invalid 'app' \(received 7\): a string is expected, not a number\. Fix: write it in quotes: "7"\.$/);
      expect(blueGreen({ active: 'BLUE' })).toThrow(/invalid 'active' \(received "BLUE"\): Color has no such member\. Fix: use Color\.BLUE \(did you mean Color\.BLUE\?\)\.$/);
    });
    test('a list where a list belongs, and a required construct', () => {
      expect(canary({ steps: { weight: 5 } })).toThrow(/invalid 'steps' \(received \{"weight":5\}\): a list is expected, not an object/);
      const noTarget = () => new AnalysisGate(Testing.chart(), 'gate', {
        source: MetricSource.ingressNginx(), criteria: [Criterion.errorRate({ max: 0.01 })], minRequests: 100, onNoData: NoDataPolicy.FAIL, prometheusUrl: 'http://prometheus:9090',
      } as any);
      expect(noTarget).toThrow(/^test\/gate: invalid 'target' \(received nothing\): target is required/);
    });
  });

  describe('factories check their arguments where they are called', () => {
    test('options of Probe, Criterion and Router', () => {
      expect(() => Probe.httpGet('/ready', { periodSeconds: 5 } as any)).toThrow(/^Probe\.httpGet: invalid 'options\.periodSeconds' \(received 5\): HttpProbeOptions has no prop 'periodSeconds'.*did you mean 'period'\?/);
      expect(() => Criterion.errorRate({ maxx: 0.01 } as any)).toThrow(/^Criterion\.errorRate: invalid 'options\.maxx' \(received 0\.01\).*did you mean 'max'\?/);
      expect(() => Router.ingressNginx({ hots: 'shop.example.com' } as any)).toThrow(/^Router\.ingressNginx: invalid 'options\.hots'.*did you mean 'host'\?/);
    });
    test('positional arguments', () => {
      expect(() => PreStop.execSleep(10 as any)).toThrow(/^PreStop\.execSleep: invalid 'delay' \(received 10\).*Duration\.seconds\(10\)/);
      expect(() => Volume.emptyDir('cache', { sizeLimit: '1Gi' } as any)).toThrow(/^Volume\.emptyDir: invalid 'options\.sizeLimit' \(received "1Gi"\): a Size is expected/);
      expect(() => (Probe.httpGet as any)()).toThrow(/^Probe\.httpGet: invalid 'path' \(received nothing\): path is required/);
    });
    test('an instance method', () => {
      const c = Testing.chart();
      const release = new BlueGreenService(c, 'shop', { app: 'shop', active: Color.BLUE, blue: { image }, green: { image }, container: serving });
      expect(() => release.deploymentOf('purple' as Color)).toThrow(/^test\/shop: invalid 'color' \(received "purple"\): Color has no such member/);
    });
  });

  test('composites pass their resolved workload without a second check (GracefulDeployment._fromResolved)', () => {
    const c = Testing.chart();
    const release = new BlueGreenService(c, 'shop', { app: 'shop', active: Color.BLUE, blue: { image }, green: { image }, container: serving });
    expect(release.blueDeployment).toBeInstanceOf(Construct);
    expect(release.blueDeployment.deployment.kind).toBe('Deployment');
  });
});

describe('nearest', () => {
  test.each([
    ['weigth', ['weight', 'weightTotal'], 'weight'],
    ['canaryReplica', ['canary', 'canaryReplicas'], 'canaryReplicas'],
    ['max_replicas', ['minReplicas', 'maxReplicas'], 'maxReplicas'],
    ['min', ['minReplicas', 'maxReplicas'], 'minReplicas'],
    ['colour', ['active', 'image'], undefined],
  ])('%s among %j is %s', (key, known, expected) => {
    expect(nearest(key, known)).toBe(expected);
  });
});

describe('renderValue', () => {
  test('shows what JSON cannot: Infinity, NaN, functions, cycles', () => {
    expect(renderValue(Infinity)).toBe('Infinity');
    expect(renderValue(-Infinity)).toBe('-Infinity');
    expect(renderValue(NaN)).toBe('NaN');
    expect(renderValue({ weight: Infinity })).toBe('{"weight":Infinity}');
    expect(renderValue(function ingressNginx() { return 1; })).toBe('the function ingressNginx');
    expect(renderValue(Testing.chart())).toBe('a Chart');
    expect(renderValue(12.5)).toBe('12.5');
  });
});
