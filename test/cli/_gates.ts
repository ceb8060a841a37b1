import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { GitOpsHook } from '../../src';
import { AnalysisGate, AnalysisGateProps, NoDataPolicy } from '../../src/analysis/analysis-gate';
import { Criterion } from '../../src/analysis/criterion';
import { MetricSource } from '../../src/analysis/metric-source';
import { HandWrittenRelease } from '../analysis/_release';
import { synthYaml } from '../support/manifests';

/**
 * Gates for the CLI's tests, synthesized by the real construct and written out as `cdk8s synth`
 * writes them. Each release lives in its own namespace, and its traffic is counted on
 * `app_requests_total{namespace, app, track, code}`: every label spelled out, so that a change
 * of MetricSource's defaults does not move the tests' data away from the queries.
 */

/** The cluster's address of Prometheus, which CI cannot reach: the tests pass --prometheus. */
export const CLUSTER_PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

export const SOURCE = MetricSource.application({
  requestsMetric: 'app_requests_total',
  namespaceLabel: 'namespace',
  appLabel: 'app',
  versionLabel: 'track',
  statusLabel: 'code',
});

/** Add one gate named `name` on the release in namespace `namespace` to `scope`. */
export function addGate(scope: Construct, namespace: string, name: string, props: Partial<AnalysisGateProps> = {}): AnalysisGate {
  return new AnalysisGate(scope, name, {
    target: new HandWrittenRelease(scope, `${name}-release`, { namespace }),
    source: SOURCE,
    criteria: [Criterion.errorRate({ max: 0.05 }), Criterion.relativeErrorRate({ factor: 2, slack: 0.005 })],
    minRequests: 100,
    onNoData: NoDataPolicy.FAIL,
    prometheusUrl: CLUSTER_PROMETHEUS,
    name,
    count: 1,
    interval: Duration.seconds(1),
    consecutiveErrorLimit: 1,
    gateJob: { hook: GitOpsHook.NONE, release: `${name}-v2` },
    ...props,
  });
}

/** The YAML of an app with one gate, as `cdk8s synth` writes it. */
export function gateYaml(namespace: string, name: string, props: Partial<AnalysisGateProps> = {}): string {
  return synthYaml(scope => { addGate(scope, namespace, name, props); });
}
