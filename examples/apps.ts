import { App } from 'cdk8s';
import { Color } from '../src';
import { Checkout } from './blue-green';
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
};
