import { App, YamlOutputType } from 'cdk8s';
import { Color } from '../src';
import { StorefrontGate } from './analysis-gate';
import { Checkout } from './blue-green';
import { Storefront } from './canary';
import { Distroless } from './distroless';
import { GatewayCheckout } from './gateway-blue-green';
import { GatewayStorefront } from './gateway-canary';
import { Inventory } from './grpc-canary';
import { Pricing } from './mesh-canary';
import { CheckoutMigrations } from './migration-flux';
import { RouterMigration, StorefrontMigration } from './migration-gateway';
import { CustomerRename } from './migration-rename';
import { PaymentsApi } from './payments-api';
import { QuickStart } from './quick-start';
import { MigrationPhase } from '../src/migration/schema-migration';

/**
 * Every example app, by the folder name its YAML is written to under dist/examples/.
 * The main job synthesizes each of them, and so do the tests.
 */
export const EXAMPLES: { [name: string]: (app: App) => void } = {
  'quick-start': app => new QuickStart(app, 'quick-start'),
  'distroless': app => new Distroless(app, 'distroless'),
  'payments-api': app => new PaymentsApi(app, 'payments-api'),
  // A blue-green release, commit by commit: idle colour at the live version, release to it,
  // flip, retire the old colour.
  'blue-green-idle': app => new Checkout(app, 'checkout', { active: Color.BLUE, greenVersion: '3.1.0' }),
  'blue-green': app => new Checkout(app, 'checkout', { active: Color.BLUE }),
  'blue-green-flipped': app => new Checkout(app, 'checkout', { active: Color.GREEN }),
  'blue-green-retired': app => new Checkout(app, 'checkout', { active: Color.GREEN, blueReplicas: 0 }),
  // A canary release, commit by commit: start, steps (a step that needs more canary pods is
  // sized first), stable rolled out to the new version under full canary weight, then promoted
  // (traffic back to stable with the release's capacity kept), then scaled down. Or aborted.
  'canary-start': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 0 }),
  'canary': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 5 }),
  'canary-step': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 25 }),
  'canary-sized': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 25, sizeForWeight: 100 }),
  'canary-full': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 100 }),
  'canary-stable-rolled': app => new Storefront(app, 'storefront', { stableVersion: '2.8.0', canaryVersion: '2.8.0', weight: 100 }),
  'canary-promoted': app => new Storefront(app, 'storefront', { stableVersion: '2.8.0', canaryVersion: '2.8.0', weight: 0, sizeForWeight: 100 }),
  'canary-done': app => new Storefront(app, 'storefront', { stableVersion: '2.8.0', canaryVersion: '2.8.0', weight: 0 }),
  'canary-aborted': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 0, sizeForWeight: 25 }),
  // The same releases through Gateway API: an HTTPRoute attached to the shared Gateway. A step
  // changes the route's two weight lines; a flip its backendRef.
  'gateway-blue-green-idle': app => new GatewayCheckout(app, 'checkout', { active: Color.BLUE, greenVersion: '3.1.0' }),
  'gateway-blue-green': app => new GatewayCheckout(app, 'checkout', { active: Color.BLUE }),
  'gateway-blue-green-flipped': app => new GatewayCheckout(app, 'checkout', { active: Color.GREEN }),
  'gateway-blue-green-retired': app => new GatewayCheckout(app, 'checkout', { active: Color.GREEN, blueReplicas: 0 }),
  'gateway-canary-start': app => new GatewayStorefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 0 }),
  'gateway-canary': app => new GatewayStorefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 5 }),
  'gateway-canary-step': app => new GatewayStorefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 25 }),
  'gateway-canary-sized': app => new GatewayStorefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 25, sizeForWeight: 100 }),
  'gateway-canary-full': app => new GatewayStorefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 100 }),
  'gateway-canary-stable-rolled': app => new GatewayStorefront(app, 'storefront', { stableVersion: '2.8.0', canaryVersion: '2.8.0', weight: 100 }),
  'gateway-canary-promoted': app => new GatewayStorefront(app, 'storefront', { stableVersion: '2.8.0', canaryVersion: '2.8.0', weight: 0, sizeForWeight: 100 }),
  'gateway-canary-done': app => new GatewayStorefront(app, 'storefront', { stableVersion: '2.8.0', canaryVersion: '2.8.0', weight: 0 }),
  // A gRPC service through a GRPCRoute, and an internal service split by the mesh (GAMMA).
  'grpc-canary-start': app => new Inventory(app, 'inventory', { canaryVersion: '5.1.0', weight: 0 }),
  'grpc-canary': app => new Inventory(app, 'inventory', { canaryVersion: '5.1.0', weight: 10 }),
  'mesh-canary-start': app => new Pricing(app, 'pricing', { canaryVersion: '1.5.0', weight: 0 }),
  'mesh-canary': app => new Pricing(app, 'pricing', { canaryVersion: '1.5.0', weight: 10 }),
  // The storefront canary moved from ingress-nginx to Gateway API between releases: the route
  // added beside the Ingresses, then (once DNS points at the Gateway) the Ingresses removed.
  'migrate-ingress-nginx': app => new StorefrontMigration(app, 'storefront', { router: RouterMigration.INGRESS_NGINX }),
  'migrate-both': app => new StorefrontMigration(app, 'storefront', { router: RouterMigration.BOTH }),
  'migrate-gateway-api': app => new StorefrontMigration(app, 'storefront', { router: RouterMigration.GATEWAY_API }),
  'analysis-gate': app => new StorefrontGate(app, 'analysis-gate'),
  'analysis-gate-full': app => new StorefrontGate(app, 'analysis-gate', { weight: 100 }),
  // A column rename tied to a blue-green release, commit by commit: expand, release to the
  // idle colour, flip, retire the old colour, contract.
  'migration-start': app => new CustomerRename(app, 'checkout', { active: Color.BLUE, greenVersion: '3.1.0' }),
  'migration-expand': app => new CustomerRename(app, 'checkout', { active: Color.BLUE, greenVersion: '3.1.0', migration: MigrationPhase.EXPAND }),
  'migration-release': app => new CustomerRename(app, 'checkout', { active: Color.BLUE, greenVersion: '3.2.0', migration: MigrationPhase.EXPAND }),
  'migration-flip': app => new CustomerRename(app, 'checkout', { active: Color.GREEN, greenVersion: '3.2.0', migration: MigrationPhase.EXPAND }),
  'migration-retire': app => new CustomerRename(app, 'checkout', { active: Color.GREEN, greenVersion: '3.2.0', blueReplicas: 0, migration: MigrationPhase.EXPAND }),
  'migration-contract': app => new CustomerRename(app, 'checkout', { active: Color.GREEN, greenVersion: '3.2.0', blueReplicas: 0, migration: MigrationPhase.CONTRACT }),
  // The same release for Flux: the migration in a chart (and folder) of its own.
  'migration-flux': app => {
    const checkout = new CustomerRename(app, 'checkout', { active: Color.BLUE, greenVersion: '3.2.0' });
    new CheckoutMigrations(app, 'checkout-migrations', { release: checkout.checkout, migration: MigrationPhase.EXPAND });
  },
  // A repository with one chart per service in one App, written as LAYOUTS says: a folder per
  // chart and a file per object, the layout whose synthesis stays linear in the number of charts
  // (docs/performance.md).
  'one-app-many-charts': app => {
    new Checkout(app, 'checkout', { active: Color.BLUE });
    new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 5 });
    new Inventory(app, 'inventory', { canaryVersion: '5.1.0', weight: 10 });
  },
};

/**
 * The cdk8s output layout of the examples that do not use the default one file per chart:
 * `FOLDER_PER_CHART_FILE_PER_RESOURCE` validates the App once instead of once per chart.
 */
export const LAYOUTS: { readonly [name: string]: YamlOutputType } = {
  'one-app-many-charts': YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
};
