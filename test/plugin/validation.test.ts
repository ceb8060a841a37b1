import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { Validation, ValidationContext } from 'cdk8s-cli/plugins';
import * as YAML from 'yaml';
import { container, deployment, ingress, service } from './_objects';
import { EXAMPLES } from '../../examples/apps';
import { ZeroDowntimeValidation, ZeroDowntimeValidationProps } from '../../src';
import { NEXT_ONLY_RULES } from '../../src/check/rules';

/**
 * The plugin as the cdk8s CLI runs it: cdk8s-cli's own ValidationContext and report, on manifest
 * files. test/consumer/ runs it through the real `cdk8s synth`.
 */

// Compile-time: the class satisfies the CLI's plugin contract.
const asPlugin: Validation = new ZeroDowntimeValidation();
void asPlugin;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zero-downtime-plugin-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
// A developer's own setting would change which previous state the plugin reads.
beforeEach(() => { delete process.env.ZERO_DOWNTIME_PREVIOUS_REF; });
// What the plugin prints through the CLI's logger (console.log), kept out of the test output.
const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
beforeEach(() => logged.mockClear());
afterAll(() => logged.mockRestore());

let folders = 0;
/** Writes manifests as cdk8s synth would (one file), in a fresh folder; returns the file. */
function write(objects: any[], dir = path.join(tmp, `out-${++folders}`)): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'app.k8s.yaml');
  fs.writeFileSync(file, objects.map(o => YAML.stringify(o)).join('---\n'));
  return file;
}

async function run(files: string[], props?: ZeroDowntimeValidationProps | any, stdout = false) {
  const context = new ValidationContext(files, 'cdk8s-zero-downtime', '0.0.0', { api: { path: 'app/api/Resource' } }, stdout);
  await new ZeroDowntimeValidation(props).validate(context);
  return { success: context.report.success, json: context.report.toJson(), text: context.report.toString() };
}

function withoutProbe(): any {
  const c = container('api');
  delete c.readinessProbe;
  return deployment('api', { containers: [c] });
}

test('a raw Deployment without a readiness probe fails the report with the rule, the resource, where and the fix', async () => {
  const file = write([withoutProbe()]);
  const { success, json, text } = await run([file]);
  expect(success).toBe(false);
  expect(json.summary.status).toBe('failure');
  expect(json.violations).toHaveLength(1);
  const [v] = json.violations;
  expect(v.ruleName).toBe('readiness-probe-required');
  expect(v.recommendation).toMatch(/^Deployment api: Container api serves port\(s\) 8080 but has no readinessProbe/);
  expect(v.fix).toContain('Add a readinessProbe to container api');
  expect(v.violatingConstructs).toEqual([{
    resourceName: 'api',
    constructPath: 'app/api/Resource',
    manifestPath: file,
    locations: ['spec.template.spec.containers[0] (api).readinessProbe'],
  }]);
  expect(json.summary.metadata).toMatchObject({ 'Objects checked': '1 in 1 manifest file(s)', 'Errors': '1', 'Warnings': '0' });
  expect(text).toContain('readiness-probe-required (1 occurrences)');
  expect(text).toContain('How to fix: Add a readinessProbe');
});

test('every example app synthesized by cdk8s passes', async () => {
  for (const [name, build] of Object.entries(EXAMPLES)) {
    const outdir = path.join(tmp, 'examples', name);
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    build(app);
    app.synth();
    const files = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).map(f => path.join(outdir, f));
    const { json } = await run(files);
    expect({ name, violations: json.violations }).toEqual({ name, violations: [] });
    expect(json.summary.status).toBe('success');
  }
});

describe('settings', () => {
  test.each([
    [{ previousref: 'origin/main' }, 'Unknown property "previousref"', 'previousRef'],
    [{ failOnWarnings: 'yes' }, 'Property "failOnWarnings" of the ZeroDowntimeValidation plugin is "yes", not a boolean', 'true or false'],
    [{ ignoreRules: 'rolling-update-unsafe' }, 'not a list of rule identifiers', 'YAML list'],
    [{ ignoreRules: ['readiness-probe'] }, 'ignoreRules names unknown rule(s): readiness-probe', 'readiness-probe-required'],
    [['previousRef'], 'not a mapping', 'YAML mapping'],
  ])('%j is a failed report saying what to write, not an exception', async (props, message, fix) => {
    const { success, json } = await run([write([deployment('api')])], props);
    expect(success).toBe(false);
    expect(json.violations).toHaveLength(1);
    expect(json.violations[0].ruleName).toBe('plugin-configuration');
    expect(json.violations[0].recommendation).toContain(message);
    expect(json.violations[0].fix).toContain(fix);
    expect(json.violations[0].violatingConstructs[0].manifestPath).toBe('cdk8s.yaml');
  });

  test('ignoreRules turns a rule off; the annotation exempts one object', async () => {
    const file = write([withoutProbe()]);
    expect((await run([file], { ignoreRules: ['readiness-probe-required'] })).success).toBe(true);
    const exempt = withoutProbe();
    exempt.metadata.annotations = { 'cdk8s-zero-downtime/ignore-rules': 'prestop-hook-required, readiness-probe-required' };
    const other = withoutProbe();
    other.metadata.name = 'other';
    other.spec.selector.matchLabels = { app: 'other' };
    other.spec.template.metadata.labels = { app: 'other' };
    const { json } = await run([write([exempt, other])]);
    expect(json.violations.map(v => v.violatingConstructs[0].resourceName)).toEqual(['other']);
  });

  test('warnings are listed but pass, unless failOnWarnings', async () => {
    const file = write([ingress('web', 'elsewhere')]);
    const lenient = await run([file]);
    expect(lenient.success).toBe(true);
    expect(lenient.json.violations.map(v => v.ruleName)).toEqual(['dangling-backend (warning)']);
    expect((await run([file], { failOnWarnings: true })).success).toBe(false);
  });

  test('a manifest that is not YAML is a failed report naming the file', async () => {
    const dir = path.join(tmp, 'broken');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'app.k8s.yaml');
    fs.writeFileSync(file, 'kind: [unclosed\n');
    const { success, json } = await run([file]);
    expect(success).toBe(false);
    expect(json.violations[0].ruleName).toBe('unreadable-manifests');
    expect(json.violations[0].recommendation).toContain(`${file}:`);
  });
});

describe('previousRef in the layouts cdk8s init leaves: real Git repositories', () => {
  const after = deployment('api');
  after.spec.selector.matchLabels.track = 'stable';
  after.spec.template.metadata.labels.track = 'stable';
  let repos = 0;
  /** A fresh repository with a cdk8s app's files; returns it and a git runner. */
  function repository(gitignore: string) {
    const repo = path.join(tmp, `layout-${++repos}`);
    fs.mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=test@example.com', '-c', 'user.name=Test', ...args], { encoding: 'utf8' });
    git('init', '--quiet');
    fs.writeFileSync(path.join(repo, '.gitignore'), gitignore);
    fs.writeFileSync(path.join(repo, 'main.ts'), '// the app\n');
    return { repo, git };
  }

  test('dist/ ignored by Git (the .gitignore cdk8s init writes): a failed report that says why and how to fix it, not a pass against nothing', async () => {
    const { repo, git } = repository('*.js\nnode_modules\ndist/\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'app');
    const file = write([after], path.join(repo, 'dist'));
    const { success, json } = await run([file], { previousRef: 'HEAD', repository: repo });
    expect(success).toBe(false);
    expect(json.violations.map(v => v.ruleName)).toEqual(['previous-state']);
    const [v] = json.violations;
    expect(v.recommendation).toMatch(/^HEAD:dist: dist is ignored by Git \(\.gitignore:3:dist\/\), so no commit holds the manifests written there/);
    expect(v.fix).toMatch(/remove the pattern from the ignore file and commit dist/);
    expect(v.violatingConstructs[0]).toMatchObject({ manifestPath: 'cdk8s.yaml', locations: ['validations[class=ZeroDowntimeValidation].properties.previousRef'] });
    expect(json.summary.metadata?.['Previous state']).toBe('none: dist is ignored by Git, so HEAD holds no manifests to compare with');
  });

  test('a repository with no commit yet: compared with an empty state, with a warning, and the fix is to commit', async () => {
    const { repo } = repository('node_modules\n');
    const file = write([after], path.join(repo, 'dist'));
    const { success, json } = await run([file], { previousRef: 'origin/main', repository: repo });
    expect(success).toBe(true);
    expect(json.violations.map(v => v.ruleName)).toEqual(['previous-state (warning)']);
    expect(json.violations[0].recommendation).toMatch(/has no commit yet, so origin\/main holds no manifests: compared with an empty state/);
    expect(json.violations[0].fix).toMatch(/^Commit the synthesized manifests \(dist\)/);
    expect(json.summary.metadata?.['Previous state']).toBe('origin/main:dist (no manifests: compared with an empty state)');
  });

  test('no commit yet and dist/ ignored: the ignore file is the problem', async () => {
    const { repo } = repository('dist/\n');
    const file = write([after], path.join(repo, 'dist'));
    const { success, json } = await run([file], { previousRef: 'HEAD', repository: repo });
    expect(success).toBe(false);
    expect(json.violations[0].recommendation).toContain('dist is ignored by Git (.gitignore:1:dist/)');
  });

  test('not a Git repository at all', async () => {
    const dir = path.join(tmp, 'not-a-repo');
    const file = write([after], path.join(dir, 'dist'));
    // Git must not find a repository above the temporary folder (git(1), GIT_CEILING_DIRECTORIES).
    process.env.GIT_CEILING_DIRECTORIES = tmp;
    try {
      const { success, json } = await run([file], { previousRef: 'HEAD', repository: dir });
      expect(success).toBe(false);
      expect(json.violations[0].ruleName).toBe('previous-state');
      expect(json.violations[0].recommendation).toContain(`${dir} is not inside a Git repository`);
      expect(json.violations[0].violatingConstructs[0].locations).toEqual(['validations[class=ZeroDowntimeValidation].properties.repository']);
    } finally {
      delete process.env.GIT_CEILING_DIRECTORIES;
    }
  });
});

describe('construct paths of objects that share a name', () => {
  test('a finding on Service shop/orders never carries the path of Ingress shop/orders', async () => {
    // A Service that selects no pod (a warning) next to an Ingress of the same name.
    const svc = service('orders', { app: 'nothing-runs-this' }, 'shop');
    const ing = ingress('orders', 'orders');
    ing.metadata.namespace = 'shop';
    const file = write([svc, ing, deployment('api')]);
    const context = new ValidationContext([file], 'cdk8s-zero-downtime', '0.0.0', {
      // What construct-metadata.json holds: one path per metadata.name, the last object written.
      orders: { path: 'orders/orders/MainIngress' },
      api: { path: 'app/api/Resource' },
    }, false);
    await new ZeroDowntimeValidation().validate(context);
    const json = context.report.toJson();
    const onService = json.violations.filter(v => v.recommendation.startsWith('Service shop/orders:'));
    expect(onService.map(v => v.ruleName)).toEqual(['service-selects-nothing (warning)']);
    expect(onService[0].violatingConstructs).toEqual([{
      resourceName: 'Service shop/orders',
      constructPath: undefined,
      manifestPath: file,
      locations: ['Service shop/orders'],
    }]);
  });

  test('a name only one object has keeps the CLI\'s construct path', async () => {
    const file = write([withoutProbe()]);
    const context = new ValidationContext([file], 'cdk8s-zero-downtime', '0.0.0', { api: { path: 'app/api/Resource' } }, false);
    await new ZeroDowntimeValidation().validate(context);
    expect(context.report.toJson().violations[0].violatingConstructs[0]).toMatchObject({ resourceName: 'api', constructPath: 'app/api/Resource' });
  });
});

describe('the previous state', () => {
  const before = deployment('api');
  const after = deployment('api');
  after.spec.selector.matchLabels.track = 'stable';
  after.spec.template.metadata.labels.track = 'stable';

  test('previous: a folder of earlier manifests adds the transition rules', async () => {
    const previous = path.dirname(write([before]));
    const file = write([after]);
    const { success, json } = await run([file], { previous });
    expect(success).toBe(false);
    expect(json.violations.map(v => v.ruleName)).toEqual(['immutable-selector']);
    expect(json.violations[0].violatingConstructs[0].manifestPath).toBe(file);
    expect(json.summary.metadata?.['Previous state']).toBe(`${previous} (1 object(s))`);
    // Without it, the same manifests pass: the selector is fine on its own.
    expect((await run([file])).success).toBe(true);
  });

  test('previous cannot be the output folder, which cdk8s synth has just rewritten', async () => {
    const file = write([after]);
    const { json } = await run([file], { previous: path.dirname(file) });
    expect(json.violations[0].ruleName).toBe('plugin-configuration');
    expect(json.violations[0].recommendation).toContain('holds the manifests this synthesis just wrote');
    expect(json.violations[0].fix).toContain('cp -r dist dist-previous');
  });

  test('an empty previous folder is a warning that says it compared with nothing', async () => {
    const empty = path.join(tmp, 'empty-previous');
    fs.mkdirSync(empty);
    const { success, json } = await run([write([after])], { previous: empty });
    expect(success).toBe(true);
    expect(json.violations.map(v => v.ruleName)).toEqual(['previous-state (warning)']);
    expect(json.violations[0].recommendation).toBe(`${empty}: ${empty} holds no Kubernetes manifests: compared with an empty state, every object of the new manifests counts as new.`);
    expect(json.summary.metadata?.['Previous state']).toBe(`${empty} (no manifests: compared with an empty state)`);
  });

  test('a previous folder that does not exist is reported', async () => {
    const { json } = await run([write([after])], { previous: path.join(tmp, 'nowhere') });
    expect(json.violations[0].recommendation).toContain('does not exist');
  });

  describe('previousRef: the manifests committed at a Git ref', () => {
    const repo = path.join(tmp, 'repo');
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=test@example.com', '-c', 'user.name=Test', ...args], { encoding: 'utf8' });
    let file: string;
    beforeAll(() => {
      fs.mkdirSync(repo);
      git('init', '--quiet');
      file = write([before], path.join(repo, 'dist'));
      git('add', '.');
      git('commit', '--quiet', '-m', 'api');
      write([after], path.join(repo, 'dist'));
    });
    afterEach(() => { delete process.env.ZERO_DOWNTIME_PREVIOUS_REF; });

    test('the folder cdk8s wrote is read at the ref; the report names the commit', async () => {
      const { json } = await run([file], { previousRef: 'HEAD', repository: repo });
      expect(json.violations.map(v => v.ruleName)).toEqual(['immutable-selector']);
      const sha = git('rev-parse', '--short', 'HEAD').trim();
      expect(json.summary.metadata?.['Previous state']).toBe(`HEAD:dist at ${sha} (1 object(s))`);
    });

    test('ZERO_DOWNTIME_PREVIOUS_REF replaces the property; a ref that does not exist says to fetch it', async () => {
      process.env.ZERO_DOWNTIME_PREVIOUS_REF = 'no-such-branch';
      const { success, json } = await run([file], { previousRef: 'HEAD', repository: repo });
      expect(success).toBe(false);
      const [v] = json.violations;
      expect(v.ruleName).toBe('previous-state');
      expect(v.recommendation).toMatch(/ZERO_DOWNTIME_PREVIOUS_REF names "no-such-branch", which is no branch, tag or commit/);
      expect(v.fix).toContain('git fetch origin main');
      expect(v.violatingConstructs[0].locations).toEqual(['environment variable ZERO_DOWNTIME_PREVIOUS_REF']);
      expect(json.summary.metadata?.['Previous state']).toBe('none: no-such-branch cannot be read');
    });

    test('a path absent at the ref is an empty previous state, reported as a warning that says so', async () => {
      const { success, json } = await run([file], { previousRef: 'HEAD', repository: repo, previousPath: 'manifests' });
      expect(success).toBe(true);
      expect(json.violations.map(v => v.ruleName)).toEqual(['previous-state (warning)']);
      expect(json.violations[0].recommendation).toMatch(/^HEAD:manifests: HEAD \([0-9a-f]+\) holds no manifests at manifests: compared with an empty state\.$/);
      expect(json.violations[0].fix).toContain('set previousPath to the folder the manifests are committed in');
      expect(json.violations[0].violatingConstructs[0].locations).toEqual(['validations[class=ZeroDowntimeValidation].properties.previousPath']);
      expect(json.summary.metadata?.['Previous state']).toMatch(/^HEAD:manifests at [0-9a-f]+ \(no manifests: compared with an empty state\)$/);
      expect((await run([file], { previousRef: 'HEAD', repository: repo, previousPath: 'manifests', ignoreRules: ['previous-state'] })).json.violations).toEqual([]);
    });

    test('with --stdout the manifests are in a temporary folder: previousPath is needed', async () => {
      const { json } = await run([write([after])], { previousRef: 'HEAD', repository: repo }, true);
      expect(json.violations[0].ruleName).toBe('plugin-configuration');
      expect(json.violations[0].fix).toContain('Set previousPath');
    });

    test('with no previous state configured, a printed warning says how to configure one', async () => {
      {
        const { success, json } = await run([file]);
        expect(success).toBe(true);
        expect(json.summary.metadata?.['Previous state']).toBe('none: no transition check (set previousRef or previous)');
        expect(logged.mock.calls.map(c => String(c[0]))).toEqual([
          expect.stringMatching(/^cdk8s-zero-downtime: no previous state is configured, so only the rules on the new manifests ran, not the transition rules .* Set previousRef: origin\/main .* in cdk8s\.yaml/),
        ]);
      }
      logged.mockClear();
      await run([file], { previousRef: 'HEAD', repository: repo });
      expect(logged).not.toHaveBeenCalled();
    });

    test('previous and a ref together are ambiguous', async () => {
      const { json } = await run([file], { previousRef: 'HEAD', previous: path.join(repo, 'dist') });
      expect(json.violations[0].recommendation).toContain('The previous state is given twice');
    });
  });
});

test('docs/validation-plugin.md lists the transition rules the plugin runs on one state, as the registry marks them', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'validation-plugin.md'), 'utf8');
  const marker = '<!-- next-only rules: generated from src/check/rules/index.ts NEXT_ONLY_RULES; test/plugin/validation.test.ts compares -->';
  const table = page.slice(page.indexOf(marker) + marker.length).trim().split('\n\n')[0];
  const rows = NEXT_ONLY_RULES.map(r => `| \`${r.id}\` | ${r.severities.join(', or ')} | ${r.summary} |`);
  expect(page).toContain(marker);
  expect(table).toBe(['| rule | severity | reported when |', '| --- | --- | --- |', ...rows].join('\n'));
});
