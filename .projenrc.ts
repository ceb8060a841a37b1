import { cdk8s, javascript, JsonFile } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-zero-downtime',
  description: 'cdk8s constructs that make zero-downtime releases the default: graceful rollouts, blue-green, canary and analysis gates, with Git as the control plane.',
  author: 'cdk8s-zero-downtime maintainers',
  authorAddress: 'maintainers@users.noreply.b-seed-71069fce.example',
  repositoryUrl: 'https://github.com/cdk8s-zero-downtime/cdk8s-zero-downtime.git',
  keywords: ['cdk8s', 'kubernetes', 'zero-downtime', 'blue-green', 'canary', 'gitops'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // projen defaults to cdk8s v1: pin the v2 line explicitly. cdk8sVersion is the lowest cdk8s
  // users may have (the peer dependency ^2.70.0); the tests build with the newest 2.70.x (below).
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.2',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // projen would pin every peer's lowest version as the dev dependency; cdk8s is pinned to the
  // newest 2.70.x instead (devDeps), which is what a new `cdk8s init` app gets today.
  peerDependencyOptions: { pinnedDevDependency: false },
  // Bundled, because jsii accepts only jsii modules as plain dependencies:
  // - kubernetes-types: Kubernetes 1.30 API types (declarations only) for every object the
  //   library emits, so a misspelled field is a compile error; the internal .d.ts files refer
  //   to them;
  // - yaml: the cdk8s-zero-downtime command-line tool reads synthesized manifests at run time.
  bundledDeps: ['kubernetes-types@1.30.0', 'yaml@^2'],
  devDeps: [
    // The peers, as the tests build with them: cdk8s at the newest 2.70.x (2.70.106, December
    // 2026), the others at the lowest version of their peer range.
    'cdk8s@2.70.106',
    'constructs@10.4.2',
    'cdk8s-plus-28@2.5.6',
    // The cdk8s CLI whose validation-plugin contract src/plugin/ implements: its types check the
    // plugin at compile time (test/plugin/), and the consumer test installs the same version.
    'cdk8s-cli@2.207.60',
    // Types only, for src/core/kube.ts (AnalysisTemplate, PrometheusRule). The tests validate
    // against the upstream CRDs in ../shared instead (test/support/schema/).
    '@kubernetes-models/argo-rollouts@^0.3.2',
    '@kubernetes-models/prometheus-operator@^4.4.2',
    // Evaluates the CRDs' x-kubernetes-validations CEL rules in test/support/schema/cel.ts.
    '@bufbuild/cel@^0.6.1',
    'fast-check@^4',
    'squawk-cli@2.61.0', // SqlLint.squawk()'s tests; the newest version whose five platform binaries are all on npm
  ],

  // No GitHub workflows or release machinery: CI is .ci/run.
  github: false,
  release: false,

  // jsii bindings for cdk8s apps written in other languages. Nothing is published from here;
  // CI generates the Python sources (.ci/run), which needs no toolchain or registry but npm's.
  publishToPypi: {
    distName: 'cdk8s-zero-downtime',
    module: 'cdk8s_zero_downtime',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdk8s_zero_downtime',
    mavenGroupId: 'io.github.cdk8s-zero-downtime',
    mavenArtifactId: 'cdk8s-zero-downtime',
  },
  publishToNuget: {
    dotNetNamespace: 'Cdk8sZeroDowntime',
    packageId: 'Cdk8sZeroDowntime',
  },
  publishToGo: {
    // Under the repository: github.com/cdk8s-zero-downtime/cdk8s-zero-downtime/cdk8szerodowntime.
    moduleName: 'github.com/cdk8s-zero-downtime/cdk8s-zero-downtime',
    packageName: 'cdk8szerodowntime',
  },

  // A changed manifest must fail the tests, never rewrite its own expectation.
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // test/consumer/ installs the packed library from the registry into a fresh cdk8s app:
      // it needs the network and a minute, so it runs as its own task (test:consumer) in CI.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer/'],
    },
  },
  // Lint must report, not rewrite, in CI.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc'],
    commandOptions: { fix: false },
  },
});

// The command-line tool (src/cli/): `npx cdk8s-zero-downtime gate dist/` in CI. Not part of the
// jsii API: nothing in src/index.ts exports it.
project.addBins({ 'cdk8s-zero-downtime': 'lib/cli/main.js' });

// projen adds a manual `test:update` (jest --updateSnapshot) next to the test task. The suite
// asserts explicitly and has no snapshots; a snapshot update is never part of a task here.
project.tasks.removeTask('test:update');

// The registry reachable from CI lacks the non-linux unrs-resolver bindings of 1.13.x, which
// leaves the lockfile incomplete and makes `npm ci` fail.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// jsii 6 prints a long banner on Node 20; the library itself runs on Node 20 and later.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// examples/ holds real cdk8s apps: type-checked and linted with their own tsconfig (jsii compiles
// only src/), synthesized by the main job and by the tests.
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts', '../src/**/*.ts'],
  },
});
new JsonFile(project, 'bench/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts', '../src/**/*.ts'],
  },
});
// docs/ and examples/ ship: the README in the package links to them. examples/tsconfig.json
// extends the repository's tsconfig.json, which does not ship.
project.npmignore?.exclude('/bench/', '/.ci/', '/dist/examples/', '/examples/tsconfig.json');

// `npx projen package` must work from a fresh clone: jsii-pacmak reads the .jsii file that only
// compile writes. Outside CI projen would build every language (package-all), which needs
// Python, Maven, .NET and Go toolchains and their registries; the npm tarball is what this
// command is for, and package-all stays for machines that have those toolchains.
project.packageTask.reset();
project.packageTask.spawn(project.compileTask);
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

// The Python sources of the jsii bindings, without building a wheel (that needs PyPI).
project.addTask('bindings:python', {
  description: 'Generate the Python binding sources (no wheel) under dist/python-src',
  exec: 'jsii-pacmak --code-only --targets python --outdir dist/python-src',
});

// The published package, as a user installs it: packed, installed from the tarball into a
// fresh cdk8s TypeScript app, synthesized with the real cdk8s CLI and its validation plugin.
project.addTask('test:consumer', {
  description: 'Install the packed library into a fresh cdk8s app and synthesize it with the cdk8s CLI (needs the npm registry)',
  exec: 'jest test/consumer --ci --coverage=false --testPathIgnorePatterns=/node_modules/',
});

const typecheck = project.addTask('examples:typecheck', {
  description: 'Type-check the example apps',
  exec: 'tsc --noEmit -p examples/tsconfig.json',
});
project.testTask.prependSpawn(typecheck);
// ts-jest reports no type errors in test files: check them as the compiler would.
project.testTask.prependSpawn(project.addTask('test:typecheck', {
  description: 'Type-check the tests',
  exec: 'tsc --noEmit -p test/tsconfig.json',
}));
// The gate Job runs the gate program's compiled JavaScript, read from lib/ when synthesizing
// from the sources: compile before anything synthesizes, so the Job runs the code under test.
project.testTask.prependSpawn(project.compileTask);

const synthExamples = project.addTask('synth:examples', {
  description: 'Synthesize every app in examples/ to YAML under dist/examples/',
  exec: 'ts-node --project examples/tsconfig.json examples/synth.ts',
});
synthExamples.prependSpawn(project.compileTask);

project.addTask('bench', {
  description: 'Benchmark synthesis against hand-written raw and cdk8s-plus-28 equivalents (prints ratios)',
  exec: 'ts-node --transpile-only --project bench/tsconfig.json bench/run.ts',
  receiveArgs: true,
});

project.synth();
