import { API, change, CHECKOUT, errorRules, judge, WEB } from './_yaml';
import { TransitionCheckOptions } from '../../src';

/**
 * Hand-written pairs of committed states, the kind real teams push (label keys
 * app.kubernetes.io/name, svc/slot, component/variant, track; no object made by this library).
 * Each pair says why it is safe or unsafe; `unsafe` lists the rules that must refuse it (other
 * rules may add findings of their own, but never on a safe pair).
 */
interface Pair {
  readonly name: string;
  readonly previous: string;
  readonly next: string;
  /** [] = safe: no error. */
  readonly unsafe: string[];
  readonly options?: TransitionCheckOptions;
  /** A warning that must name this object (safe pairs that still deserve a finding). */
  readonly warns?: string;
}

const bump = (s: string) => change(s, 'web:2.3.0', 'web:2.4.0');

// A Service addressed by a numeric targetPort (the container port is a bare number).
const WEB_NUMERIC = change(change(WEB, 'targetPort: http', 'targetPort: 8080'), '[{name: http, containerPort: 8080}]', '[{containerPort: 8080}]');

// A Deployment with one replica whose rolling update may take that one away.
const WEB_ONE = change(WEB, 'replicas: 3', 'replicas: 1');

const PDB = (spec: string) => `${WEB}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: storefront}
spec: {${spec}, selector: {matchLabels: {app.kubernetes.io/name: web}}}
`;

const CANARY_ING = (weight: number) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-canary
  namespace: storefront
  annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "${weight}"}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.org
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web-canary, port: {number: 80}}}}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary, namespace: storefront}
spec: {selector: {app.kubernetes.io/name: web, track: canary}, ports: [{name: http, port: 80, targetPort: http}]}
`;
const CANARY_DEP = (replicas: number) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-canary, namespace: storefront}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app.kubernetes.io/name: web, track: canary}}
  template:
    metadata: {labels: {app.kubernetes.io/name: web, track: canary}}
    spec:
      terminationGracePeriodSeconds: 45
      containers:
      - name: web
        image: registry.example.com/web:2.4.0
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /healthz, port: 8080}}
        lifecycle: {preStop: {exec: {command: [sleep, "10"]}}}
`;
// The stable Deployment gets a track label its selector does not need, so the canary's pods stay out of it.
const WEB_STABLE = change(WEB, '{app.kubernetes.io/name: web}}\n  strategy', '{app.kubernetes.io/name: web, track: stable}}\n  strategy')
  .replace('labels: {app.kubernetes.io/name: web, tier: frontend}', 'labels: {app.kubernetes.io/name: web, tier: frontend, track: stable}')
  .replace('selector: {app.kubernetes.io/name: web}\n  ports', 'selector: {app.kubernetes.io/name: web, track: stable}\n  ports');

const HPA = (name: string, min: number, max: number) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: core}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
  minReplicas: ${min}
  maxReplicas: ${max}
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
`;
const API_AUTOSCALED = (canaryMin: number, w1: number, w2: number) =>
  change(change(API, 'api-v1, port: 80, weight: 90', `api-v1, port: 80, weight: ${w1}`), 'api-v2, port: 80, weight: 10', `api-v2, port: 80, weight: ${w2}`)
    .replace('  replicas: 6\n', '').replace('  replicas: 2\n', '') + HPA('api-v1', 2, 20) + HPA('api-v2', canaryMin, 20);

const PAIRS: Pair[] = [
  // --- Pod template and strategy -------------------------------------------------------------
  // An image bump under maxUnavailable 0 / maxSurge 1, probe and preStop kept: the textbook rollout.
  { name: 'image bump with a safe rolling update', previous: WEB, next: bump(WEB), unsafe: [] },
  // Without a readiness probe the kubelet reports the new pods Ready before the app listens.
  { name: 'readiness probe removed', previous: WEB, next: change(WEB, /\n {8}readinessProbe:.*/, ''), unsafe: ['readiness-probe-removed'] },
  // Recreate terminates all three pods before the first new one starts.
  { name: 'strategy Recreate with an image bump', previous: WEB, next: change(bump(WEB), /strategy: .*/, 'strategy: {type: Recreate}'), unsafe: ['recreate-strategy'] },
  // maxUnavailable 100% of 3 pods rounds down to 3: every old pod may go before a new one is Ready.
  { name: 'maxUnavailable 100% with a rollout', previous: WEB, next: change(bump(WEB), 'maxUnavailable: 0', 'maxUnavailable: "100%"'), unsafe: ['rolling-update-unavailable'] },
  // 50% of 3 rounds down to 1: two pods stay available during the rollout.
  { name: 'maxUnavailable 50% of 3 pods keeps two', previous: WEB, next: change(bump(WEB), 'maxUnavailable: 0', 'maxUnavailable: "50%"'), unsafe: [] },
  // With one replica, maxUnavailable 1 lets the only pod go first.
  { name: 'one replica with maxUnavailable 1', previous: WEB_ONE, next: change(bump(WEB_ONE), 'maxSurge: 1, maxUnavailable: 0', 'maxSurge: 0, maxUnavailable: 1'), unsafe: ['rolling-update-unavailable'] },
  // One replica with the defaults (25%/25%): maxSurge rounds up to 1, maxUnavailable down to 0.
  { name: 'one replica with the default 25%/25%', previous: WEB_ONE, next: change(bump(WEB_ONE), /\n {2}strategy: .*/, ''), unsafe: [] },
  // A removed preStop harms every later termination, not this rollout: still refused.
  { name: 'preStop removed', previous: WEB, next: change(WEB, /\n {8}lifecycle:.*/, ''), unsafe: ['prestop-removed'] },
  // A 10 s grace period leaves nothing after the 10 s preStop sleep.
  { name: 'grace period down to the preStop delay', previous: WEB, next: change(WEB, 'terminationGracePeriodSeconds: 45', 'terminationGracePeriodSeconds: 10'), unsafe: ['grace-period-below-prestop'] },
  // A longer grace period is always safe.
  { name: 'grace period raised', previous: WEB, next: change(WEB, 'terminationGracePeriodSeconds: 45', 'terminationGracePeriodSeconds: 60'), unsafe: [] },

  // --- Ports ---------------------------------------------------------------------------------
  // A numeric targetPort moved with the container port: the old pods are sent 9090, where nothing listens.
  {
    name: 'numeric targetPort and container port changed together',
    previous: WEB_NUMERIC,
    next: change(change(change(WEB_NUMERIC, '[{containerPort: 8080}]', '[{containerPort: 9090}]'), 'targetPort: 8080', 'targetPort: 9090'), 'port: 8080}}', 'port: 9090}}'),
    unsafe: ['numeric-target-port-mismatch'],
  },
  // A named targetPort is resolved per pod: old pods keep 8080, new ones get 9090.
  { name: 'container port changed behind a named targetPort', previous: WEB, next: change(change(WEB, 'containerPort: 8080', 'containerPort: 9090'), 'port: 8080}}', 'port: 9090}}'), unsafe: [] },
  // The Service points at a port name no pod has: no endpoint at all.
  { name: 'named targetPort no pod declares', previous: WEB, next: change(WEB, 'targetPort: http', 'targetPort: metrics'), unsafe: ['named-target-port-missing'] },
  // The container port is renamed while the Service still targets the old name.
  { name: 'container port renamed under the Service', previous: WEB, next: change(WEB, '{name: http, containerPort: 8080}', '{name: web-http, containerPort: 8080}'), unsafe: ['container-port-renamed'] },

  // --- Replacement and removal ----------------------------------------------------------------
  // A renamed Deployment is a delete plus a create: pruning removes the serving pods first.
  { name: 'Deployment renamed', previous: WEB, next: change(WEB, 'metadata: {name: web, namespace: storefront}\nspec:\n  replicas', 'metadata: {name: storefront-web, namespace: storefront}\nspec:\n  replicas'), unsafe: ['object-replaced'] },
  // The folder lost its files.
  { name: 'empty NEXT', previous: WEB, next: '# nothing here any more\n---\n', unsafe: ['next-empty'] },
  // Everything removed on purpose, said explicitly.
  { name: 'empty NEXT with --allow-removal *', previous: WEB, next: '', unsafe: [], options: { allowRemoval: ['*'] } },
  // The Ingress users enter through is gone.
  { name: 'Ingress deleted', previous: WEB, next: WEB.slice(0, WEB.lastIndexOf('---')), unsafe: ['entry-route-removed'] },
  // A second Service deleted while the pods it served stay: in-cluster callers break.
  {
    name: 'internal Service deleted while its pods run',
    previous: `${WEB}---\napiVersion: v1\nkind: Service\nmetadata: {name: web-internal, namespace: storefront}\nspec: {selector: {tier: frontend}, ports: [{port: 8080}]}\n`,
    next: WEB,
    unsafe: ['serving-service-deleted'],
  },
  // A whole app disappears while another stays: refused unless the user names it.
  { name: 'whole app removed', previous: `${WEB}---\n${API}`, next: API, unsafe: ['app-removed', 'entry-route-removed'] },
  { name: 'whole app removed on purpose', previous: `${WEB}---\n${API}`, next: API, unsafe: [], options: { allowRemoval: ['web'] } },

  // --- Selectors and blue-green ---------------------------------------------------------------
  // The selector moves to a label only the new pods of the same rollout carry.
  {
    name: 'selector changed with the rollout that creates its pods',
    previous: WEB,
    next: change(change(WEB, 'tier: frontend}', 'tier: frontend, release: r2}'), 'selector: {app.kubernetes.io/name: web}\n  ports', 'selector: {app.kubernetes.io/name: web, release: r2}\n  ports'),
    unsafe: ['selector-matches-only-new-pods'],
  },
  // The same in two commits: first the label on every pod...
  { name: 'label rolled out first', previous: WEB, next: change(WEB, 'tier: frontend}', 'tier: frontend, release: r2}'), unsafe: [] },
  // ...then the selector, which the running pods already match.
  {
    name: 'selector changed once the pods carry the label',
    previous: change(WEB, 'tier: frontend}', 'tier: frontend, release: r2}'),
    next: change(change(WEB, 'tier: frontend}', 'tier: frontend, release: r2}'), 'selector: {app.kubernetes.io/name: web}\n  ports', 'selector: {app.kubernetes.io/name: web, release: r2}\n  ports'),
    unsafe: [],
  },
  // A flip alone onto a running colour.
  { name: 'blue-green flip alone', previous: CHECKOUT, next: change(change(CHECKOUT, 'slot: blue}\n  ports', 'slot: BLUE}\n  ports').replace('slot: green}\n  ports', 'slot: blue}\n  ports'), 'slot: BLUE}', 'slot: green}'), unsafe: [] },
  // Flip and retire of the old colour in one commit: reported on the live Service.
  {
    name: 'blue-green flip with the retire',
    previous: CHECKOUT,
    next: change(change(change(CHECKOUT, 'replicas: 4\n  selector: {matchLabels: {svc: checkout, slot: blue}}', 'replicas: 0\n  selector: {matchLabels: {svc: checkout, slot: blue}}'),
      'slot: blue}\n  ports', 'slot: BLUE}\n  ports').replace('slot: green}\n  ports', 'slot: blue}\n  ports'), 'slot: BLUE}', 'slot: green}'),
    unsafe: ['serving-pods-removed-with-switch'],
  },

  // --- ingress-nginx canary -------------------------------------------------------------------
  // The canary weight goes up in the commit that creates the canary pods.
  { name: 'canary weight raised with the canary created', previous: `${WEB_STABLE}${CANARY_ING(0)}`, next: `${WEB_STABLE}${CANARY_ING(20)}${CANARY_DEP(2)}`, unsafe: ['traffic-onto-unready-pods'] },
  // The canary runs already; its weight rises modestly.
  { name: 'canary weight raised onto running pods', previous: `${WEB_STABLE}${CANARY_ING(10)}${CANARY_DEP(2)}`, next: `${WEB_STABLE}${CANARY_ING(30)}${CANARY_DEP(2)}`, unsafe: [] },
  // The Ingress class changes: the nginx controller drops the hosts at once.
  { name: 'ingress class changed', previous: WEB, next: change(WEB, 'ingressClassName: nginx', 'ingressClassName: traefik'), unsafe: ['route-controller-changed'] },

  // --- Gateway API ----------------------------------------------------------------------------
  // A weight step onto a canary that runs and can take it.
  { name: 'HTTPRoute weights 90/10 to 80/20', previous: API, next: change(change(API, 'weight: 90', 'weight: 80'), 'weight: 10', 'weight: 20'), unsafe: [] },
  // Both weights at 0: the rule matches and has nowhere to send.
  { name: 'HTTPRoute with every weight 0', previous: API, next: change(change(API, 'weight: 90', 'weight: 0'), 'weight: 10', 'weight: 0'), unsafe: ['all-backends-weight-zero'] },
  // Weight moved onto a Service whose selector matches no pod (a typo in the variant).
  {
    name: 'weight moved onto a Service without pods',
    previous: change(API, 'selector: {component: api, variant: v2}, ports', 'selector: {component: api, variant: v2x}, ports').replace('weight: 10', 'weight: 0'),
    next: change(API, 'selector: {component: api, variant: v2}, ports', 'selector: {component: api, variant: v2x}, ports'),
    unsafe: ['traffic-onto-backend-without-pods'],
  },
  // The route is moved to another Gateway: the one clients reach answers 404.
  { name: 'HTTPRoute parentRef changed', previous: API, next: change(API, '{name: public, namespace: gateways}', '{name: internal, namespace: gateways}'), unsafe: ['route-controller-changed'] },
  // A backendRef to a Service the commit deletes: 500 for its share.
  { name: 'HTTPRoute backend Service deleted', previous: API, next: change(API, /---\napiVersion: v1\nkind: Service\nmetadata: \{name: api-v2[^]*?---\n/, '---\n'), unsafe: ['dangling-backend'] },
  // The same route as a GRPCRoute, weight moved onto a Deployment created in the same commit.
  {
    name: 'GRPCRoute weight onto pods created in the commit',
    previous: change(API, /apiVersion: apps\/v1\nkind: Deployment\nmetadata: \{name: api-v2[^]*?---\n/, '').replace('HTTPRoute', 'GRPCRoute').replace('weight: 10', 'weight: 0'),
    next: API.replace('HTTPRoute', 'GRPCRoute'),
    unsafe: ['traffic-onto-unready-pods'],
  },

  // --- Autoscaling ----------------------------------------------------------------------------
  // 50% of a load that needs up to 20 pods onto a canary guaranteed 1.
  { name: 'half the traffic onto a canary at its HPA minimum', previous: API_AUTOSCALED(1, 100, 0), next: API_AUTOSCALED(1, 50, 50), unsafe: ['capacity-floor-below-share'] },
  // The floor raised to 10 in an earlier commit: the same step is safe.
  { name: 'half the traffic onto a canary whose floor was raised first', previous: API_AUTOSCALED(10, 100, 0), next: API_AUTOSCALED(10, 50, 50), unsafe: [] },

  // --- Drains ---------------------------------------------------------------------------------
  // minAvailable 3 of 3 pods: no eviction ever; a warning that names the budget.
  { name: 'PDB minAvailable equal to replicas', previous: WEB, next: PDB('minAvailable: 3'), unsafe: [], warns: 'PodDisruptionBudget storefront/web' },
  { name: 'PDB maxUnavailable 0%', previous: WEB, next: PDB('maxUnavailable: "0%"'), unsafe: [], warns: 'PodDisruptionBudget storefront/web' },
  { name: 'PDB maxUnavailable 1', previous: WEB, next: PDB('maxUnavailable: 1'), unsafe: [] },

  // --- Inputs ---------------------------------------------------------------------------------
  // `kubectl get -o yaml` output (kind: List) before, a multi-document file with empty documents after.
  {
    name: 'List before, empty documents after, image bump',
    previous: `apiVersion: v1\nkind: List\nitems:\n${WEB.split(/^---$/m).map(d => d.replace(/^# .*\n/m, '').trim()).map(d => `- ${d.split('\n').join('\n  ')}`).join('\n')}\n`,
    next: `---\n# generated\n---\n${bump(WEB)}---\n---\n`,
    unsafe: [],
  },
  // The same List, and the readiness probe removed in NEXT.
  {
    name: 'List before, probe removed after',
    previous: `apiVersion: v1\nkind: List\nitems:\n${WEB.split(/^---$/m).map(d => d.replace(/^# .*\n/m, '').trim()).map(d => `- ${d.split('\n').join('\n  ')}`).join('\n')}\n`,
    next: `---\n---\n${change(WEB, /\n {8}readinessProbe:.*/, '')}`,
    unsafe: ['readiness-probe-removed'],
  },
];

describe('hand-written pairs', () => {
  test('there are enough of them, safe and unsafe', () => {
    expect(PAIRS.filter(p => p.unsafe.length > 0).length).toBeGreaterThanOrEqual(20);
    expect(PAIRS.filter(p => p.unsafe.length === 0).length).toBeGreaterThanOrEqual(12);
  });

  test.each(PAIRS.map(p => [p.name, p] as const))('%s', (_name, pair) => {
    const findings = judge(pair.previous, pair.next, pair.options);
    if (pair.unsafe.length === 0) {
      expect(findings.filter(f => f.severity === 'error').map(f => `${f.rule}: ${f.message}`)).toEqual([]);
    } else {
      expect(errorRules(findings)).toEqual(expect.arrayContaining(pair.unsafe));
    }
    if (pair.warns) {
      expect(findings.filter(f => f.severity === 'warning').map(f => f.object)).toContain(pair.warns);
    }
  });
});
