import { API, change, judge, WEB } from '../_yaml';

describe('entry-route-removed', () => {
  test('the Ingress users enter through is deleted', () => {
    const found = judge(WEB, WEB.slice(0, WEB.lastIndexOf('---')));
    expect(found.map(f => `${f.rule} ${f.object}`)).toEqual(['entry-route-removed Ingress storefront/web']);
    expect(found[0].message).toMatch(/Ingress storefront\/web host shop\.example\.org path \/ is deleted: .*404/);
  });

  test('an HTTPRoute deleted', () => {
    const next = API.slice(0, API.lastIndexOf('---'));
    expect(judge(API, next).map(f => `${f.rule} ${f.object}`)).toEqual(['entry-route-removed HTTPRoute core/api']);
  });

  test('safe: the Ingress renamed with the same host and path; the HTTPRoute renamed; the removal allowed', () => {
    expect(judge(WEB, change(WEB, 'kind: Ingress\nmetadata: {name: web,', 'kind: Ingress\nmetadata: {name: storefront,'))).toEqual([]);
    expect(judge(API, change(API, 'kind: HTTPRoute\nmetadata: {name: api,', 'kind: HTTPRoute\nmetadata: {name: public-api,'))).toEqual([]);
    expect(judge(WEB, WEB.slice(0, WEB.lastIndexOf('---')), { allowRemoval: ['Ingress/web'] })).toEqual([]);
  });
});

describe('entry-route-removed when the app behind it is retired on purpose', () => {
  test('the app name covers the route, whatever the Ingress is called', () => {
    const named = change(WEB, 'kind: Ingress\nmetadata: {name: web,', 'kind: Ingress\nmetadata: {name: storefront-public,');
    const gone = named.slice(0, named.lastIndexOf('---'));
    expect(judge(named, gone).map(f => f.rule)).toEqual(['entry-route-removed']);
    expect(judge(named, gone, { allowRemoval: ['web'] })).toEqual([]);
  });
});
