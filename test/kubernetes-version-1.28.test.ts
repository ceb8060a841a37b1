import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { EXAMPLES } from '../examples/apps';

// Every GracefulDeployment of the examples that leaves `kubernetesVersion` out gets 1.28 here, as
// if its user had written `kubernetesVersion: KubernetesVersion.V1_28` (the prop and the default
// are read by the same line, `o.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION`).
jest.mock('../src/kubernetes-version', () => ({
  ...jest.requireActual('../src/kubernetes-version'),
  DEFAULT_KUBERNETES_VERSION: '1.28',
}));

/**
 * The YAML under test/kubernetes-version/1.28/ was synthesized once, by the code *before* the
 * default target moved from 1.28 to 1.35 (main at f2c832f), with 1.28 as the target. A team that
 * pins an older cluster must get byte-identical manifests from a newer library, or its next sync
 * rolls every pod for nothing. So these files are never regenerated to make a change of defaults
 * pass: a diff here means an older target's output changed. Only a commit that deliberately
 * changes the output of every target (and says so in CHANGELOG.md) may rewrite them, in the same
 * commit as the docs' YAML.
 */
const FIXTURES = path.join(__dirname, 'kubernetes-version', '1.28');

describe('an explicit 1.28 target synthesizes exactly what it did before the default moved to 1.35', () => {
  test('every example has its fixture', () => {
    expect(fs.readdirSync(FIXTURES).map(f => f.replace(/\.yaml$/, '')).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  test.each(Object.keys(EXAMPLES))('%s', (name) => {
    const app = new App({ outdir: Testing.app().outdir });
    EXAMPLES[name](app);
    expect(app.synthYaml()).toBe(fs.readFileSync(path.join(FIXTURES, `${name}.yaml`), 'utf8'));
  });
});
