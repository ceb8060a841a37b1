import * as fs from 'fs';
import * as path from 'path';
import { buffers } from './_helpers';
import { CHECK_USAGE } from '../../src/cli/check';
import { COMMANDS, runCli, usage } from '../../src/cli/cli';
import { CliError, Command } from '../../src/cli/common';
import { GATE_USAGE } from '../../src/cli/gate';


describe('the dispatcher', () => {
  test('--help and -h print the usage, listing every command, on stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const io = buffers();
      expect(await runCli([flag], io)).toBe(0);
      expect(io.stdout).toBe(usage());
      expect(io.stderr).toBe('');
    }
    expect(usage()).toContain('\n  gate   run the analysis gate of synthesized manifests against Prometheus\n');
    expect(usage()).toContain('\n  check  check that applying one committed state over another keeps traffic flowing\n');
  });

  test('no command prints the usage on stderr and exits 64', async () => {
    const io = buffers();
    expect(await runCli([], io)).toBe(64);
    expect(io.stderr).toBe(usage());
    expect(io.stdout).toBe('');
  });

  test.each([
    [['lint'], 'cdk8s-zero-downtime: unknown command "lint"; the commands are check, gate. Run "cdk8s-zero-downtime --help" for usage.\n'],
    [['toString'], 'cdk8s-zero-downtime: unknown command "toString"; the commands are check, gate. Run "cdk8s-zero-downtime --help" for usage.\n'],
    [['--version'], 'cdk8s-zero-downtime: unknown option "--version"; the commands are check, gate. Run "cdk8s-zero-downtime --help" for usage.\n'],
  ])('%j is a usage error (64)', async (argv, message) => {
    const io = buffers();
    expect(await runCli(argv, io)).toBe(64);
    expect(io.stderr).toBe(message);
  });

  test('gate --help prints the gate\'s usage with its exit codes', async () => {
    const io = buffers();
    expect(await runCli(['gate', '--help'], io)).toBe(0);
    expect(io.stdout).toBe(GATE_USAGE);
    for (const code of ['0    pass', '1    fail', '2    inconclusive', '3    Prometheus could not be queried', '64   usage or input error']) {
      expect(GATE_USAGE).toContain(`\n  ${code}`);
    }
  });

  test('a command\'s CliError is one line on stderr, prefixed with the command, and its exit code', async () => {
    const io = buffers();
    expect(await runCli(['gate', '--gate'], io)).toBe(64);
    expect(io.stderr).toBe('cdk8s-zero-downtime gate: --gate needs a value: write --gate NAME. Run "cdk8s-zero-downtime gate --help" for its usage.\n');
    expect(io.stdout).toBe('');
  });

  test('a command is one entry; anything but a CliError is an internal error (70), without a stack trace', async () => {
    const check: Command = {
      summary: 'check the manifests',
      run: async args => {
        if (args[0] === 'usage') { throw new CliError('bad input', 64); }
        if (args[0] === 'bug') { throw new TypeError('x is undefined\n    at somewhere (file.js:1:1)'); }
        return 5;
      },
    };
    const commands = { ...COMMANDS, check };
    expect(usage(commands)).toContain('\n  gate   run the analysis gate');
    expect(usage(commands)).toContain('\n  check  check the manifests\n');
    expect(await runCli(['check'], buffers(), commands)).toBe(5);
    const io = buffers();
    expect(await runCli(['check', 'usage'], io, commands)).toBe(64);
    expect(io.stderr).toBe('cdk8s-zero-downtime check: bad input\n');
    const bug = buffers();
    expect(await runCli(['check', 'bug'], bug, commands)).toBe(70);
    expect(bug.stderr).toBe('cdk8s-zero-downtime check: internal error: x is undefined. This is a bug in cdk8s-zero-downtime; please report it with the command line.\n');
  });
});

test('docs/cli.md shows both --help outputs verbatim', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
  expect(page).toContain('```\n$ npx cdk8s-zero-downtime --help\n' + usage() + '```\n');
  expect(page).toContain('```\n$ npx cdk8s-zero-downtime gate --help\n' + GATE_USAGE + '```\n');
  expect(page).toContain('```\n$ npx cdk8s-zero-downtime check --help\n' + CHECK_USAGE + '```\n');
});
