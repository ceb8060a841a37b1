import { Construct } from 'constructs';
import { errorRate, GateProps, gateProps, HandWrittenRelease, p99, relative, storefrontCanary } from './_release';
import { BlueGreenService, Color, IstioReporter, Probe } from '../../src';
import { AnalysisGate } from '../../src/analysis/analysis-gate';
import { Criterion } from '../../src/analysis/criterion';
import { MetricSource } from '../../src/analysis/metric-source';
import { chart, synthValid } from '../support/manifests';

/**
 * MetricSource.istio: which series the gate reads for each version. The same queries run on a
 * real Prometheus in metric-source.istio.prometheus.test.ts.
 */

type Props = GateProps;
const base: Props = gateProps(MetricSource.istio());

/**
 * A release routed by a Gateway API route or the mesh: Services for each version, no Ingress
 * (what a router other than ingress-nginx reports).
 */
const ROUTED = { stableIngress: undefined, canaryIngress: undefined };

function gateIn(scope: Construct, props: Partial<Props> = {}, release: ConstructorParameters<typeof HandWrittenRelease>[2] = ROUTED) {
  return new AnalysisGate(scope, 'gate', { ...base, ...props, target: new HandWrittenRelease(scope, 'release', release) });
}

describe('MetricSource.istio', () => {
  test('tells the versions apart by the Service each request was sent to, as the gateway reported it', () => {
    const q = gateIn(chart()).queries['error-rate'];
    // The Service's host name, whose namespace part is right even for the 503s of a Service
    // without ready pods, for which destination_service_namespace is "unknown".
    const canary = 'reporter="source",destination_service=~"shop-canary\\\\.shop\\\\.svc\\\\..+"';
    expect(q).toContain(`sum(rate(istio_requests_total{${canary},response_code=~"5.."}[5m]))`);
    expect(q).toContain(`sum(increase(istio_requests_total{${canary}}[5m]))`);
    expect(q).not.toContain('destination_service=~"shop\\\\.');
    expect(q).not.toContain('destination_service_namespace');
  });

  test('compares the canary with the stable Service for relative criteria', () => {
    const q = gateIn(chart(), { criteria: [relative] }).queries['relative-error-rate'];
    expect(q).toContain('istio_requests_total{reporter="source",destination_service=~"shop\\\\.shop\\\\.svc\\\\..+",response_code=~"5.."}');
    expect(q).toContain('destination_service=~"shop-canary\\\\.shop\\\\.svc\\\\..+"');
  });

  test('reads the millisecond histogram and compares its percentile in seconds', () => {
    const c = chart();
    const gate = gateIn(c, { criteria: [p99] });
    expect(gate.queries['latency-p99']).toContain(
      'histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="source",destination_service=~"shop-canary\\\\.shop\\\\.svc\\\\..+"}[5m]))) / 1000',
    );
    const template = synthValid(c).find(d => d.kind === 'AnalysisTemplate');
    expect(template.spec.metrics[0].successCondition).toBe('len(result) > 0 && result[0] <= 0.5');
  });

  test('counts the reporter chosen, and only it: each proxy on the way reports a request once', () => {
    const q = gateIn(chart(), { source: MetricSource.istio({ reporter: IstioReporter.WAYPOINT }) }).queries['error-rate'];
    expect(q).toContain('{reporter="waypoint",destination_service=~"shop-canary');
    expect(q).not.toContain('reporter="source"');
  });

  test('judges a gRPC service by its gRPC status: a failed call is HTTP 200', () => {
    const q = gateIn(chart(), { source: MetricSource.istio({ grpc: true }) }).queries['error-rate'];
    expect(q).toContain('istio_requests_total{reporter="source",destination_service=~"shop-canary\\\\.shop\\\\.svc\\\\..+",grpc_response_status=~"2|4|12|13|14|15"}');
    expect(q).not.toContain('response_code');
  });

  test('metric names are configurable, e.g. for metrics recorded under another name', () => {
    const gate = gateIn(chart(), {
      criteria: [errorRate, p99],
      source: MetricSource.istio({ requestsMetric: 'mesh:istio_requests_total', durationBucketMetric: 'mesh:istio_request_duration_milliseconds_bucket' }),
    });
    expect(gate.queries['error-rate']).toContain('mesh:istio_requests_total{reporter="source"');
    expect(gate.queries['latency-p99']).toContain('mesh:istio_request_duration_milliseconds_bucket{reporter="source"');
  });

  test('without a namespace the queries have no namespace matcher', () => {
    const q = gateIn(chart(), {}, { ...ROUTED, namespace: undefined }).queries['error-rate'];
    expect(q).toContain('istio_requests_total{reporter="source",destination_service_name="shop-canary"}');
  });

  test('needs no Ingress, where ingress-nginx metrics are refused: it works behind any router with Istio proxies', () => {
    expect(Object.keys(gateIn(chart()).queries)).toEqual(['error-rate']);
    expect(() => gateIn(chart(), { source: MetricSource.ingressNginx() })).toThrow(/invalid 'source' \(received "MetricSource.ingressNginx\(\)"\): ingress-nginx only tells the versions apart/);
  });

  test('judges a CanaryIngress\'s canary Service against its stable Service', () => {
    const c = chart();
    const storefront = storefrontCanary(c, { namespace: 'web', weight: 10 });
    const gate = new AnalysisGate(c, 'gate', { ...base, criteria: [relative], target: storefront });
    const { stableService, canaryService } = storefront.releaseSelectors;
    expect(gate.queries['relative-error-rate']).toContain(`destination_service=~"${canaryService}\\\\.web\\\\.svc\\\\..+"`);
    expect(gate.queries['relative-error-rate']).toContain(`destination_service=~"${stableService}\\\\.web\\\\.svc\\\\..+"`);
    expect(synthValid(c).filter(d => d.kind === 'AnalysisTemplate')).toHaveLength(1);
  });

  test('judges a BlueGreenService\'s active Service, and refuses relative criteria there', () => {
    const make = (criteria: Criterion[]) => {
      const c = chart();
      const bg = new BlueGreenService(c, 'checkout', {
        app: 'checkout',
        namespace: 'shop',
        active: Color.GREEN,
        blue: { image: 'ghcr.io/example/checkout:3.1.0' },
        green: { image: 'ghcr.io/example/checkout:3.2.0' },
        container: { port: 8080, readiness: Probe.httpGet('/ready') },
      });
      return { bg, gate: new AnalysisGate(c, 'gate', { ...base, criteria, target: bg }) };
    };
    const { bg, gate } = make([errorRate]);
    expect(gate.queries['error-rate']).toContain(`destination_service=~"${bg.releaseSelectors.canaryService}\\\\.shop\\\\.svc\\\\..+"`);
    expect(() => make([relative])).toThrow(/invalid 'criteria\[0\]' \(received Criterion\.relativeErrorRate\(\)\): the release serves users one version at a time/);
  });

  test('fails if the reporter is not an IstioReporter: the server sidecar\'s "destination" is not offered', () => {
    expect(() => MetricSource.istio({ reporter: 'destination' as IstioReporter })).toThrow(/invalid 'options\.reporter' \(received "destination"\)/);
    expect(() => MetricSource.istio({ reporter: 'gateway' as IstioReporter })).toThrow(
      /^MetricSource\.istio: invalid 'options\.reporter' \(received "gateway"\): IstioReporter has no such member\. Fix: use IstioReporter\.SOURCE or IstioReporter\.WAYPOINT\.$/,
    );
  });

  test('fails if both versions are behind one Service: Istio could not tell them apart', () => {
    expect(() => gateIn(chart(), {}, { ...ROUTED, canaryService: 'shop' })).toThrow(
      /invalid 'target\.releaseSelectors\.canaryService' \(received "shop"\): Istio tells the versions apart by the Service .* both versions are behind this one\. Fix: use MetricSource\.application\(\)/,
    );
  });

  test('fails if the release names no Service for a version, or not a Service name: it would be a regular expression', () => {
    expect(() => gateIn(chart(), {}, { ...ROUTED, stableService: '' })).toThrow(
      /invalid 'target\.releaseSelectors\.stableService' \(received ""\): Istio tells the versions apart by the Service a request was sent to, and a Service name is/,
    );
    expect(() => gateIn(chart(), {}, { ...ROUTED, canaryService: 'shop.*' })).toThrow(/invalid 'target\.releaseSelectors\.canaryService' \(received "shop\.\*"\)/);
  });

  test('fails if a metric name is not a Prometheus metric name', () => {
    expect(() => gateIn(chart(), { source: MetricSource.istio({ requestsMetric: 'istio-requests-total' }) })).toThrow(
      /invalid 'source\.requestsMetric' \(received "istio-requests-total"\): a Prometheus metric name is letters/,
    );
  });
});
