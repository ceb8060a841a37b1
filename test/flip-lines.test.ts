import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { EXAMPLES } from '../examples/apps';
import { AnalysisGate, AutoscalingOptions, BlueGreenService, Color, Criterion, MetricSource, NoDataPolicy, Probe, Router } from '../src';
import { documentAt, lineDiff } from './support/diff';

/**
 * What a blue-green flip changes in the committed YAML, with and without autoscaling and an
 * analysis gate: the lines a reviewer sees in the pull request. docs/blue-green-service.md shows
 * the table this test derives, so "a flip is N lines" cannot drift from the output.
 */

interface Setup {
  /** The first cell of the table. */
  readonly name: string;
  readonly autoscaling?: AutoscalingOptions;
  readonly gate?: boolean;
  /** Routed by `Router.gatewayApi` instead of `Router.ingressNginx`. */
  readonly gateway?: boolean;
  readonly smokeTest?: boolean;
}

const SETUPS: Setup[] = [
  { name: '`BlueGreenService` alone' },
  { name: 'with `autoscaling`', autoscaling: { minReplicas: 2, maxReplicas: 6 } },
  { name: 'with `autoscaling` and an `AnalysisGate` (one `Criterion.errorRate`, `MetricSource.application()`)', autoscaling: { minReplicas: 2, maxReplicas: 6 }, gate: true },
  { name: '`Router.gatewayApi(...)` alone', gateway: true },
  { name: '`Router.gatewayApi(...)` with a `smokeTest`', gateway: true, smokeTest: true },
  { name: '`Router.gatewayApi(...)` with `autoscaling` and the `AnalysisGate` above', gateway: true, autoscaling: { minReplicas: 2, maxReplicas: 6 }, gate: true },
];

function synth(setup: Setup, active: Color): string {
  const app = new App({ outdir: Testing.app().outdir });
  const chart = new Chart(app, 'shop');
  const checkout = new BlueGreenService(chart, 'checkout', {
    app: 'checkout',
    active,
    blue: { image: 'ghcr.io/example/checkout:3.1.0' },
    green: { image: 'ghcr.io/example/checkout:3.2.0' },
    replicas: setup.autoscaling ? undefined : 3,
    autoscaling: setup.autoscaling,
    container: { port: 8080, readiness: Probe.httpGet('/ready') },
    router: setup.gateway
      ? Router.gatewayApi({ parentRefs: [{ name: 'public', namespace: 'gateway' }], hostnames: ['checkout.example.com'] })
      : Router.ingressNginx({ host: 'checkout.example.com' }),
    smokeTest: setup.smokeTest ? { image: 'curlimages/curl:8.11.1', command: ['sh', '-c', 'curl --fail "$PREVIEW_URL/ready"'] } : undefined,
  });
  if (setup.gate) {
    new AnalysisGate(chart, 'gate', {
      target: checkout,
      source: MetricSource.application(),
      criteria: [Criterion.errorRate({ max: 0.01 })],
      minRequests: 100,
      onNoData: NoDataPolicy.FAIL,
      prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
    });
  }
  return app.synthYaml();
}

/** The changed lines of a blue to green flip, counted per object, in the order of the YAML. */
function changedLines(setup: Setup): Map<string, number> {
  return countPerObject(synth(setup, Color.BLUE), synth(setup, Color.GREEN));
}

function countPerObject(before: string, after: string): Map<string, number> {
  const diff = lineDiff(before, after);
  expect(diff[0]).not.toMatch(/^line count changed/);
  const counts = new Map<string, number>();
  for (const header of diff.filter(l => l.startsWith('@@ line '))) {
    const object = documentAt(before, Number(/\d+/.exec(header)![0]));
    counts.set(object, (counts.get(object) ?? 0) + 1);
  }
  return counts;
}

function row(setup: Setup): string {
  const counts = changedLines(setup);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return `| ${setup.name} | ${total} | ${[...counts].map(([object, n]) => `${object} (${n})`).join(', ')} |`;
}

describe('a blue-green flip', () => {
  test('alone it changes the two Services\' colour selectors and nothing else', () => {
    expect([...changedLines(SETUPS[0])]).toEqual([['Service checkout', 1], ['Service checkout-preview', 1]]);
  });

  test('with autoscaling the autoscalers\' floors swap too; with a gate every query naming the live colour changes', () => {
    const scaled = changedLines(SETUPS[1]);
    expect([...scaled.keys()].filter(k => k.startsWith('HorizontalPodAutoscaler'))).toHaveLength(2);
    const gated = changedLines(SETUPS[2]);
    for (const kind of ['AnalysisTemplate', 'PrometheusRule', 'Job']) {
      expect([...gated.keys()].some(k => k.startsWith(`${kind} `))).toBe(true);
    }
  });

  test('through Gateway API it moves the route\'s backendRef and changes no Service, unless a smoke test needs the preview Service', () => {
    expect([...changedLines(SETUPS[3])]).toEqual([['HTTPRoute checkout', 1]]);
    expect([...changedLines(SETUPS[4])]).toEqual([['Service checkout-preview', 1], ['HTTPRoute checkout', 1]]);
    // Under autoscaling and a gate, the same objects change as through an Ingress, except that
    // the route takes the place of the two Services.
    const gated = [...changedLines(SETUPS[5]).keys()];
    expect(gated.filter(k => k.startsWith('Service '))).toEqual([]);
    expect(gated).toEqual(expect.arrayContaining(['HTTPRoute checkout', 'HorizontalPodAutoscaler checkout-blue', 'HorizontalPodAutoscaler checkout-green', 'AnalysisTemplate checkout-analysis', 'PrometheusRule checkout-analysis', 'Job checkout-analysis-gate']));
  });

  test('the Gateway API example: the backendRef name and the preview Service\'s colour, nothing else', () => {
    const example = (name: string) => {
      const app = new App({ outdir: Testing.app().outdir });
      EXAMPLES[name](app);
      return app.synthYaml();
    };
    const before = example('gateway-blue-green');
    const diff = lineDiff(before, example('gateway-blue-green-flipped'));
    expect(diff.filter(l => !l.startsWith('@@'))).toEqual([
      '-    color: green', '+    color: blue',
      '-        - name: checkout-blue', '+        - name: checkout-green',
    ]);
    expect(diff.filter(l => l.startsWith('@@')).map(h => documentAt(before, Number(/\d+/.exec(h)![0]))))
      .toEqual(['Service checkout-preview', 'HTTPRoute checkout']);
  });

  test('docs/blue-green-service.md shows the lines each setup changes, as synthesized', () => {
    const page = fs.readFileSync(path.join(__dirname, '..', 'docs', 'blue-green-service.md'), 'utf8');
    const table = ['| setup | lines | which (changed lines per object) |', '| --- | --- | --- |', ...SETUPS.map(row)].join('\n');
    expect(page).toContain(`\n${table}\n`);
  });
});
