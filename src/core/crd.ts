import type { IAnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';

/**
 * The custom resources the library emits, typed from the Argo Rollouts and Prometheus operator
 * CRD schemas by kubernetes-models. Those packages are build-time dependencies only, so no
 * declaration file that the package's `index.d.ts` reaches may import this file: an app compiled
 * with `tsc` and `skipLibCheck: false` (the tsconfig.json of `cdk8s init`) reads every one of
 * them and could not resolve the imports (test/consumer/, the cdk8s-plus-33 app).
 */
export type AnalysisTemplate = IAnalysisTemplate;
export type PrometheusRule = IPrometheusRule;
