import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { argoConditions, failComparator, formatNumber, measurementQuery, quote, Verdictable } from './_promql';
import { Criterion } from './criterion';
import { GateConfig } from './gate-program';
import { MetricSource } from './metric-source';
import type { AnalysisTemplate, PrometheusRule } from '../core/crd';
import { formatDuration, invalidProp, Shown, wholeSeconds } from '../core/errors';
import { checkProps } from '../core/jsii-props';
import { KubeObject } from '../core/kube';
import { DNS_LABEL_RULE, isDnsLabel, isLabelKey, isLabelValue, ROLE_LABEL_KEY } from '../core/names';
import { defaultHook, JobTime } from '../core/stage';
import { GitOpsHook } from '../gitops-hook';
import { IReleaseTarget, ReleaseSelectors } from '../release-target';
import { checkImage } from '../rollout/container-spec';
import { checkJobBounds, hookJobManifest, jobIdentity } from '../rollout/job-spec';

/**
 * What a measurement means when the version being released served no request at all in the
 * window. There is no default: Argo Rollouts errs on an empty result and Flagger fails the
 * check, and both surprise someone.
 */
export enum NoDataPolicy {
  /** No traffic passes: for releases that may legitimately see none (internal tools, nights). */
  PASS = 'pass',
  /** No traffic fails: a version nobody could reach is not released. */
  FAIL = 'fail',
  /** No traffic is inconclusive: Argo Rollouts pauses, the gate Job exits 2, a person decides. */
  INCONCLUSIVE = 'inconclusive',
}

/**
 * Which of the three forms an AnalysisGate emits. Each needs something in the cluster: the
 * AnalysisTemplate the Argo Rollouts CRDs, the PrometheusRule the Prometheus operator's CRDs;
 * applying a kind the cluster does not know fails the whole sync.
 */
export interface AnalysisOutputs {
  /**
   * An Argo Rollouts `AnalysisTemplate` (argoproj.io/v1alpha1).
   *
   * @default true
   */
  readonly analysisTemplate?: boolean;

  /**
   * A `PrometheusRule` (monitoring.coreos.com/v1) with a recording rule per criterion and the
   * alerts on it.
   *
   * @default true
   */
  readonly prometheusRule?: boolean;

  /**
   * A Job that measures and exits 0 pass, 1 fail, 2 inconclusive.
   *
   * @default true
   */
  readonly gateJob?: boolean;
}

/**
 * Options of the gate Job.
 */
export interface GateJobOptions {
  /**
   * Which GitOps tool runs the Job, and how. With `GitOpsHook.NONE` (plain `kubectl apply`) the
   * Job's name carries a digest of what it runs (`<name>-gate-<digest>`): a Job cannot be
   * changed, so each new verdict is a new Job.
   *
   * @default - the hook of the engine chosen with `ReleaseOrder.use` (Argo CD: `ARGO_CD_POST_SYNC`,
   * Flux: `FLUX`, apply: `NONE`), else `GitOpsHook.ARGO_CD_POST_SYNC`
   */
  readonly hook?: GitOpsHook;

  /**
   * The Node.js image that runs the gate program (Node.js 18 or later), pinned by tag or
   * digest. Any image with `node` on the PATH works; the program needs nothing else.
   *
   * @default 'node:22.14.0-alpine3.21'
   */
  readonly image?: string;

  /**
   * Numeric user ID the gate runs as. The pod runs as non-root, and the kubelet only starts a
   * container whose user it can see is not root; the default image has no USER (root), and its
   * `node` user has ID 1000.
   *
   * @default 1000
   */
  readonly user?: number;

  /**
   * Numeric group ID the gate runs as.
   *
   * @default 1000
   */
  readonly group?: number;

  /**
   * How long the Job may run before Kubernetes stops it (a stopped gate is a failed gate). Must
   * leave time for every measurement.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
   * @default - initialDelay + (count - 1 + consecutiveErrorLimit) × interval + 10s for each query
   * (count × criteria) + 60s
   */
  readonly activeDeadline?: Duration;

  /**
   * What identifies the release being judged, e.g. the new image tag. It is printed by the gate
   * and is part of the Job's spec, so a new release changes the Job and Flux replaces it and runs
   * the gate again. Required with `GitOpsHook.FLUX`: otherwise a Job that passed once would
   * stay passed for every later release whose queries look the same.
   *
   * @default - none; Argo CD hooks run afresh on every sync anyway
   */
  readonly release?: string;
}


/**
 * Options of the alerts.
 */
export interface GateAlertOptions {
  /**
   * How long a criterion must stay violated before its alert fires.
   *
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   * @default Duration.minutes(2)
   */
  readonly pendingFor?: Duration;

  /**
   * Extra labels on every alert, e.g. the team to route to. `severity` here replaces the
   * default (`critical` on a failed criterion, `warning` on an inconclusive one).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Labels on the PrometheusRule object itself, which the Prometheus operator's
   * `ruleSelector` matches (kube-prometheus-stack selects `release: <helm release>`).
   *
   * @default - none
   */
  readonly ruleLabels?: { [key: string]: string };
}

/**
 * Properties of an `AnalysisGate`.
 */
export interface AnalysisGateProps {
  /**
   * The release to judge: a `CanaryIngress` (the canary, against stable) or a
   * `BlueGreenService` (the active colour, which after a flip is the version that just went live,
   * against absolute criteria only: the idle colour serves no users, so relative criteria are
   * refused; test the idle colour before the flip with the smoke test). Namespace, app, version
   * labels and Ingress names are taken from it.
   */
  readonly target: IReleaseTarget;

  /**
   * Where the two versions' requests are counted.
   */
  readonly source: MetricSource;

  /**
   * The criteria. Every one must pass for the release to pass.
   */
  readonly criteria: Criterion[];

  /**
   * The fewest requests the version being released must have served in the window for a
   * measurement to count. Below it, a measurement is inconclusive: 2 errors in 10 requests
   * say nothing about a 1 % error rate.
   */
  readonly minRequests: number;

  /**
   * What a measurement means when the version being released served no request at all.
   */
  readonly onNoData: NoDataPolicy;

  /**
   * The Prometheus HTTP API base URL, as the cluster reaches it, e.g.
   * `http://prometheus-operated.monitoring.svc:9090`.
   */
  readonly prometheusUrl: string;

  /**
   * Name of the AnalysisTemplate and the PrometheusRule, and prefix of the Job's name.
   *
   * @default - the app name and "-analysis"
   */
  readonly name?: string;

  /**
   * The range every rate and request count looks back over. At least a minute, so that
   * `rate()` sees at least two scrapes at the usual 15-30 s scrape interval.
   *
   * @default Duration.minutes(5)
   */
  readonly window?: Duration;

  /**
   * Time between two measurements.
   *
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;

  /**
   * Number of measurements.
   *
   * @default 5
   */
  readonly count?: number;

  /**
   * Wait before the first measurement, e.g. until the window has filled with the new
   * version's traffic.
   *
   * @default - measure at once
   */
  readonly initialDelay?: Duration;

  /**
   * How many failed measurements are tolerated; one more fails the criterion.
   *
   * @see https://argo-rollouts.readthedocs.io/en/stable/features/analysis/#failure-conditions-and-failure-limit
   * @default 0
   */
  readonly failureLimit?: number;

  /**
   * How many inconclusive measurements are tolerated; one more makes the criterion inconclusive.
   *
   * @default 0
   */
  readonly inconclusiveLimit?: number;

  /**
   * How many queries in a row may go unanswered (Prometheus unreachable, query error); one more
   * fails the criterion. An unreachable Prometheus is never a pass.
   *
   * @default 4
   */
  readonly consecutiveErrorLimit?: number;

  /**
   * Which forms to emit.
   *
   * @default - all three
   */
  readonly outputs?: AnalysisOutputs;

  /**
   * Options of the gate Job.
   *
   * @default - an Argo CD PostSync hook on node:22.14.0-alpine3.21
   */
  readonly gateJob?: GateJobOptions;

  /**
   * Options of the alerts.
   *
   * @default - alerts after 2 minutes, no extra labels
   */
  readonly alerts?: GateAlertOptions;
}

/** The default image of the gate Job. */
const GATE_IMAGE = 'node:22.14.0-alpine3.21';
/** How long the gate Job waits for one Prometheus answer. */
const QUERY_TIMEOUT_SECONDS = 10;
/** Name of the recorded measurement series. */
const MEASUREMENT_SERIES = 'analysis_gate:measurement';
const PROMETHEUS_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Promotion criteria written once, emitted in the forms the ecosystem runs:
 *
 * - an Argo Rollouts `AnalysisTemplate` whose conditions follow the no-data policy;
 * - a `PrometheusRule` that records each criterion's measurement and alerts when one fails or
 *   is inconclusive;
 * - a gate Job that measures against Prometheus and exits 0 (pass), 1 (fail) or
 *   2 (inconclusive), as an Argo CD hook or a Job that Flux waits for.
 *
 * All three run the same PromQL per criterion, which returns nothing without traffic, NaN
 * below `minRequests` and the value otherwise, so they reach the same verdicts.
 */
export class AnalysisGate extends Construct {
  /** Name of the AnalysisTemplate and the PrometheusRule. */
  public readonly name: string;
  /** Namespace of the objects, when the release has one. */
  public readonly namespace?: string;
  /** Fewest requests for a measurement to count. */
  public readonly minRequests: number;
  /** What no traffic means. */
  public readonly onNoData: NoDataPolicy;
  /** The range every rate looks back over. */
  public readonly window: Duration;
  /** Time between measurements. */
  public readonly interval: Duration;
  /** Number of measurements. */
  public readonly count: number;
  /** Failed measurements tolerated. */
  public readonly failureLimit: number;
  /** Inconclusive measurements tolerated. */
  public readonly inconclusiveLimit: number;
  /** Unanswered queries in a row tolerated. */
  public readonly consecutiveErrorLimit: number;
  /** The measurement query of each criterion, by criterion name. */
  public readonly queries: { [criterion: string]: string };
  /** The AnalysisTemplate, unless turned off. */
  public readonly analysisTemplate?: ApiObject;
  /** The PrometheusRule, unless turned off. */
  public readonly prometheusRule?: ApiObject;
  /** The gate Job, unless turned off or the release is not in progress. */
  public readonly gateJob?: ApiObject;
  /**
   * Whether the gate is armed: the release's judged version receives users' traffic in this
   * state. A disarmed gate emits no Job and no alerts (the AnalysisTemplate and the recording
   * rules stay), so a commit at weight 0 neither fails nor passes anything.
   */
  public readonly armed: boolean;

  constructor(scope: Construct, id: string, props: AnalysisGateProps) {
    super(scope, id);
    checkProps(this, 'AnalysisGateProps', props);
    const release = this.resolveRelease(props.target);
    this.armed = release.inProgress ?? true;
    this.namespace = release.namespace;
    this.name = props.name ?? `${release.app}-analysis`;
    if (!isDnsLabel(this.name) || this.name.length > 57) {
      throw invalidProp(this, { prop: 'name', value: this.name, problem: `the name must be ${DNS_LABEL_RULE}, and at most 57 so that "<name>-gate" fits`, fix: 'set a shorter name' });
    }

    this.minRequests = props.minRequests;
    if (!Number.isInteger(this.minRequests) || this.minRequests < 1) {
      throw invalidProp(this, {
        prop: 'minRequests',
        value: this.minRequests,
        problem: 'the minimum is a whole number of requests of at least 1; a rate measured on a handful of requests is noise',
        fix: 'set minRequests to the requests the version gets in one window at its lowest weight, e.g. 100',
      });
    }
    this.onNoData = props.onNoData;
    if (!Object.values(NoDataPolicy).includes(this.onNoData)) {
      throw invalidProp(this, { prop: 'onNoData', value: this.onNoData, problem: 'what no traffic means must be chosen', fix: 'set onNoData: NoDataPolicy.FAIL, NoDataPolicy.INCONCLUSIVE or NoDataPolicy.PASS' });
    }
    const url = this.resolveUrl(props.prometheusUrl);

    this.window = props.window ?? Duration.minutes(5);
    const windowSeconds = this.seconds('window', this.window, 60, 'rate() needs at least two scrapes in the window, and a shorter one often has fewer', 'Duration.minutes(5)');
    this.interval = props.interval ?? Duration.minutes(1);
    const intervalSeconds = this.seconds('interval', this.interval, 1, 'measurements need a whole number of seconds between them', 'Duration.minutes(1)');
    const initialDelaySeconds = props.initialDelay === undefined ? 0
      : this.seconds('initialDelay', props.initialDelay, 1, 'the delay is a whole number of seconds', 'Duration.minutes(2)');
    this.count = this.whole('count', props.count ?? 5, 1, 1000, 'set count between 1 and 1000');
    this.failureLimit = this.whole('failureLimit', props.failureLimit ?? 0, 0, this.count - 1, `set failureLimit below count (${this.count}), or the gate can never fail`);
    this.inconclusiveLimit = this.whole('inconclusiveLimit', props.inconclusiveLimit ?? 0, 0, this.count - 1, `set inconclusiveLimit below count (${this.count}), or the gate can never be inconclusive`);
    this.consecutiveErrorLimit = this.whole('consecutiveErrorLimit', props.consecutiveErrorLimit ?? 4, 0, 100, 'set consecutiveErrorLimit between 0 and 100');

    const bound = props.source?._bind(this, 'source', release);
    if (!bound) {
      throw invalidProp(this, { prop: 'source', value: props.source, problem: 'the gate needs to know where requests are counted', fix: 'set source: MetricSource.ingressNginx() or MetricSource.application()' });
    }
    if (!Array.isArray(props.criteria) || props.criteria.length === 0) {
      throw invalidProp(this, { prop: 'criteria', value: props.criteria, problem: 'a gate without criteria passes everything', fix: 'add at least one, e.g. Criterion.errorRate({ max: 0.01 })' });
    }
    const window = formatDuration(Duration.seconds(windowSeconds));
    const criteria: Verdictable[] = [];
    props.criteria.forEach((c, i) => {
      const v = c._bind(this, `criteria[${i}]`, bound, window);
      const first = criteria.findIndex(x => x.name === v.name);
      if (first >= 0) {
        throw invalidProp(this, { prop: `criteria[${i}].name`, value: v.name, problem: `criteria[${first}] has the same name, and names tell the metrics and alerts apart`, fix: 'give one of them another name' });
      }
      criteria.push(v);
    });
    this.queries = {};
    for (const c of criteria) { this.queries[c.name] = measurementQuery(c, this.minRequests); }

    const outputs = props.outputs ?? {};
    const emit = {
      analysisTemplate: outputs.analysisTemplate ?? true,
      prometheusRule: outputs.prometheusRule ?? true,
      gateJob: outputs.gateJob ?? true,
    };
    if (!emit.analysisTemplate && !emit.prometheusRule && !emit.gateJob) {
      throw invalidProp(this, { prop: 'outputs', value: outputs, problem: 'with every output off the gate emits nothing', fix: 'leave at least one output on, or remove the gate' });
    }
    for (const [prop, given, on] of [['gateJob', props.gateJob, emit.gateJob], ['alerts', props.alerts, emit.prometheusRule]] as const) {
      if (given !== undefined && !on) {
        throw invalidProp(this, { prop, value: new Shown('options'), problem: `the ${prop} options have no effect while outputs.${prop === 'alerts' ? 'prometheusRule' : 'gateJob'} is false`, fix: `remove ${prop}, or turn its output on` });
      }
    }

    const labels = { [release.appLabelKey]: release.app, [ROLE_LABEL_KEY]: 'analysis' };
    const metadata = { name: this.name, namespace: this.namespace, labels };
    if (emit.analysisTemplate) {
      const template: AnalysisTemplate = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisTemplate',
        metadata,
        spec: {
          metrics: criteria.map(c => ({
            name: c.name,
            count: this.count,
            interval: formatDuration(this.interval),
            initialDelay: props.initialDelay && formatDuration(props.initialDelay),
            failureLimit: this.failureLimit,
            inconclusiveLimit: this.inconclusiveLimit,
            consecutiveErrorLimit: this.consecutiveErrorLimit,
            ...argoConditions(c, this.onNoData),
            provider: { prometheus: { address: url, query: this.queries[c.name] } },
          })),
        },
      };
      this.analysisTemplate = new KubeObject(this, 'AnalysisTemplate', template);
    }
    if (emit.prometheusRule) {
      this.prometheusRule = this.renderRule(criteria, props.alerts ?? {}, labels);
    }
    if (emit.gateJob && this.armed) {
      this.gateJob = this.renderJob(criteria, props.gateJob ?? {}, labels, url, {
        intervalSeconds, initialDelaySeconds,
      });
    }
  }

  private renderRule(criteria: Verdictable[], o: GateAlertOptions, labels: { [key: string]: string }): ApiObject {
    const pendingFor = o.pendingFor ?? Duration.minutes(2);
    const forSeconds = wholeSeconds(pendingFor);
    if (forSeconds === undefined || forSeconds < 0) {
      throw invalidProp(this, { prop: 'alerts.pendingFor', value: pendingFor, problem: 'the pending time is whole seconds', fix: 'write e.g. Duration.minutes(2)' });
    }
    this.checkLabels('alerts.labels', o.labels, true);
    this.checkLabels('alerts.ruleLabels', o.ruleLabels, false);
    const seriesLabels = (c: Verdictable) => ({ ...(this.namespace ? { namespace: this.namespace } : {}), gate: this.name, criterion: c.name });
    const series = (c: Verdictable) => `${MEASUREMENT_SERIES}{${Object.entries(seriesLabels(c)).map(([k, v]) => `${k}=${quote(v)}`).join(',')}}`;
    const alert = (c: Verdictable, verdict: 'fail' | 'inconclusive', reason: string, expr: string, what: string) => ({
      alert: verdict === 'fail' ? 'AnalysisGateFailed' : 'AnalysisGateInconclusive',
      expr,
      for: formatDuration(pendingFor),
      labels: { ...seriesLabels(c), severity: verdict === 'fail' ? 'critical' : 'warning', reason, ...o.labels },
      annotations: {
        summary: `Release criterion ${c.name} of ${this.name} ${verdict === 'fail' ? 'failed' : 'is inconclusive'}: ${what}`,
        description: `${c.description}; measured over ${formatDuration(this.window)}, judged from ${this.minRequests} requests. Value: {{ $value }}`,
      },
    });
    const rules: PrometheusRuleSpec['groups'][number]['rules'] = [];
    for (const c of criteria) {
      rules.push({ record: MEASUREMENT_SERIES, expr: this.queries[c.name], labels: seriesLabels(c) });
    }
    // Alerts only while the release is in progress: at weight 0 there is nothing to judge, and
    // the no-data alert would fire for as long as no release runs.
    for (const c of this.armed ? criteria : []) {
      rules.push(alert(c, 'fail', 'violated', `${series(c)} ${failComparator(c.comparator)} ${formatNumber(c.threshold)}`, 'the value is outside the limit'));
      rules.push(alert(c, 'inconclusive', 'low-traffic', `${series(c)} != ${series(c)}`, `fewer than ${this.minRequests} requests in the window`));
      if (this.onNoData !== NoDataPolicy.PASS) {
        rules.push(alert(c, this.onNoData === NoDataPolicy.FAIL ? 'fail' : 'inconclusive', 'no-data', `absent(${series(c)})`, 'the version being released served no requests'));
      }
    }
    const rule: PrometheusRule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: this.name, namespace: this.namespace, labels: { ...labels, ...o.ruleLabels } },
      spec: { groups: [{ name: this.name, rules }] },
    };
    return new KubeObject(this, 'PrometheusRule', rule);
  }

  private renderJob(criteria: Verdictable[], o: GateJobOptions, labels: { [key: string]: string }, url: string,
    t: { intervalSeconds: number; initialDelaySeconds: number }): ApiObject {
    const image = o.image ?? GATE_IMAGE;
    checkImage(this, 'gateJob.image', image, false);
    const hook = o.hook ?? defaultHook(this, JobTime.AFTER_PODS);
    if (!Object.values(GitOpsHook).includes(hook)) {
      throw invalidProp(this, { prop: 'gateJob.hook', value: hook, problem: 'the hook is one of GitOpsHook', fix: 'use GitOpsHook.ARGO_CD_POST_SYNC, ARGO_CD_PRE_SYNC, FLUX or NONE' });
    }
    if (hook === GitOpsHook.FLUX && !o.release) {
      throw invalidProp(this, {
        prop: 'gateJob.release',
        value: o.release,
        problem: 'Flux only runs a Job again when its spec changes, so without the release in it a gate that passed once stays passed for later releases',
        fix: 'set gateJob.release to what identifies the release, e.g. the new image tag',
      });
    }
    if (o.release !== undefined && (typeof o.release !== 'string' || o.release.trim() === '')) {
      throw invalidProp(this, { prop: 'gateJob.release', value: o.release, problem: 'the release is a non-empty string', fix: 'use e.g. the new image tag' });
    }
    const shortest = t.initialDelaySeconds + (this.count - 1) * t.intervalSeconds + QUERY_TIMEOUT_SECONDS;
    const queries = this.count * criteria.length;
    const longest = t.initialDelaySeconds + (this.count - 1 + this.consecutiveErrorLimit) * t.intervalSeconds + queries * QUERY_TIMEOUT_SECONDS;
    const deadline = o.activeDeadline ?? Duration.seconds(longest + 60);
    const activeDeadlineSeconds = checkJobBounds(this, 'gateJob', 0, deadline);
    if (activeDeadlineSeconds < shortest) {
      throw invalidProp(this, {
        prop: 'gateJob.activeDeadline',
        value: deadline,
        problem: `the measurements take at least ${shortest}s (initialDelay + (count - 1) × interval + one query), and a Job stopped by its deadline fails the release`,
        fix: `set activeDeadline to Duration.seconds(${shortest + 60}) or more, or leave it out`,
      });
    }
    const config: GateConfig = {
      gate: this.name,
      release: o.release,
      prometheus: url,
      minRequests: this.minRequests,
      onNoData: this.onNoData,
      count: this.count,
      intervalSeconds: t.intervalSeconds,
      initialDelaySeconds: t.initialDelaySeconds,
      failureLimit: this.failureLimit,
      inconclusiveLimit: this.inconclusiveLimit,
      consecutiveErrorLimit: this.consecutiveErrorLimit,
      queryTimeoutSeconds: QUERY_TIMEOUT_SECONDS,
      criteria: criteria.map(c => ({ name: c.name, query: this.queries[c.name], comparator: c.comparator, threshold: c.threshold })),
    };
    // The node images' own unprivileged user: a numeric ID the kubelet accepts under runAsNonRoot.
    const identity = jobIdentity(this, 'gateJob', o.user, o.group, { user: 1000, group: 1000 });
    // A plain Job (kubectl apply) cannot change: its pod template is immutable, and the config
    // changes with the release (and with a flip). Its name carries a digest of what it runs, so a
    // new verdict is a new Job and an unchanged one is left as it is. Hooks keep their name:
    // Argo CD deletes the last run before the next, Flux re-creates a changed Job.
    const digest = createHash('sha256').update(JSON.stringify({ config, image, identity })).digest('hex').slice(0, 10);
    const jobName = hook === GitOpsHook.NONE ? `${this.name}-gate-${digest}` : `${this.name}-gate`;
    if (jobName.length > 63) {
      throw invalidProp(this, {
        prop: 'name',
        value: this.name,
        problem: `with gateJob.hook GitOpsHook.NONE the Job is named "<name>-gate-<digest>", and "${jobName}" is longer than the 63 characters a Job's pods can carry in their job-name label`,
        fix: `use a name of at most ${63 - 16} characters`,
      });
    }
    return new KubeObject(this, 'GateJob', hookJobManifest({
      ...identity,
      name: jobName,
      namespace: this.namespace,
      labels: { ...labels, [ROLE_LABEL_KEY]: 'analysis-gate' },
      hook,
      // A verdict is final: retrying a failed gate until it passes would defeat it.
      backoffLimit: 0,
      activeDeadlineSeconds,
      container: {
        name: 'gate',
        image,
        // The compiled module, then its entry point: exactly the code the tests run.
        command: ['node', '-e', `${gateProgramSource()}main();\n`],
        env: [{ name: 'GATE_CONFIG', value: JSON.stringify(config, undefined, 2) + '\n' }],
        terminationMessagePolicy: 'FallbackToLogsOnError',
      },
      // A pod evicted or preempted is not a verdict: run it again without counting it.
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
    }));
  }

  private resolveRelease(target: IReleaseTarget | undefined): ReleaseSelectors {
    const r = target?.releaseSelectors;
    if (!r) {
      throw invalidProp(this, { prop: 'target', value: target && new Shown(target.node.path), problem: 'the target must be a release with two versions to compare', fix: 'pass a BlueGreenService or a CanaryIngress' });
    }
    const prop = (p: string) => `target.releaseSelectors.${p}`;
    if (r.namespace !== undefined && !isDnsLabel(r.namespace)) {
      throw invalidProp(this, { prop: prop('namespace'), value: r.namespace, problem: `a namespace is ${DNS_LABEL_RULE}`, fix: 'fix the release\'s namespace' });
    }
    for (const key of ['app', 'stableVersion', 'canaryVersion'] as const) {
      if (typeof r[key] !== 'string' || r[key] === '' || !isLabelValue(r[key])) {
        throw invalidProp(this, { prop: prop(key), value: r[key], problem: 'the value is a non-empty label value', fix: 'fix the release\'s labels' });
      }
    }
    for (const key of ['appLabelKey', 'versionLabelKey'] as const) {
      if (!isLabelKey(r[key])) {
        throw invalidProp(this, { prop: prop(key), value: r[key], problem: 'the key is a label key', fix: 'fix the release\'s labels' });
      }
    }
    if (r.stableVersion === r.canaryVersion) {
      throw invalidProp(this, {
        prop: prop('canaryVersion'),
        value: r.canaryVersion,
        problem: 'the version being released has the same label value as the stable one, so the gate would compare a version with itself',
        fix: 'give the two versions different version label values',
      });
    }
    return r;
  }

  private resolveUrl(url: string): string {
    let parsed: URL | undefined;
    try { parsed = new URL(url); } catch { parsed = undefined; }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.search || parsed.hash || parsed.username || parsed.password) {
      throw invalidProp(this, {
        prop: 'prometheusUrl',
        value: url,
        problem: 'the Prometheus URL is an http(s) base URL without query, fragment or credentials',
        fix: 'write e.g. "http://prometheus-operated.monitoring.svc:9090"',
      });
    }
    return url.replace(/\/+$/, '');
  }

  private seconds(prop: string, d: Duration, min: number, problem: string, example: string): number {
    const s = d instanceof Duration ? wholeSeconds(d) : undefined;
    if (s === undefined || s < min) {
      throw invalidProp(this, { prop, value: d, problem: `${prop} is whole seconds of at least ${formatDuration(Duration.seconds(min))}: ${problem}`, fix: `write e.g. ${example}` });
    }
    return s;
  }

  private whole(prop: string, value: number, min: number, max: number, fix: string): number {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw invalidProp(this, { prop, value, problem: `${prop} is a whole number from ${min} to ${max}`, fix });
    }
    return value;
  }

  private checkLabels(prop: string, labels: { [key: string]: string } | undefined, prometheus: boolean) {
    for (const [k, v] of Object.entries(labels ?? {})) {
      if (prometheus && (!PROMETHEUS_LABEL.test(k) || ['gate', 'criterion', 'reason', 'namespace'].includes(k) || typeof v !== 'string')) {
        throw invalidProp(this, {
          prop: `${prop}.${k}`,
          value: v,
          problem: 'alert label names are letters, digits and "_", and gate, criterion, reason and namespace are set by the gate',
          fix: 'use another label name, e.g. team',
        });
      }
      if (!prometheus && (!isLabelKey(k) || typeof v !== 'string' || !isLabelValue(v))) {
        throw invalidProp(this, { prop: `${prop}.${k}`, value: v, problem: 'Kubernetes labels need valid keys and values', fix: 'use letters, digits, "-", "_" and "."' });
      }
    }
  }
}

type PrometheusRuleSpec = Required<PrometheusRule['spec']>;

let programSource: string | undefined;

/**
 * The gate program's compiled JavaScript, as the package ships it next to this file. Run from
 * the sources (tests, ts-node), the compiled copy is the one `npx projen compile` wrote to lib/;
 * it must not be older than its source, or the Job would run code that was never tested.
 */
function gateProgramSource(): string {
  if (programSource !== undefined) { return programSource; }
  const shipped = path.join(__dirname, 'gate-program.js');
  const source = path.join(__dirname, 'gate-program.ts');
  const compiled = fs.existsSync(shipped) ? shipped : path.join(__dirname, '..', '..', 'lib', 'analysis', 'gate-program.js');
  if (!fs.existsSync(compiled) || (fs.existsSync(source) && fs.statSync(source).mtimeMs > fs.statSync(compiled).mtimeMs)) {
    throw new Error(`the compiled gate program ${compiled} is missing or older than its source: run \`npx projen compile\` first`);
  }
  // The inline source map only restates the source; the Job needs the code alone.
  programSource = fs.readFileSync(compiled, 'utf8').replace(/^\/\/# sourceMappingURL=.*\n?/m, '');
  return programSource;
}
