import { API, change, judge, WEB } from '../_yaml';

describe('route-controller-changed', () => {
  test('the ingress class changes', () => {
    const [f] = judge(WEB, change(WEB, 'ingressClassName: nginx', 'ingressClassName: traefik'));
    expect(f).toMatchObject({ rule: 'route-controller-changed', severity: 'error', object: 'Ingress storefront/web' });
    expect(f.message).toMatch(/from class nginx to class traefik/);
  });

  test('the legacy class annotation counts as the class', () => {
    const annotated = change(WEB, '  ingressClassName: nginx\n', '').replace('kind: Ingress\nmetadata: {name: web, namespace: storefront}', 'kind: Ingress\nmetadata: {name: web, namespace: storefront, annotations: {kubernetes.io/ingress.class: nginx}}');
    expect(judge(annotated, WEB)).toEqual([]);
    expect(judge(annotated, change(annotated, 'ingress.class: nginx', 'ingress.class: internal')).map(f => f.rule)).toEqual(['route-controller-changed']);
  });

  test('an HTTPRoute detached from its Gateway', () => {
    const [f] = judge(API, change(API, '{name: public, namespace: gateways}', '{name: internal, namespace: gateways}'));
    expect(f).toMatchObject({ rule: 'route-controller-changed', object: 'HTTPRoute core/api' });
    expect(f.message).toMatch(/detached from Gateway gateways\/public/);
  });

  test('safe: a second parent added', () => {
    expect(judge(API, change(API, '[{name: public, namespace: gateways}]', '[{name: public, namespace: gateways}, {name: internal, namespace: gateways}]'))).toEqual([]);
  });
});

describe('route-controller-changed to or from the default class', () => {
  test('a warning: nothing changes if nginx is the default IngressClass', () => {
    const found = judge(change(WEB, '  ingressClassName: nginx\n', ''), WEB);
    expect(found.map(f => `${f.severity} ${f.rule}`)).toEqual(['warning route-controller-changed']);
    expect(found[0].message).toMatch(/from the default class to class nginx \(nothing changes if nginx is the cluster's default IngressClass\)/);
  });
});
