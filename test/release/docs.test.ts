import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CHECKOUT, label, STOREFRONT, synthFromFile, walk } from './_apps';
import { GitOpsEngine } from '../../src';
import { parseCheckArgs } from '../../src/cli/check';
import { parseGateArgs } from '../../src/cli/gate';
import { parseReleaseArgs } from '../../src/cli/release';
import { abortMove } from '../../src/release/plan';
import { parsePosition, PositionData } from '../../src/release/position-file';
import { exampleState } from '../support/flows';

/**
 * docs/release-automation.md stays true: the position files it shows are the examples', the plan
 * it tabulates is the plan the command follows, its CI workflows are YAML, and every
 * `cdk8s-zero-downtime` command line in it is accepted by the CLI's own argument parsers.
 */

const ROOT = path.join(__dirname, '..', '..');
const page = fs.readFileSync(path.join(ROOT, 'docs', 'release-automation.md'), 'utf8');

test('the position files shown are examples/releases/, and they parse', () => {
  const shown = [...page.matchAll(/<!-- position: (\S+) -->\n```json\n([\s\S]*?)```/g)];
  expect(shown.map(m => m[1])).toEqual(['examples/releases/storefront.json', 'examples/releases/checkout.json']);
  for (const [, file, body] of shown) {
    expect(body).toBe(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    expect(() => parsePosition(body, file)).not.toThrow();
  }
});

test('examples/releases/storefront.json is the documented commit canary-step, for Argo CD', () => {
  expect(synthFromFile(path.join(ROOT, 'examples', 'releases', 'storefront.json'), GitOpsEngine.ARGO_CD))
    .toEqual(exampleState('canary-step', GitOpsEngine.ARGO_CD));
});

test('the plan table is the plan release next and release abort follow', () => {
  const at = (p: PositionData, change: object) => ({ ...p, ...change } as PositionData);
  const row = (name: string, from: PositionData, move?: typeof abortMove) =>
    `| ${name} | ${walk(from, 'apply', move).map(label).join(' → ')} | ${walk(from, 'argocd', move).map(label).join(' → ')} |`;
  for (const line of [
    row('canary', STOREFRONT),
    row('blue-green', CHECKOUT),
    row('canary abort at step 2', at(STOREFRONT, { step: 2 }), abortMove),
    row('canary abort after the roll-out', at(STOREFRONT, { step: 3, phase: 'rolled' }), abortMove),
    row('blue-green abort after the retirement', at(CHECKOUT, { active: 'green', phase: 'retired' }), abortMove),
  ]) {
    expect(page).toContain(`\n${line}\n`);
  }
  // Flux merges what Argo CD merges.
  expect(walk(STOREFRONT, 'flux').map(label)).toEqual(walk(STOREFRONT, 'argocd').map(label));
});

describe('the CI workflows', () => {
  const workflows = Object.fromEntries([...page.matchAll(/<!-- workflow: (\S+) -->\n```yaml\n([\s\S]*?)```/g)].map(m => [m[1], m[2]]));

  test('GitHub Actions: a workflow on a schedule and on demand, allowed to push and open pull requests', () => {
    const w = YAML.parse(workflows.github);
    expect(Object.keys(w.on)).toEqual(['schedule', 'workflow_dispatch']);
    expect(w.permissions).toEqual({ 'contents': 'write', 'pull-requests': 'write' });
    const steps = w.jobs.next.steps;
    expect(steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(steps.map((s: any) => s.run ?? s.uses).join('\n')).toMatch(/release next[\s\S]*release abort[\s\S]*cdk8s synth[\s\S]*check --engine argocd --previous-ref "\$REV" dist\/[\s\S]*gh pr create/);
  });

  test('GitLab CI: a job on schedules and on demand that pushes a merge request', () => {
    const w = YAML.parse(workflows.gitlab);
    const job = w['release-storefront'];
    expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }, { if: '$CI_PIPELINE_SOURCE == "web"' }]);
    expect(job.variables.GIT_DEPTH).toBe(0);
    expect(job.script.join('\n')).toMatch(/release next[\s\S]*release abort[\s\S]*check --engine flux --previous-ref "\$REV" dist\/[\s\S]*merge_request\.create/);
  });
});

/** The variables the page's command lines use, with a value each. */
const VARIABLES: { [name: string]: string } = {
  POSITION: 'releases/storefront.json',
  PROMETHEUS_URL: 'https://prometheus.ci.example.com',
  REV: '0123456789abcdef0123456789abcdef01234567',
};

/** The words of a shell command line: quotes removed, variables replaced, cut at a pipe, redirection or the end of `$(...)`. */
function words(line: string): string[] {
  const command = line.slice(line.indexOf('npx cdk8s-zero-downtime')).split(/ [|>#] |\)/)[0];
  return command.trim().split(/\s+/).map(w => w.replace(/^"(.*)"$/, '$1').replace(/\$(\w+)/g, (_m, name) => {
    if (!(name in VARIABLES)) { throw new Error(`docs/release-automation.md uses $${name}, which the test gives no value: add it to VARIABLES`); }
    return VARIABLES[name];
  }));
}

const PARSERS: { [command: string]: (args: string[]) => unknown } = {
  release: parseReleaseArgs,
  check: parseCheckArgs,
  gate: parseGateArgs,
};

const lines = page.split('\n').filter(l => l.includes('npx cdk8s-zero-downtime ') && !l.startsWith('`') && !/^[-|]/.test(l.trim()));

test('the page has command lines in its workflows and shell examples', () => {
  expect(lines.length).toBeGreaterThanOrEqual(12);
});

test.each(lines.map(l => [l.trim()]))('%s is accepted by the CLI\'s argument parser', (line) => {
  const [npx, tool, command, ...args] = words(line);
  expect([npx, tool]).toEqual(['npx', 'cdk8s-zero-downtime']);
  expect(Object.keys(PARSERS)).toContain(command);
  expect(() => PARSERS[command](args)).not.toThrow();
});
