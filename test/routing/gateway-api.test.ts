import { ApiObject, Duration } from 'cdk8s';
import { BlueGreenService, BlueGreenServiceProps, CanaryIngress, CanaryIngressProps, CanaryReplicas, Color, FindingSeverity, GatewayApiRouteOptions, GatewayPathMatch, GracefulDeployment, Probe, Router, ServiceType, TransitionCheck } from '../../src';
import { documentAt, lineDiff } from '../support/diff';
import { allOf, chart, only, synthValid, synthYaml, validateGatewayRoute } from '../support/manifests';

/*
 * Router.gatewayApi and Router.gatewayApiGrpc. Every route synthesized here is validated by
 * synthValid (validateAll sends gateway.networking.k8s.io objects to the Gateway API v1.2.1 and
 * v1.6.1 standard CRDs, unknown fields refused, CEL rules evaluated after OpenAPI defaults), and
 * again explicitly with validateGatewayRoute where a test is about the route itself.
 */

const container = { port: 8080, readiness: Probe.httpGet('/ready') };
const image = 'registry.example.com/shop:1.0.0';
const parentRefs = [{ name: 'public', namespace: 'gateway', sectionName: 'https' }];
const gw = (o: Partial<GatewayApiRouteOptions> = {}) => Router.gatewayApi({ parentRefs, hostnames: ['shop.example.com'], ...o });

const canaryBase: CanaryIngressProps = {
  app: 'shop', router: gw(), stable: { image }, canary: { image: 'registry.example.com/shop:1.1.0' }, container, replicas: 4,
};
const canary = (props: Partial<CanaryIngressProps> = {}) => {
  const c = chart();
  const construct = new CanaryIngress(c, 'shop', { ...canaryBase, router: gw(), ...props });
  const docs = synthValid(c);
  return { construct, docs, route: only(docs, props.router && (props.router as any).kind === 'Router.gatewayApiGrpc' ? 'GRPCRoute' : 'HTTPRoute') };
};
const buildCanary = (props: Partial<CanaryIngressProps>) => () => new CanaryIngress(chart(), 'shop', { ...canaryBase, router: gw(), ...props });

const bgBase: BlueGreenServiceProps = {
  app: 'shop', active: Color.BLUE, blue: { image }, green: { image: 'registry.example.com/shop:1.1.0' }, container, replicas: 3, router: gw(),
};
const blueGreen = (props: Partial<BlueGreenServiceProps> = {}) => {
  const c = chart();
  const construct = new BlueGreenService(c, 'shop', { ...bgBase, router: gw(), ...props });
  return { construct, docs: synthValid(c) };
};

describe('Router.gatewayApi', () => {
  describe('a GracefulDeployment with a service', () => {
    test('writes one HTTPRoute with one backendRef to the Service, attached to the Gateway listener', () => {
      const c = chart();
      const gd = new GracefulDeployment(c, 'api', {
        app: 'api',
        namespace: 'pay',
        containers: [{ image, ...container }],
        service: { port: 8000 },
        router: Router.gatewayApi({ parentRefs, hostnames: ['api.example.com'], path: '/v1' }),
      });
      const route = only(synthValid(c), 'HTTPRoute');
      validateGatewayRoute(route, { channel: 'standard' });
      expect(route.metadata).toMatchObject({ name: 'api', namespace: 'pay' });
      expect(route.spec).toEqual({
        parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }],
        hostnames: ['api.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v1' } }], backendRefs: [{ name: 'api', port: 8000 }] }],
      });
      expect(gd.route?.kind).toBe('HTTPRoute');
    });

    test('fails on a fractional canary weight, saying what the API server does with it (not ingress-nginx)', () => {
      expect(buildCanary({ weight: 12.5 })).toThrow(/invalid 'weight' \(received 12\.5\): a weight is a whole number \(the API server refuses a backendRef weight that is not a whole number from 0 to 1,000,000\)\. Fix: write 12 or 13/);
    });

    test('fails without parentRefs: no Gateway would serve the route', () => {
      expect(() => Router.gatewayApi({}) && new GracefulDeployment(chart(), 'api', {
        app: 'api', containers: [{ image, ...container }], service: {}, router: Router.gatewayApi({ hostnames: ['api.example.com'] }),
      })).toThrow(/^test\/api: invalid 'router\.parentRefs' \(received nothing\): a route no Gateway accepts is served by nothing: every request to its host gets 404/);
    });
  });

  describe('CanaryIngress', () => {
    test('one HTTPRoute weighs stable and canary; the canary backendRef stays at weight 0', () => {
      const { route, construct, docs } = canary();
      validateGatewayRoute(route, { channel: 'standard' });
      expect(route.metadata.name).toBe('shop');
      expect(route.spec.rules).toEqual([{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: 'shop', port: 80, weight: 100 }, { name: 'shop-canary', port: 80, weight: 0 }],
      }]);
      expect(allOf(docs, 'Ingress')).toEqual([]);
      expect(construct.canaryRoute).toBeUndefined();
      expect(construct.mainRoute.kind).toBe('HTTPRoute');
      // The ingress-nginx metric source reads Ingress names: a Gateway route is not one.
      expect(construct.releaseSelectors.stableIngress).toBeUndefined();
    });

    test('a step changes only the two weight lines of the route (and the canary size it needs)', () => {
      const yaml = (weight: number) => synthYaml(s => new CanaryIngress(s, 'shop', { ...canaryBase, router: gw(), canaryReplicas: CanaryReplicas.fixed(1), weight }));
      const before = yaml(10);
      const diff = lineDiff(before, yaml(25));
      expect(diff.filter(l => l.startsWith('-') || l.startsWith('+'))).toEqual([
        '-          weight: 90', '+          weight: 75', '-          weight: 10', '+          weight: 25',
      ]);
      const changed = diff.filter(l => l.startsWith('@@')).map(l => documentAt(before, Number(/line (\d+)/.exec(l)![1])));
      expect(new Set(changed)).toEqual(new Set(['HTTPRoute shop']));
    });

    test('weightTotal above 100 is written as it is (weights are relative), up to 1,000,000', () => {
      const { route } = canary({ weightTotal: 1000, weight: 5 });
      expect(route.spec.rules[0].backendRefs.map((r: any) => r.weight)).toEqual([995, 5]);
      expect(buildCanary({ weightTotal: 2000000 })).toThrow(/invalid 'weightTotal' \(received 2000000\): backendRef weights are whole numbers up to 1000000/);
    });

    test('header routing is a rule of its own with an Exact match, to the canary only', () => {
      const { route } = canary({ header: { name: 'X-Canary', value: 'always' } });
      expect(route.spec.rules[0]).toEqual({
        matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'X-Canary', value: 'always' }] }],
        backendRefs: [{ name: 'shop-canary', port: 80 }],
      });
      expect(route.spec.rules).toHaveLength(2);
    });

    test('fails on a header pattern unless the implementation-specific regex is asked for', () => {
      expect(buildCanary({ header: { name: 'X-Canary', pattern: '^(beta|canary)$' } })).toThrow(
        /invalid 'header\.pattern' \(received "\^\(beta\|canary\)\$"\): a RegularExpression header match is implementation-specific.*Fix: give header\.value for an Exact match, or set implementationSpecificRegex: true/);
      const { route } = canary({ router: gw({ implementationSpecificRegex: true }), header: { name: 'X-Canary', pattern: '^(beta|canary)$' } });
      expect(route.spec.rules[0].matches[0].headers).toEqual([{ type: 'RegularExpression', name: 'X-Canary', value: '^(beta|canary)$' }]);
    });

    test('fails on a header without a value: Gateway API has no "always"/"never"', () => {
      expect(buildCanary({ header: { name: 'X-Canary' } })).toThrow(/invalid 'header\.value' \(received nothing\): Gateway API matches a header by its value/);
    });

    test('fails on cookie routing and sticky sessions, which the standard channel cannot express', () => {
      expect(buildCanary({ cookie: 'canary' })).toThrow(/invalid 'cookie' \(received "canary"\): Gateway API has no cookie match/);
      expect(buildCanary({ stickySessions: {} })).toThrow(/invalid 'stickySessions' \(received \{\}\): session persistence is experimental in Gateway API v1\.6\.1/);
    });

    test('fails on a weight above 0 with no canary pods: a Gateway answers 503 for that share, with no fallback', () => {
      expect(buildCanary({ weight: 5, canaryReplicas: CanaryReplicas.fixed(0) })).toThrow(/invalid 'canaryReplicas' \(received 0 pods with weight 5\): the router would send requests to a Service with no pods/);
    });

    test('fails on a stable track with 0 pods, saying what a Gateway does with it', () => {
      expect(buildCanary({ replicas: 0, weight: 100 })).toThrow(/invalid 'replicas' \(received 0\): a Gateway answers 503 for the stable Service's share when it has no ready endpoints, with no fallback/);
    });

    test('filters and timeouts a team already uses are typed and apply to both rules', () => {
      const { route } = canary({
        header: { name: 'X-Canary', value: 'always' },
        router: gw({
          path: '/shop',
          requestHeaders: { set: { 'X-Env': 'prod' }, remove: ['X-Debug'] },
          responseHeaders: { add: { 'Cache-Control': 'no-store' } },
          urlRewrite: { replacePrefixMatch: '/' },
          timeouts: { request: Duration.seconds(30), backendRequest: Duration.millis(2500) },
          redirects: [{ path: '/old-shop', hostname: 'shop.example.com', statusCode: 301 }],
        }),
      });
      validateGatewayRoute(route, { channel: 'standard' });
      const filters = [
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Env', value: 'prod' }], remove: ['X-Debug'] } },
        { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'Cache-Control', value: 'no-store' }] } },
        { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
      ];
      expect(route.spec.rules.map((r: any) => r.filters)).toEqual([
        [{ type: 'RequestRedirect', requestRedirect: { hostname: 'shop.example.com', statusCode: 301 } }], filters, filters,
      ]);
      expect(route.spec.rules[2].timeouts).toEqual({ request: '30s', backendRequest: '2500ms' });
    });

    test.each([
      ['a backend timeout longer than the request', { timeouts: { request: Duration.seconds(5), backendRequest: Duration.seconds(10) } },
        /invalid 'router\.timeouts\.backendRequest' \(received Duration of 10s\): a backend request is part of the request, and the request timeout is 5s/],
      ['a prefix rewrite on an Exact match', { pathMatch: GatewayPathMatch.EXACT, urlRewrite: { replacePrefixMatch: '/' } },
        /invalid 'router\.urlRewrite\.replacePrefixMatch' \(received "\/"\): a prefix is replaced only on a PathPrefix match/],
      ['a path with "//"', { path: '/a//b' }, /invalid 'router\.path' \(received "\/a\/\/b"\): the API server rejects paths with "\/\/"/],
      ['an upper-case host name', { hostnames: ['Shop.example.com'] }, /invalid 'router\.hostnames\[0\]' \(received "Shop\.example\.com"\): a host name is a lower-case DNS name/],
      ['a header named twice', { requestHeaders: { set: { 'X-A': '1' }, remove: ['x-a'] } }, /invalid 'router\.requestHeaders' \(received \{"set":\{"X-A":"1"\},"remove":\["x-a"\]\}\): the header "x-a" is named twice/],
      ['a redirect of the route\'s own path', { redirects: [{ path: '/', scheme: 'https' }] }, /invalid 'router\.redirects\[0\]\.path' \(received "\/"\): the redirect matches every request the route sends to the app/],
      ['a redirect with status 308', { redirects: [{ path: '/old', statusCode: 308 }] }, /invalid 'router\.redirects\[0\]\.statusCode' \(received 308\): Gateway API redirects with 301 or 302/],
      ['hostnames on a mesh route', { parentRefs: undefined, mesh: true }, /invalid 'router\.hostnames' \(received \["shop\.example\.com"\]\): a mesh route is matched by the Service callers address/],
      ['a mesh route that is also attached to a Gateway', { mesh: true, hostnames: undefined }, /invalid 'router\.parentRefs' .*: a route attached to both a Gateway and a Service is implementation-specific/],
    ])('fails on %s', (_name, options, message) => {
      expect(buildCanary({ router: gw(options as Partial<GatewayApiRouteOptions>) })).toThrow(message);
    });

    test('mesh (GAMMA): the route is attached to the stable Service, so in-cluster callers get the same split', () => {
      const { route } = canary({ router: Router.gatewayApi({ mesh: true }), weight: 10 });
      validateGatewayRoute(route, { channel: 'standard' });
      expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'shop', port: 80 }]);
      expect(route.spec.hostnames).toBeUndefined();
      expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'shop', port: 80, weight: 90 }, { name: 'shop-canary', port: 80, weight: 10 }]);
    });
  });

  describe('Router.gatewayApiGrpc', () => {
    test('a GRPCRoute with the same weights and header match', () => {
      const { route } = canary({ router: Router.gatewayApiGrpc({ parentRefs, hostnames: ['grpc.example.com'] }), weight: 20, header: { name: 'x-canary', value: 'always' } });
      validateGatewayRoute(route, { channel: 'standard' });
      expect(route.kind).toBe('GRPCRoute');
      expect(route.spec.rules).toEqual([
        { matches: [{ headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }], backendRefs: [{ name: 'shop-canary', port: 80 }] },
        { backendRefs: [{ name: 'shop', port: 80, weight: 80 }, { name: 'shop-canary', port: 80, weight: 20 }] },
      ]);
    });

    test('fails on HTTP-only options', () => {
      expect(buildCanary({ router: Router.gatewayApiGrpc({ parentRefs, path: '/api' }) })).toThrow(/invalid 'router\.path' \(received "\/api"\): a GRPCRoute matches gRPC services and methods, not paths/);
    });
  });

  describe('BlueGreenService', () => {
    test('each colour gets a Service whose selector never changes; the route sends users to the active colour\'s', () => {
      const { docs, construct } = blueGreen();
      const route = only(docs, 'HTTPRoute');
      validateGatewayRoute(route, { channel: 'standard' });
      expect(route.metadata.name).toBe('shop');
      expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'shop-blue', port: 80 }]);
      const selector = (name: string) => docs.find(d => d.kind === 'Service' && d.metadata.name === name).spec.selector;
      expect(selector('shop-blue')).toEqual({ 'app.kubernetes.io/name': 'shop', 'color': 'blue' });
      expect(selector('shop-green')).toEqual({ 'app.kubernetes.io/name': 'shop', 'color': 'green' });
      // Nothing addresses an active or a preview Service: users come through the Gateway, and
      // there is no smoke test.
      expect(allOf(docs, 'Service').map(s => s.metadata.name)).toEqual(['shop-blue', 'shop-green']);
      expect(construct.activeService).toBe(construct.blueService);
      expect(construct.previewService).toBe(construct.greenService);
      expect(construct.route?.kind).toBe('HTTPRoute');
      expect(ApiObject.of(construct)).toBe(construct.route);
    });

    test('the preview Service is written for the smoke test, the active Service for callers inside the cluster', () => {
      const smokeTest = { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl --fail "$PREVIEW_URL/ready"'] };
      const { docs, construct } = blueGreen({ smokeTest, inClusterService: true });
      const selector = (name: string) => docs.find(d => d.kind === 'Service' && d.metadata.name === name).spec.selector;
      expect(allOf(docs, 'Service').map(s => s.metadata.name)).toEqual(['shop', 'shop-preview', 'shop-blue', 'shop-green']);
      expect(selector('shop')).toEqual({ 'app.kubernetes.io/name': 'shop', 'color': 'blue' });
      expect(selector('shop-preview')).toEqual({ 'app.kubernetes.io/name': 'shop', 'color': 'green' });
      expect(only(docs, 'Job').spec.template.spec.containers[0].env[0]).toEqual({ name: 'PREVIEW_URL', value: 'http://shop-preview:80' });
      expect(construct.activeService.name).toBe('shop');
      expect(construct.previewService.name).toBe('shop-preview');
      expect(ApiObject.of(construct)).toBe(construct.activeService);
    });

    test('a gate judges the colour Services, which users\' requests are sent to', () => {
      expect(blueGreen().construct.releaseSelectors).toMatchObject({ canaryService: 'shop-blue', stableService: 'shop-green' });
      expect(blueGreen({ active: Color.GREEN }).construct.releaseSelectors).toMatchObject({ canaryService: 'shop-green', stableService: 'shop-blue' });
    });

    test('fails on inClusterService: false where users\' requests go through the active Service', () => {
      expect(() => blueGreen({ router: Router.ingressNginx({ host: 'shop.example.com' }), inClusterService: false }))
        .toThrow(/invalid 'inClusterService' \(received false\): the active Service "shop" is the Service the Ingress sends users to/);
      expect(() => blueGreen({ router: Router.gatewayApi({ mesh: true }), inClusterService: false }))
        .toThrow(/invalid 'inClusterService' \(received false\): the active Service "shop" is the Service the mesh route is attached to/);
      expect(() => blueGreen({ router: undefined, inClusterService: false }))
        .toThrow(/invalid 'inClusterService' \(received false\): the active Service "shop" is how users reach the release without a router/);
    });

    test('fails on a serviceType or a previewServiceName for Services a Gateway API router does not write', () => {
      expect(() => blueGreen({ serviceType: ServiceType.LOAD_BALANCER }))
        .toThrow(/invalid 'serviceType' \(received "LoadBalancer"\): serviceType is the type of the active Service, which a Gateway API router does not write unless inClusterService is true/);
      expect(() => blueGreen({ previewServiceName: 'shop-next' }))
        .toThrow(/invalid 'previewServiceName' \(received "shop-next"\): under a Gateway API router the preview Service is written only as the smoke test's target/);
      expect(allOf(blueGreen({ serviceType: ServiceType.LOAD_BALANCER, inClusterService: true }).docs, 'Service')[0].spec.type).toBe('LoadBalancer');
    });

    test('the preview name is checked only where a preview Service is written, and never as a colour Service\'s name', () => {
      // 56 characters: "-green" fits the 63 of a DNS label, "-preview" does not.
      const long = 'a'.repeat(56);
      const smokeTest = { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl --fail "$PREVIEW_URL/ready"'] };
      expect(allOf(blueGreen({ serviceName: long }).docs, 'Service').map(s => s.metadata.name)).toEqual([`${long}-blue`, `${long}-green`]);
      expect(() => blueGreen({ serviceName: long, smokeTest }))
        .toThrow(new RegExp(`invalid 'previewServiceName' \\(received "${long}-preview"\\): a Service name must be`));
      expect(() => blueGreen({ previewServiceName: 'shop-green', smokeTest }))
        .toThrow(/invalid 'previewServiceName' \(received "shop-green"\): under a Gateway API router "shop-green" is the name of the green colour's own Service, which selects green pods only; the preview Service selects the idle colour\. Fix: choose another name/);
      expect(() => blueGreen({ previewServiceName: 'shop-blue', smokeTest, active: Color.GREEN })).toThrow(/the name of the blue colour's own Service/);
      // With an Ingress there are no colour Services: the name is free.
      expect(allOf(blueGreen({ previewServiceName: 'shop-green', router: Router.ingressNginx({ host: 'shop.example.com' }) }).docs, 'Service').map(s => s.metadata.name))
        .toEqual(['shop', 'shop-green']);
    });

    test('a flip moves the route\'s backendRef; the colour Services do not change', () => {
      const yaml = (active: Color) => synthYaml(s => new BlueGreenService(s, 'shop', { ...bgBase, router: gw(), active }));
      const before = yaml(Color.BLUE);
      const diff = lineDiff(before, yaml(Color.GREEN));
      const changed = diff.filter(l => l.startsWith('@@')).map(l => documentAt(before, Number(/line (\d+)/.exec(l)![1])));
      expect(changed).toEqual(['HTTPRoute shop']);
      expect(diff.filter(l => l.startsWith('-') || l.startsWith('+'))).toEqual(['-        - name: shop-blue', '+        - name: shop-green']);
    });

    test('fails on a flip onto a retired colour: the Gateway would answer 503 for every request', () => {
      expect(() => blueGreen({ active: Color.GREEN, green: { image, replicas: 0 } })).toThrow(/invalid 'green\.replicas' \(received 0\): green is the active colour, and with 0 pods every request fails/);
    });

    test('mesh: the route is attached to the active Service that callers address, which is written', () => {
      const { docs } = blueGreen({ router: Router.gatewayApi({ mesh: true }) });
      const route = only(docs, 'HTTPRoute');
      expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'shop', port: 80 }]);
      expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'shop-blue', port: 80 }]);
      // The parent exists, and callers the mesh does not capture reach the active colour through it.
      expect(docs.find(d => d.kind === 'Service' && d.metadata.name === 'shop').spec.selector).toEqual({ 'app.kubernetes.io/name': 'shop', 'color': 'blue' });
    });

    test('moving from an Ingress to Gateway API deletes the active and preview Services unless inClusterService and a smoke test keep them, and the checker says so', () => {
      const docs = (props: Partial<BlueGreenServiceProps>) => blueGreen(props).docs;
      const errors = (next: any[]) => TransitionCheck.between(docs({ router: Router.ingressNginx({ host: 'shop.example.com' }) }), next)
        .filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);
      expect(errors(docs({})).filter(e => e.startsWith('serving-service-deleted'))).toEqual(['serving-service-deleted Service shop', 'serving-service-deleted Service shop-preview']);
      const smokeTest = { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl --fail "$PREVIEW_URL/ready"'] };
      expect(errors(docs({ inClusterService: true, smokeTest })).filter(e => e.startsWith('serving-service-deleted'))).toEqual([]);
    });

    test('an Ingress router keeps the Service-selector model byte for byte: no colour Services', () => {
      const { docs } = blueGreen({ router: Router.ingressNginx({ host: 'shop.example.com' }) });
      expect(allOf(docs, 'Service').map(s => s.metadata.name)).toEqual(['shop', 'shop-preview']);
    });
  });
});
