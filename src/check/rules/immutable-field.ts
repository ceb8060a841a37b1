import { error, RawFinding, TransitionRule } from './rule';
import { canonical, Entry, sameJson, Transition } from '../model';

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

export const immutableFieldRule: TransitionRule = {
  id: 'immutable-field',
  severities: ['error'],
  nextOnly: false,
  summary: 'StatefulSet, immutable ConfigMap/Secret or Service clusterIP fields changed: the API server refuses the update.',
  reason: 'kube-apiserver update validation: StatefulSet spec fields other than replicas, template, updateStrategy and a few more; immutable ConfigMap and Secret data; Service spec.clusterIP.',
  check: immutableField,
};
