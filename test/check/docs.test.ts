import * as fs from 'fs';
import * as path from 'path';
import { API, change, objects, WEB } from './_yaml';
import { TransitionCheck } from '../../src';
import { checkState, NEXT_ONLY_RULES, RULES } from '../../src/check/rules';

/**
 * docs/transition-checker.md lists every rule of the registry, no more, each with an example
 * that really triggers it: the list cannot drift from the code.
 */
const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'transition-checker.md'), 'utf8');
const RULES_PART = DOC.slice(DOC.indexOf('\n## Rules\n'), DOC.indexOf('\n## What the checker does not see'));

interface DocumentedRule {
  readonly id: string;
  readonly severity: string;
  readonly previous?: string;
  readonly next?: string;
}

function documented(): DocumentedRule[] {
  const sections = RULES_PART.split(/^### /m).slice(1);
  return sections.map(section => {
    const heading = /^`([a-z0-9-]+)` \(([^)]*)\)/.exec(section);
    if (!heading) { throw new Error(`a rule heading must read ### \`rule-id\` (severity): ${section.split('\n')[0]}`); }
    const blocks = [...section.matchAll(/```yaml\n([^]*?)```/g)].map(m => m[1]);
    return {
      id: heading[1],
      severity: heading[2],
      previous: blocks.find(b => b.startsWith('# PREVIOUS\n')),
      next: blocks.find(b => b.startsWith('# NEXT\n')),
    };
  });
}

describe('docs/transition-checker.md and the rule registry', () => {
  test('the same rules, in the same order', () => {
    expect(documented().map(d => d.id)).toEqual(RULES.map(r => r.id));
  });

  test('the summary table lists every rule with the summary its file gives', () => {
    const table = [...RULES_PART.matchAll(/^\| \[`([a-z0-9-]+)`\]\(#[a-z0-9-]+\) \| [^|]+ \| (.*) \|$/gm)].map(m => `${m[1]}: ${m[2]}`);
    expect(table).toEqual(RULES.map(r => `${r.id}: ${r.summary}`));
  });

  test.each(documented().map(d => [d.id, d] as const))('%s: its severities and its example', (id, d) => {
    const rule = RULES.find(r => r.id === id)!;
    for (const severity of rule.severities) { expect(d.severity).toContain(severity); }
    expect(d.previous).toBeDefined();
    expect(d.next).toBeDefined();
    const findings = TransitionCheck.between(objects(d.previous!), objects(d.next!));
    expect(findings.map(f => f.rule)).toContain(id);
  });
});

describe('the registry', () => {
  test('ids are unique kebab-case, and every rule says why', () => {
    expect(new Set(RULES.map(r => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.reason.length).toBeGreaterThan(10);
    }
  });

  test('each rule is in its own file named by its id, and has its own test file', () => {
    for (const r of RULES) {
      expect(fs.existsSync(path.join(__dirname, '..', '..', 'src', 'check', 'rules', `${r.id}.ts`))).toBe(true);
      expect(fs.existsSync(path.join(__dirname, 'rules', `${r.id}.test.ts`))).toBe(true);
    }
    // And no file there that is not a rule (a renamed rule leaves nothing behind).
    const ids = new Set(RULES.map(r => r.id));
    const tests = fs.readdirSync(path.join(__dirname, 'rules')).map(f => f.replace(/\.test\.ts$/, ''));
    expect(tests.filter(t => !ids.has(t))).toEqual([]);
  });

  test('the NEXT-only rules run on one state, as the validation plugin needs', () => {
    expect(NEXT_ONLY_RULES.map(r => r.id)).toEqual(expect.arrayContaining(['dangling-backend', 'overlapping-selectors', 'pdb-blocks-drain', 'all-backends-weight-zero']));
    expect(checkState(objects(WEB))).toEqual([]);
    const zero = change(change(API, 'api-v1, port: 80, weight: 90', 'api-v1, port: 80, weight: 0'), 'api-v2, port: 80, weight: 10', 'api-v2, port: 80, weight: 0');
    expect(checkState(objects(zero)).map(f => f.rule)).toEqual(['all-backends-weight-zero']);
  });
});
