import { Chart, Testing } from 'cdk8s';
import { BlueGreenService, CanaryIngress, Color, GracefulDeployment, Probe, Router } from '../../src';
import { chart, synthValid } from '../support/manifests';

const container = { port: 8080, readiness: Probe.httpGet('/ready') };
const image = 'registry.example.com/shop:1.0.0';
const A = 'nginx.ingress.kubernetes.io/';

const blueGreen = (c: Chart, router: unknown, id = 'shop', extra: object = {}) => new BlueGreenService(c, id, {
  app: id, active: Color.BLUE, blue: { image }, green: { image }, container, router: router as Router, ...extra,
});
const canary = (c: Chart, router: unknown, extra: object = {}) => new CanaryIngress(c, 'shop', {
  app: 'shop', stable: { image }, canary: { image }, container, router: router as Router, weight: 5, ...extra,
});
const deployment = (c: Chart, router: unknown) => new GracefulDeployment(c, 'api', {
  app: 'api', containers: [{ image, ...container }], service: {}, router: router as Router,
});

describe('Router', () => {
  describe('anything else given as a router is refused with the likeliest fix', () => {
    test('options without the factory: the fix wraps the options as written', () => {
      expect(() => canary(chart(), { host: 'shop.example.com', path: '/api' })).toThrow(
        'test/shop: invalid \'router\' (received {"host":"shop.example.com","path":"/api"}): a Router is expected; a plain object is not one, and none of its fields would be read. '
        + 'Fix: wrap it: Router.ingressNginx({ host: "shop.example.com", path: "/api" }) or Router.ingress({ host: "shop.example.com", path: "/api" }).');
    });

    test('the factory itself, not called', () => {
      expect(() => blueGreen(chart(), Router.ingressNginx)).toThrow(/invalid 'router' \(received Router\.ingressNginx, not called\): Router\.ingressNginx makes a Router when it is called.*Fix: call it: Router\.ingressNginx\(options\)\.$/);
    });

    test('a Router of another copy of the library, as a monorepo with two versions installed has', () => {
      // The other copy's class has the same name, and instanceof fails.
      // eslint-disable-next-line @typescript-eslint/no-shadow
      class Router { readonly kind = 'Router.ingressNginx'; readonly options = { host: 'shop.example.com' }; }
      expect(() => deployment(chart(), new Router())).toThrow(/this one comes from another installed copy of cdk8s-zero-downtime.*Fix: install one version/);
    });
  });

  describe('a Router is one route', () => {
    test('two constructs of one App on one Router are refused: they would write two Ingresses for one host and path', () => {
      const c = chart();
      const router = Router.ingressNginx({ host: 'shop.example.com', name: 'shop' });
      blueGreen(c, router);
      expect(() => blueGreen(c, router, 'shop2')).toThrow(
        /^test\/shop2: invalid 'router' \(received the Router already given to test\/shop\): a Router describes one route.*Fix: call Router\.ingressNginx\(\.\.\.\) once for each construct/);
    });

    test('one Router in separate Apps (stages, or one App per chart) is the same route written twice, and allowed', () => {
      const router = Router.ingress({ host: 'shop.example.com' });
      const a = Testing.chart();
      const b = Testing.chart();
      blueGreen(a, router);
      blueGreen(b, router);
      expect(synthValid(a)).toEqual(synthValid(b));
    });

    test('options are copied: changing the object afterwards does not change the route', () => {
      const options = { host: 'shop.example.com', annotations: { [`${A}proxy-read-timeout`]: '30' } };
      const router = Router.ingressNginx(options);
      options.host = 'other.example.com';
      options.annotations[`${A}proxy-read-timeout`] = '1';
      const docs = synthValid((() => { const c = chart(); blueGreen(c, router); return c; })());
      const ingress = docs.find(d => d.kind === 'Ingress');
      expect(ingress.spec.rules[0].host).toBe('shop.example.com');
      expect(ingress.metadata.annotations).toEqual({ [`${A}proxy-read-timeout`]: '30', 'argocd.argoproj.io/sync-wave': '2' });
    });
  });

  describe('ingress-nginx options are checked wherever the router is used, not only on a canary', () => {
    test.each([
      ['a canary annotation on the only Ingress', { annotations: { [`${A}canary`]: 'true' } }, /invalid 'router\.annotations\["nginx\.ingress\.kubernetes\.io\/canary"\]' \(received "true"\)/],
      ['an annotation prefix the controller cannot have', { annotationPrefix: 'Bad/' }, /invalid 'router\.annotationPrefix' \(received "Bad\/"\)/],
      ['a canary Ingress name with no canary', { canaryName: 'shop-canary' }, /invalid 'router\.canaryName' \(received "shop-canary"\): only a canary release has a canary Ingress to name/],
    ])('%s', (_what, options, message) => {
      expect(() => blueGreen(chart(), Router.ingressNginx({ host: 'shop.example.com', ...options }))).toThrow(message);
      expect(() => deployment(chart(), Router.ingressNginx({ host: 'shop.example.com', ...options }))).toThrow(message);
    });

    test('a plain Ingress router on a canary: the fix keeps every option the user wrote', () => {
      expect(() => canary(chart(), Router.ingress({ host: 'shop.example.com', path: '/api', tlsSecretName: 'shop-tls' })))
        .toThrow(/Fix: use Router\.gatewayApi\(.*\) or Router\.ingressNginx\(\{ host: "shop\.example\.com", path: "\/api", tlsSecretName: "shop-tls" \}\) for a canary\.$/);
    });
  });

  describe('props of the versions before routers are refused, not ignored (a JavaScript user gets no compile error)', () => {
    test.each([
      ['blue-green ingress', () => blueGreen(chart(), undefined, 'shop', { ingress: { host: 'shop.example.com' } }),
        /^test\/shop: invalid 'ingress' \(received \{"host":"shop\.example\.com"\}\): this prop was removed.*Fix: write router: Router\.ingress\(\{ host, \.\.\. \}\)/],
      ['canary host', () => canary(chart(), undefined, { host: 'shop.example.com' }),
        /invalid 'host' \(received "shop\.example\.com"\): this prop was removed.*Fix: move it into router: Router\.ingressNginx/],
      ['canary ingressAnnotations', () => canary(chart(), Router.ingressNginx({ host: 'shop.example.com' }), { ingressAnnotations: { a: 'b' } }),
        /invalid 'ingressAnnotations'/],
      ['canary names.mainIngress', () => canary(chart(), Router.ingressNginx({ host: 'shop.example.com' }), { names: { mainIngress: 'api' } }),
        /invalid 'names\.mainIngress' \(received "api"\).*Fix: name the main Ingress with router: Router\.ingressNginx\(\{ host, name \}\)/],
    ])('%s', (_what, build, message) => {
      expect(build).toThrow(message);
    });
  });
});
