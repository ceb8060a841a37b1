import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { documentedRefusal } from './_docs';
import { BlueGreenService, Color, MigrationPhase, MigrationRelease, Probe, SchemaMigration, SchemaMigrationProps, SqlLint } from '../../src';
import { locateSquawk, runSquawk } from '../../src/migration/_squawk';
import { chart, only, synthValid } from '../support/manifests';

/**
 * The squawk lint, run with the real squawk binary that the squawk-cli devDependency installs
 * (from its per-platform optional dependency; no install script is involved). Where squawk
 * cannot run, the tests that need it are skipped with the reason, except under CI=true, where
 * that is a failure.
 */

const SQL = 'test/migration/sql';
const EXAMPLE_SQL = 'examples/migration-sql';

function migration(c: Chart, props: Partial<SchemaMigrationProps>): SchemaMigration {
  const shop = new BlueGreenService(c, 'shop', {
    app: 'shop',
    active: Color.GREEN,
    blue: { image: 'registry.example.com/shop:1.0.0', replicas: 0 },
    green: { image: 'registry.example.com/shop:1.1.0' },
    container: { port: 8080, readiness: Probe.httpGet('/ready') },
  });
  return new SchemaMigration(c, 'migration', {
    release: MigrationRelease.blueGreen(shop),
    schemaVersions: { '1.0.0': 7, '1.1.0': 8 },
    phase: MigrationPhase.EXPAND,
    schemaVersion: 8,
    runner: { image: 'flyway/flyway:10.21.0' },
    lint: SqlLint.squawk(),
    ...props,
  });
}

const lint = (props: Partial<SchemaMigrationProps>) => () => {
  const c = chart();
  migration(c, props);
  return synthValid(c);
};

const located = locateSquawk([process.cwd()]);
const unavailable = 'problem' in located ? located.problem : undefined;
if (unavailable !== undefined) {
  if (process.env.CI === 'true') {
    test('squawk can run (required under CI=true)', () => {
      throw new Error(`the squawk lint tests cannot run: ${unavailable}`);
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`Skipping the tests that run squawk: ${unavailable}. Run npm install (squawk-cli is a devDependency); under CI=true they fail instead.`);
  }
}
const withSquawk = unavailable === undefined ? describe : describe.skip;

withSquawk('SqlLint.squawk() with the real squawk binary', () => {
  test('refuses a NOT NULL column without a default in an expand, with squawk\'s rule, line and message', () => {
    expect(lint({ sqlFiles: [`${SQL}/V8__add_required_column.sql`] })).toThrow(new RegExp(
      "^test/migration: invalid 'sqlFiles\\[0\\]' \\(received \"test/migration/sql/V8__add_required_column\\.sql\"\\): "
      + 'squawk refuses a statement of this expand migration, which runs while the previous version still serves: '
      + 'line 6: adding-required-field: Adding a new column that is `NOT NULL` and has no default value .*'
      + 'Fix: add the column nullable or with a constant DEFAULT in the expand',
    ));
  });

  test('refuses a column rename in one release', () => {
    expect(lint({ sqlFiles: [`${SQL}/V8__rename_column.sql`] })).toThrow(/line 5: renaming-column: .*Fix: never rename in one release/);
  });

  test('refuses a drop in an expand, and lets a contract drop what no running version reads', () => {
    const drop = [`${SQL}/V8__drop_column.sql`];
    expect(lint({ sqlFiles: drop })).toThrow(/line 4: ban-drop-column: .*Fix: move the drop to a contract migration/);
    expect(lint({ sqlFiles: drop, phase: MigrationPhase.CONTRACT, schemaVersion: 9, removesSchema: 7 })).not.toThrow();
  });

  test('names the file the finding is in', () => {
    expect(lint({ sqlFiles: [`${EXAMPLE_SQL}/V8__customers_full_name_expand.sql`, `${SQL}/V8__rename_column.sql`] }))
      .toThrow(/invalid 'sqlFiles\[1\]' \(received "test\/migration\/sql\/V8__rename_column\.sql"\)/);
  });

  test('passes the rename example\'s expand and contract, and a rule the user leaves out', () => {
    const job = only(lint({ sqlFiles: [`${EXAMPLE_SQL}/V8__customers_full_name_expand.sql`] })(), 'Job');
    expect(job.metadata.name).toMatch(/^shop-expand-8-/);
    expect(lint({ sqlFiles: [`${EXAMPLE_SQL}/V9__customers_name_contract.sql`], phase: MigrationPhase.CONTRACT, schemaVersion: 9, removesSchema: 7 })).not.toThrow();
    expect(lint({ sqlFiles: [`${SQL}/V8__rename_column.sql`], lint: SqlLint.squawk({ exclude: ['renaming-column'] }) })).not.toThrow();
  });

  test('docs/schema-migrations.md shows the refusal as it is', () => {
    const app = new Chart(new App({ outdir: Testing.app().outdir }), 'checkout');
    const checkout = new BlueGreenService(app, 'checkout', {
      app: 'checkout',
      active: Color.BLUE,
      blue: { image: 'ghcr.io/example/checkout:3.1.0' },
      green: { image: 'ghcr.io/example/checkout:3.2.0' },
      container: { port: 8080, readiness: Probe.httpGet('/ready') },
    });
    const build = () => new SchemaMigration(app, 'rename-customer-name', {
      release: MigrationRelease.blueGreen(checkout),
      schemaVersions: { '3.1.0': 7, '3.2.0': 8 },
      phase: MigrationPhase.EXPAND,
      schemaVersion: 8,
      runner: { image: 'ghcr.io/example/checkout-migrations:8' },
      sqlFiles: [`${SQL}/V8__add_required_column.sql`],
      lint: SqlLint.squawk(),
    });
    expect(build).toThrow(documentedRefusal('squawk-not-null'));
  });

  test('the binary found is the one squawk-cli ships for this platform', () => {
    expect('binary' in located && located.binary).toMatch(new RegExp(`@squawk-cli[\\\\/]${process.platform}-${process.arch}[\\\\/]bin[\\\\/]squawk`));
  });
});

describe('SqlLint.squawk() refuses to pass silently', () => {
  test('when there is no SQL to lint', () => {
    expect(lint({})).toThrow(/invalid 'lint' \(received SqlLint\.squawk\(\)\): there is no SQL to lint/);
  });

  test('when the binary it is given does not exist', () => {
    expect(lint({ sqlFiles: [`${SQL}/V8__rename_column.sql`], lint: SqlLint.squawk({ binary: 'no/such/squawk' }) }))
      .toThrow(/invalid 'lint\.binary' \(received "no\/such\/squawk"\): no squawk binary is there/);
  });

  test('when a rule to leave out is not a rule name', () => {
    expect(lint({ sqlFiles: [`${SQL}/V8__rename_column.sql`], lint: SqlLint.squawk({ exclude: ['Renaming Column'] }) }))
      .toThrow(/invalid 'lint\.exclude\[0\]' \(received "Renaming Column"\)/);
  });

  test('when squawk-cli is not installed in the app', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-squawk-'));
    expect(locateSquawk([empty])).toEqual({ problem: expect.stringMatching(/^the npm package squawk-cli is not installed in this app \(looked from /) });
  });

  test('when squawk-cli is installed without its binary (an install script npm skipped, or optional dependencies omitted)', () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'old-squawk-'));
    const pkg = path.join(app, 'node_modules', 'squawk-cli');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'squawk-cli', version: '2.50.0' }));
    expect(locateSquawk([app])).toEqual({ problem: expect.stringMatching(/^squawk-cli 2\.50\.0 is installed but has no binary for .*install script/) });
    fs.mkdirSync(path.join(pkg, 'js'));
    fs.writeFileSync(path.join(pkg, 'js', 'index.js'), 'exports.getBinaryPath = () => { throw new Error(\'squawk: the "@squawk-cli/x" optional dependency was not installed.\\nmore\'); };');
    expect(locateSquawk([app])).toEqual({ problem: 'squawk-cli 2.50.0 is installed but its binary is not: squawk: the "@squawk-cli/x" optional dependency was not installed.' });
  });

  test('when the binary is not squawk', () => {
    const result = runSquawk(process.execPath, [`${SQL}/V8__rename_column.sql`], { exclude: [], assumeInTransaction: true });
    expect(result).toEqual({ problem: expect.stringMatching(/^squawk failed \(.*\): /) });
  });
});
