import * as path from 'path';
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, Color, EnvValue, GitOpsHook, MigrationPhase, MigrationRelease, Probe, SchemaMigration } from '../src';

/**
 * One phase of renaming customers.name to full_name: the expand brings the schema to 8 (both
 * columns, kept in step by a trigger), the contract to 9 (name dropped). 3.1.0 reads schema 7,
 * 3.2.0 reads schema 8.
 */
export function renameCustomerName(scope: Construct, release: BlueGreenService, phase: MigrationPhase, hook?: GitOpsHook): SchemaMigration {
  const expand = phase === MigrationPhase.EXPAND;
  return new SchemaMigration(scope, 'rename-customer-name', {
    release: MigrationRelease.blueGreen(release),
    schemaVersions: { '3.1.0': 7, '3.2.0': 8 },
    phase,
    schemaVersion: expand ? 8 : 9,
    removesSchema: expand ? undefined : 7,
    runner: {
      // Flyway with the migrations of each schema version baked in.
      image: `ghcr.io/example/checkout-migrations:${expand ? 8 : 9}`,
      args: ['migrate', '-target=$(SCHEMA_VERSION)'],
      env: { FLYWAY_URL: EnvValue.fromSecretValue({ secret: { name: 'checkout-db' }, key: 'jdbc-url' }) },
    },
    sqlFiles: [path.join(__dirname, 'migration-sql', expand ? 'V8__customers_full_name_expand.sql' : 'V9__customers_name_contract.sql')],
    hook,
  });
}

export interface CustomerRenameProps extends ChartProps {
  /** The colour that serves users. */
  readonly active: Color;
  /** The version green runs: 3.1.0 until the release, then 3.2.0. */
  readonly greenVersion: string;
  /** Pods of blue: 0 retires it, in a commit after the flip. */
  readonly blueReplicas?: number;
  /** The migration in force: the expand, until the contract replaces it. */
  readonly migration?: MigrationPhase;
}

export class CustomerRename extends Chart {
  public readonly checkout: BlueGreenService;

  constructor(scope: Construct, id: string, props: CustomerRenameProps) {
    super(scope, id, props);

    this.checkout = new BlueGreenService(this, 'checkout', {
      app: 'checkout',
      namespace: 'shop',
      active: props.active,
      blue: { image: 'ghcr.io/example/checkout:3.1.0', replicas: props.blueReplicas },
      green: { image: `ghcr.io/example/checkout:${props.greenVersion}` },
      replicas: 3,
      container: {
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      },
    });
    if (props.migration !== undefined) {
      renameCustomerName(this, this.checkout, props.migration);
    }
  }
}
