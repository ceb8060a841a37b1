import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { PHASE_LABEL, READERS_ANNOTATION, SCHEMA_VERSION_LABEL, SchemaReaders, schemaVersionOf } from './_readers';
import { SqlFileToLint } from './_squawk';
import { SqlLint } from './sql-lint';
import { EnvValue } from '../core/env-value';
import { invalidProp, PropProblem, Shown } from '../core/errors';
import { HookRuns } from '../core/gitops';
import { checkArgs, checkProps } from '../core/jsii-props';
import { KubeObject } from '../core/kube';
import { DNS_LABEL_RULE, isDnsLabel, ROLE_LABEL_KEY } from '../core/names';
import { ContainerResources } from '../core/resources';
import { ARGO_CD_WAVE, defaultHook, JobTime, refuseForeignHook, Stage, stageObject } from '../core/stage';
import { GitOpsEngine, ReleaseOrder } from '../gitops-engine';
import { GitOpsHook } from '../gitops-hook';
import { checkEnvReferences, checkImage, renderEnv, renderResources } from '../rollout/container-spec';
import { GracefulDeployment } from '../rollout/graceful-deployment';
import { checkJobBounds, hookJobManifest, jobIdentity } from '../rollout/job-spec';
import { BlueGreenService, Color } from '../traffic/blue-green-service';
import { CanaryIngress } from '../traffic/canary-ingress';

/**
 * The half of a schema change a migration is. Both versions of an app run against one
 * database during a canary, and until the old blue-green colour is retired, so a change is
 * split in two.
 */
export enum MigrationPhase {
  /**
   * Additive (new tables, nullable columns or columns with a default, new indexes, triggers
   * that keep an old and a new column in step): every version that runs keeps working. It runs
   * before the new version serves.
   */
  EXPAND = 'expand',

  /**
   * Removal (dropping the old column, table or trigger): only once no running version reads
   * the shape it removes, i.e. after the old colour is retired or the canary is promoted.
   */
  CONTRACT = 'contract',
}

/** One Deployment of a release that reads the schema. */
interface Reader {
  /** How messages name it: `blue`, `the stable track`, `Deployment api`. */
  readonly name: string;
  readonly deployment: GracefulDeployment;
  /** What to commit first, so that it no longer runs a version reading `schema` or older. */
  readonly retire: (schema: number) => string;
}

/**
 * The release whose running versions a schema migration must not break: the Deployments that
 * read the schema, and how each stops running an old version.
 */
export class MigrationRelease {
  /**
   * Both colours of a blue-green release. A colour runs its version until it is retired
   * (`replicas: 0`), whether or not it is active.
   */
  public static blueGreen(release: BlueGreenService): MigrationRelease {
    checkArgs(undefined, 'MigrationRelease', 'blueGreen', [release]);
    const readers = [Color.BLUE, Color.GREEN].map((color): Reader => {
      const other = color === Color.BLUE ? Color.GREEN : Color.BLUE;
      return {
        name: color,
        deployment: release.deploymentOf(color),
        retire: schema => release.active === color
          ? `release a version that reads schema ${schema + 1} or later to ${other}, flip to ${other} and retire ${color} (${color}.replicas: 0), each in a commit of its own, then commit the contract`
          : `retire ${color} first (${color}.replicas: 0, in a commit of its own once ${release.active} serves), then commit the contract`,
      };
    });
    return new MigrationRelease(release.app, readers);
  }

  /**
   * Both tracks of a canary release. The stable track runs its version until it is promoted;
   * the canary runs its version while it has pods.
   */
  public static canary(release: CanaryIngress): MigrationRelease {
    checkArgs(undefined, 'MigrationRelease', 'canary', [release]);
    return new MigrationRelease(release.app, [
      {
        name: 'the stable track',
        deployment: release.stableDeployment,
        retire: schema => `promote first: give stable.image a version that reads schema ${schema + 1} or later in a commit of its own (weight back to 0 in the next), then commit the contract`,
      },
      {
        name: 'the canary track',
        deployment: release.canaryDeployment,
        retire: schema => `give canary.image a version that reads schema ${schema + 1} or later, or bring the canary to 0 pods, in an earlier commit`,
      },
    ]);
  }

  /**
   * A Deployment released by rolling update. Only its new version shows in its manifest: the
   * version it replaces runs until the rollout ends, so commit a contract only after the
   * rollout that retires the old version has finished (`cdk8s-zero-downtime check` refuses a
   * contract in the same commit as that rollout).
   */
  public static rollingUpdate(deployment: GracefulDeployment): MigrationRelease {
    checkArgs(undefined, 'MigrationRelease', 'rollingUpdate', [deployment]);
    return new MigrationRelease(deployment.app, [{
      name: `Deployment ${deployment.name}`,
      deployment,
      retire: schema => `roll ${deployment.name} out to a version that reads schema ${schema + 1} or later in an earlier commit, then commit the contract`,
    }]);
  }

  private constructor(private readonly app: string, private readonly readers: Reader[]) {}

  /** @internal */
  public get _app(): string {
    return this.app;
  }

  /** @internal */
  public get _readers(): Reader[] {
    return this.readers;
  }
}

/**
 * The migration tool a `SchemaMigration` runs: the user's image and command (Flyway,
 * Liquibase, Atlas, golang-migrate, node-pg-migrate...), and the bounds of its Job.
 */
export interface MigrationRunnerOptions {
  /**
   * The image of the migration tool with the migrations, pinned by tag or digest.
   */
  readonly image: string;

  /**
   * The command.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * The arguments; `$(SCHEMA_VERSION)` and `$(MIGRATION_PHASE)` are expanded.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Environment (the database URL and credentials, usually from a Secret), after
   * `SCHEMA_VERSION` and `MIGRATION_PHASE`, in the order written.
   *
   * @default - only SCHEMA_VERSION and MIGRATION_PHASE
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * Numeric user ID the tool runs as. The pod runs as non-root, and the kubelet only starts a
   * container whose user it can see is not root.
   *
   * @default 65534 (the conventional "nobody")
   */
  readonly user?: number;

  /**
   * Numeric group ID the tool runs as.
   *
   * @default 65534
   */
  readonly group?: number;

  /**
   * How many times a failed migration is retried (a lock timeout under load is the usual
   * transient failure). Evicted pods are not counted.
   *
   * @default 1
   */
  readonly backoffLimit?: number;

  /**
   * How long the Job may run in all, retries included, before it fails.
   *
   * @default Duration.minutes(10)
   */
  readonly activeDeadline?: Duration;

  /**
   * CPU and memory. JVM-based tools (Flyway, Liquibase) need more than a smoke test.
   *
   * @default - requests 100m CPU and 256Mi memory, memory limit 512Mi
   */
  readonly resources?: ContainerResources;
}

/**
 * Properties of a `SchemaMigration`.
 */
export interface SchemaMigrationProps {
  /**
   * The release whose versions read the schema: `MigrationRelease.blueGreen(checkout)`,
   * `MigrationRelease.canary(storefront)` or `MigrationRelease.rollingUpdate(api)`. Every
   * Deployment of it that runs pods is checked against the migration.
   */
  readonly release: MigrationRelease;

  /**
   * The schema version each version of the app reads, by image tag (`'3.1.0'`), full image
   * (`'ghcr.io/example/checkout:3.1.0'`) or digest (`'sha256:...'`). A version reads the schema
   * it was written against and keeps working through later expands, until a contract removes
   * what it reads. Every image the release runs must be listed; listing retired versions too
   * keeps the history in one place.
   */
  readonly schemaVersions: { [imageOrTag: string]: number };

  /**
   * Expand (additive, before the new version serves) or contract (removal, once no running
   * version reads the old shape).
   */
  readonly phase: MigrationPhase;

  /**
   * The schema version the database is at once this migration has run. The runner gets it as
   * `SCHEMA_VERSION` (with `MIGRATION_PHASE`), e.g. for Flyway's `-target=$(SCHEMA_VERSION)`, so
   * that an image that already carries later migrations applies no more than this one.
   */
  readonly schemaVersion: number;

  /**
   * For a contract: the newest schema version whose readers it breaks. Every version of the
   * app that reads this schema version or an older one must have stopped running, or the
   * contract is refused. For a column rename expanded from schema 7 to 8 (both columns) and
   * contracted to 9 (old column dropped): `removesSchema: 7`.
   *
   * @default - required for a contract; an expand removes nothing
   */
  readonly removesSchema?: number;

  /**
   * The migration tool that applies the change, and its Job.
   */
  readonly runner: MigrationRunnerOptions;

  /**
   * The SQL files this migration applies, as the runner image carries them. They are read at
   * synth time: their content goes into the Job's name, so the Job runs again exactly when
   * they change, and `lint` checks them. Relative paths are relative to the directory synth
   * runs in.
   *
   * @default - none: the Job's name follows its image, command, arguments and environment only
   */
  readonly sqlFiles?: string[];

  /**
   * Refuse unsafe statements in `sqlFiles` at synth time.
   *
   * @default - no lint
   */
  readonly lint?: SqlLint;

  /**
   * Which GitOps tool runs the migration before the new version:
   *
   * - `ARGO_CD_PRE_SYNC`: an ordinary Job in sync wave `argoCdSyncWave`: an expand in -1,
   *   before the Deployments (wave 0), a contract in 4, after the retired pods (wave 3). Argo CD applies each wave and waits for it to be healthy (a Job is
   *   healthy once it completed; a failed Job fails the sync, and the new version is not
   *   applied). It is deliberately not a PreSync hook: Argo CD deletes and re-creates a hook on
   *   every sync (with no delete policy it assumes BeforeHookCreation), so the migration would
   *   run again on every unrelated sync.
   * - `FLUX`: one Kustomization applies its objects together, with nothing ordered before
   *   the Deployments: put the migration in a chart of its own, synthesized to its own folder,
   *   applied by a Kustomization with `wait: true` that the app's Kustomization `dependsOn`.
   * - `NONE`: a plain Job; ordering it before the new version is up to you.
   *
   * `ARGO_CD_POST_SYNC` is refused: an expand must run before the new version serves.
   *
   * @default GitOpsHook.ARGO_CD_PRE_SYNC
   */
  readonly hook?: GitOpsHook;

  /**
   * The Argo CD sync wave of the Job: an expand before the app's pods (wave 0), a contract after
   * the wave in which a release retires its old pods (3), so that a contract merged together with
   * that retire still runs after it.
   *
   * @default - -1 for an expand, 4 for a contract
   */
  readonly argoCdSyncWave?: number;

  /**
   * Start of the Job's name; a digest of the migration is appended.
   *
   * @default - `<app>-<phase>-<schemaVersion>`
   */
  readonly name?: string;
}

/** The resources of a migration Job unless the user sets them: room for a JVM runner. */
const MIGRATION_RESOURCES: ResourceRequirements = { limits: { memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } };

/** Length of the digest suffix of the Job's name. */
const DIGEST_LENGTH = 10;

/**
 * A release's schema migration, as a Job that runs the user's migration tool:
 *
 * - an **expand** runs before the new version's pods (an Argo CD sync wave, or a Flux
 *   Kustomization the app depends on), and is refused when a running version reads a schema
 *   newer than the one it brings;
 * - a **contract** is refused at synth time while any colour or track still runs a version
 *   that reads the schema it removes, naming that version.
 *
 * The Job's name carries a digest of the migration (image, command, arguments, environment and
 * the SQL files' content), so it runs again exactly when the migration changes and never on an
 * unrelated sync. It runs as a numeric non-root user, with bounded retries and deadline. Its
 * labels and annotations say which versions read which schema, so that `cdk8s-zero-downtime
 * check` refuses a commit that contracts while an old version runs from the YAML alone.
 *
 * The Job is the construct's default child (`ApiObject.of(migration)`).
 */
export class SchemaMigration extends Construct {
  /** The app name. */
  public readonly app: string;
  /** Expand or contract. */
  public readonly phase: MigrationPhase;
  /** The schema version after the migration. */
  public readonly schemaVersion: number;
  /** For a contract, the newest schema version whose readers it breaks. */
  public readonly removesSchema?: number;
  /** Name of the Job: `<name>-<digest>`. */
  public readonly jobName: string;
  /** The Job. */
  public readonly job: ApiObject;

  constructor(scope: Construct, id: string, props: SchemaMigrationProps) {
    super(scope, id);
    // Read and check every prop first, in the user's words; then write the Job.
    checkProps(this, 'SchemaMigrationProps', props);
    const release = props.release;
    if (!(release instanceof MigrationRelease)) {
      throw invalidProp(this, {
        prop: 'release',
        value: release === undefined ? undefined : new Shown(String(release)),
        problem: 'a migration needs the release whose versions read the schema, to know what it must not break',
        fix: 'pass MigrationRelease.blueGreen(service), MigrationRelease.canary(release) or MigrationRelease.rollingUpdate(deployment)',
      });
    }
    this.app = release._app;
    if (props.phase !== MigrationPhase.EXPAND && props.phase !== MigrationPhase.CONTRACT) {
      throw invalidProp(this, { prop: 'phase', value: props.phase, problem: 'a migration is an expand or a contract', fix: 'set phase: MigrationPhase.EXPAND or MigrationPhase.CONTRACT' });
    }
    this.phase = props.phase;
    this.schemaVersion = props.schemaVersion;
    if (!Number.isInteger(this.schemaVersion) || this.schemaVersion < 1) {
      throw invalidProp(this, { prop: 'schemaVersion', value: this.schemaVersion, problem: 'a schema version is a whole number of at least 1, increasing with every migration', fix: 'number the schema as the migration tool does, e.g. 8 for Flyway\'s V8' });
    }
    this.removesSchema = this.resolveRemoves(props.removesSchema);
    const versions = this.resolveVersions(props.schemaVersions);
    const runner = props.runner ?? ({} as MigrationRunnerOptions);
    checkImage(this, 'runner.image', runner.image, false);
    const hook = this.resolveHook(props);
    const wave = this.resolveWave(hook, props.argoCdSyncWave);

    const readers = release._readers;
    const problem = this.checkReaders(readers, versions);
    if (problem) { throw invalidProp(this, problem); }
    // A patch through the escape hatch can change an image or a replica count after this
    // point: check again on the complete tree, only then.
    this.node.addValidation({
      validate: () => {
        if (!readers.some(r => isPatched(r.deployment))) { return []; }
        const late = this.checkReaders(readers, versions);
        return late ? [invalidProp(this, late).message] : [];
      },
    });

    const sql = this.readSql(props.sqlFiles);
    props.lint?._lint(this, sql.map(f => f.file), this.phase);

    const backoffLimit = runner.backoffLimit ?? 1;
    const activeDeadlineSeconds = checkJobBounds(this, 'runner', backoffLimit, runner.activeDeadline ?? Duration.minutes(10));
    const identity = jobIdentity(this, 'runner', runner.user, runner.group, { user: 65534, group: 65534 });
    const env = renderEnv({
      SCHEMA_VERSION: EnvValue.fromValue(String(this.schemaVersion)),
      MIGRATION_PHASE: EnvValue.fromValue(this.phase),
      ...runner.env,
    });
    checkEnvReferences(this, 'runner', env);
    const base = props.name ?? `${this.app}-${this.phase}-${this.schemaVersion}`;
    if (typeof base !== 'string' || !isDnsLabel(base) || base.length > 63 - DIGEST_LENGTH - 1) {
      throw invalidProp(this, {
        prop: 'name',
        value: base,
        problem: `the Job is named "<name>-<digest>", and its pods carry the name in a label: the name must be ${DNS_LABEL_RULE}, with room for ${DIGEST_LENGTH + 1} more`,
        fix: `set name to at most ${63 - DIGEST_LENGTH - 1} characters, e.g. "${this.app.slice(0, 20)}-${this.phase}"`,
      });
    }

    const labels = {
      'app.kubernetes.io/part-of': this.app,
      [ROLE_LABEL_KEY]: 'schema-migration',
      [PHASE_LABEL]: this.phase,
      [SCHEMA_VERSION_LABEL]: String(this.schemaVersion),
    };
    const manifest = hookJobManifest({
      ...identity,
      name: base,
      namespace: readers[0]?.deployment.namespace,
      // The app label stays off the pods: a Service that selects the app by it would send
      // requests to the migration pod.
      labels,
      hook: hook === GitOpsHook.FLUX ? GitOpsHook.FLUX : GitOpsHook.NONE,
      runs: HookRuns.ONCE_PER_NAME,
      backoffLimit,
      activeDeadlineSeconds,
      container: {
        name: 'migrate',
        image: runner.image,
        command: runner.command && [...runner.command],
        args: runner.args && [...runner.args],
        env,
        // The runner's last output becomes the Job's failure message.
        terminationMessagePolicy: 'FallbackToLogsOnError',
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
      resources: runner.resources ? renderResources(runner.resources) : MIGRATION_RESOURCES,
      // The root filesystem is read-only; JVM-based runners need a writable /tmp.
      volumes: [{ name: 'tmp', emptyDir: {} }],
      // An evicted pod is not a failed migration: run it again without counting it.
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
    });

    // Everything the Job does is in its spec; the SQL files are what the image applies.
    const digest = createHash('sha256')
      .update(JSON.stringify({ spec: manifest.spec, sql: sql.map(f => ({ file: path.basename(f.file.path), content: f.content })) }))
      .digest('hex')
      .slice(0, DIGEST_LENGTH);
    this.jobName = `${base}-${digest}`;
    const schemaReaders: SchemaReaders = {
      selector: commonLabels(readers.map(r => r.deployment.selectorLabels)),
      container: appContainer(readers[0]?.deployment)?.name ?? this.app,
      schemaVersions: versions,
      removesSchema: this.removesSchema,
    };
    manifest.metadata = {
      ...manifest.metadata,
      name: this.jobName,
      annotations: {
        ...manifest.metadata?.annotations,
        ...(wave === undefined ? {} : { 'argocd.argoproj.io/sync-wave': String(wave) }),
        [READERS_ANNOTATION]: JSON.stringify(schemaReaders),
      },
    };
    this.job = new KubeObject(this, 'Resource', manifest);
    if (hook === GitOpsHook.FLUX) {
      stageObject(this.job, GitOpsEngine.FLUX, this.phase === MigrationPhase.EXPAND ? Stage.MIGRATE : Stage.CONTRACT);
    }
  }

  private resolveRemoves(removes: number | undefined): number | undefined {
    if (this.phase === MigrationPhase.EXPAND) {
      if (removes !== undefined) {
        throw invalidProp(this, { prop: 'removesSchema', value: removes, problem: 'an expand only adds, so no version stops working', fix: 'remove removesSchema, or make the migration a contract (phase: MigrationPhase.CONTRACT)' });
      }
      return undefined;
    }
    if (removes === undefined || !Number.isInteger(removes) || removes < 0 || removes >= this.schemaVersion) {
      throw invalidProp(this, {
        prop: 'removesSchema',
        value: removes,
        problem: `a contract says which readers it breaks: the newest schema version, below ${this.schemaVersion}, whose readers no longer work once it has run`,
        fix: `set removesSchema to the schema version the old app version reads, e.g. ${Math.max(this.schemaVersion - 2, 0)} for a rename expanded at ${this.schemaVersion - 1}`,
      });
    }
    return removes;
  }

  private resolveVersions(versions: { [imageOrTag: string]: number } | undefined): { [imageOrTag: string]: number } {
    if (typeof versions !== 'object' || versions === null || Object.keys(versions).length === 0) {
      throw invalidProp(this, {
        prop: 'schemaVersions',
        value: versions,
        problem: 'the migration cannot tell what it breaks without the schema version each app version reads',
        fix: "list every version the release runs, e.g. schemaVersions: { '3.1.0': 7, '3.2.0': 8 }",
      });
    }
    const copy: { [imageOrTag: string]: number } = {};
    for (const [key, version] of Object.entries(versions)) {
      if (key.trim() === '' || /\s/.test(key)) {
        throw invalidProp(this, { prop: 'schemaVersions', value: new Shown(`key ${JSON.stringify(key)}`), problem: 'a key is an image tag, a full image or a digest, without spaces', fix: "write e.g. '3.1.0' or 'ghcr.io/example/checkout:3.1.0'" });
      }
      if (!Number.isInteger(version) || version < 0) {
        throw invalidProp(this, { prop: `schemaVersions["${key}"]`, value: version, problem: 'a schema version is a whole number of 0 or more', fix: 'give the schema version this app version reads, as the migration tool numbers it' });
      }
      copy[key] = version;
    }
    return copy;
  }

  private resolveHook(props: SchemaMigrationProps): GitOpsHook {
    const chosen = ReleaseOrder.chosen(this);
    const hook = props.hook ?? defaultHook(this, JobTime.BEFORE_PODS);
    // ARGO_CD_POST_SYNC has a refusal of its own, below.
    if (props.hook !== undefined && Object.values(GitOpsHook).includes(props.hook) && props.hook !== GitOpsHook.ARGO_CD_POST_SYNC) {
      refuseForeignHook(this, 'hook', props.hook, JobTime.BEFORE_PODS, 'a migration', 'in that order');
    }
    if (!Object.values(GitOpsHook).includes(hook)) {
      throw invalidProp(this, { prop: 'hook', value: hook, problem: 'the hook is a GitOpsHook', fix: 'use GitOpsHook.ARGO_CD_PRE_SYNC, GitOpsHook.FLUX or GitOpsHook.NONE' });
    }
    if (hook === GitOpsHook.ARGO_CD_POST_SYNC) {
      throw invalidProp(this, {
        prop: 'hook',
        value: hook,
        problem: this.phase === MigrationPhase.EXPAND
          ? 'an expand must run before the new version serves, and a PostSync hook runs after it is applied (and again on every sync)'
          : 'a contract is a commit of its own with nothing to run after, and Argo CD runs a PostSync hook again on every sync',
        fix: 'use GitOpsHook.ARGO_CD_PRE_SYNC (a Job in sync wave -1, which runs once per migration)',
      });
    }
    // With ReleaseOrder.use(app, GitOpsEngine.FLUX) the Job carries its stage, and flux-layout
    // gives that stage a Kustomization of its own, before the app's pods.
    if (hook === GitOpsHook.FLUX && chosen !== GitOpsEngine.FLUX) {
      const mine = Chart.of(this);
      const shared = props.release instanceof MigrationRelease && props.release._readers.find(r => Chart.of(r.deployment) === mine);
      if (shared) {
        throw invalidProp(this, {
          prop: 'hook',
          value: new Shown(`GitOpsHook.FLUX in chart ${mine.node.path || '(root)'} with ${shared.name}`),
          problem: 'Flux applies the objects of one Kustomization together, so the migration Job would race the new version\'s pods instead of running before them',
          fix: 'order the app for Flux with ReleaseOrder.use(app, GitOpsEngine.FLUX) and lay it out with cdk8s-zero-downtime flux-layout (one Kustomization per stage), or put the SchemaMigration in a chart of its own, applied by a Kustomization with wait: true that the app\'s Kustomization dependsOn',
        });
      }
    }
    return hook;
  }

  private resolveWave(hook: GitOpsHook, wave: number | undefined): number | undefined {
    if (hook !== GitOpsHook.ARGO_CD_PRE_SYNC) {
      if (wave !== undefined) {
        throw invalidProp(this, { prop: 'argoCdSyncWave', value: wave, problem: `a sync wave orders Argo CD syncs, and the migration is written for ${hook}`, fix: 'remove argoCdSyncWave, or use hook: GitOpsHook.ARGO_CD_PRE_SYNC' });
      }
      return undefined;
    }
    if (this.phase === MigrationPhase.CONTRACT) {
      // After the retire wave: a contract merged together with the commit that retires the last
      // reader of the old schema runs once that reader has no pods.
      const w = wave ?? ARGO_CD_WAVE[Stage.CONTRACT];
      if (!Number.isInteger(w) || w <= ARGO_CD_WAVE[Stage.RETIRE]) {
        throw invalidProp(this, {
          prop: 'argoCdSyncWave',
          value: w,
          problem: `a contract must run after the old version's pods are gone, which a release retires in wave ${ARGO_CD_WAVE[Stage.RETIRE]} (Argo CD applies waves in ascending order and waits for each to be healthy)`,
          fix: `use a wave above ${ARGO_CD_WAVE[Stage.RETIRE]}, or leave argoCdSyncWave out (${ARGO_CD_WAVE[Stage.CONTRACT]})`,
        });
      }
      return w;
    }
    const w = wave ?? ARGO_CD_WAVE[Stage.MIGRATE];
    if (!Number.isInteger(w) || w >= 0) {
      throw invalidProp(this, {
        prop: 'argoCdSyncWave',
        value: w,
        problem: 'the migration must complete before the Deployments, which are in wave 0 (Argo CD applies waves in ascending order and waits for each to be healthy)',
        fix: 'use a negative wave, e.g. -1',
      });
    }
    return w;
  }

  /** The first reason the migration would break a version that runs, if any. */
  private checkReaders(readers: Reader[], versions: { [imageOrTag: string]: number }): PropProblem | undefined {
    for (const reader of readers) {
      const running = runningState(reader.deployment);
      if (running.pods === 0) { continue; }
      const image = running.image ?? '';
      const found = schemaVersionOf(image, versions);
      if (!found) {
        const tag = image.slice(image.lastIndexOf('/') + 1).split('@')[0].split(':')[1] ?? image;
        return {
          prop: 'schemaVersions',
          value: new Shown(`no entry for ${JSON.stringify(image)}, which ${reader.name} runs`),
          problem: 'every version that runs must say which schema it reads, or the migration cannot tell whether it breaks it',
          fix: `add '${tag}': <the schema version it reads> to schemaVersions`,
        };
      }
      const pods = `${running.pods} pod${running.pods === 1 ? '' : 's'}`;
      if (this.phase === MigrationPhase.EXPAND && found.version > this.schemaVersion) {
        return {
          prop: 'schemaVersion',
          value: this.schemaVersion,
          problem: `${reader.name} runs ${image} (${pods}), version ${found.key}, which reads schema ${found.version}: after this expand the database is only at ${this.schemaVersion}, so the shape it reads is missing`,
          fix: `expand to schema ${found.version} (or declare the schema version ${found.key} really reads)`,
        };
      }
      if (this.phase === MigrationPhase.CONTRACT && found.version <= this.removesSchema!) {
        return {
          prop: 'phase',
          value: new Shown(`MigrationPhase.CONTRACT removing schema ${this.removesSchema} while ${reader.name} runs ${image}`),
          problem: `version ${found.key} still reads schema ${found.version}, and ${reader.name} runs it (${pods}); this contract removes the shape of schema ${this.removesSchema} and older, so its requests fail as soon as the Job has run`,
          fix: reader.retire(this.removesSchema!),
        };
      }
    }
    return undefined;
  }

  private readSql(files: string[] | undefined): { file: SqlFileToLint; content: string }[] {
    return (files ?? []).map((written, i) => {
      const prop = `sqlFiles[${i}]`;
      if (typeof written !== 'string' || written.trim() === '') {
        throw invalidProp(this, { prop, value: written, problem: 'a SQL file is a path', fix: 'give the path of the migration\'s SQL file, e.g. "db/V8__add_full_name.sql"' });
      }
      const absolute = path.resolve(written);
      let content: string;
      try {
        content = fs.readFileSync(absolute, 'utf8');
      } catch (e) {
        const code = (e as { code?: unknown })?.code;
        throw invalidProp(this, {
          prop,
          value: written,
          problem: `the file cannot be read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code ?? e)}; relative paths are relative to ${process.cwd()})`,
          fix: 'give the path of the SQL file, relative to the directory synth runs in, or absolute',
        });
      }
      // The same file checked out on Windows (CRLF) must give the same Job name.
      return { file: { prop, written, path: absolute }, content: content.replace(/\r\n/g, '\n') };
    });
  }
}

/** Whether a Deployment was patched through the escape hatch. */
function isPatched(d: GracefulDeployment): boolean {
  const object = d.deployment;
  return object instanceof KubeObject && (object as KubeObject).isPatched;
}

/** The container whose image tells the version: the first of the pod. */
function appContainer(d: GracefulDeployment | undefined) {
  const json: Deployment | undefined = d?.deployment.toJson();
  return json?.spec?.template?.spec?.containers?.[0];
}

/** What a Deployment runs as it is rendered now, patches included. */
function runningState(d: GracefulDeployment): { image?: string; pods: number } {
  const json: Deployment = d.deployment.toJson();
  const written = json.spec?.replicas;
  // Under an autoscaler the field is left out: the Deployment runs at least minReplicas.
  const pods = typeof written === 'number' ? written : Math.max(d.replicas, 1);
  return { image: json.spec?.template?.spec?.containers?.[0]?.image, pods };
}

/** The labels every one of the selectors has: the app's pods, whatever their colour or track. */
function commonLabels(selectors: { [key: string]: string }[]): { [key: string]: string } {
  const [first, ...rest] = selectors;
  const common: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(first ?? {})) {
    if (rest.every(s => s[key] === value)) { common[key] = value; }
  }
  return common;
}
