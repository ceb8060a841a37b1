import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Volume as KubeVolume } from 'kubernetes-types/core/v1';
import { invalidProp } from '../core/errors';
import { checkArgs } from '../core/jsii-props';
import { DNS_LABEL_RULE, isDnsLabel } from '../core/names';

/**
 * Options for `Volume.emptyDir`.
 */
export interface EmptyDirOptions {
  /**
   * Most the volume may hold; a pod that writes more is evicted.
   *
   * @default - no limit of its own (the node's ephemeral storage, and the container's limit)
   */
  readonly sizeLimit?: Size;

  /**
   * Keep the volume in memory (tmpfs). Fast, and counted against the container's memory limit.
   *
   * @default false
   */
  readonly memory?: boolean;
}

/**
 * Options for `Volume.configMap` and `Volume.secret`.
 */
export interface KeysVolumeOptions {
  /**
   * Start the pod even when the ConfigMap or Secret does not exist (the volume is then empty).
   *
   * @default false
   */
  readonly optional?: boolean;

  /**
   * Only these keys, each at the given path inside the volume.
   *
   * @default - every key, as a file named after it
   */
  readonly items?: { [key: string]: string };
}

/**
 * Options for `Volume.persistentVolumeClaim`.
 */
export interface ClaimVolumeOptions {
  /**
   * Mount the claim read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * What `Volume.projected` combines into one directory.
 */
export interface ProjectedVolumeOptions {
  /**
   * ConfigMaps whose keys appear in the volume.
   *
   * @default - none
   */
  readonly configMaps?: string[];

  /**
   * Secrets whose keys appear in the volume.
   *
   * @default - none
   */
  readonly secrets?: string[];

  /**
   * A service account token for this audience, at `token` in the volume (rotated by the kubelet).
   *
   * @default - no token
   */
  readonly serviceAccountTokenAudience?: string;
}

enum VolumeKind { EMPTY_DIR, CONFIG_MAP, SECRET, CLAIM, PROJECTED }

/**
 * A volume of a pod. Mount it into a container with `mounts`; every volume a container mounts
 * is declared once on the pod.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
export class Volume {
  /**
   * A scratch directory that lives as long as the pod: the place for caches and temporary
   * files when the root filesystem is read-only.
   */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    checkArgs(undefined, 'Volume', 'emptyDir', [name, options]);
    return new Volume(VolumeKind.EMPTY_DIR, name, options);
  }

  /**
   * The keys of a ConfigMap, one file each.
   */
  public static configMap(name: string, configMapName: string, options: KeysVolumeOptions = {}): Volume {
    checkArgs(undefined, 'Volume', 'configMap', [name, configMapName, options]);
    return new Volume(VolumeKind.CONFIG_MAP, name, options, configMapName);
  }

  /**
   * The keys of a Secret, one file each.
   */
  public static secret(name: string, secretName: string, options: KeysVolumeOptions = {}): Volume {
    checkArgs(undefined, 'Volume', 'secret', [name, secretName, options]);
    return new Volume(VolumeKind.SECRET, name, options, secretName);
  }

  /**
   * A PersistentVolumeClaim. With several replicas the claim must allow several writers
   * (ReadWriteMany) or be mounted read-only, or pods of a rollout cannot start beside the old ones.
   */
  public static persistentVolumeClaim(name: string, claimName: string, options: ClaimVolumeOptions = {}): Volume {
    checkArgs(undefined, 'Volume', 'persistentVolumeClaim', [name, claimName, options]);
    return new Volume(VolumeKind.CLAIM, name, options, claimName);
  }

  /**
   * ConfigMaps, Secrets and a service account token in one directory.
   */
  public static projected(name: string, options: ProjectedVolumeOptions): Volume {
    checkArgs(undefined, 'Volume', 'projected', [name, options]);
    return new Volume(VolumeKind.PROJECTED, name, options);
  }

  /** Name of the volume in the pod. */
  public readonly name: string;

  private constructor(
    private readonly kind: VolumeKind,
    name: string,
    private readonly options: EmptyDirOptions & KeysVolumeOptions & ClaimVolumeOptions & ProjectedVolumeOptions,
    private readonly source?: string,
  ) {
    this.name = name;
  }

  /**
   * The pod's volume entry, refusing what the API server would reject.
   *
   * @internal
   */
  public _render(scope: IConstruct, prop: string): KubeVolume {
    if (typeof this.name !== 'string' || !isDnsLabel(this.name)) {
      throw invalidProp(scope, { prop: `${prop}.volume.name`, value: this.name, problem: `a volume name must be ${DNS_LABEL_RULE}`, fix: 'name it like "cache"' });
    }
    const o = this.options;
    const items = o.items && Object.entries(o.items).map(([key, path]) => ({ key, path }));
    switch (this.kind) {
      case VolumeKind.EMPTY_DIR:
        return { name: this.name, emptyDir: { medium: o.memory ? 'Memory' : undefined, sizeLimit: o.sizeLimit && `${o.sizeLimit.toMebibytes()}Mi` } };
      case VolumeKind.CONFIG_MAP:
        return { name: this.name, configMap: { name: this.requireSource(scope, prop, 'ConfigMap'), optional: o.optional, items } };
      case VolumeKind.SECRET:
        return { name: this.name, secret: { secretName: this.requireSource(scope, prop, 'Secret'), optional: o.optional, items } };
      case VolumeKind.CLAIM:
        return { name: this.name, persistentVolumeClaim: { claimName: this.requireSource(scope, prop, 'PersistentVolumeClaim'), readOnly: o.readOnly } };
      case VolumeKind.PROJECTED: {
        const sources = [
          ...(o.configMaps ?? []).map(n => ({ configMap: { name: n } })),
          ...(o.secrets ?? []).map(n => ({ secret: { name: n } })),
          ...(o.serviceAccountTokenAudience ? [{ serviceAccountToken: { audience: o.serviceAccountTokenAudience, path: 'token' } }] : []),
        ];
        if (sources.length === 0) {
          throw invalidProp(scope, { prop: `${prop}.volume`, value: this.name, problem: 'a projected volume needs at least one source', fix: 'give configMaps, secrets or serviceAccountTokenAudience' });
        }
        return { name: this.name, projected: { sources } };
      }
    }
  }

  private requireSource(scope: IConstruct, prop: string, kind: string): string {
    if (typeof this.source !== 'string' || !isDnsLabel(this.source)) {
      throw invalidProp(scope, { prop: `${prop}.volume`, value: this.source, problem: `the ${kind} name must be ${DNS_LABEL_RULE}`, fix: `give the name of an existing ${kind}` });
    }
    return this.source;
  }
}

/**
 * Where a container sees a volume.
 */
export interface VolumeMount {
  /** The volume. */
  readonly volume: Volume;

  /** The absolute path in the container. */
  readonly path: string;

  /**
   * Mount it read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Only this path inside the volume. A ConfigMap or Secret mounted with a subPath does not
   * receive updates.
   *
   * @default - the whole volume
   */
  readonly subPath?: string;
}
