import * as fs from 'fs';
import * as path from 'path';
import { buffers } from './_helpers';
import { CHECK_USAGE } from '../../src/cli/check';
import { COMMANDS, runCli, usage } from '../../src/cli/cli';
import { CliError, Command, EXIT, EXIT_CODES } from '../../src/cli/common';
import { GATE_USAGE } from '../../src/cli/gate';
import { RELEASE_USAGE } from '../../src/cli/release';


describe('the dispatcher', () => {
  test('--help and -h print the usage, listing every command, on stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const io = buffers();
      expect(await runCli([flag], io)).toBe(0);
      expect(io.stdout).toBe(usage());
      expect(io.stderr).toBe('');
    }
    expect(usage()).toContain('\n  gate         run the analysis gate of synthesized manifests against Prometheus\n');
    expect(usage()).toContain('\n  check        check that applying one committed state over another keeps traffic flowing\n');
    expect(usage()).toContain('\n  flux-layout  write one folder and one Flux Kustomization per release stage\n');
    expect(usage()).toContain('\n  release      move a release\'s position file to the next safe commit (status, next, abort)\n');
  });

  test('no command prints the usage on stderr and exits 2 (bad input)', async () => {
    const io = buffers();
    expect(await runCli([], io)).toBe(2);
    expect(io.stderr).toBe(usage());
    expect(io.stdout).toBe('');
  });

  test.each([
    [['lint'], 'cdk8s-zero-downtime: unknown command "lint"; the commands are check, flux-layout, gate, release. Run "cdk8s-zero-downtime --help" for usage.\n'],
    [['toString'], 'cdk8s-zero-downtime: unknown command "toString"; the commands are check, flux-layout, gate, release. Run "cdk8s-zero-downtime --help" for usage.\n'],
    [['--version'], 'cdk8s-zero-downtime: unknown option "--version"; the commands are check, flux-layout, gate, release. Run "cdk8s-zero-downtime --help" for usage.\n'],
  ])('%j is a usage error (2)', async (argv, message) => {
    const io = buffers();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.stderr).toBe(message);
  });

  test('gate --help prints the gate\'s usage with its exit codes', async () => {
    const io = buffers();
    expect(await runCli(['gate', '--help'], io)).toBe(0);
    expect(io.stdout).toBe(GATE_USAGE);
    for (const code of ['0    pass: every criterion passed', '1    fail: a criterion failed', '2    bad input: unknown option', '3    inconclusive: too few requests', '4    unavailable: Prometheus could not be queried', '70   internal error']) {
      expect(GATE_USAGE).toContain(`\n  ${code}`);
    }
  });

  test('a command\'s CliError is one line on stderr, prefixed with the command, and its exit code', async () => {
    const io = buffers();
    expect(await runCli(['gate', '--gate'], io)).toBe(2);
    expect(io.stderr).toBe('cdk8s-zero-downtime gate: --gate needs a value: write --gate NAME. Run "cdk8s-zero-downtime gate --help" for its usage.\n');
    expect(io.stdout).toBe('');
  });

  test('a command is one entry; anything but a CliError is an internal error (70), without a stack trace', async () => {
    const check: Command = {
      summary: 'check the manifests',
      run: async args => {
        if (args[0] === 'usage') { throw new CliError('bad input'); }
        if (args[0] === 'bug') { throw new TypeError('x is undefined\n    at somewhere (file.js:1:1)'); }
        return 5;
      },
    };
    const commands = { ...COMMANDS, check };
    expect(usage(commands)).toContain('\n  gate         run the analysis gate');
    expect(usage(commands)).toContain('\n  check        check the manifests\n');
    expect(await runCli(['check'], buffers(), commands)).toBe(5);
    const io = buffers();
    expect(await runCli(['check', 'usage'], io, commands)).toBe(2);
    expect(io.stderr).toBe('cdk8s-zero-downtime check: bad input\n');
    const bug = buffers();
    expect(await runCli(['check', 'bug'], bug, commands)).toBe(70);
    expect(bug.stderr).toBe('cdk8s-zero-downtime check: internal error: x is undefined. This is a bug in cdk8s-zero-downtime; please report it with the command line.\n');
  });
});

describe('one exit-code scheme for every command', () => {
  test('the codes are 0 pass, 1 fail, 2 bad input, 3 inconclusive, 4 unavailable, 70 internal error', () => {
    expect(EXIT_CODES.map(c => `${c.code} ${c.name}`)).toEqual(['0 pass', '1 fail', '2 bad input', '3 inconclusive', '4 unavailable', '70 internal error']);
    expect(Object.values(EXIT).sort((a, b) => a - b)).toEqual(EXIT_CODES.map(c => c.code));
  });

  test('each command\'s --help lists its codes under the scheme\'s names, and the tool\'s usage the whole scheme', () => {
    for (const help of [CHECK_USAGE, GATE_USAGE, RELEASE_USAGE]) {
      const listed = help.slice(help.indexOf('\nExit codes:\n')).split('\n').filter(l => /^ {2}\d/.test(l));
      expect(listed.length).toBeGreaterThanOrEqual(4);
      for (const line of listed) {
        const [, code, name] = /^ {2}(\d+) +([^:]+):/.exec(line)!;
        expect(EXIT_CODES.find(c => c.code === Number(code))?.name).toBe(name);
      }
    }
    expect(usage().replace(/\s+/g, ' ')).toContain('Exit codes, the same for every command: 0 pass, 1 fail, 2 bad input, 3 inconclusive, 4 unavailable, 70 internal error.');
  });

  test.each([
    [['check', 'missing-a', 'missing-b']],
    [['gate', 'missing-a']],
    [['check', '--nope', 'a', 'b']],
    [['gate', '--nope', 'a']],
    [['release', 'next', 'missing-a']],
    [['release', '--nope', 'next', 'a']],
  ])('%j: bad input is exit 2 for every command, one line, no stack trace', async argv => {
    const io = buffers();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.stderr).toMatch(new RegExp(`^cdk8s-zero-downtime ${argv[0]}: .*(missing-[ab]|--nope)[^\n]*\n$`));
    expect(io.stdout).toBe('');
  });
});

test('docs/cli.md lists the exit-code scheme as the code has it', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
  const table = ['| code | name | meaning |', '| --- | --- | --- |', ...EXIT_CODES.map(c => `| ${c.code} | ${c.name} | ${c.meaning} |`)].join('\n');
  expect(page).toContain(`\n${table}\n`);
});

test('docs/cli.md shows every --help output verbatim', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
  expect(page).toContain('```\n$ npx cdk8s-zero-downtime --help\n' + usage() + '```\n');
  expect(page).toContain('```\n$ npx cdk8s-zero-downtime gate --help\n' + GATE_USAGE + '```\n');
  expect(page).toContain('```\n$ npx cdk8s-zero-downtime check --help\n' + CHECK_USAGE + '```\n');
  expect(page).toContain('```\n$ npx cdk8s-zero-downtime release --help\n' + RELEASE_USAGE + '```\n');
});
