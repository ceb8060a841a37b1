import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { renameCustomerName } from './migration-rename';
import { BlueGreenService, GitOpsHook, MigrationPhase } from '../src';

export interface CheckoutMigrationsProps extends ChartProps {
  /** The release whose versions read the schema, in the app's own chart. */
  readonly release: BlueGreenService;
  /** The migration in force. */
  readonly migration: MigrationPhase;
}

/**
 * Flux applies one Kustomization's objects together, so the migration gets a chart of its own,
 * synthesized to its own folder and applied by a Kustomization that the app's depends on.
 */
export class CheckoutMigrations extends Chart {
  constructor(scope: Construct, id: string, props: CheckoutMigrationsProps) {
    super(scope, id, props);

    renameCustomerName(this, props.release, props.migration, GitOpsHook.FLUX);
  }
}
