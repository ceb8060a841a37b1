import {
  autoscalersOf, backendRefs, canaryOf, canonical, describeTemplateChange, Entry, isObject, labelSelectorMatches, mapSelects, percent,
  refLabel, sameJson, selectedWorkloads, selectsAnyPods, serviceSelector, serviceSelects, showLabels, templateLabels,
  trafficRoutes, TrafficShift, Transition, workloads, WorkloadChange, writtenReplicas,
} from './_model';

/**
 * The transition rules: each one a function of PREVIOUS → NEXT that returns what would drop or
 * degrade traffic when a GitOps tool applies NEXT over PREVIOUS. docs/transition-checker.md
 * documents every rule with the upstream behaviour behind it.
 *
 * Private to src/check/: transition-check.ts turns these findings into the public type.
 */

export type Severity = 'error' | 'warning';

/** One finding, before transition-check.ts gives it the public enum. */
export interface RawFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly object: string;
  readonly message: string;
  readonly fix: string;
}

type Rule = (t: Transition) => RawFinding[];

function error(rule: string, object: string, message: string, fix: string): RawFinding {
  return { rule, severity: 'error', object, message, fix };
}

function warning(rule: string, object: string, message: string, fix: string): RawFinding {
  return { rule, severity: 'warning', object, message, fix };
}

function showSelector(selector: unknown): string {
  if (!isObject(selector)) { return 'nothing'; }
  const labels = showLabels(selector.matchLabels);
  const expressions = Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0
    ? ` with matchExpressions ${canonical(selector.matchExpressions)}` : '';
  return `${labels}${expressions}`;
}

/** What the users of a Service see when traffic lands on a workload in this state. */
function consequence(c: WorkloadChange): string {
  if (c.replicasAfter === 0) {
    return 'the Service has no endpoint at all: connections are refused (ingress-nginx answers 503)';
  }
  if (c.created) {
    return 'its pods start with the same apply and are not Ready for seconds to minutes: until then the Service has no endpoint and requests fail (ingress-nginx answers 503)';
  }
  const parts: string[] = [];
  if (c.scaledUp) {
    parts.push(`the ${c.replicasBefore} pod(s) already running take all of it until the new ones are Ready`);
  }
  if (c.templateChanged) {
    parts.push('users land on pods of the old template and on new pods as each turns Ready, a version mix no one has verified, with part of the capacity surging or terminating');
  }
  return parts.join('; ');
}

// ---------------------------------------------------------------------------------------------
// 1. immutable-selector

const SELECTOR_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

/**
 * kube-apiserver validation of apps/v1 workloads: `spec.selector` is immutable after creation
 * (ValidateDeploymentUpdate and friends: `field is immutable`). The apply is rejected and the
 * GitOps sync fails.
 */
function immutableSelector(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const kind of SELECTOR_KINDS) {
    for (const after of t.next.ofKind('apps', kind)) {
      const before = t.previous.get(after.key);
      if (!before || sameJson(before.obj.spec?.selector, after.obj.spec?.selector)) { continue; }
      found.push(error('immutable-selector', after.label,
        `spec.selector changes from ${showSelector(before.obj.spec?.selector)} to ${showSelector(after.obj.spec?.selector)}. The API server rejects the update ("spec.selector: Invalid value: ... field is immutable"): the sync fails, the ${kind} keeps its old spec, and the rest of the commit is applied only in part (Argo CD) or not at all (Flux stops at its dry run).`,
        `Keep the selector as it is (new labels can go on the pod template without being in the selector). To change it, create a new ${kind} under a new name with the new selector, move traffic to it in a later commit, and delete ${after.label} after that.`));
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// 2. job-template-changed

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

// ---------------------------------------------------------------------------------------------
// 3. traffic-onto-unready-pods

/**
 * kube-proxy and ingress-nginx follow EndpointSlices and Ingress annotations within about a
 * second: a selector, backend or weight change moves traffic long before pods that the same
 * commit creates, scales up or rolls out are Ready.
 */
function trafficOntoUnreadyPods(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  // (a) A Service selector switch onto workloads it did not select before.
  for (const { before, after } of t.selectorSwitches()) {
    for (const w of selectedWorkloads(t.next, after)) {
      const old = t.previous.get(w.key);
      if (old && serviceSelects(before, old)) { continue; } // it was already serving this Service
      if (handsOverItsOwnLoad(t, w.key, after)) { continue; }
      const reason = t.notReadyReason(w.key);
      if (!reason) { continue; }
      found.push(error('traffic-onto-unready-pods', after.label,
        `The Service switches its selector from ${showLabels(serviceSelector(before))} to ${showLabels(serviceSelector(after))}, onto ${w.label}, which ${reason} in the same commit. The EndpointSlice controller and kube-proxy apply the new selector within about a second: ${consequence(t.change(w.key))}.`,
        `Commit the change to ${w.label} first, with the selector unchanged; once its pods are all Ready, switch the selector in the next commit.`));
    }
  }
  // (b, c) A canary weight, a Gateway API weight share or an Ingress backend moved onto a Service.
  for (const shift of t.trafficShifts()) {
    if (shift.direction !== 'onto') { continue; }
    found.push(...unreadyBehind(t, shift, 'traffic-onto-unready-pods'));
  }
  return found;
}

/**
 * A blue-green swap under autoscaling: the workload a Service switches onto was serving another
 * Service until now, that Service moves its traffic away in the same commit, and the workload
 * only gains pods (same template, pods already running). Its Ready pods were sized for the load
 * that leaves, so the switch lands on warm capacity; the new pods only add to it.
 */
function handsOverItsOwnLoad(t: Transition, key: string, switched: Entry): boolean {
  const c = t.change(key);
  if (c.created || c.templateChanged || c.replicasBefore === 0 || c.replicasAfter < c.replicasBefore || !c.before) { return false; }
  return t.selectorSwitches().some(({ before, after }) =>
    after.key !== switched.key && serviceSelects(before, c.before!) && !(c.after && serviceSelects(after, c.after)));
}

/** Findings for the workloads behind the Service a shift moves traffic to, when they are not ready for it. */
function unreadyBehind(t: Transition, shift: TrafficShift, rule: string): RawFinding[] {
  const service = t.next.get(shift.target);
  if (!service || service.kind !== 'Service') { return []; } // dangling-backend reports a missing Service
  const found: RawFinding[] = [];
  for (const w of selectedWorkloads(t.next, service)) {
    const reason = t.notReadyReason(w.key);
    if (!reason) { continue; }
    const change = t.change(w.key);
    if (rule === 'traffic-onto-unready-pods') {
      found.push(error(rule, shift.router.label,
        `${shift.cause}: ${service.label} goes from ${percent(shift.from)} to ${percent(shift.to)} of the requests, and its ${w.label} ${reason} in the same commit. The ingress controller or Gateway applies the new split within about a second: ${consequence(change)}.`,
        `Commit the change to ${w.label} first (scale up, roll out) with the weights unchanged; once its pods are all Ready, move the traffic in the next commit.`));
    } else {
      found.push(error(rule, shift.router.label,
        `${shift.cause}: traffic goes back to ${service.label} (${percent(shift.from)} → ${percent(shift.to)}), whose ${w.label} ${reason} in the same commit. The weight takes effect within about a second, while that rollout has barely started: users return to pods that are mostly still the old version and are moved again pod by pod as the rollout proceeds${change.replicasAfter === 0 ? '; with no pod at all, their requests fail' : ''}.`,
        `Roll ${w.label} out to the new version first while the canary keeps its weight; once it is fully rolled out and Ready, move the traffic back in the next commit.`));
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// 4. traffic-back-onto-changing-pods

/**
 * The promotion direction of a canary: ingress-nginx (or the Gateway) applies a lower canary
 * share at once, so the stable Service's pods take the traffic back while the same commit rolls
 * them out.
 */
function trafficBackOntoChangingPods(t: Transition): RawFinding[] {
  return t.trafficShifts()
    .filter(s => s.direction === 'back')
    .flatMap(s => unreadyBehind(t, s, 'traffic-back-onto-changing-pods'));
}

// ---------------------------------------------------------------------------------------------
// 5. serving-pods-removed-with-switch

/**
 * A selector switch takes effect within a second, but the pods that served until now are
 * deleted, scaled away or replaced by the same apply: connections still open on them are cut
 * when they terminate, and the previous version is no longer there to switch back to.
 */
function servingPodsRemovedWithSwitch(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const switches = t.selectorSwitches();
  for (const { before, after } of switches) {
    for (const old of selectedWorkloads(t.previous, before)) {
      const c = t.change(old.key);
      if (c.replicasBefore === 0) { continue; } // served nothing
      if (c.after && serviceSelects(after, c.after)) { continue; } // still behind the Service
      // A swap (blue-green's active and preview Services trading colours): the pods move to
      // another switched Service, and traffic-onto-unready-pods reports them there.
      if (c.after && switches.some(s => s.after.key !== after.key && serviceSelects(s.after, c.after!))) { continue; }
      let what: string | undefined;
      if (c.removed) {
        what = 'is deleted';
      } else if (c.replicasAfter === 0) {
        what = `scales from ${c.replicasBefore} to 0 pods`;
      } else if (c.templateChanged) {
        what = `rolls out a new pod template (${describeTemplateChange(c.before!.obj.spec?.template, c.after!.obj.spec?.template)})`;
      }
      if (!what) { continue; }
      found.push(error('serving-pods-removed-with-switch', after.label,
        `The Service switches its selector from ${showLabels(serviceSelector(before))} to ${showLabels(serviceSelector(after))}, away from ${old.label}, which served it until now and ${what} in the same commit. Connections still open on those pods are cut as they terminate, and if the new pods misbehave there is no previous version left to switch back to: a rollback means a rollout under load.`,
        `Commit the selector switch alone; change, scale down or delete ${old.label} in a later commit, once the new pods serve and a rollback is no longer needed.`));
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// 6. dangling-backend

/**
 * ingress-nginx answers 503 for a backend Service (or port) it cannot resolve; Gateway API
 * implementations mark the route's ResolvedRefs condition False and answer 500 for the requests
 * meant for that backend; a Service whose selector matches no pod has no endpoints.
 */
function danglingBackend(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const seen = new Set<string>();
  for (const ref of backendRefs(t.next)) {
    if (ref.kind !== 'Service' || ref.target.split('|')[0] !== '') { continue; }
    const id = `${ref.router.key} ${ref.where} ${ref.target} ${ref.portNumber ?? ''} ${ref.portName ?? ''}`;
    if (seen.has(id)) { continue; }
    seen.add(id);
    const answer = ref.router.kind === 'Ingress' ? 'ingress-nginx answers 503 for it' : 'the Gateway marks the backend unresolved (ResolvedRefs False) and answers 500 for its share of the requests';
    const service = t.next.get(ref.target);
    if (!service) {
      if (t.previous.get(ref.target)) {
        found.push(error('dangling-backend', ref.router.label,
          `${ref.where} routes to ${refLabel(ref)}, which this commit deletes: ${answer}.`,
          `Move the route to another Service first; delete ${refLabel(ref)} in a later commit.`));
      } else {
        found.push(warning('dangling-backend', ref.router.label,
          `${ref.where} routes to ${refLabel(ref)}, which is in neither state: if nothing else creates it, ${answer}.`,
          `Add ${refLabel(ref)} to the manifests, or make sure it is managed elsewhere.`));
      }
      continue;
    }
    const ports = Array.isArray(service.obj.spec?.ports) ? service.obj.spec.ports.filter(isObject) : [];
    if (service.obj.spec?.type === 'ExternalName' && ports.length === 0) { continue; }
    const missingNumber = ref.portNumber !== undefined && !ports.some((p: any) => p.port === ref.portNumber);
    const missingName = ref.portName !== undefined && !ports.some((p: any) => p.name === ref.portName);
    if (missingNumber || missingName) {
      const port = missingNumber ? `port ${ref.portNumber}` : `port name "${ref.portName}"`;
      const has = ports.map((p: any) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ') || 'none';
      found.push(error('dangling-backend', ref.router.label,
        `${ref.where} routes to ${port} of ${service.label}, which has no such port (its ports: ${has}): ${answer}.`,
        `Point the route at a port ${service.label} has, or add the port to the Service in an earlier commit.`));
    }
  }
  // A Service that selected pods and now selects none.
  for (const after of t.next.ofKind('', 'Service')) {
    const before = t.previous.get(after.key);
    if (!before || !serviceSelector(after)) { continue; }
    const served = selectedWorkloads(t.previous, before);
    if (served.length === 0 || selectsAnyPods(t.next, after)) { continue; }
    const why = served.map(w => (t.next.get(w.key) ? `${w.label} no longer matches ${showLabels(serviceSelector(after))}` : `${w.label} is deleted`)).join('; ');
    found.push(error('dangling-backend', after.label,
      `The Service selected the pods of ${served.map(w => w.label).join(', ')} and selects no pod after this commit (${why}). The EndpointSlice controller removes all of its endpoints: kube-proxy rejects its connections and ingress-nginx answers 503.`,
      `Keep a workload whose pod labels match ${showLabels(serviceSelector(after))} until the Service is switched or deleted in an earlier commit.`));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// 7. replicas-dropped-for-hpa

/**
 * Kubernetes HPA docs, "Migrating Deployments and StatefulSets to horizontal autoscaling":
 * removing `spec.replicas` from an applied manifest removes the field, which defaults to 1:
 * every pod but one is terminated until the HPA scales back up.
 */
function replicasDroppedForHpa(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of workloads(t.next)) {
    const before = t.previous.get(after.key);
    if (!before) { continue; }
    const was = writtenReplicas(before);
    if (was === undefined || was <= 1 || writtenReplicas(after) !== undefined) { continue; }
    const hpas = autoscalersOf(t.next, after);
    if (hpas.length === 0) { continue; }
    const hpa = hpas[0];
    const isNew = !t.previous.get(hpa.key);
    // With the HPA introduced in the same commit this is the hazard the docs describe; with an
    // HPA already in place it is the documented second step, safe once the field was handed
    // over outside Git, which the checker cannot see: a warning that says so.
    found.push((isNew ? error : warning)('replicas-dropped-for-hpa', after.label,
      `spec.replicas (${was}) is removed while ${hpa.label} ${isNew ? 'is introduced in the same commit' : 'scales it'}. On apply the field is deleted and the API server defaults it to 1: the ${after.kind} drops from ${was} pods to 1, and all but one pod terminate until the HPA${isNew ? ', which does not exist yet when the apply starts,' : ''} notices and scales back up (its sync period is 15 s, and new pods still have to start).`,
      isNew
        ? `Commit ${hpa.label} first while keeping spec.replicas; hand the field over to the HPA (with kubectl apply edit-last-applied, or a server-side apply field-manager handover, as the HPA docs describe), then remove spec.replicas in a later commit.`
        : 'Hand spec.replicas over to the HPA before this commit is applied (kubectl apply edit-last-applied, or a server-side apply field-manager handover, as the HPA docs describe); the checker cannot see that step, so review this finding once it is done. Alternatively keep spec.replicas and let the GitOps tool ignore it (Argo CD ignoreDifferences with RespectIgnoreDifferences=true).'));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// 8. sticky-canary-keeps-users

/**
 * ingress-nginx balancer.lua: with cookie affinity, a request already pinned to the canary
 * backend is sent there before the canary weight is read, as long as that backend has
 * endpoints (sticky is the default `affinity-canary-behavior` since controller v0.49).
 */
function stickyCanaryKeepsUsers(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const routes = [...trafficRoutes(t.next).values()];
  for (const after of t.next.ofKindAnyGroup('Ingress')) {
    const before = t.previous.get(after.key);
    const was = before ? canaryOf(before) : undefined;
    const now = canaryOf(after);
    if (!was || !now || !(was.share > 0 || was.byHeaderOrCookie)) { continue; }
    if (now.share > 0 || now.byHeaderOrCookie) { continue; }
    const behavior = String(now.annotations[`${now.prefix}/affinity-canary-behavior`] ?? '').trim().toLowerCase();
    if (behavior === 'legacy') { continue; }
    const mine = routes.filter(r => r.canary?.ingress.key === after.key);
    const main = mine.map(r => r.main?.ingress).find(m => {
      const a = m?.obj.metadata?.annotations;
      return isObject(a) && String(a[`${now.prefix}/affinity`] ?? '').trim().toLowerCase() === 'cookie';
    });
    if (!main) { continue; }
    for (const target of new Set(mine.map(r => r.canary!.target))) {
      const service = t.next.get(target);
      if (!service) { continue; }
      const running = selectedWorkloads(t.next, service).filter(w => t.change(w.key).replicasAfter > 0);
      if (running.length === 0) { continue; }
      const pods = running.map(w => `${w.label} (${t.change(w.key).replicasAfter} pod(s))`).join(', ');
      found.push(error('sticky-canary-keeps-users', after.label,
        `The canary goes to weight 0 (was ${percent(was.share)}${was.byHeaderOrCookie ? ' plus header/cookie routing' : ''}), but ${main.label} has ${now.prefix}/affinity: cookie and the canary's affinity-canary-behavior is ${behavior === '' ? 'unset (sticky by default since ingress-nginx v0.49)' : behavior}. ingress-nginx's balancer sends a request whose affinity cookie points at a canary pod to the canary before it looks at the weight, as long as the canary backend has endpoints: ${service.label} still selects ${pods}, so every user already pinned to the canary stays on it.`,
        `Scale ${running.map(w => w.label).join(', ')} to 0 in the same commit (an empty canary backend releases the pinned users), or set ${now.prefix}/affinity-canary-behavior: legacy on the canary Ingress.`));
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// 9. overlapping-selectors

/**
 * Two controllers whose selectors match one pod: the eviction API refuses to evict a pod
 * covered by more than one PodDisruptionBudget (pkg/registry/core/pod/storage/eviction.go,
 * HTTP 500 "more than one PodDisruptionBudget"), and anything that selects pods the way a
 * Deployment does (its HPA, through the scale subresource) counts the other's pods too.
 */
function overlappingSelectors(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const all = workloads(t.next);
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const [a, b] = [all[i], all[j]];
      if (a.namespace !== b.namespace) { continue; }
      const aTakesB = labelSelectorMatches(a.obj.spec?.selector, templateLabels(b));
      const bTakesA = labelSelectorMatches(b.obj.spec?.selector, templateLabels(a));
      if (!aTakesB && !bTakesA) { continue; }
      const [wide, narrow] = aTakesB ? [a, b] : [b, a];
      found.push(error('overlapping-selectors', wide.label,
        `Its selector ${showSelector(wide.obj.spec?.selector)} also matches the pods of ${narrow.label} (labels ${showLabels(templateLabels(narrow))}). Kubernetes does not stop overlapping selectors, but whatever selects pods by them counts both workloads: an HPA on ${wide.label} reads the metrics of both through the scale subresource, a Service or PodDisruptionBudget written with those labels covers both, and a pod under two PodDisruptionBudgets cannot be evicted at all, which blocks node drains.`,
        `Give each workload a distinguishing pod label in its selector (e.g. role: ${wide.name} / ${narrow.name}, or track: stable / canary). A selector cannot be edited in place (see immutable-selector): create the workload under a new name with the new selector, move traffic, then delete the old one.`));
    }
  }
  const pdbs = t.next.ofKind('policy', 'PodDisruptionBudget');
  for (const w of all) {
    const covering = pdbs.filter(p => p.namespace === w.namespace && labelSelectorMatches(p.obj.spec?.selector, templateLabels(w)));
    if (covering.length < 2) { continue; }
    found.push(error('overlapping-selectors', w.label,
      `Its pods are covered by ${covering.length} PodDisruptionBudgets (${covering.map(p => p.label).join(', ')}). The eviction API refuses to evict a pod under more than one PodDisruptionBudget (HTTP 500 "This pod has more than one PodDisruptionBudget"), whatever the budgets allow: kubectl drain, cluster-autoscaler and node upgrades stall on these pods.`,
      'Keep one PodDisruptionBudget per workload: narrow the selectors with a distinguishing label (e.g. role or track) so that each pod matches exactly one, or delete the extra budget.'));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Further checks

/**
 * Fields the API server refuses to update besides selectors and Job templates: a StatefulSet's
 * spec other than replicas, template, updateStrategy and a few more (serviceName,
 * podManagementPolicy, volumeClaimTemplates); the data of a ConfigMap or Secret marked
 * `immutable: true`; a Service's clusterIP.
 */
function immutableField(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const refuse = (e: Entry, field: string, before: unknown, after: unknown) => found.push(error('immutable-field', e.label,
    `${field} changes from ${canonical(before)} to ${canonical(after)}: the API server refuses to update it ("Forbidden" / "field is immutable"), the sync fails and the object keeps its old spec.`,
    `Keep ${field} as it is; to change it, create the object under a new name (and move its users to it in a later commit), or delete and re-create it in a planned window.`));
  for (const after of t.next.ofKind('apps', 'StatefulSet')) {
    const before = t.previous.get(after.key);
    if (!before) { continue; }
    const [b, a] = [before.obj.spec ?? {}, after.obj.spec ?? {}];
    if ((b.serviceName ?? '') !== (a.serviceName ?? '')) { refuse(after, 'spec.serviceName', b.serviceName, a.serviceName); }
    if ((b.podManagementPolicy ?? 'OrderedReady') !== (a.podManagementPolicy ?? 'OrderedReady')) {
      refuse(after, 'spec.podManagementPolicy', b.podManagementPolicy, a.podManagementPolicy);
    }
    if (!sameJson(b.volumeClaimTemplates ?? [], a.volumeClaimTemplates ?? [])) {
      refuse(after, 'spec.volumeClaimTemplates', b.volumeClaimTemplates ?? [], a.volumeClaimTemplates ?? []);
    }
  }
  for (const kind of ['ConfigMap', 'Secret']) {
    for (const after of t.next.ofKind('', kind)) {
      const before = t.previous.get(after.key);
      if (!before || before.obj.immutable !== true) { continue; }
      for (const field of ['data', 'binaryData', 'stringData']) {
        if (!sameJson(before.obj[field] ?? {}, after.obj[field] ?? {})) {
          found.push(error('immutable-field', after.label,
            `The ${kind} is marked immutable: true and its ${field} changes: the API server refuses the update (the field is immutable once the ${kind} is), the sync fails, and pods keep reading the old values.`,
            `Create a ${kind} under a new name (e.g. with a content hash suffix) and point the pod templates at it; delete the old one in a later commit.`));
          break;
        }
      }
    }
  }
  for (const after of t.next.ofKind('', 'Service')) {
    const before = t.previous.get(after.key);
    const [b, a] = [before?.obj.spec?.clusterIP, after.obj.spec?.clusterIP];
    if (before && typeof b === 'string' && b !== '' && typeof a === 'string' && a !== '' && a !== b) {
      refuse(after, 'spec.clusterIP', b, a);
    }
  }
  return found;
}

/**
 * Argo CD reports an object defined twice (RepeatedResourceWarning) and applies one of them;
 * kustomize (and so Flux) refuses to build the set at all.
 */
function duplicateObject(t: Transition): RawFinding[] {
  return t.next.duplicates.map(d => warning('duplicate-object', d.label,
    'The object is defined more than once in the new state: Argo CD applies only one of the definitions (RepeatedResourceWarning) and kustomize, which Flux runs, refuses to build the set. The checker used the last definition.',
    'Keep one definition of the object.'));
}

/**
 * A Service whose selector matches no pod in the manifests has no endpoints unless something
 * outside them creates matching pods.
 */
function serviceSelectsNothing(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const after of t.next.ofKind('', 'Service')) {
    const selector = serviceSelector(after);
    if (!selector || selectsAnyPods(t.next, after)) { continue; }
    const before = t.previous.get(after.key);
    if (before && selectedWorkloads(t.previous, before).length > 0) { continue; } // dangling-backend
    found.push(warning('service-selects-nothing', after.label,
      `Its selector ${showLabels(selector)} matches no pod template in the manifests: unless pods are created elsewhere, the Service has no endpoints and its connections are refused.`,
      'Check the selector against the pod template labels of the workload meant to serve it.'));
  }
  return found;
}

/**
 * Scaling a workload to 0 while a Service still selects it (and nothing else with pods): the
 * EndpointSlice controller empties the Service. An error when a router still sends it requests,
 * a warning when no router refers to it (in-cluster clients may), nothing when every router
 * gives it no share (a parked canary).
 */
function selectedPodsScaledToZero(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const routes = [...trafficRoutes(t.next).values()];
  for (const service of t.next.ofKind('', 'Service')) {
    const behind = selectedWorkloads(t.next, service);
    if (behind.length === 0 || behind.some(w => t.change(w.key).replicasAfter > 0)) { continue; }
    const emptied = behind.filter(w => t.change(w.key).replicasBefore > 0);
    if (emptied.length === 0) { continue; }
    const referring = routes.filter(r => r.shares.has(service.key));
    const byHeader = (r: typeof referring[number]) => r.canary?.target === service.key && r.canary.settings.byHeaderOrCookie;
    const routed = referring.filter(r => (r.shares.get(service.key) ?? 0) > 0 || byHeader(r));
    if (referring.length > 0 && routed.length === 0) { continue; }
    const names = emptied.map(w => `${w.label} (${t.change(w.key).replicasBefore} → 0)`).join(', ');
    if (routed.length > 0) {
      found.push(error('selected-pods-scaled-to-zero', service.label,
        `${names} scales to 0 while ${routed.map(r => r.label).join(', ')} still sends requests to this Service: its endpoints disappear and those requests fail (ingress-nginx answers 503).`,
        'Move the traffic away from the Service first (weight 0, another backend); scale to 0 in the next commit.'));
    } else {
      found.push(warning('selected-pods-scaled-to-zero', service.label,
        `${names} scales to 0 while the Service still selects it and no other pod: the Service is left without endpoints; in-cluster clients that still call it get refused connections.`,
        'If nothing calls the Service any more, delete it or ignore this warning; otherwise keep at least one pod behind it.'));
    }
  }
  return found;
}

/** The pods a Service has behind it, before or after the transition (0 when it selects no workload). */
function podsBehind(t: Transition, service: Entry, when: 'before' | 'after'): { pods: number; workloads: Entry[] } {
  const state = when === 'before' ? t.previous : t.next;
  const behind = selectedWorkloads(state, service);
  const pods = behind.reduce((sum, w) => sum + (when === 'before' ? t.change(w.key).replicasBefore : t.change(w.key).replicasAfter), 0);
  return { pods, workloads: behind };
}

/** More than this many times the per-pod load the busiest backend carried before is a warning. */
const LOAD_FACTOR = 2;

/**
 * Traffic moved onto Ready pods that are too few for it: the proxies apply the new split at
 * once, and each pod takes a multiple of the load any pod carried before. A warning, because
 * the manifests do not say how much headroom the pods have.
 */
function trafficExceedsCapacity(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  for (const shift of t.trafficShifts()) {
    const service = t.next.get(shift.target);
    if (!service || service.kind !== 'Service') { continue; }
    const after = podsBehind(t, service, 'after');
    if (after.pods === 0 || after.workloads.some(w => t.notReadyReason(w.key))) { continue; } // rules 3 and 4
    let busiest = 0;
    for (const [target, share] of shift.before.shares) {
      const old = t.previous.get(target);
      if (share <= 0 || !old || old.kind !== 'Service') { continue; }
      const before = podsBehind(t, old, 'before');
      if (before.pods > 0) { busiest = Math.max(busiest, share / before.pods); }
    }
    const perPod = shift.to / after.pods;
    if (busiest === 0 || perPod <= LOAD_FACTOR * busiest + 1e-9) { continue; }
    const names = after.workloads.map(w => w.label).join(', ');
    found.push(warning('traffic-exceeds-capacity', shift.router.label,
      `${shift.cause}: ${service.label} goes from ${percent(shift.from)} to ${percent(shift.to)} of the requests on ${after.pods} pod(s) of ${names}, ${percent(perPod)} per pod where the busiest pods of the route took ${percent(busiest)} each before: about ${Math.round(perPod / busiest * 10) / 10} times the load. Pods sized for their old share saturate: latency climbs and requests time out.`,
      `Scale ${names} to about ${Math.ceil(shift.to / busiest)} pods first and move the traffic in the next commit, or move it in smaller steps.`));
  }
  for (const { before, after } of t.selectorSwitches()) {
    const was = podsBehind(t, before, 'before');
    const now = podsBehind(t, after, 'after');
    if (was.pods === 0 || now.pods === 0 || was.pods <= LOAD_FACTOR * now.pods) { continue; }
    if (now.workloads.some(w => t.notReadyReason(w.key) && !(t.previous.get(w.key) && serviceSelects(before, t.previous.get(w.key)!)))) { continue; } // rule 3
    const names = now.workloads.map(w => w.label).join(', ');
    found.push(warning('traffic-exceeds-capacity', after.label,
      `The Service switches its selector from ${showLabels(serviceSelector(before))} (${was.pods} pods) to ${showLabels(serviceSelector(after))} (${now.pods} pod(s) of ${names}): each pod takes about ${Math.round(was.pods / now.pods * 10) / 10} times the load, at once. Pods sized for the old count saturate: latency climbs and requests time out.`,
      `Scale ${names} to ${was.pods} pods first and switch the selector in the next commit.`));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// contract-while-old-version-runs

/** Written by SchemaMigration (src/migration/_readers.ts); read here from the YAML alone. */
const MIGRATION_PHASE_LABEL = 'cdk8s-zero-downtime.io/migration-phase';
const SCHEMA_READERS_ANNOTATION = 'cdk8s-zero-downtime.io/schema-readers';

/** Who reads the schema a contract changes, and which schema each version reads. */
interface SchemaReaders {
  readonly selector: { [key: string]: string };
  readonly container?: string;
  readonly schemaVersions: { [imageOrTag: string]: number };
  readonly removesSchema: number;
}

function schemaReadersOf(job: Entry): SchemaReaders | undefined {
  const text = job.obj.metadata?.annotations?.[SCHEMA_READERS_ANNOTATION];
  let r: any;
  try {
    r = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
  if (!isObject(r) || !isObject(r.selector) || Object.keys(r.selector).length === 0 || !isObject(r.schemaVersions)) { return undefined; }
  if (typeof r.removesSchema !== 'number' || !Object.values(r.schemaVersions).every(v => typeof v === 'number')) { return undefined; }
  return { selector: r.selector, container: typeof r.container === 'string' ? r.container : undefined, schemaVersions: r.schemaVersions, removesSchema: r.removesSchema };
}

/** The schema version an image reads: by the full image, then its digest, then its tag. */
function schemaVersionOfImage(image: string, versions: { [imageOrTag: string]: number }): number | undefined {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  for (const key of [image, at >= 0 ? image.slice(at + 1) : undefined, colon >= 0 ? name.slice(colon + 1) : undefined]) {
    if (key !== undefined && Object.prototype.hasOwnProperty.call(versions, key)) { return versions[key]; }
  }
  return undefined;
}

/** The image of the app's container in a workload's pod template (the first container when none has its name). */
function readerImage(w: Entry, container: string | undefined): string | undefined {
  const list = w.obj.spec?.template?.spec?.containers;
  if (!Array.isArray(list)) { return undefined; }
  const c = list.find((x: any) => isObject(x) && x.name === container) ?? list[0];
  return isObject(c) && typeof c.image === 'string' ? c.image : undefined;
}

/** Whether the GitOps tool runs the Job again on every sync (Argo CD and Helm hooks). */
function runsOnEverySync(job: Entry): boolean {
  const annotations = isObject(job.obj.metadata?.annotations) ? job.obj.metadata.annotations : {};
  return annotations['argocd.argoproj.io/hook'] !== undefined || annotations['helm.sh/hook'] !== undefined;
}

/**
 * A contract migration removes the shape old versions read. Its Job runs as soon as the commit
 * is applied (an Argo CD sync wave before the Deployments, or a Flux Kustomization the app
 * depends on), while the pods of PREVIOUS still serve and pods that the same commit retires are
 * still draining: every version that reads the removed shape must have stopped running already,
 * in PREVIOUS as in NEXT. A Job that ran before (same name and spec) is not run again, except
 * a hook, which Argo CD re-creates on every sync.
 */
function contractWhileOldVersionRuns(t: Transition): RawFinding[] {
  const rule = 'contract-while-old-version-runs';
  const found: RawFinding[] = [];
  for (const job of t.next.ofKind('batch', 'Job')) {
    if (job.obj.metadata?.labels?.[MIGRATION_PHASE_LABEL] !== 'contract') { continue; }
    const before = t.previous.get(job.key);
    if (before && sameJson(before.obj.spec, job.obj.spec) && !runsOnEverySync(job)) { continue; }
    const readers = schemaReadersOf(job);
    if (!readers) {
      found.push(warning(rule, job.label,
        `The Job is a contract migration (${MIGRATION_PHASE_LABEL}: contract) without a readable ${SCHEMA_READERS_ANNOTATION} annotation: the checker cannot tell which running versions read the schema it removes.`,
        'Write the migration with SchemaMigration, which annotates it, or add the annotation: {"selector": <the app\'s pod labels>, "container": <its container>, "schemaVersions": {<tag>: <schema it reads>}, "removesSchema": <n>}.'));
      continue;
    }
    const removes = readers.removesSchema;
    const reported = new Set<string>();
    for (const when of ['next', 'previous'] as const) {
      for (const w of workloads(when === 'next' ? t.next : t.previous)) {
        if (w.namespace !== job.namespace || reported.has(w.key) || !mapSelects(readers.selector, templateLabels(w))) { continue; }
        const c = t.change(w.key);
        const pods = when === 'next' ? c.replicasAfter : c.replicasBefore;
        const image = readerImage(w, readers.container);
        if (pods === 0 || image === undefined) { continue; }
        const version = schemaVersionOfImage(image, readers.schemaVersions);
        const runs = `${w.label} ${when === 'next' ? 'still runs' : 'runs'} ${image} (${pods} pod(s))`;
        if (version === undefined) {
          reported.add(w.key);
          found.push(error(rule, job.label,
            `The contract migration removes the shape of schema ${removes} and older, and ${runs}, an image its ${SCHEMA_READERS_ANNOTATION} annotation does not list: nothing says whether it reads the removed shape.`,
            `List the version of ${image} in the migration's schemaVersions with the schema version it reads; if it reads schema ${removes} or older, retire it in a commit of its own before the contract.`));
          continue;
        }
        if (version > removes) { continue; }
        reported.add(w.key);
        if (when === 'next') {
          found.push(error(rule, job.label,
            `The contract migration removes the shape of schema ${removes} and older, and ${runs}, which reads schema ${version}. The Job runs as soon as the commit is applied (before the Deployments: an Argo CD sync wave, or the Kustomization the app depends on), and from then on every request of those pods that touches a removed column or table fails.`,
            `Retire ${w.label} first (scale it to 0 once the new version serves, or roll it out to a version that reads a newer schema) in a commit of its own; commit the contract after that.`));
        } else {
          const what = c.removed ? 'deletes it' : c.replicasAfter === 0 ? 'scales it to 0' : c.templateChanged
            ? `rolls it out (${describeTemplateChange(c.before!.obj.spec?.template, c.after!.obj.spec?.template)})` : 'changes it';
          found.push(error(rule, job.label,
            `The contract migration removes the shape of schema ${removes} and older, and ${runs}, which reads schema ${version}, until this same commit ${what}. The Job runs as soon as the commit is applied, while those pods still serve and drain: their requests that touch a removed column or table fail.`,
            `Commit the change to ${w.label} alone first; once its old pods are gone, commit the contract.`));
        }
      }
    }
  }
  return found;
}

/** Every rule, in the order findings are reported. */
export const RULES: { readonly id: string; readonly check: Rule }[] = [
  { id: 'immutable-selector', check: immutableSelector },
  { id: 'job-template-changed', check: jobTemplateChanged },
  { id: 'immutable-field', check: immutableField },
  { id: 'traffic-onto-unready-pods', check: trafficOntoUnreadyPods },
  { id: 'traffic-back-onto-changing-pods', check: trafficBackOntoChangingPods },
  { id: 'serving-pods-removed-with-switch', check: servingPodsRemovedWithSwitch },
  { id: 'dangling-backend', check: danglingBackend },
  { id: 'replicas-dropped-for-hpa', check: replicasDroppedForHpa },
  { id: 'sticky-canary-keeps-users', check: stickyCanaryKeepsUsers },
  { id: 'overlapping-selectors', check: overlappingSelectors },
  { id: 'traffic-exceeds-capacity', check: trafficExceedsCapacity },
  { id: 'selected-pods-scaled-to-zero', check: selectedPodsScaledToZero },
  { id: 'service-selects-nothing', check: serviceSelectsNothing },
  { id: 'duplicate-object', check: duplicateObject },
  { id: 'contract-while-old-version-runs', check: contractWhileOldVersionRuns },
];

/** Every finding of every rule for one transition, errors first, each finding once. */
export function checkTransition(previous: readonly unknown[], next: readonly unknown[]): RawFinding[] {
  const t = new Transition(previous, next);
  const found: RawFinding[] = [];
  const seen = new Set<string>();
  RULES.forEach(({ check }) => {
    for (const f of check(t)) {
      const id = `${f.rule}\u0000${f.object}\u0000${f.message}`;
      if (!seen.has(id)) {
        seen.add(id);
        found.push(f);
      }
    }
  });
  const order = new Map(RULES.map((r, i) => [r.id, i]));
  return found
    .map((f, i) => ({ f, i }))
    .sort((x, y) => (x.f.severity === y.f.severity ? 0 : x.f.severity === 'error' ? -1 : 1)
      || (order.get(x.f.rule)! - order.get(y.f.rule)!)
      || (x.f.object < y.f.object ? -1 : x.f.object > y.f.object ? 1 : 0)
      || (x.f.message < y.f.message ? -1 : x.f.message > y.f.message ? 1 : 0)
      || x.i - y.i)
    .map(x => x.f);
}
