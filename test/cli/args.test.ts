import { cliError } from './_helpers';
import { parseArgs } from '../../src/cli/args';
import { parseGateArgs } from '../../src/cli/gate';


const SPECS = { '--name': { value: 'NAME' }, '--flag': {}, '--help': { alias: '-h' } };

describe('parseArgs', () => {
  test('reads values in both spellings, flags, aliases and positionals in order', () => {
    expect(parseArgs('tool', ['a', '--name', 'x', 'b', '--flag', '-h'], SPECS)).toEqual({ options: { '--name': 'x', '--flag': true, '--help': true }, positionals: ['a', 'b'] });
    expect(parseArgs('tool', ['--name=x=y', 'a'], SPECS)).toEqual({ options: { '--name': 'x=y' }, positionals: ['a'] });
  });

  test('"--" ends the options; a lone "-" is an argument', () => {
    expect(parseArgs('tool', ['--', '--name', '-h'], SPECS)).toEqual({ options: {}, positionals: ['--name', '-h'] });
    expect(parseArgs('tool', ['--name', '-', '-'], SPECS)).toEqual({ options: { '--name': '-' }, positionals: ['-'] });
  });

  test.each([
    [['--nmae', 'x'], 'unknown option "--nmae". Run "tool --help" for its usage.'],
    [['-x'], 'unknown option "-x". Run "tool --help" for its usage.'],
    [['--name'], '--name needs a value: write --name NAME. Run "tool --help" for its usage.'],
    [['--name='], '--name needs a value: write --name NAME. Run "tool --help" for its usage.'],
    [['--name', '--flag'], '--name needs a value: write --name NAME. Run "tool --help" for its usage.'],
    [['--flag=yes'], '--flag takes no value; write --flag alone. Run "tool --help" for its usage.'],
    [['--name', 'a', '--name=b'], '--name is given more than once; give it once. Run "tool --help" for its usage.'],
    [['-h', '--help'], '--help is given more than once; give it once. Run "tool --help" for its usage.'],
  ])('%j is a usage error (2): %s', (args, message) => {
    const e = cliError(() => parseArgs('tool', args, SPECS));
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(2);
  });
});

describe('parseGateArgs', () => {
  test('reads every option, and checks and trims the Prometheus URL', () => {
    expect(parseGateArgs(['dist/', '--gate', 'shop/shop-analysis', '--prometheus', 'http://localhost:9090/', '--summary', 'out.md', '--json', 'more.yaml'])).toEqual({
      help: false,
      gate: 'shop/shop-analysis',
      prometheus: 'http://localhost:9090',
      summary: 'out.md',
      json: true,
      manifests: ['dist/', 'more.yaml'],
    });
    expect(parseGateArgs(['a.yaml'])).toEqual({ help: false, gate: undefined, prometheus: undefined, summary: undefined, json: false, manifests: ['a.yaml'] });
  });

  test('--help needs no manifests, and -h is the same', () => {
    expect(parseGateArgs(['--help']).help).toBe(true);
    expect(parseGateArgs(['-h']).help).toBe(true);
  });

  test('no manifests is a usage error that shows what to pass', () => {
    const e = cliError(() => parseGateArgs(['--json']));
    expect(e.message).toBe('no manifests given: pass the YAML files or folders that "cdk8s synth" wrote, e.g. cdk8s-zero-downtime gate dist/. Run "cdk8s-zero-downtime gate --help" for its usage.');
    expect(e.exitCode).toBe(2);
  });

  test.each([
    'localhost:9090',
    'ftp://prometheus:9090',
    'http://prometheus:9090/?x=1',
    'http://prometheus:9090/#top',
    'http://user:secret@prometheus:9090',
    'not a url',
  ])('--prometheus %s is a usage error that shows a good URL', url => {
    const e = cliError(() => parseGateArgs(['--prometheus', url, 'dist/']));
    expect(e.message).toBe(`--prometheus "${url}" is not an http(s) URL without query, fragment or credentials. Write it e.g. as --prometheus http://localhost:9090.`);
    expect(e.exitCode).toBe(2);
  });

  test('an unknown option points to the gate command\'s help', () => {
    expect(cliError(() => parseGateArgs(['--gates', 'x', 'dist/'])).message).toBe('unknown option "--gates". Run "cdk8s-zero-downtime gate --help" for its usage.');
  });
});
