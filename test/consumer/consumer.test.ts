import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { validateAll } from '../support/manifests';

/**
 * The package as a user gets it: `npx projen package` builds the tarball, a fresh cdk8s
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
 * Needs the npm registry and about a minute: not part of `npx projen test`; CI runs it as
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
  // The CLI asks the registry for a newer version of itself on every command otherwise.
  env.CDK8S_CHECK_UPGRADE = 'false';
  return { ...env, ...extra };
}

interface Run { status: number | null; stdout: string; stderr: string; output: string }

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): Run {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) { throw r.error; }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

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

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
  fs.writeFileSync(path.join(app, file), text);
}

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
const LEGACY_TS = `import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export class Legacy extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const labels = { 'app.kubernetes.io/name': 'legacy' };
    new k8s.KubeDeployment(this, 'legacy', {
      metadata: { name: 'legacy', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
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

function synth(step: string): Run {
  return run('npx', ['--no', 'cdk8s', 'synth'], app, userEnv({ CONSUMER_STEP: step }));
}

describe('the packed library in a fresh cdk8s app', () => {
  test('npx projen package builds a tarball that ships the library, its docs and examples, and no sources', () => {
    ok('npx', ['projen', 'package'], ROOT, { ...process.env });
    const built = path.join(ROOT, 'dist', 'js', `${pkg.name}@${pkg.version}.jsii.tgz`);
    expect(fs.existsSync(built)).toBe(true);
    fs.copyFileSync(built, tarball);

    const unpacked = path.join(work, 'unpacked');
    fs.mkdirSync(unpacked);
    ok('tar', ['-xzf', tarball, '-C', unpacked], work);
    const root = path.join(unpacked, 'package');
    for (const file of ['.jsii', 'lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', 'lib/plugin/zero-downtime-validation.js',
      'node_modules/yaml/package.json', 'README.md', 'API.md', 'LICENSE', 'docs/validation-plugin.md', 'examples/quick-start.ts']) {
      expect({ file, shipped: fs.existsSync(path.join(root, file)) }).toEqual({ file, shipped: true });
    }
    for (const dir of ['src', 'test', 'bench', '.ci', 'dist', 'examples/tsconfig.json']) {
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
    write('tsconfig.json', JSON.stringify({
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
    }, undefined, 2) + '\n');

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
    expect(() => validateAll(docs)).not.toThrow();
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

  test('cdk8s synth fails on a raw KubeDeployment without a readiness probe, naming the rule, object and fix', () => {
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

  test('with previous set, cdk8s synth fails a flip onto a green that changes in the same commit', () => {
    write('cdk8s.yaml', cdk8sYaml({ previous: 'dist-previous' }));
    const r = synth('flip');
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('traffic-onto-unready-pods');
    expect(r.output).toMatch(/Previous state\s*│\s*dist-previous \(\d+ object\(s\)\)/);
    // The command-line tool finds the same on the two folders.
    const check = run('npx', ['--no', '--', 'cdk8s-zero-downtime', 'check', 'dist-previous', 'dist'], app);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('error traffic-onto-unready-pods Service checkout');
  });
});
