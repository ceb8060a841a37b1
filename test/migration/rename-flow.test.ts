import { App, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { documentedRefusal } from './_docs';
import { EXAMPLES } from '../../examples/apps';
import { CustomerRename } from '../../examples/migration-rename';
import { Color, FindingSeverity, GitOpsEngine, MigrationPhase, TransitionCheck } from '../../src';

/**
 * The column rename of docs/schema-migrations.md as the commits a team makes: each one passes
 * the transition checker, and the shortcuts a hurried pull request would take are refused,
 * at synth time when the YAML alone shows it, by the checker when it takes the previous commit.
 */

function state(build: (app: App) => void): any[] {
  const app = new App({ outdir: Testing.app().outdir });
  build(app);
  return YAML.parseAllDocuments(app.synthYaml()).map(d => d.toJS());
}

const errors = (from: any[], to: any[], engine?: GitOpsEngine) =>
  TransitionCheck.between(from, to, { engine }).filter(f => f.severity === FindingSeverity.ERROR).map(f => `${f.rule} ${f.object}`);

const COMMITS = ['migration-start', 'migration-expand', 'migration-release', 'migration-flip', 'migration-retire', 'migration-contract'];

describe('a column rename: expand, release, flip, retire, contract', () => {
  test.each(COMMITS.slice(1).map((to, i) => [COMMITS[i], to]))('%s -> %s passes the transition checker', (from, to) => {
    expect(errors(state(EXAMPLES[from]), state(EXAMPLES[to]))).toEqual([]);
  });

  test('the expand Job keeps its name from the expand to the retire: it runs once', () => {
    const jobs = COMMITS.slice(1, 5).map(name => state(EXAMPLES[name]).filter(d => d.kind === 'Job').map(d => d.metadata.name));
    expect(new Set(jobs.map(j => j.join()))).toEqual(new Set([jobs[0].join()]));
    expect(jobs[0]).toEqual([expect.stringMatching(/^checkout-expand-8-[0-9a-f]{10}$/)]);
  });

  test('the Flux layout of the release passes too, with the migration in a chart of its own', () => {
    expect(errors(state(EXAMPLES['migration-start']), state(EXAMPLES['migration-flux']))).toEqual([]);
  });
});

describe('contracting early', () => {
  const build = (props: { active: Color; greenVersion: string; blueReplicas?: number }) => () =>
    state(app => new CustomerRename(app, 'checkout', { ...props, migration: MigrationPhase.CONTRACT }));

  test('right after the release is refused at synth time, naming the version that still reads the old schema', () => {
    expect(build({ active: Color.BLUE, greenVersion: '3.2.0' })).toThrow(
      /^checkout\/rename-customer-name: invalid 'phase' \(received MigrationPhase\.CONTRACT removing schema 7 while blue runs ghcr\.io\/example\/checkout:3\.1\.0\): version 3\.1\.0 still reads schema 7, and blue runs it \(3 pods\)/);
  });

  test('after the flip, with blue still warm for a rollback, is refused at synth time', () => {
    expect(build({ active: Color.GREEN, greenVersion: '3.2.0' })).toThrow(/version 3\.1\.0 still reads schema 7, and blue runs it \(3 pods\).*Fix: retire blue first/);
  });

  test('in the same commit as the retire passes synth (blue has no pods in that YAML) and is refused by the checker under every engine', () => {
    const retiredAndContracted = build({ active: Color.GREEN, greenVersion: '3.2.0', blueReplicas: 0 })();
    const contractJob = expect.stringMatching(/^contract-while-old-version-runs Job shop\/checkout-contract-9-[0-9a-f]{10}$/);
    // Argo CD applies the contract (wave 4) after blue's scale-down (wave 3), but a Deployment is
    // healthy while its old pods still terminate (status.replicas counts no terminating pod), so
    // the Job starts while they drain.
    expect(errors(state(EXAMPLES['migration-flip']), retiredAndContracted, GitOpsEngine.ARGO_CD)).toEqual([contractJob]);
    // Applied at once, the Job runs while blue's pods still serve.
    expect(errors(state(EXAMPLES['migration-flip']), retiredAndContracted, GitOpsEngine.APPLY)).toEqual([
      expect.stringMatching(/^contract-while-old-version-runs Job shop\/checkout-contract-9-[0-9a-f]{10}$/),
    ]);
  });
});

describe('docs/schema-migrations.md shows the refusals as they are', () => {
  test('the synth-time refusal of a contract after the flip', () => {
    let message = '';
    try {
      state(app => new CustomerRename(app, 'checkout', { active: Color.GREEN, greenVersion: '3.2.0', migration: MigrationPhase.CONTRACT }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(documentedRefusal('contract-after-flip')).toBe(message);
  });

  test('the checker\'s finding for a contract in the same commit as the retire', () => {
    const next = state(app => new CustomerRename(app, 'checkout', { active: Color.GREEN, greenVersion: '3.2.0', blueReplicas: 0, migration: MigrationPhase.CONTRACT }));
    const findings = TransitionCheck.between(state(EXAMPLES['migration-flip']), next, { engine: GitOpsEngine.APPLY }).filter(f => f.rule === 'contract-while-old-version-runs');
    expect(documentedRefusal('contract-with-retire')).toBe(findings.map(TransitionCheck.format).join('\n'));
  });
});
