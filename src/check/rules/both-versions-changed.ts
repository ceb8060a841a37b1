import { RawFinding, TransitionRule, warning } from './rule';
import { canonical, Entry, isObject, Json, showLabels, Transition, workloads } from '../model';

const ID = 'both-versions-changed';

/** The one selector label whose value tells two workloads of an app apart, if that is all that does. */
function versionLabel(a: Entry, b: Entry): string | undefined {
  const x = a.obj.spec?.selector?.matchLabels;
  const y = b.obj.spec?.selector?.matchLabels;
  if (!isObject(x) || !isObject(y)) { return undefined; }
  const keys = Object.keys(x);
  if (keys.length < 2 || keys.length !== Object.keys(y).length || !keys.every(k => k in y)) { return undefined; }
  const differing = keys.filter(k => x[k] !== y[k]);
  return differing.length === 1 ? differing[0] : undefined;
}

/**
 * The leaves of a pod template that a commit changes, with their new values, leaving out what
 * differs between versions by design: container images and the version label.
 */
function changes(before: Json, after: Json, versionKey: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (a: unknown, b: unknown, at: string) => {
    if (at === `metadata.labels.${versionKey}` || /\.(initContainers|containers)\[\d+\]\.image$/.test(at)) { return; }
    if (isObject(a) && isObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) { walk(a[k], b[k], at === '' ? k : `${at}.${k}`); }
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((v, i) => walk(v, b[i], `${at}[${i}]`));
    } else if (canonical(a) !== canonical(b)) {
      found.set(at, canonical(b));
    }
  };
  walk(before, after, '');
  return found;
}

/**
 * Two versions of one app (blue and green, stable and canary) exist so that a change reaches
 * users only through the version that serves none, is tested there, and can be taken back by
 * switching to the other. A commit that changes both pod templates the same way rolls the
 * serving version in place (the Deployment controller replaces its pods: gracefully, so no
 * request is dropped by this rollout), untested, and leaves no version without the change to
 * go back to.
 */
function check(t: Transition): RawFinding[] {
  const found: RawFinding[] = [];
  const changed = workloads(t.next).filter(w => {
    const c = t.change(w.key);
    return c.templateChanged && c.replicasBefore > 0 && c.replicasAfter > 0;
  });
  for (let i = 0; i < changed.length; i++) {
    for (let j = i + 1; j < changed.length; j++) {
      const [a, b] = [changed[i], changed[j]];
      if (a.kind !== b.kind || a.namespace !== b.namespace) { continue; }
      const key = versionLabel(a, b);
      if (key === undefined) { continue; }
      const ca = changes(t.previous.get(a.key)!.obj.spec?.template, a.obj.spec?.template, key);
      const cb = changes(t.previous.get(b.key)!.obj.spec?.template, b.obj.spec?.template, key);
      if (ca.size === 0 || ca.size !== cb.size || ![...ca].every(([path, value]) => cb.get(path) === value)) { continue; }
      const paths = [...ca.keys()].sort();
      const shown = paths.slice(0, 3).map(p => `template.${p}`).join(', ') + (paths.length > 3 ? ` and ${paths.length - 3} more` : '');
      found.push(warning(ID, a.label,
        `${a.label} and ${b.label} are two versions of one app (selectors ${showLabels(a.obj.spec.selector.matchLabels)} and ${showLabels(b.obj.spec.selector.matchLabels)} differ only in "${key}"), and this commit changes both pod templates the same way (${shown}). The one that serves users rolls in place: gracefully, so this rollout drops no request, but the change reaches users without going through the idle version and its tests, and the other version carries it too, so switching back does not undo it.`,
        'Release the change to the version that serves no users first (BlueGreenService: the idle colour\'s `container`), test it and switch traffic to it; fold it into the shared settings only after that, when the old version is retired.'));
    }
  }
  return found;
}

export const bothVersionsChangedRule: TransitionRule = {
  id: ID,
  severities: ['warning'],
  nextOnly: false,
  summary: 'Both versions of a blue-green or canary pair change their pod template the same way in one commit.',
  reason: 'kubernetes pkg/controller/deployment/rolling.go: each Deployment rolls its own pods; a change made to both reaches users in place, with no untouched version to switch back to.',
  check,
};
