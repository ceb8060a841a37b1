import { FindingSeverity, TransitionCheck, TransitionCheckOptions, TransitionFinding } from '../../src';
import { parseStateYaml } from '../../src/check/state';

/**
 * Hand-written manifests for the checker's tests, as YAML text the way teams commit it (varied
 * label keys, nothing made by this library). A NEXT state is written as an edit of the text.
 */

export function objects(text: string): any[] {
  return parseStateYaml(text, 'state.yaml').map(d => d.object);
}

/** Every finding of applying NEXT over PREVIOUS, both given as YAML text. */
export function judge(previous: string, next: string, options?: TransitionCheckOptions): TransitionFinding[] {
  return TransitionCheck.between(objects(previous), objects(next), options);
}

/** `severity rule object` of each finding. */
export function summary(findings: TransitionFinding[]): string[] {
  return findings.map(f => `${f.severity} ${f.rule} ${f.object}`);
}

export function errorRules(findings: TransitionFinding[]): string[] {
  return [...new Set(findings.filter(f => f.severity === FindingSeverity.ERROR).map(f => f.rule))].sort();
}

/** Replaces text that must be there (a typo in a test edit must not go unnoticed). */
export function change(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) { throw new Error(`test edit did not apply: ${String(from)}`); }
  return changed;
}

/** A storefront web app: Deployment, Service by port name, ingress-nginx Ingress. */
export const WEB = `# storefront web, as the team commits it
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: storefront}
spec:
  replicas: 3
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app.kubernetes.io/name: web, tier: frontend}}
    spec:
      terminationGracePeriodSeconds: 45
      containers:
      - name: web
        image: registry.example.com/web:2.3.0
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /healthz, port: 8080}}
        lifecycle: {preStop: {exec: {command: [sleep, "10"]}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: storefront}
spec:
  selector: {app.kubernetes.io/name: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: storefront}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.org
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

/** Blue-green by hand: two Deployments told apart by `slot`, a live and a preview Service. */
export const CHECKOUT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: checkout-blue, namespace: pay}
spec:
  replicas: 4
  selector: {matchLabels: {svc: checkout, slot: blue}}
  template:
    metadata: {labels: {svc: checkout, slot: blue}}
    spec:
      containers:
      - {name: app, image: "registry.example.com/checkout:7.1", ports: [{containerPort: 3000}], readinessProbe: {tcpSocket: {port: 3000}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: checkout-green, namespace: pay}
spec:
  replicas: 4
  selector: {matchLabels: {svc: checkout, slot: green}}
  template:
    metadata: {labels: {svc: checkout, slot: green}}
    spec:
      containers:
      - {name: app, image: "registry.example.com/checkout:7.2", ports: [{containerPort: 3000}], readinessProbe: {tcpSocket: {port: 3000}}}
---
apiVersion: v1
kind: Service
metadata: {name: checkout, namespace: pay}
spec:
  selector: {svc: checkout, slot: blue}
  ports: [{port: 80, targetPort: 3000}]
---
apiVersion: v1
kind: Service
metadata: {name: checkout-preview, namespace: pay}
spec:
  selector: {svc: checkout, slot: green}
  ports: [{port: 80, targetPort: 3000}]
`;

/** Gateway API canary by hand: `component` and `variant` labels, an HTTPRoute with weights. */
export const API = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api-v1, namespace: core}
spec:
  replicas: 6
  selector: {matchLabels: {component: api, variant: v1}}
  template:
    metadata: {labels: {component: api, variant: v1}}
    spec:
      containers:
      - {name: api, image: "registry.example.com/api:1.0", ports: [{containerPort: 9000}], readinessProbe: {httpGet: {path: /ready, port: 9000}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-v2, namespace: core}
spec:
  replicas: 2
  selector: {matchLabels: {component: api, variant: v2}}
  template:
    metadata: {labels: {component: api, variant: v2}}
    spec:
      containers:
      - {name: api, image: "registry.example.com/api:2.0", ports: [{containerPort: 9000}], readinessProbe: {httpGet: {path: /ready, port: 9000}}}
---
apiVersion: v1
kind: Service
metadata: {name: api-v1, namespace: core}
spec: {selector: {component: api, variant: v1}, ports: [{port: 80, targetPort: 9000}]}
---
apiVersion: v1
kind: Service
metadata: {name: api-v2, namespace: core}
spec: {selector: {component: api, variant: v2}, ports: [{port: 80, targetPort: 9000}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: core}
spec:
  parentRefs: [{name: public, namespace: gateways}]
  hostnames: [api.example.org]
  rules:
  - backendRefs:
    - {name: api-v1, port: 80, weight: 90}
    - {name: api-v2, port: 80, weight: 10}
`;
