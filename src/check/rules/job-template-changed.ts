import { error, RawFinding, TransitionRule } from './rule';
import { describeTemplateChange, Entry, isObject, sameJson, Transition } from '../model';

/** Whether a Job is re-created rather than updated by the GitOps tool. */
function jobIsRecreated(job: Entry): boolean {
  const annotations = isObject(job.obj.metadata?.annotations) ? job.obj.metadata.annotations : {};
  const labels = isObject(job.obj.metadata?.labels) ? job.obj.metadata.labels : {};
  // Argo CD runs hooks (and Helm hooks, which it maps to its own) by deleting and creating them.
  if (annotations['argocd.argoproj.io/hook'] !== undefined || annotations['helm.sh/hook'] !== undefined) { return true; }
  // Flux replaces objects whose immutable fields changed when force is enabled on them.
  const force = annotations['kustomize.toolkit.fluxcd.io/force'] ?? labels['kustomize.toolkit.fluxcd.io/force'];
  if (typeof force === 'string' && force.trim().toLowerCase() === 'enabled') { return true; }
  // Argo CD's Force=true,Replace=true deletes and re-creates the object.
  const options = String(annotations['argocd.argoproj.io/sync-options'] ?? '').split(',').map(s => s.trim().toLowerCase());
  return options.includes('replace=true') && options.includes('force=true');
}

/**
 * kube-apiserver validation of batch/v1 Jobs: `spec.template` cannot be updated (`field is
 * immutable`), so a changed Job under the same name cannot be applied.
 */
function jobTemplateChanged(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of t.next.ofKind('batch', 'Job')) {
    const before = t.previous.get(after.key);
    if (!before || sameJson(before.obj.spec?.template, after.obj.spec?.template) || jobIsRecreated(after)) { continue; }
    const what = after.obj.spec?.template !== undefined && before.obj.spec?.template !== undefined
      ? describeTemplateChange(before.obj.spec.template, after.obj.spec.template) : 'spec.template changed';
    found.push(error('job-template-changed', after.label,
      `The Job keeps its name but its pod template changes (${what}). A Job's pod template is immutable: the API server rejects the update ("spec.template: Invalid value: ... field is immutable"), the sync fails, and the new Job never runs.`,
      'Give the Job a name per version (e.g. suffix it with the image tag or a hash of its template), or mark it as an Argo CD hook (argocd.argoproj.io/hook, re-created on each sync), or set kustomize.toolkit.fluxcd.io/force: enabled so that Flux replaces it.'));
  }
  return found;
}

export const jobTemplateChangedRule: TransitionRule = {
  id: 'job-template-changed',
  severities: ['error'],
  nextOnly: false,
  summary: 'A Job keeps its name but changes its pod template: the API server refuses the update.',
  reason: 'kube-apiserver batch/v1 validation: a Job\'s spec.template is immutable.',
  check: jobTemplateChanged,
};
