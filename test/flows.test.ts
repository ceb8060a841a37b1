import { App, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { EXAMPLES } from '../examples/apps';
import { FindingSeverity, TransitionCheck } from '../src';

/**
 * Every release flow the docs describe is a series of commits, and each commit must pass the
 * transition checker: zero downtime is a property of the change between two committed states.
 * The skipped-step variants a hurried pull request would make are refused, with the rule named.
 */

function state(name: string): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  EXAMPLES[name](app);
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

const errors = (from: string, to: string) =>
  TransitionCheck.between(state(from), state(to)).filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);

const FLOWS: { [flow: string]: string[] } = {
  'blue-green release, flip and retire': ['blue-green-idle', 'blue-green', 'blue-green-flipped', 'blue-green-retired'],
  'blue-green rollback': ['blue-green-flipped', 'blue-green'],
  'canary steps and promotion in two commits': ['canary-start', 'canary', 'canary-step', 'canary-sized', 'canary-full', 'canary-stable-rolled', 'canary-promoted'],
  'canary abort': ['canary-step', 'canary-start'],
};

describe.each(Object.entries(FLOWS))('%s', (_flow, commits) => {
  test.each(commits.slice(1).map((to, i) => [commits[i], to]))('%s -> %s passes the transition checker', (from, to) => {
    expect(errors(from, to)).toEqual([]);
  });
});

describe('skipped steps are refused with the rule that says what to commit first', () => {
  test('a canary step and the scale-up it needs in one commit', () => {
    expect(errors('canary-step', 'canary-full')).toEqual(['traffic-onto-unready-pods Ingress shop/storefront-canary']);
  });

  test('a promotion in one commit: stable rolls out while traffic returns to it', () => {
    expect(errors('canary-full', 'canary-promoted')).toEqual(['traffic-back-onto-changing-pods Ingress shop/storefront-canary']);
  });

  test('a flip onto a colour whose image changes in the same commit', () => {
    expect(errors('blue-green-idle', 'blue-green-flipped')).toContain('traffic-onto-unready-pods Service checkout');
  });

  test('a flip and the retirement of the old colour in one commit', () => {
    expect(errors('blue-green', 'blue-green-retired').length).toBeGreaterThan(0);
  });
});
