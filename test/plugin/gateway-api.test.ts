import { App, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { EXAMPLES } from '../../examples/apps';
import { GitOpsEngine, ReleaseOrder, ZeroDowntimeValidation } from '../../src';

/**
 * The validation plugin reads HTTPRoutes and GRPCRoutes, whoever wrote them: the Gateway API
 * examples pass, and the same routes edited by hand into what a Gateway would fail on are refused.
 */
function manifests(example: string, engine?: GitOpsEngine): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine) { ReleaseOrder.use(app, engine); }
  EXAMPLES[example](app);
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

const errors = (docs: any[], previous?: any[]) =>
  ZeroDowntimeValidation.check(docs, previous).filter(f => f.severity === 'error').map(f => `${f.rule} ${f.object}`);

describe('ZeroDowntimeValidation on Gateway API routes', () => {
  test.each(['gateway-canary', 'gateway-blue-green', 'grpc-canary', 'mesh-canary'])('the %s example passes', (example) => {
    expect(errors(manifests(example))).toEqual([]);
  });

  test('a hand-edited HTTPRoute with every weight at 0 is refused', () => {
    const docs = manifests('gateway-canary');
    const route = docs.find(d => d.kind === 'HTTPRoute');
    route.spec.rules[1].backendRefs.forEach((r: any) => { r.weight = 0; });
    expect(errors(docs)).toContain('all-backends-weight-zero HTTPRoute shop/storefront');
  });

  test('a GRPCRoute to a port its Service lacks is refused; to a Service not in the manifests, warned about', () => {
    const docs = manifests('grpc-canary');
    docs.find(d => d.kind === 'GRPCRoute').spec.rules[1].backendRefs[1].port = 9090;
    expect(errors(docs)).toContain('dangling-backend GRPCRoute shop/inventory');
    docs.find(d => d.kind === 'GRPCRoute').spec.rules[1].backendRefs[1] = { name: 'inventory-canry', port: 80, weight: 10 };
    expect(ZeroDowntimeValidation.check(docs).map(f => `${f.severity} ${f.rule} ${f.object}`)).toContain('warning dangling-backend GRPCRoute shop/inventory');
  });

  test('with the previous commit, a flip onto a colour started in the same commit is refused where nothing orders it', () => {
    // Under Argo CD (the examples' default) green rolls out in wave 0 and the route moves in
    // wave 2, once it is healthy: the plugin judges the commit as the engine applies it.
    expect(errors(manifests('gateway-blue-green-flipped'), manifests('gateway-blue-green-idle'))).toEqual([]);
    expect(errors(manifests('gateway-blue-green-flipped', GitOpsEngine.APPLY), manifests('gateway-blue-green-idle', GitOpsEngine.APPLY))).toContain('traffic-onto-unready-pods HTTPRoute shop/checkout');
  });
});
