import { error, RawFinding, TransitionRule } from './rule';
import { canaryOf, isObject, percent, selectedWorkloads, trafficRoutes, Transition } from '../model';

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

export const stickyCanaryKeepsUsersRule: TransitionRule = {
  id: 'sticky-canary-keeps-users',
  severities: ['error'],
  nextOnly: false,
  summary: 'A canary aborted to weight 0 while cookie affinity keeps pinned users on its running pods.',
  reason: 'ingress-nginx rootfs/etc/nginx/lua/balancer.lua: an affinity cookie pointing at the canary backend wins before the weight is read, while that backend has endpoints.',
  check: stickyCanaryKeepsUsers,
};
