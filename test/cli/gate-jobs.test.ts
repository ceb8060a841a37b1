import { CLUSTER_PROMETHEUS, gateYaml } from './_gates';
import { cliError } from './_helpers';
import { checkPrometheusUrl, findGateJobs, GateJob, readGateConfig, selectGate } from '../../src/cli/gate-jobs';
import { Manifest, parseManifests } from '../../src/cli/manifests';


const job = (over: Partial<GateJob> = {}): GateJob => ({ gate: 'shop-analysis', jobName: 'shop-analysis-gate', namespace: 'shop', file: 'dist/shop.k8s.yaml', gateConfig: '{}', ...over });

describe('finding gate Jobs', () => {
  test('finds the gate Job an AnalysisGate synthesizes, among the other objects', () => {
    const manifests = parseManifests(gateYaml('shop', 'storefront-analysis'), 'dist/shop.k8s.yaml');
    expect(manifests.length).toBeGreaterThan(1);
    const jobs = findGateJobs(manifests);
    expect(jobs).toEqual([{ gate: 'storefront-analysis', jobName: expect.stringMatching(/^storefront-analysis-gate-[0-9a-f]{10}$/), namespace: 'shop', file: 'dist/shop.k8s.yaml', gateConfig: expect.any(String) }]);
    expect(JSON.parse(jobs[0].gateConfig)).toMatchObject({ gate: 'storefront-analysis', release: 'storefront-analysis-v2', prometheus: CLUSTER_PROMETHEUS });
  });

  test('passes over other Jobs, a labelled Job without GATE_CONFIG, and documents that are no objects', () => {
    const m = (object: unknown): Manifest => ({ file: 'x.yaml', document: 1, object });
    const container = (env: unknown) => ({ spec: { template: { spec: { containers: [{ name: 'c', env }] } } } });
    const label = { 'app.kubernetes.io/component': 'analysis-gate' };
    const gateEnv = [{ name: 'GATE_CONFIG', value: '{}' }];
    expect(findGateJobs([
      m('a string'),
      m([1, 2]),
      m({ kind: 'Job', metadata: { name: 'migrate' }, ...container(gateEnv) }),
      m({ kind: 'Job', metadata: { name: 'no-config', labels: label }, ...container([{ name: 'OTHER', value: 'x' }]) }),
      m({ kind: 'Job', metadata: { name: 'from-secret', labels: label }, ...container([{ name: 'GATE_CONFIG', valueFrom: { secretKeyRef: {} } }]) }),
      m({ kind: 'CronJob', metadata: { name: 'cron', labels: label }, ...container(gateEnv) }),
      m({ kind: 'Job', metadata: { name: 'mine', labels: label }, ...container(gateEnv) }),
    ])).toEqual([{ gate: 'mine', jobName: 'mine', namespace: undefined, file: 'x.yaml', gateConfig: '{}' }]);
  });
});

describe('selecting the gate', () => {
  const shop = job();
  const cart = job({ gate: 'cart-analysis', jobName: 'cart-analysis-gate', file: 'dist/cart.k8s.yaml' });
  const stagingShop = job({ namespace: 'staging', file: 'dist/staging.k8s.yaml' });

  test('the only gate needs no name; --gate takes the gate\'s name, the Job\'s, or either with the namespace', () => {
    expect(selectGate([shop], undefined, ['dist/'])).toBe(shop);
    for (const name of ['cart-analysis', 'cart-analysis-gate', 'shop/cart-analysis', 'shop/cart-analysis-gate']) {
      expect(selectGate([shop, cart], name, ['dist/'])).toBe(cart);
    }
    expect(selectGate([shop, stagingShop], 'staging/shop-analysis', ['dist/'])).toBe(stagingShop);
  });

  test('a gate\'s name wins over the Job name of another gate', () => {
    const x = job({ gate: 'x', jobName: 'x-gate' });
    const xGate = job({ gate: 'x-gate', jobName: 'x-gate-gate' });
    expect(selectGate([x, xGate], 'x-gate', ['dist/'])).toBe(xGate);
    expect(selectGate([x, xGate], 'x', ['dist/'])).toBe(x);
  });

  test.each<[string, GateJob[], string | undefined, string]>([
    ['no gate Job', [], undefined,
      'no analysis gate Job in dist/, extra.yaml: an AnalysisGate emits one (outputs.gateJob, on by default). Pass the manifests of an app with a gate, as "cdk8s synth" wrote them.'],
    ['several and no --gate', [shop, cart], undefined,
      'the manifests hold 2 analysis gates: shop-analysis (shop/shop-analysis-gate in dist/shop.k8s.yaml), cart-analysis (shop/cart-analysis-gate in dist/cart.k8s.yaml). Choose one with --gate NAME.'],
    ['--gate naming none', [shop, cart], 'checkout',
      'no analysis gate "checkout" in the manifests; they hold shop-analysis (shop/shop-analysis-gate in dist/shop.k8s.yaml), cart-analysis (shop/cart-analysis-gate in dist/cart.k8s.yaml). Pass one of those names to --gate.'],
    ['--gate in another namespace', [shop], 'staging/shop-analysis',
      'no analysis gate "staging/shop-analysis" in the manifests; they hold shop-analysis (shop/shop-analysis-gate in dist/shop.k8s.yaml). Pass one of those names to --gate.'],
    ['--gate naming one in two namespaces', [shop, stagingShop], 'shop-analysis',
      '--gate shop-analysis names 2 gate Jobs: shop/shop-analysis-gate in dist/shop.k8s.yaml, staging/shop-analysis-gate in dist/staging.k8s.yaml. Name it with its namespace, e.g. --gate shop/shop-analysis.'],
    ['--gate naming the same Job in two files', [shop, job({ file: 'dist/prod/shop.k8s.yaml' })], 'shop/shop-analysis',
      '--gate shop/shop-analysis names 2 gate Jobs: shop/shop-analysis-gate in dist/shop.k8s.yaml, shop/shop-analysis-gate in dist/prod/shop.k8s.yaml. Pass only the manifests of one environment (one folder of what "cdk8s synth" wrote).'],
  ])('%s is an input error (2)', (_what, jobs, wanted, message) => {
    const e = cliError(() => selectGate(jobs, wanted, ['dist/', 'extra.yaml']));
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(2);
  });
});

describe('reading the chosen gate\'s settings', () => {
  const real = () => findGateJobs(parseManifests(gateYaml('shop', 'shop-analysis'), 'dist/shop.k8s.yaml'))[0];

  test('reads GATE_CONFIG as synthesized, and --prometheus replaces only the URL', () => {
    const config = readGateConfig(real());
    expect(config).toMatchObject({ gate: 'shop-analysis', prometheus: CLUSTER_PROMETHEUS, count: 1, criteria: [{ name: 'error-rate' }, { name: 'relative-error-rate' }] });
    expect(readGateConfig(real(), 'http://127.0.0.1:9090')).toEqual({ ...config, prometheus: 'http://127.0.0.1:9090' });
  });

  test('GATE_CONFIG that is not JSON is an input error naming the Job and the file', () => {
    const e = cliError(() => readGateConfig(job({ gateConfig: '{ "gate": ' })));
    expect(e.message).toMatch(/^the GATE_CONFIG of Job shop\/shop-analysis-gate in dist\/shop\.k8s\.yaml is not JSON \(.+\)\. Synthesize the manifests again with "cdk8s synth"\.$/);
    expect(e.exitCode).toBe(2);
  });

  test.each<[string, (c: { [key: string]: unknown }) => unknown, string]>([
    ['without criteria', c => ({ ...c, criteria: [] }), 'criteria is not a non-empty list'],
    ['with a criterion without a comparator', c => ({ ...c, criteria: [{ name: 'x', query: 'up', threshold: 1 }] }), 'criteria[0] is not a criterion with a name, a query, a comparator (<, <=, >, >=) and a threshold'],
    ['without count', ({ count: _count, ...c }) => c, 'count is not a whole number of at least 1'],
    ['with a fractional failure limit', c => ({ ...c, failureLimit: 0.5 }), 'failureLimit is not a whole number of at least 0'],
    ['with an unknown no-data policy', c => ({ ...c, onNoData: 'ignore' }), 'onNoData is not pass, fail or inconclusive'],
    ['that is a list', () => [], 'it is not an object'],
  ])('GATE_CONFIG %s is an input error that says which field', (_what, edit, problem) => {
    const good = JSON.parse(real().gateConfig);
    const e = cliError(() => readGateConfig(job({ gateConfig: JSON.stringify(edit(good)) })));
    expect(e.message).toBe(`the GATE_CONFIG of Job shop/shop-analysis-gate in dist/shop.k8s.yaml is not a gate configuration: ${problem}. Synthesize the manifests again with "cdk8s synth".`);
    expect(e.exitCode).toBe(2);
  });

  test('a Prometheus URL in GATE_CONFIG that is no URL is an input error, unless --prometheus replaces it', () => {
    const bad = job({ gateConfig: JSON.stringify({ ...JSON.parse(real().gateConfig), prometheus: 'prometheus:9090' }) });
    expect(cliError(() => readGateConfig(bad)).message).toBe('the Prometheus URL "prometheus:9090" of Job shop/shop-analysis-gate in dist/shop.k8s.yaml is not an http(s) URL without query, fragment or credentials. Pass the URL CI reaches Prometheus by e.g. as --prometheus http://localhost:9090.');
    expect(readGateConfig(bad, 'http://localhost:9090').prometheus).toBe('http://localhost:9090');
  });

  test('checkPrometheusUrl drops trailing slashes and keeps a path prefix', () => {
    expect(checkPrometheusUrl('https://example.com/prometheus//')).toBe('https://example.com/prometheus');
  });
});
