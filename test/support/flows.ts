import { App, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { EXAMPLES } from '../../examples/apps';
import { GitOpsEngine, ReleaseOrder } from '../../src';

/** Every release flow the docs describe, as the examples (examples/apps.ts) of its commits, in order. */
export const FLOWS: { [flow: string]: string[] } = {
  'blue-green release, flip and retire': ['blue-green-idle', 'blue-green', 'blue-green-flipped', 'blue-green-retired'],
  'blue-green rollback': ['blue-green-flipped', 'blue-green'],
  'canary steps, promotion in two commits, then the scale-down': ['canary-start', 'canary', 'canary-step', 'canary-sized', 'canary-full', 'canary-stable-rolled', 'canary-promoted', 'canary-done'],
  'canary abort, then the scale-down': ['canary-step', 'canary-aborted', 'canary-start'],
  'Gateway API blue-green release, flip and retire': ['gateway-blue-green-idle', 'gateway-blue-green', 'gateway-blue-green-flipped', 'gateway-blue-green-retired'],
  'Gateway API blue-green rollback': ['gateway-blue-green-flipped', 'gateway-blue-green'],
  'canary through Gateway API: steps, promotion in two commits, then the scale-down': ['gateway-canary-start', 'gateway-canary', 'gateway-canary-step', 'gateway-canary-sized', 'gateway-canary-full', 'gateway-canary-stable-rolled', 'gateway-canary-promoted', 'gateway-canary-done'],
  'gRPC canary through a GRPCRoute, and back': ['grpc-canary-start', 'grpc-canary', 'grpc-canary-start'],
  'mesh canary (GAMMA), and back': ['mesh-canary-start', 'mesh-canary', 'mesh-canary-start'],
};

/** The objects an example synthesizes, ordered for an engine when one is given. */
export function exampleState(name: string, engine?: GitOpsEngine): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  if (engine !== undefined) { ReleaseOrder.use(app, engine); }
  EXAMPLES[name](app);
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}
