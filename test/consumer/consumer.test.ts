import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { validateAll } from '../support/manifests';

/**
 * The package as a user gets it: `npx projen release` builds the tarball that `publish:all`
 * uploads to npm, a fresh cdk8s
 * TypeScript app outside this repository installs it (with its peers, the cdk8s CLI, ts-node and
 * TypeScript from the npm registry), and the real `cdk8s synth` synthesizes the app and runs the
 * validation plugin from the installed package. Nothing here can reach src/ or lib/ of the
 * repository: the app lives in a temporary folder, and the repository's bin folders are removed
 * from PATH.
 *
 * The app's files are the ones `cdk8s init typescript-app` writes (package.json, tsconfig.json,
 * main.ts, cdk8s.yaml), written here because `cdk8s init` runs `cdk8s import`, which downloads
 * the Kubernetes schema from GitHub.
 *
 * A second app is the one `cdk8s init typescript-app` makes today, on cdk8s-plus-33: it adds the
 * library with the command docs/install.md gives for such apps, and uses cdk8s-plus-33 for its
 * other workloads.
 *
 * Every cdk8s command runs with the CLI's upgrade check off (CDK8S_CHECK_UPGRADE=false, as
 * docs/install.md says), and no output may hold a stack trace.
 *
 * Needs the npm registry and a few minutes: not part of `npx projen test`; CI runs it as
 * `npx projen test:consumer`.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zero-downtime-consumer-'));
const app = path.join(work, 'app');
const tarball = path.join(work, `${pkg.name}-${pkg.version}.tgz`);

jest.setTimeout(10 * 60 * 1000);
afterAll(() => {
  if (process.env.KEEP_CONSUMER_APP) {
    console.log(`consumer app kept in ${app}`);
  } else {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The environment of a user's shell: without this repository's bin folders on PATH, and without
 * what npm and projen set for their own scripts (npm_config_local_prefix would point npm at this
 * repository). Registry settings are kept.
 */
function userEnv(extra: { [key: string]: string } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_/.test(key) || ['npm_config_local_prefix', 'npm_config_call', 'npm_command', 'INIT_CWD', 'NODE_PATH', 'ZERO_DOWNTIME_PREVIOUS_REF'].includes(key)) { continue; }
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '').split(path.delimiter).filter(p => p !== '' && !isInside(path.resolve(p), ROOT)).join(path.delimiter);
  // docs/install.md: the CLI asks http://registry.npmjs.org for a newer version of itself on
  // every command otherwise, and prints a child process's stack trace when that request fails
  // (cdk8s-cli lib/cli/index.js `--check-upgrade`, read from CDK8S_* by yargs `.env('CDK8S')`;
  // lib/upgrades.js; cdk8s lib/_loadurl.mjs).
  env.CDK8S_CHECK_UPGRADE = 'false';
  return { ...env, ...extra };
}

interface Run { status: number | null; stdout: string; stderr: string; output: string }

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): Run {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) { throw r.error; }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

/** A line of a Node.js stack trace (`    at fn (file:1:2)`, `    at file:1:2`). */
const STACK_LINE = /^\s+at .*:\d+:\d+\)?$/m;

/** Runs a command that must succeed; on failure the error shows its output. */
function ok(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Run {
  const r = run(command, args, cwd, env);
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.output.slice(-6000)}`);
  }
  return r;
}

/** The fenced blocks of one language in a Markdown text. */
function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** README's section for cdk8s users: what this test follows. */
const usage = readme.split('\n## Using it in your cdk8s app\n')[1]?.split('\n## ')[0] ?? '';

/** Every document of every manifest `cdk8s synth` wrote to dist/. */
function synthesized(dir = path.join(app, 'dist')): any[] {
  return fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()
    .flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map(d => d.toJS()))
    .filter(d => d !== null && d !== undefined);
}

function write(file: string, text: string, dir = app): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

/** tsconfig.json as `cdk8s init typescript-app` writes it. */
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ['es2016'],
    module: 'CommonJS',
    noEmit: false,
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: 'ES2017',
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
}, undefined, 2) + '\n';

const PLUGIN = {
  package: `.${path.sep}node_modules${path.sep}${pkg.name}`,
  class: 'ZeroDowntimeValidation',
  version: pkg.version,
};

/** cdk8s.yaml as `cdk8s init typescript-app` writes it (less the k8s import), with the plugin when asked. */
function cdk8sYaml(properties?: { [key: string]: unknown }): string {
  const config: any = { language: 'typescript', app: 'npx ts-node main.ts' };
  if (properties) { config.validations = [{ ...PLUGIN, ...(Object.keys(properties).length > 0 ? { properties } : {}) }]; }
  return YAML.stringify(config);
}

/**
 * The app of the plugin tests: the quick start, a blue-green and a canary release, and, in the
 * `legacy` step, a Deployment written without this library. CONSUMER_STEP picks the commit.
 */
const RELEASES_TS = `import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, CanaryIngress, CanaryReplicas, Color, Probe, Router } from '${pkg.name}';

export interface ReleasesProps extends ChartProps {
  /** The blue-green flip, with a new green image in the same commit. */
  readonly flipped: boolean;
}

export class Releases extends Chart {
  constructor(scope: Construct, id: string, props: ReleasesProps) {
    super(scope, id, props);

    new BlueGreenService(this, 'checkout', {
      app: 'checkout',
      active: props.flipped ? Color.GREEN : Color.BLUE,
      blue: { image: 'ghcr.io/example/checkout:3.1.0' },
      green: { image: props.flipped ? 'ghcr.io/example/checkout:3.3.0' : 'ghcr.io/example/checkout:3.2.0' },
      replicas: 3,
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
      router: Router.ingressNginx({ host: 'checkout.example.com' }),
    });

    new CanaryIngress(this, 'storefront', {
      app: 'storefront',
      namespace: 'shop',
      router: Router.ingressNginx({ host: 'shop.example.com' }),
      stable: { image: 'ghcr.io/example/storefront:2.7.0' },
      canary: { image: 'ghcr.io/example/storefront:2.8.0' },
      weight: 10,
      replicas: 4,
      canaryReplicas: CanaryReplicas.proportional(),
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
    });
  }
}
`;

/** A Deployment written by hand, as raw Kubernetes: right in every way but the readiness probe. */
const LEGACY_TS = `import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';

export class Legacy extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const labels = { 'app.kubernetes.io/name': 'legacy' };
    new ApiObject(this, 'legacy', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels },
          spec: {
            terminationGracePeriodSeconds: 30,
            containers: [{
              name: 'legacy',
              image: 'ghcr.io/example/legacy:1.0.0',
              ports: [{ containerPort: 8080 }],
              lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } },
            }],
          },
        },
      },
    });
  }
}
`;

const MAIN_TS = `import { App } from 'cdk8s';
import { Legacy } from './legacy';
import { QuickStart } from './quick-start';
import { Releases } from './releases';

const step = process.env.CONSUMER_STEP ?? 'release';
const app = new App();
new QuickStart(app, 'quick-start');
new Releases(app, 'releases', { flipped: step === 'flip' });
if (step === 'legacy') {
  new Legacy(app, 'legacy');
}
app.synth();
`;

function synth(step: string, cwd = app): Run {
  const r = run('npx', ['--no', 'cdk8s', 'synth'], cwd, userEnv({ CONSUMER_STEP: step }));
  // With the upgrade check off, neither its banner nor its stack trace (docs/install.md); a
  // refusal of the plugin is a report, not a crash.
  expect({ stackTrace: r.output.match(STACK_LINE)?.[0] ?? null }).toEqual({ stackTrace: null });
  expect(r.output).not.toContain('of cdk8s-cli is available');
  return r;
}

describe('the packed library in a fresh cdk8s app', () => {
  test('npx projen release builds the npm tarball of package.json\'s version, which ships the library, its docs and examples, and no sources', () => {
    // The npm target only: the one every machine can build (docs/releasing.md).
    ok('npx', ['projen', 'release'], ROOT, { ...process.env, RELEASE_TARGETS: 'js' });
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.version).not.toBe('0.0.0');
    const built = path.join(ROOT, 'dist', 'js', `${pkg.name}@${pkg.version}.jsii.tgz`);
    expect(fs.existsSync(built)).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, 'dist', 'version.txt'), 'utf8')).toBe(`${pkg.version}\n`);
    expect(fs.readFileSync(path.join(ROOT, 'dist', 'releasetag.txt'), 'utf8')).toBe(`v${pkg.version}\n`);
    // The release notes are this version's section of CHANGELOG.md.
    const notes = fs.readFileSync(path.join(ROOT, 'dist', 'changelog.md'), 'utf8');
    expect(notes.split('\n')[0]).toMatch(new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}\\b`));
    expect(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(notes);
    fs.copyFileSync(built, tarball);

    const unpacked = path.join(work, 'unpacked');
    fs.mkdirSync(unpacked);
    ok('tar', ['-xzf', tarball, '-C', unpacked], work);
    const root = path.join(unpacked, 'package');
    // The version npm would publish, and the one the jsii assembly (every binding) carries.
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version).toBe(pkg.version);
    expect(JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8')).version).toBe(pkg.version);
    for (const file of ['.jsii', 'lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', 'lib/plugin/zero-downtime-validation.js',
      'node_modules/yaml/package.json', 'README.md', 'API.md', 'LICENSE', 'docs/validation-plugin.md', 'examples/quick-start.ts']) {
      expect({ file, shipped: fs.existsSync(path.join(root, file)) }).toEqual({ file, shipped: true });
    }
    for (const dir of ['src', 'test', 'bench', '.ci', 'scripts', 'dist', 'examples/tsconfig.json']) {
      expect({ dir, shipped: fs.existsSync(path.join(root, dir)) }).toEqual({ dir, shipped: false });
    }

    // Every relative link of the shipped Markdown resolves inside the package.
    const pages = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
    const broken: string[] = [];
    for (const page of pages) {
      const text = fs.readFileSync(path.join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) { continue; }
        const file = target.split('#')[0];
        if (!fs.existsSync(path.resolve(path.dirname(path.join(root, page)), file))) { broken.push(`${page}: ${target}`); }
      }
    }
    expect(broken).toEqual([]);
  });

  test('the app installs the tarball with the README\'s npm install command, peers, the cdk8s CLI and TypeScript', () => {
    fs.mkdirSync(app);
    write('package.json', JSON.stringify({
      name: 'consumer-app',
      version: '1.0.0',
      private: true,
      main: 'main.js',
      types: 'main.ts',
      license: 'Apache-2.0',
      scripts: { synth: 'cdk8s synth', compile: 'tsc --build' },
    }, undefined, 2) + '\n');
    write('tsconfig.json', TSCONFIG);

    // The README's command, with the tarball in place of the registry name.
    const [command] = blocks(usage, 'sh').map(b => b.trim()).filter(b => b.startsWith('npm install '));
    expect(command).toBeDefined();
    const specs = command.split(/\s+/).slice(2);
    expect(specs[0]).toBe(pkg.name);
    // The versions README tells users to install are the package's peer dependencies.
    const peers = Object.fromEntries(specs.slice(1).map(s => [s.slice(0, s.lastIndexOf('@')), s.slice(s.lastIndexOf('@') + 1)]));
    expect(peers).toEqual(pkg.peerDependencies);
    const tools = [`cdk8s-cli@${pkg.devDependencies['cdk8s-cli']}`, 'ts-node@^10', 'typescript@5.9.x', '@types/node@^20'];
    ok('npm', ['install', '--no-audit', '--no-fund', tarball, ...specs.slice(1), ...tools], app);

    const resolved = ok('node', ['-p', `require.resolve('${pkg.name}')`], app).stdout.trim();
    expect(isInside(resolved, path.join(app, 'node_modules', pkg.name))).toBe(true);
  });

  test('the README\'s quick start, as written, synthesizes the YAML the README shows', () => {
    const [quickStart, main] = blocks(usage, 'ts');
    write('quick-start.ts', quickStart);
    write('main.ts', main);
    write('cdk8s.yaml', cdk8sYaml());
    const r = synth('release');
    expect(r.output).not.toContain('Performing validations');
    expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
    expect(fs.readFileSync(path.join(app, 'dist', 'quick-start.k8s.yaml'), 'utf8')).toBe(blocks(readme, 'yaml')[0]);
  });

  test('cdk8s synth with the plugin passes an app of GracefulDeployment, BlueGreenService and CanaryIngress', () => {
    write('releases.ts', RELEASES_TS);
    write('legacy.ts', LEGACY_TS);
    write('main.ts', MAIN_TS);
    write('cdk8s.yaml', cdk8sYaml({}));
    const r = synth('release');
    expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
    expect(r.stdout).toContain('Performing validations');
    // The plugin was loaded from the app's node_modules.
    expect(r.stdout).toContain(`Validation Report (${path.join(fs.realpathSync(app), 'node_modules', pkg.name)}@${pkg.version})`);
    expect(r.stdout).toMatch(/Status\s*│\s*success/);
    expect(r.stdout).toContain('Validations ended succesfully');

    const docs = synthesized();
    // Nothing in the app sets kubernetesVersion: every object targets the default, 1.35 (the
    // native preStop sleep is in it), and is validated against 1.35 and the newest minor.
    expect(() => validateAll(docs, { kubernetesVersion: '1.35' })).not.toThrow();
    const kinds = new Set(docs.map(d => d.kind));
    for (const kind of ['Deployment', 'Service', 'Ingress', 'PodDisruptionBudget']) { expect(kinds).toContain(kind); }
    expect(docs.filter(d => d.kind === 'Ingress').map(d => d.metadata.name).sort()).toEqual(['checkout', 'storefront', 'storefront-canary']);
    fs.cpSync(path.join(app, 'dist'), path.join(app, 'dist-previous'), { recursive: true });
  });

  test('npx cdk8s-zero-downtime --help runs the installed command-line tool', () => {
    // As a user types it (`npx --no` would take --help as its own option).
    const r = run('npx', ['cdk8s-zero-downtime', '--help'], app);
    expect({ status: r.status, stderr: r.stderr.replace(/^npm warn .*\n/gm, '') }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Usage: cdk8s-zero-downtime COMMAND/);
  });

  test('cdk8s synth fails on a raw Deployment without a readiness probe, naming the rule, object and fix', () => {
    const r = synth('legacy');
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('readiness-probe-required (1 occurrences)');
    expect(r.output).toContain('Resource Name: legacy');
    expect(r.output).toContain('Construct Path: legacy/legacy');
    expect(r.output).toContain('Recommendation: Deployment legacy: Container legacy serves port(s) 8080 but has no readinessProbe');
    expect(r.output).toContain('How to fix: Add a readinessProbe to container legacy');
    expect(r.output).toContain('Validation failed');
    // An ordinary violation is a report, not a crash.
    expect(r.output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    // Nothing else in the app is reported.
    expect(r.output.match(/\(\d+ occurrences\)/g)).toEqual(['(1 occurrences)']);
  });

  test('with previous set, a flip onto a green that changes in the same commit passes only where the engine orders it', () => {
    write('cdk8s.yaml', cdk8sYaml({ previous: 'dist-previous' }));
    // The objects carry Argo CD sync waves (docs/engine-ordering.md): green rolls out in wave 0
    // and the Service flips in wave 2, after green is Healthy, so the plugin, which reads the
    // engine from the manifests, judges the merged commit safe.
    const r = synth('flip');
    expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
    expect(r.stdout).toMatch(/Status\s*│\s*success/);
    // Applied all at once (kubectl apply, no waves), the Service would move onto pods that are
    // still starting: the command-line tool refuses the same two folders.
    const check = run('npx', ['--no', '--', 'cdk8s-zero-downtime', 'check', '--engine', 'apply', 'dist-previous', 'dist'], app);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('error traffic-onto-unready-pods Service checkout');
  });
});

/**
 * The app `cdk8s init typescript-app` makes with the newest cdk8s-cli: cdk8s-plus-33 for its own
 * workloads. It installs the library with the command docs/install.md gives for such apps.
 */
const app33 = path.join(work, 'app-plus-33');

/** The versions `cdk8s init` writes (cdk8s-cli lib/cli/cmds/init.js, templates/typescript-app). */
const cli = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'package.json'), 'utf8'));
const INIT_DEPENDENCIES = {
  'cdk8s': `^${pkg.devDependencies.cdk8s}`,
  'cdk8s-plus-33': cli.dependencies['cdk8s-plus-33'],
  'constructs': cli.dependencies.constructs,
};

/**
 * A GracefulDeployment given the library's own value types, one of them built from a
 * cdk8s-plus-33 Secret (any object with a name is a secret reference), as a team moving from
 * cdk8s-plus-28 writes it after changing the import.
 */
const MIXED_TS = `import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { Cpu, EnvValue, GracefulDeployment, PercentOrAbsolute, Probe, ServiceType } from '${pkg.name}';

export class Mixed extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const db = kplus.Secret.fromSecretName(this, 'db', 'reports-db');
    new GracefulDeployment(this, 'reports', {
      app: 'reports',
      maxSurge: PercentOrAbsolute.absolute(1),
      service: { port: 80, type: ServiceType.CLUSTER_IP },
      containers: [{
        image: 'ghcr.io/example/reports:1.2.0',
        port: 8080,
        readiness: Probe.httpGet('/ready'),
        resources: { cpu: { request: Cpu.millis(200) } },
        env: { LEVEL: EnvValue.fromValue('info'), DB_URL: EnvValue.fromSecretValue({ secret: db, key: 'url' }) },
      }],
    });
  }
}
`;

/** The app's other workload, written with cdk8s-plus-33 as the cdk8s docs teach. */
const WORKER_TS = `import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';

export class Worker extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new kplus.Deployment(this, 'worker', {
      replicas: 2,
      containers: [{
        name: 'worker',
        image: 'ghcr.io/example/worker:1.0.0',
        portNumber: 9000,
        readiness: kplus.Probe.fromHttpGet('/ready'),
        securityContext: { user: 1000, group: 1000 },
      }],
    });
  }
}
`;

const MAIN_33_TS = `import { App } from 'cdk8s';
import { Mixed } from './mixed';
import { QuickStart } from './quick-start';
import { Releases } from './releases';
import { Worker } from './worker';

const app = new App();
new Worker(app, 'worker');
new Mixed(app, 'mixed');
new QuickStart(app, 'quick-start');
new Releases(app, 'releases', { flipped: false });
app.synth();
`;

/** docs/install.md's section for apps on cdk8s-plus-33: what this test follows. */
const install = fs.readFileSync(path.join(ROOT, 'docs', 'install.md'), 'utf8');
const plus33 = install.split('\n## In an app made by `cdk8s init` (cdk8s-plus-33)\n')[1]?.split('\n## ')[0] ?? '';

describe('the packed library in the app cdk8s init makes today, on cdk8s-plus-33', () => {
  test('the app installs the library with docs/install.md\'s command, without a peer conflict', () => {
    fs.mkdirSync(app33);
    write('package.json', JSON.stringify({
      name: 'consumer-app-plus-33',
      version: '1.0.0',
      private: true,
      main: 'main.js',
      types: 'main.ts',
      license: 'Apache-2.0',
      scripts: { synth: 'cdk8s synth', compile: 'tsc --build' },
      dependencies: INIT_DEPENDENCIES,
      devDependencies: { 'cdk8s-cli': `^${cli.version}`, '@types/node': '^20', 'typescript': '5.9.x', 'ts-node': '^10' },
    }, undefined, 2) + '\n', app33);
    write('tsconfig.json', TSCONFIG, app33);
    write('cdk8s.yaml', cdk8sYaml(), app33);
    ok('npm', ['install', '--no-audit', '--no-fund'], app33);

    // docs/install.md's command: the library and exactly the peers the app does not have yet.
    const [command] = blocks(plus33, 'sh').map(b => b.trim()).filter(b => b.startsWith('npm install '));
    expect(command).toBeDefined();
    const specs = command.split(/\s+/).slice(2);
    expect(specs[0]).toBe(pkg.name);
    const peers = Object.entries(pkg.peerDependencies as { [name: string]: string });
    const missing = Object.fromEntries(peers.filter(([name]) => !(name in INIT_DEPENDENCIES)));
    expect(Object.fromEntries(specs.slice(1).map(s => [s.slice(0, s.lastIndexOf('@')), s.slice(s.lastIndexOf('@') + 1)]))).toEqual(missing);
    const installed = ok('npm', ['install', '--no-audit', '--no-fund', tarball, ...specs.slice(1)], app33);
    expect(installed.output).not.toMatch(/ERESOLVE|peer dep|conflicting peer/i);

    // Every peer of every package satisfied (npm ls exits non-zero on a missing or invalid one),
    // and a single cdk8s and constructs: two copies would make Chart.of and instanceof fail.
    ok('npm', ['ls', '--all'], app33);
    for (const single of ['cdk8s', 'constructs']) {
      const copies = ok('npm', ['ls', single, '--all', '--parseable'], app33).stdout.trim().split('\n').filter(l => l.includes('node_modules'));
      expect({ single, copies: new Set(copies).size }).toEqual({ single, copies: 1 });
    }
    const version = (name: string) => JSON.parse(fs.readFileSync(path.join(app33, 'node_modules', name, 'package.json'), 'utf8')).version;
    expect(version('cdk8s')).toMatch(/^2\.70\.\d+$/);
    expect(version('cdk8s-plus-33')).toMatch(/^2\./);
    // The library brings no cdk8s-plus of its own (docs/install.md).
    expect(fs.existsSync(path.join(app33, 'node_modules', 'cdk8s-plus-28'))).toBe(false);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(app33, 'node_modules', pkg.name, 'package.json'), 'utf8')).peerDependencies ?? {}).filter(n => n.startsWith('cdk8s-plus'))).toEqual([]);

    // The lockfile alone reinstalls the app, as CI does.
    fs.rmSync(path.join(app33, 'node_modules'), { recursive: true });
    ok('npm', ['ci', '--no-audit', '--no-fund'], app33);
  });

  test('a cdk8s-plus-33 Deployment beside GracefulDeployment, BlueGreenService and CanaryIngress type-checks and synthesizes', () => {
    const [quickStart] = blocks(usage, 'ts');
    write('quick-start.ts', quickStart, app33);
    write('releases.ts', RELEASES_TS, app33);
    write('worker.ts', WORKER_TS, app33);
    write('mixed.ts', MIXED_TS, app33);
    write('main.ts', MAIN_33_TS, app33);
    // The compile step of the app's package.json, without writing JavaScript.
    ok('npx', ['--no', '--', 'tsc', '--noEmit', '-p', '.'], app33);

    const r = synth('release', app33);
    expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
    const docs = synthesized(path.join(app33, 'dist'));
    const names = (kind: string) => docs.filter(d => d.kind === kind).map(d => d.metadata.name).sort();
    expect(names('Deployment')).toEqual(expect.arrayContaining(['api', 'checkout-blue', 'checkout-green', 'storefront-canary', 'storefront-stable']));
    // cdk8s-plus-33's Deployment, with the readiness probe it was given.
    const worker = docs.find(d => d.kind === 'Deployment' && d.spec.template.spec.containers[0].name === 'worker');
    expect(worker?.spec.template.spec.containers[0].readinessProbe.httpGet).toMatchObject({ path: '/ready', port: 9000 });
    expect(names('Ingress')).toEqual(['checkout', 'storefront', 'storefront-canary']);
    // The library's value types, one built from a cdk8s-plus-33 Secret, reach the YAML.
    const reports = docs.find(d => d.kind === 'Deployment' && d.metadata.name === 'reports');
    expect(reports?.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(reports?.spec.template.spec.containers[0].env).toEqual([
      { name: 'LEVEL', value: 'info' },
      { name: 'DB_URL', valueFrom: { secretKeyRef: { name: 'reports-db', key: 'url' } } },
    ]);
    expect(reports?.spec.template.spec.containers[0].resources.requests.cpu).toBe('200m');
  });
});
