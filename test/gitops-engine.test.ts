import { App, Chart, Testing } from 'cdk8s';
import { BlueGreenService, Color, GitOpsEngine, Probe, ReleaseOrder } from '../src';
import { ENGINE_CONTEXT_KEY } from '../src/gitops-engine';

describe('ReleaseOrder', () => {
  test('chosen on the App, read by every construct below it; undefined when none was chosen', () => {
    const app = new App({ outdir: Testing.app().outdir });
    ReleaseOrder.use(app, GitOpsEngine.FLUX);
    expect(ReleaseOrder.chosen(new Chart(app, 'c'))).toBe(GitOpsEngine.FLUX);
    expect(ReleaseOrder.chosen(new Chart(new App({ outdir: Testing.app().outdir }), 'c'))).toBeUndefined();
  });

  test('after constructs were added it is refused: construct context cannot change then', () => {
    const app = new App({ outdir: Testing.app().outdir });
    new Chart(app, 'shop');
    expect(() => ReleaseOrder.use(app, GitOpsEngine.ARGO_CD)).toThrow(
      /^\(app\): ReleaseOrder\.use\(ARGO_CD\) was called after constructs were added to this scope.*Call it right after creating the App/);
  });

  test('a context value that is no engine is refused where a construct reads it, naming the value', () => {
    const app = new App({ outdir: Testing.app().outdir });
    app.node.setContext(ENGINE_CONTEXT_KEY, 'argocd');
    const chart = new Chart(app, 'shop');
    expect(() => new BlueGreenService(chart, 'checkout', {
      app: 'checkout',
      active: Color.BLUE,
      blue: { image: 'shop:1.0.0' },
      green: { image: 'shop:1.0.0' },
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
    })).toThrow(/the context "cdk8s-zero-downtime\/engine" is "argocd", which is not a GitOpsEngine\. Set it with ReleaseOrder\.use/);
  });
});
