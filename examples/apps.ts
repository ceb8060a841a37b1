import { App } from 'cdk8s';
import { Color } from '../src';
import { StorefrontGate } from './analysis-gate';
import { Checkout } from './blue-green';
import { Storefront } from './canary';
import { Distroless } from './distroless';
import { QuickStart } from './quick-start';

/**
 * Every example app, by the folder name its YAML is written to under dist/examples/.
 * The main job synthesizes each of them, and so do the tests.
 */
export const EXAMPLES: { [name: string]: (app: App) => void } = {
  'quick-start': app => new QuickStart(app, 'quick-start'),
  'distroless': app => new Distroless(app, 'distroless'),
  'blue-green': app => new Checkout(app, 'checkout', { active: Color.BLUE }),
  'blue-green-flipped': app => new Checkout(app, 'checkout', { active: Color.GREEN }),
  'canary': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 5 }),
  'canary-step': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 25 }),
  'canary-full': app => new Storefront(app, 'storefront', { stableVersion: '2.7.0', canaryVersion: '2.8.0', weight: 100 }),
  'canary-promoted': app => new Storefront(app, 'storefront', { stableVersion: '2.8.0', canaryVersion: '2.8.0', weight: 0 }),
  'analysis-gate': app => new StorefrontGate(app, 'analysis-gate'),
};
