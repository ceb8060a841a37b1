import { change, judge, WEB } from '../_yaml';

// Stable with 8 pods, a canary Deployment with 1 pod behind its own Service and canary Ingress.
const STATE = (weight: number, canaryPods: number) => `${change(change(change(WEB, '{app.kubernetes.io/name: web}}\n  strategy', '{app.kubernetes.io/name: web, track: stable}}\n  strategy'),
  'tier: frontend}', 'tier: frontend, track: stable}'), 'replicas: 3', 'replicas: 8').replace('selector: {app.kubernetes.io/name: web}\n  ports', 'selector: {app.kubernetes.io/name: web, track: stable}\n  ports')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-canary, namespace: storefront}
spec:
  replicas: ${canaryPods}
  selector: {matchLabels: {app.kubernetes.io/name: web, track: canary}}
  template:
    metadata: {labels: {app.kubernetes.io/name: web, track: canary}}
    spec: {containers: [{name: web, image: "registry.example.com/web:2.4.0", ports: [{name: http, containerPort: 8080}], readinessProbe: {httpGet: {path: /healthz, port: 8080}}}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary, namespace: storefront}
spec: {selector: {app.kubernetes.io/name: web, track: canary}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web-canary, namespace: storefront, annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "${weight}"}}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.org
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web-canary, port: {number: 80}}}}]}
`;

describe('traffic-exceeds-capacity', () => {
  test('10% to 50% onto a single canary pod: a warning naming the canary Ingress, with how many pods', () => {
    const found = judge(STATE(10, 1), STATE(50, 1));
    expect(found.map(f => `${f.severity} ${f.rule} ${f.object}`)).toEqual(['warning traffic-exceeds-capacity Ingress storefront/web-canary']);
    expect(found[0].message).toMatch(/goes from 10% to 50% of the requests on 1 pod\(s\) of Deployment storefront\/web-canary/);
    expect(found[0].fix).toMatch(/Scale Deployment storefront\/web-canary to about 5 pods first/);
  });

  test('safe: the canary scaled first', () => {
    expect(judge(STATE(10, 5), STATE(50, 5))).toEqual([]);
  });
});
