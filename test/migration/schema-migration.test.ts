import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BlueGreenService, CanaryIngress, CanaryReplicas, Color, GitOpsEngine, GitOpsHook, GracefulDeployment, MigrationPhase, MigrationRelease, Probe,
  ReleaseOrder, Router, SchemaMigration, SchemaMigrationProps,
  EnvValue,
} from '../../src';
import { nonRootRefusal } from '../support/kubelet';
import { allOf, chart, only, synthValid } from '../support/manifests';

const image = (version: string) => `registry.example.com/shop:${version}`;
const container = { port: 8080, readiness: Probe.httpGet('/ready') };
const runner = { image: 'flyway/flyway:10.21.0', args: ['migrate', '-target=$(SCHEMA_VERSION)'] };
const schemaVersions = { '1.0.0': 7, '1.1.0': 8 };

/** A blue-green release: blue at 1.0.0 (schema 7), green at `green`. */
function shop(scope: Construct, o: { active?: Color; green?: string; blueReplicas?: number } = {}) {
  return new BlueGreenService(scope, 'shop', {
    app: 'shop',
    namespace: 'web',
    active: o.active ?? Color.BLUE,
    blue: { image: image('1.0.0'), replicas: o.blueReplicas },
    green: { image: image(o.green ?? '1.1.0') },
    replicas: 3,
    container,
  });
}

const expand = (release: BlueGreenService, props: Partial<SchemaMigrationProps> = {}): SchemaMigrationProps => ({
  release: MigrationRelease.blueGreen(release),
  schemaVersions,
  phase: MigrationPhase.EXPAND,
  schemaVersion: 8,
  runner,
  ...props,
});

const contract = (release: BlueGreenService, props: Partial<SchemaMigrationProps> = {}) =>
  expand(release, { phase: MigrationPhase.CONTRACT, schemaVersion: 9, removesSchema: 7, ...props });

function jobOf(build: (c: Chart) => void): any {
  const c = chart();
  build(c);
  return only(synthValid(c), 'Job');
}

describe('SchemaMigration', () => {
  describe('the expand Job', () => {
    const job = jobOf(c => new SchemaMigration(c, 'rename', expand(shop(c))));
    const pod = job.spec.template.spec;

    test('is named <app>-<phase>-<schema version>-<digest> and is labelled with its phase and schema version', () => {
      expect(job.metadata.name).toMatch(/^shop-expand-8-[0-9a-f]{10}$/);
      expect(job.metadata.namespace).toBe('web');
      expect(job.metadata.labels).toEqual({
        'app.kubernetes.io/component': 'schema-migration',
        'app.kubernetes.io/part-of': 'shop',
        'cdk8s-zero-downtime.io/migration-phase': 'expand',
        'cdk8s-zero-downtime.io/schema-version': '8',
      });
    });

    test('runs before the Deployments as an Argo CD sync wave, not as a hook that Argo CD re-creates on every sync', () => {
      expect(job.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
      expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBeUndefined();
      expect(job.metadata.annotations['argocd.argoproj.io/hook-delete-policy']).toBeUndefined();
      expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    });

    test('says in its YAML which pods read the schema and which schema each version reads', () => {
      expect(JSON.parse(job.metadata.annotations['cdk8s-zero-downtime.io/schema-readers'])).toEqual({
        selector: { 'app.kubernetes.io/name': 'shop' },
        container: 'shop',
        schemaVersions,
      });
    });

    test('has bounded retries and deadline, and evictions do not count as failures', () => {
      expect(job.spec.backoffLimit).toBe(1);
      expect(job.spec.activeDeadlineSeconds).toBe(600);
      expect(job.spec.podFailurePolicy.rules).toEqual([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]);
      expect(pod.restartPolicy).toBe('Never');
    });

    test('runs as a numeric non-root user the kubelet accepts, with a writable /tmp for JVM runners', () => {
      expect(nonRootRefusal(pod, pod.containers[0], {})).toBeUndefined();
      expect(pod.containers[0].securityContext).toMatchObject({
        runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, readOnlyRootFilesystem: true,
      });
      expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
      expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod.containers[0].resources).toEqual({ limits: { memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
    });

    test('gives the runner its target schema version first, so that the user\'s own variables and args can refer to it', () => {
      const env = pod.containers[0].env;
      expect(env.slice(0, 2)).toEqual([{ name: 'SCHEMA_VERSION', value: '8' }, { name: 'MIGRATION_PHASE', value: 'expand' }]);
      expect(pod.containers[0].args).toEqual(['migrate', '-target=$(SCHEMA_VERSION)']);
    });

    test('keeps the app label off its pods, so no Service of the app sends requests to the migration', () => {
      expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBeUndefined();
    });

    test('is written with Flux force instead of a wave under GitOpsHook.FLUX, in a chart of its own', () => {
      const app = new App({ outdir: Testing.app().outdir });
      const release = shop(new Chart(app, 'app'));
      const migrations = new Chart(app, 'migrations');
      new SchemaMigration(migrations, 'rename', expand(release, { hook: GitOpsHook.FLUX }));
      const flux = only(synthValid(migrations), 'Job');
      expect(flux.metadata.annotations['kustomize.toolkit.fluxcd.io/force']).toBe('Enabled');
      expect(flux.metadata.annotations['argocd.argoproj.io/sync-wave']).toBeUndefined();
      // The same migration: the same Job name whatever the tool.
      expect(flux.metadata.name).toBe(job.metadata.name);
    });
  });

  test('ordered for Flux with ReleaseOrder, it may share the release\'s chart: its stage is migrate, which flux-layout applies first', () => {
    const app = new App({ outdir: Testing.app().outdir });
    ReleaseOrder.use(app, GitOpsEngine.FLUX);
    const c = new Chart(app, 'app');
    new SchemaMigration(c, 'rename', expand(shop(c)));
    const migration = allOf(synthValid(c), 'Job').find(j => j.metadata.labels?.['app.kubernetes.io/component'] !== 'smoke-test')!;
    expect(migration.metadata.annotations).toMatchObject({ 'kustomize.toolkit.fluxcd.io/force': 'Enabled', 'cdk8s-zero-downtime.io/stage': 'migrate' });
  });

  describe('runs again exactly when the migration changes', () => {
    const nameOf = (build: (c: Chart) => SchemaMigration) => {
      const c = chart();
      return build(c).jobName;
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-'));
    const sql = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const v8 = sql('V8.sql', 'ALTER TABLE customers ADD COLUMN IF NOT EXISTS full_name text;\n');
    const base = nameOf(c => new SchemaMigration(c, 'm', expand(shop(c), { sqlFiles: [v8] })));

    test('not on a release, a flip or a retire: the release is not part of the name', () => {
      expect(nameOf(c => new SchemaMigration(c, 'm', expand(shop(c, { active: Color.GREEN }), { sqlFiles: [v8] })))).toBe(base);
      expect(nameOf(c => new SchemaMigration(c, 'm', expand(shop(c, { active: Color.GREEN, blueReplicas: 0 }), { sqlFiles: [v8] })))).toBe(base);
      expect(nameOf(c => new SchemaMigration(c, 'm', expand(shop(c, { green: '1.0.0' }), { sqlFiles: [v8] })))).toBe(base);
    });

    test('not when the file moves or is checked out with CRLF line ends', () => {
      const moved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'moved-')), 'V8.sql');
      fs.writeFileSync(moved, fs.readFileSync(v8, 'utf8').replace(/\n/g, '\r\n'));
      expect(nameOf(c => new SchemaMigration(c, 'm', expand(shop(c), { sqlFiles: [moved] })))).toBe(base);
    });

    test('when the SQL, the image, the arguments, the environment or the Job\'s own settings change', () => {
      const changed = sql('V8b.sql', 'ALTER TABLE customers ADD COLUMN IF NOT EXISTS full_name varchar(200);\n');
      const names = [
        nameOf(c => new SchemaMigration(c, 'm', expand(shop(c), { sqlFiles: [changed] }))),
        nameOf(c => new SchemaMigration(c, 'm', expand(shop(c), { sqlFiles: [v8], runner: { ...runner, image: 'flyway/flyway:10.22.0' } }))),
        nameOf(c => new SchemaMigration(c, 'm', expand(shop(c), { sqlFiles: [v8], runner: { ...runner, args: ['migrate'] } }))),
        nameOf(c => new SchemaMigration(c, 'm', expand(shop(c), { sqlFiles: [v8], runner: { ...runner, env: { FLYWAY_SCHEMAS: EnvValue.fromValue('shop') } } }))),
        nameOf(c => new SchemaMigration(c, 'm', expand(shop(c), { sqlFiles: [v8], runner: { ...runner, user: 1000 } }))),
      ];
      expect(new Set([base, ...names]).size).toBe(names.length + 1);
    });

    test('and the Job keeps its name (no re-run) when only the version list grows', () => {
      expect(nameOf(c => new SchemaMigration(c, 'm', expand(shop(c), { sqlFiles: [v8], schemaVersions: { ...schemaVersions, '1.2.0': 8 } })))).toBe(base);
    });
  });

  describe('a contract', () => {
    const build = (o: Parameters<typeof shop>[1], props: Partial<SchemaMigrationProps> = {}) => () => {
      const c = chart();
      new SchemaMigration(c, 'contract', contract(shop(c, o), props));
      return synthValid(c);
    };

    test('is refused while the old colour still has pods, naming the version that reads the old schema and the colour', () => {
      expect(build({ active: Color.GREEN })).toThrow(
        /^test\/contract: invalid 'phase' \(received MigrationPhase\.CONTRACT removing schema 7 while blue runs registry\.example\.com\/shop:1\.0\.0\): version 1\.0\.0 still reads schema 7, and blue runs it \(3 pods\).*Fix: retire blue first \(blue\.replicas: 0/);
    });

    test('is refused while the active colour runs the old version, with the whole way there as the fix', () => {
      expect(build({ active: Color.BLUE })).toThrow(/while blue runs .*Fix: release a version that reads schema 8 or later to green, flip to green and retire blue/);
    });

    test('is refused while the serving colour runs the old version, even with the other colour retired', () => {
      expect(build({ active: Color.GREEN, green: '1.0.0', blueReplicas: 0 })).toThrow(/while green runs registry\.example\.com\/shop:1\.0\.0\).*Fix: release a version that reads schema 8 or later to blue, flip to blue and retire green/);
    });

    test('is written once the old colour is retired', () => {
      const docs = build({ active: Color.GREEN, blueReplicas: 0 })();
      const job = only(docs, 'Job');
      expect(job.metadata.name).toMatch(/^shop-contract-9-[0-9a-f]{10}$/);
      expect(job.metadata.labels['cdk8s-zero-downtime.io/migration-phase']).toBe('contract');
      expect(JSON.parse(job.metadata.annotations['cdk8s-zero-downtime.io/schema-readers']).removesSchema).toBe(7);
    });

    test('is refused when a patch puts the old version back after the construct was built', () => {
      const c = chart();
      const release = shop(c, { active: Color.GREEN, blueReplicas: 0 });
      new SchemaMigration(c, 'contract', contract(release));
      ApiObject.of(release.greenDeployment).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/image', image('1.0.0')));
      expect(() => Testing.synth(c)).toThrow(/version 1\.0\.0 still reads schema 7, and green runs it/);
    });

    test('needs removesSchema, below its own schema version', () => {
      expect(build({ active: Color.GREEN, blueReplicas: 0 }, { removesSchema: undefined })).toThrow(/invalid 'removesSchema' \(received nothing\)/);
      expect(build({ active: Color.GREEN, blueReplicas: 0 }, { removesSchema: 9 })).toThrow(/invalid 'removesSchema' \(received 9\)/);
    });
  });

  describe('with a canary release', () => {
    const storefront = (scope: Construct, stable: string, canary: string, o: { weight?: number; canaryPods?: number } = {}) => new CanaryIngress(scope, 'storefront', {
      app: 'storefront',
      router: Router.ingressNginx({ host: 'shop.example.com' }),
      stable: { image: image(stable) },
      canary: { image: image(canary) },
      weight: o.weight ?? 0,
      canaryReplicas: o.canaryPods === undefined ? undefined : CanaryReplicas.fixed(o.canaryPods),
      container,
    });
    const migrate = (build: (c: Chart) => CanaryIngress, phase: MigrationPhase) => () => {
      const c = chart();
      const release = build(c);
      const props: SchemaMigrationProps = {
        release: MigrationRelease.canary(release),
        schemaVersions,
        phase,
        schemaVersion: phase === MigrationPhase.EXPAND ? 8 : 9,
        removesSchema: phase === MigrationPhase.EXPAND ? undefined : 7,
        runner,
      };
      new SchemaMigration(c, 'migration', props);
      return synthValid(c);
    };

    test('the expand may run while stable runs the old version and the canary the new one', () => {
      expect(migrate(c => storefront(c, '1.0.0', '1.1.0', { weight: 5 }), MigrationPhase.EXPAND)).not.toThrow();
    });

    test('a contract is refused while the stable track runs the old image', () => {
      expect(migrate(c => storefront(c, '1.0.0', '1.1.0', { weight: 100 }), MigrationPhase.CONTRACT))
        .toThrow(/while the stable track runs registry\.example\.com\/shop:1\.0\.0\).*Fix: promote first/);
    });

    test('a contract is refused while the canary runs a version that reads the old schema', () => {
      expect(migrate(c => storefront(c, '1.1.0', '1.0.0', { weight: 5 }), MigrationPhase.CONTRACT))
        .toThrow(/while the canary track runs registry\.example\.com\/shop:1\.0\.0\).*Fix: give canary\.image a version that reads schema 8 or later/);
    });

    test('a contract is written once stable is promoted, and a canary with no pods runs nothing', () => {
      expect(migrate(c => storefront(c, '1.1.0', '1.1.0'), MigrationPhase.CONTRACT)).not.toThrow();
      expect(migrate(c => storefront(c, '1.1.0', '1.0.0', { canaryPods: 0 }), MigrationPhase.CONTRACT)).not.toThrow();
    });
  });

  describe('beside a GracefulDeployment released by rolling update', () => {
    const migrate = (version: string, phase: MigrationPhase) => () => {
      const c = chart();
      const api = new GracefulDeployment(c, 'api', { app: 'api', containers: [{ image: image(version), ...container }] });
      new SchemaMigration(c, 'migration', {
        release: MigrationRelease.rollingUpdate(api),
        schemaVersions,
        phase,
        schemaVersion: phase === MigrationPhase.EXPAND ? 8 : 9,
        removesSchema: phase === MigrationPhase.EXPAND ? undefined : 7,
        runner,
      });
      return synthValid(c);
    };

    test('the Job selects the Deployment\'s own pods, and a contract waits for the rollout to the new version', () => {
      const job = only(migrate('1.1.0', MigrationPhase.CONTRACT)(), 'Job');
      expect(JSON.parse(job.metadata.annotations['cdk8s-zero-downtime.io/schema-readers']).selector).toEqual({ 'app.kubernetes.io/name': 'api' });
      expect(migrate('1.0.0', MigrationPhase.CONTRACT)).toThrow(/while Deployment api runs .*Fix: roll api out to a version that reads schema 8 or later/);
    });
  });

  describe('refuses', () => {
    const refuse = (props: Partial<SchemaMigrationProps>, o: Parameters<typeof shop>[1] = {}) => () => {
      const c = chart();
      new SchemaMigration(c, 'm', expand(shop(c, o), props));
    };

    test('an expand that leaves a running version without the schema it reads', () => {
      expect(refuse({ schemaVersion: 7 })).toThrow(/invalid 'schemaVersion' \(received 7\): green runs registry\.example\.com\/shop:1\.1\.0 \(3 pods\), version 1\.1\.0, which reads schema 8/);
    });

    test('a running image with no schema version', () => {
      expect(refuse({}, { green: '1.2.0' })).toThrow(/invalid 'schemaVersions' \(received no entry for "registry\.example\.com\/shop:1\.2\.0", which green runs\).*Fix: add '1\.2\.0': <the schema version it reads>/);
    });

    test('a PostSync hook, which would run after the new version serves', () => {
      expect(refuse({ hook: GitOpsHook.ARGO_CD_POST_SYNC })).toThrow(/invalid 'hook' \(received "ARGO_CD_POST_SYNC"\): an expand must run before the new version serves/);
    });

    test('Flux in the release\'s own chart, where the Job would race the new pods', () => {
      expect(refuse({ hook: GitOpsHook.FLUX })).toThrow(/invalid 'hook' \(received GitOpsHook\.FLUX in chart test with blue\).*dependsOn/);
    });

    test('a sync wave that does not come before the Deployments, or with another tool', () => {
      expect(refuse({ argoCdSyncWave: 0 })).toThrow(/invalid 'argoCdSyncWave' \(received 0\)/);
      expect(refuse({ hook: GitOpsHook.NONE, argoCdSyncWave: -2 })).toThrow(/invalid 'argoCdSyncWave' \(received -2\)/);
    });

    test('removesSchema on an expand, bad schema versions and an unpinned runner', () => {
      expect(refuse({ removesSchema: 7 })).toThrow(/invalid 'removesSchema' \(received 7\): an expand only adds/);
      expect(refuse({ schemaVersions: {} })).toThrow(/invalid 'schemaVersions' \(received \{\}\)/);
      expect(refuse({ schemaVersions: { ...schemaVersions, '1.2.0': 1.5 } })).toThrow(/invalid 'schemaVersions\["1\.2\.0"\]' \(received 1\.5\)/);
      expect(refuse({ schemaVersion: 0 })).toThrow(/invalid 'schemaVersion' \(received 0\)/);
      expect(refuse({ runner: { image: 'flyway/flyway' } })).toThrow(/invalid 'runner\.image' \(received "flyway\/flyway"\)/);
    });

    test('unbounded Jobs, root, and environment references the kubelet would not expand', () => {
      expect(refuse({ runner: { ...runner, backoffLimit: 50 } })).toThrow(/invalid 'runner\.backoffLimit' \(received 50\)/);
      expect(refuse({ runner: { ...runner, activeDeadline: Duration.millis(500) } })).toThrow(/invalid 'runner\.activeDeadline'/);
      expect(refuse({ runner: { ...runner, user: 0 } })).toThrow(/invalid 'runner\.user' \(received 0\)/);
      expect(refuse({ runner: { ...runner, env: { URL: EnvValue.fromValue('$(HOST)/db'), HOST: EnvValue.fromValue('db') } } }))
        .toThrow(/invalid 'runner\.env\["URL"\]' \(received "\$\(HOST\)\/db"\)/);
    });

    test('a SQL file that cannot be read, and a name with no room for the digest', () => {
      expect(refuse({ sqlFiles: ['no/such/V8.sql'] })).toThrow(/invalid 'sqlFiles\[0\]' \(received "no\/such\/V8\.sql"\): the file cannot be read \(no such file/);
      expect(refuse({ name: 'a'.repeat(53) })).toThrow(/invalid 'name'/);
    });

    test('a migration without a release', () => {
      expect(refuse({ release: undefined as unknown as MigrationRelease })).toThrow(/invalid 'release' \(received nothing\)/);
    });
  });

  test('the default child is the Job, for the escape hatch', () => {
    const c = chart();
    const m = new SchemaMigration(c, 'm', expand(shop(c)));
    expect(ApiObject.of(m)).toBe(m.job);
    expect(allOf(synthValid(c), 'Job')).toHaveLength(1);
  });
});
