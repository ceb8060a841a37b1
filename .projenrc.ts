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
  // users may have (the peer dependency ^2.70.106), and the one the tests build with: jsii warns
  // when the dev dependency is above the peer floor, since the floor would then be untested.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.4.2',
  jsiiVersion: '~6.0.0',
  // No cdk8s-plus: the few value types the props take (EnvValue, PercentOrAbsolute, ServiceType,
  // ContainerResources, Cpu, HttpIngressPathType) are the library's own (src/core/), so an app on
  // cdk8s-plus-33 installs no second, stale cdk8s-plus (docs/install.md).
  // projen would pin every peer's lowest version as the dev dependency; cdk8s is pinned to the
  // newest 2.70.x instead (devDeps), which is what a new `cdk8s init` app gets today.
  peerDependencyOptions: { pinnedDevDependency: false },
  // Bundled, because jsii accepts only jsii modules as plain dependencies:
  // - kubernetes-types: Kubernetes 1.30 API types (declarations only) for every object the
  //   library emits, so a misspelled field is a compile error; the internal .d.ts files refer
  //   to them;
  // - yaml, js-yaml: the cdk8s-zero-downtime command-line tool and the validation plugin read
  //   synthesized manifests at run time; js-yaml reads plain manifests several times faster,
  //   yaml reads the rest and words every error (src/check/state.ts says which is used when).
  bundledDeps: ['kubernetes-types@1.30.0', 'yaml@^2', 'js-yaml@^4'],
  devDeps: [
    // The peers, as the tests build with them: cdk8s at the newest 2.70.x (2.70.106, December
    // 2026), the others at the lowest version of their peer range.
    'cdk8s@2.70.106',
    'constructs@10.4.2',
    // Not a dependency of the library: the benchmark's cdk8s-plus baseline (bench/plus.ts) and
    // the tests that check the value types mean what cdk8s-plus's mean. The version cdk8s-cli
    // 2.207.60 depends on, and `cdk8s init` writes into new apps.
    'cdk8s-plus-33@2.5.57',
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
    '@types/js-yaml@^4',
    'squawk-cli@2.61.0', // SqlLint.squawk()'s tests; the newest version whose five platform binaries are all on npm
  ],

  // No GitHub workflows or release machinery: CI is .ci/run.
  github: false,
  release: false,

  // jsii bindings for cdk8s apps written in other languages, with the names they are published
  // under (docs/releasing.md). `npx projen release` builds them, `npx projen publish` uploads
  // them with publib; nothing is published from this repository's machines.
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
    // publib-golang commits the generated Go module to this repository and tags it
    // (cdk8szerodowntime/v0.1.0): a repository of its own, as cdk8s does with cdk8s-core-go and
    // cdk8s-plus-go, so release commits never land on this repository's main branch. The
    // module is github.com/cdk8s-zero-downtime/cdk8s-zero-downtime-go/cdk8szerodowntime.
    moduleName: 'github.com/cdk8s-zero-downtime/cdk8s-zero-downtime-go',
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

// The version users install. Pre-1.0: a minor release may still change the API. To release,
// change it here and add its section to CHANGELOG.md (docs/releasing.md).
project.package.addVersion('0.1.0');

// The command-line tool (src/cli/): `npx cdk8s-zero-downtime gate dist/` in CI. Not part of the
// jsii API: nothing in src/index.ts exports it.
project.addBins({ 'cdk8s-zero-downtime': 'lib/cli/main.js' });

// projen adds a manual `test:update` (jest --updateSnapshot) next to the test task. The suite
// asserts explicitly and has no snapshots; a snapshot update is never part of a task here.
project.tasks.removeTask('test:update');

// Work trees that share one install link node_modules instead of holding a folder: the
// generated `node_modules/` pattern matches only a folder, so ignore the link too.
project.gitignore.addPatterns('/node_modules');

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
project.npmignore?.exclude('/bench/', '/.ci/', '/scripts/', '/dist/examples/', '/examples/tsconfig.json');

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

// Releasing (docs/releasing.md). projen's own release machinery writes GitHub workflows, and this
// project has none (github: false): tasks instead, which any CI runs. `release` builds the
// artifact of every jsii target into dist/ with jsii-pacmak, in the layout publib reads, and
// checks that each carries package.json's version. `publish:all` is the one command of a
// release: it checks every registry's credentials first (a missing secret stops it before a long
// build and before anything is uploaded), runs `release`, then uploads with publib's commands.
// RELEASE_TARGETS (js,python,java,dotnet,go by default) picks the targets. No task is called
// `publish`: npm would run it as a lifecycle script of `npm publish`.
const release = project.addTask('release', {
  description: 'Build the versioned artifact of every jsii target into dist/ (RELEASE_TARGETS=js,python,... to pick; each needs its toolchain, see docs/releasing.md)',
});
release.exec('scripts/release.sh prepare');
release.spawn(project.compileTask);
release.exec('scripts/release.sh build');
// publib, pinned; the per-registry task names are those projen's release workflows use.
const publib = 'publib@0.2.1061';
const publishAll = project.addTask('publish:all', {
  description: 'Check the credentials, run release, and upload every selected target with publib (see docs/releasing.md)',
});
publishAll.exec('scripts/release.sh credentials');
publishAll.spawn(release);
const publishers: { [target: string]: [string, string] } = {
  js: ['npm', 'publib-npm'],
  python: ['pypi', 'publib-pypi'],
  java: ['maven', 'publib-maven'],
  dotnet: ['nuget', 'publib-nuget'],
  go: ['golang', 'publib-golang'],
};
for (const [target, [registry, command]] of Object.entries(publishers)) {
  const task = project.addTask(`publish:${registry}`, {
    description: `Upload dist/${target}/ with ${command} (credentials from env vars, see docs/releasing.md)`,
    // Maven Central's publisher since July 2025 (the old OSSRH endpoint is shut down).
    env: target === 'java' ? { MAVEN_SERVER_ID: '$(echo ${MAVEN_SERVER_ID:-central-ossrh})' } : undefined,
    exec: `npx --yes -p ${publib} ${command}`,
  });
  publishAll.spawn(task, { condition: `scripts/release.sh selected ${target}` });
}

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
  description: 'Benchmark synthesis against hand-written raw and cdk8s-plus-33 equivalents (prints ratios)',
  exec: 'ts-node --transpile-only --project bench/tsconfig.json bench/run.ts',
  receiveArgs: true,
});

project.synth();
