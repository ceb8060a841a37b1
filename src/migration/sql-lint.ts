import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { locateSquawk, runSquawk, SqlFileToLint, SquawkFinding } from './_squawk';
import { invalidProp, Shown } from '../core/errors';
import { checkArgs } from '../core/jsii-props';

/**
 * Options of the squawk lint.
 */
export interface SquawkOptions {
  /**
   * squawk rules to leave out, by name (`require-timeout-settings`, `prefer-bigint-over-int`...).
   * In a contract migration `ban-drop-column` and `ban-drop-table` are always left out:
   * dropping what no running version reads any more is what a contract is for.
   *
   * @see https://squawkhq.com/docs/rules
   * @default - every rule squawk runs by default (and those its `.squawk.toml` in the app turns on)
   */
  readonly exclude?: string[];

  /**
   * The PostgreSQL version the database runs, so that squawk judges what that version locks
   * (e.g. `"15.0"`: adding a column with a constant default does not rewrite the table from 11).
   *
   * @default - squawk's own assumption
   */
  readonly pgVersion?: string;

  /**
   * Whether the migration runner wraps each file in a transaction, as Flyway, Liquibase,
   * node-pg-migrate and Atlas do on PostgreSQL by default. squawk then knows that a statement
   * such as `CREATE INDEX CONCURRENTLY` cannot run there, and stops asking for a transaction.
   *
   * @default true
   */
  readonly assumeInTransaction?: boolean;

  /**
   * Path to a squawk binary installed another way (Homebrew, cargo, pip's `squawk-cli`).
   *
   * @default - the binary of the `squawk-cli` npm package installed in the app
   */
  readonly binary?: string;
}

/** Rules a contract migration breaks on purpose. */
const CONTRACT_RULES = ['ban-drop-column', 'ban-drop-table'];

/** What to do about the most common findings in a release that two versions share. */
function fixFor(rule: string, phase: string): string {
  switch (rule) {
    case 'adding-required-field':
    case 'adding-not-nullable-field':
      return 'add the column nullable or with a constant DEFAULT in the expand, backfill it, and require it (NOT NULL) in a later migration once every running version writes it';
    case 'renaming-column':
    case 'renaming-table':
      return 'never rename in one release: the expand adds the new name (kept in sync, e.g. by a trigger) and the contract drops the old one once no running version reads it';
    case 'ban-drop-column':
    case 'ban-drop-table':
      return phase === 'contract'
        ? `drop it in a contract migration, or leave the rule out with SqlLint.squawk({ exclude: ['${rule}'] })`
        : 'move the drop to a contract migration (phase: MigrationPhase.CONTRACT), committed after every version that reads it is retired';
    default:
      return `change the statement as squawk's ${rule} rule says (https://squawkhq.com/docs/${rule}), or leave the rule out with SqlLint.squawk({ exclude: ['${rule}'] })`;
  }
}

/**
 * A lint of a migration's SQL files at synth time, so that an unsafe statement is refused
 * before it reaches Git.
 */
export class SqlLint {
  /**
   * Lint PostgreSQL migrations with squawk: adding a NOT NULL column without a default,
   * renaming a column or table, dropping a column in an expand, changing a column's type,
   * taking locks without a timeout... The first file with findings is refused with each
   * finding's rule, line and message.
   *
   * squawk runs in your app when it synthesizes, so install it there: `npm install
   * --save-dev squawk-cli` (2.52.1 or later, whose binary comes from an optional dependency
   * of the package; do not omit optional dependencies). Without it, synth stops with an error
   * that says so, never with a silently skipped lint.
   *
   * @see https://squawkhq.com/docs/
   */
  public static squawk(options: SquawkOptions = {}): SqlLint {
    checkArgs(undefined, 'SqlLint', 'squawk', [options]);
    return new SqlLint(options);
  }

  private constructor(private readonly options: SquawkOptions) {}

  /**
   * Lints the files of one migration; throws the first refusal.
   *
   * @internal
   */
  public _lint(scope: IConstruct, files: readonly SqlFileToLint[], phase: string): void {
    const o = this.options;
    const shown = new Shown(o.binary === undefined ? 'SqlLint.squawk()' : `SqlLint.squawk({ binary: ${JSON.stringify(o.binary)} })`);
    if (files.length === 0) {
      throw invalidProp(scope, { prop: 'lint', value: shown, problem: 'there is no SQL to lint', fix: 'give the migration\'s sqlFiles, or remove lint' });
    }
    for (const [i, rule] of (o.exclude ?? []).entries()) {
      if (typeof rule !== 'string' || !/^[a-z0-9-]+$/.test(rule)) {
        throw invalidProp(scope, { prop: `lint.exclude[${i}]`, value: rule, problem: 'a squawk rule name is lower-case letters, digits and "-"', fix: 'use a name from https://squawkhq.com/docs/rules, e.g. "prefer-robust-stmts"' });
      }
    }
    let binary: string;
    if (o.binary !== undefined) {
      binary = path.resolve(o.binary);
      if (!fs.existsSync(binary)) {
        throw invalidProp(scope, { prop: 'lint.binary', value: o.binary, problem: 'no squawk binary is there', fix: 'give the path of an installed squawk, or leave binary out to use the squawk-cli npm package of the app' });
      }
    } else {
      const found = locateSquawk([process.cwd(), __dirname]);
      if ('problem' in found) {
        throw invalidProp(scope, {
          prop: 'lint',
          value: shown,
          problem: `the lint needs squawk, and ${found.problem}`,
          fix: 'install it in the app that synthesizes (npm install --save-dev squawk-cli), with optional dependencies, or give SqlLint.squawk({ binary }) the path of a squawk installed another way',
        });
      }
      binary = found.binary;
    }
    const exclude = [...(o.exclude ?? []), ...(phase === 'contract' ? CONTRACT_RULES : [])];
    const result = runSquawk(binary, files.map(f => f.path), {
      exclude: [...new Set(exclude)],
      pgVersion: o.pgVersion,
      assumeInTransaction: o.assumeInTransaction ?? true,
    });
    if ('problem' in result) {
      throw invalidProp(scope, { prop: 'lint', value: shown, problem: result.problem, fix: 'run squawk on the files by hand to see why, or fix its installation' });
    }
    for (const file of files) {
      const findings = result.findings.filter(f => sameFile(f, file));
      if (findings.length === 0) { continue; }
      const listed = findings.map(f => `line ${f.line}: ${f.rule}: ${f.message.replace(/\.$/, '')}${f.help ? ` (${f.help.replace(/\.$/, '')})` : ''}`).join('; ');
      throw invalidProp(scope, {
        prop: file.prop,
        value: file.written,
        problem: `squawk refuses ${findings.length === 1 ? 'a statement' : `${findings.length} statements`} of this ${phase === 'contract' ? 'contract migration' : 'expand migration, which runs while the previous version still serves'}: ${listed}`,
        fix: fixFor(findings[0].rule, phase),
      });
    }
    // A finding that names no file we gave (squawk reports paths as it was given them).
    const stray = result.findings[0];
    if (stray) {
      throw invalidProp(scope, { prop: 'sqlFiles', value: stray.file, problem: `squawk reports line ${stray.line}: ${stray.rule}: ${stray.message.replace(/\.$/, '')}`, fix: fixFor(stray.rule, phase) });
    }
  }
}

function sameFile(f: SquawkFinding, file: SqlFileToLint): boolean {
  return f.file === file.path || path.resolve(f.file) === file.path;
}
