import { API, CHECKOUT, judge, WEB } from '../_yaml';

describe('app-removed', () => {
  test('a whole app gone from NEXT', () => {
    const found = judge(`${WEB}---\n${API}`, API).filter(f => f.rule === 'app-removed');
    expect(found.map(f => f.object)).toEqual(['Deployment storefront/web']);
    expect(found[0].message).toMatch(/Deployment storefront\/web \(3 pod\(s\)\) is not in the new state, nor any Service that served it/);
    expect(found[0].fix).toMatch(/--allow-removal web \(TransitionCheck option allowRemoval; the app name covers its Services and routes too\)/);
  });

  test('allowed by app, by name or by *', () => {
    for (const allowRemoval of [['web'], ['Deployment/web', 'Ingress/web', 'Service/web'], ['*']]) {
      expect(judge(`${WEB}---\n${API}`, API, { allowRemoval })).toEqual([]);
    }
  });

  test('the same app name in another namespace does not keep it going; each app removed at once is reported', () => {
    // The app goes on only in a workload of its own namespace (issue #24 indexes NEXT's apps by namespace and name).
    const elsewhere = WEB.split('namespace: storefront').join('namespace: staging').split('shop.example.org').join('staging.example.org');
    const moved = judge(`${WEB}---\n${API}`, `${elsewhere}---\n${API}`).filter(f => f.rule === 'app-removed');
    expect(moved.map(f => f.object)).toEqual(['Deployment storefront/web']);
    // Several apps gone in one commit: each is judged on its own, with the Services that served it.
    const copies = [1, 2, 3].map(i => WEB.split('web').join(`web${i}`).split('shop.example.org').join(`shop${i}.example.org`));
    const gone = judge([...copies, API].join('---\n'), `${copies[1]}---\n${API}`).filter(f => f.rule === 'app-removed');
    expect(gone.map(f => f.object)).toEqual(['Deployment storefront/web1', 'Deployment storefront/web3']);
    expect(gone[1].message).toMatch(/Deployment storefront\/web3 \(3 pod\(s\)\) is not in the new state, nor any Service that served it/);
  });

  test('safe: the old colour retired while the app goes on (no preview Service), with app or other labels', () => {
    for (const labels of [CHECKOUT, CHECKOUT.split('svc: checkout').join('app: checkout')]) {
      const flipped = labels.slice(0, labels.lastIndexOf('---')).replace('slot: blue}\n  ports', 'slot: green}\n  ports');
      const retired = flipped.slice(flipped.indexOf('---\n') + 4);
      expect(judge(flipped, retired)).toEqual([]);
    }
  });
});
