import type { EnvVarSource } from 'kubernetes-types/core/v1';
import { checkArgs } from './jsii-props';

/**
 * A ConfigMap, by name. A cdk8s-plus `ConfigMap` (or `ConfigMap.fromConfigMapName`) is one.
 */
export interface IConfigMapReference {
  /** The ConfigMap's name. */
  readonly name: string;
}

/**
 * A Secret, by name. A cdk8s-plus `Secret` (or `Secret.fromSecretName`) is one.
 */
export interface ISecretReference {
  /** The Secret's name. */
  readonly name: string;
}

/**
 * A container, by name. A cdk8s-plus `Container` is one.
 */
export interface IContainerReference {
  /** The container's name. */
  readonly name: string;
}

/**
 * One key of a Secret.
 */
export interface SecretValue {
  /** The Secret. */
  readonly secret: ISecretReference;

  /** The key whose value is read. */
  readonly key: string;
}

/**
 * Options for `EnvValue.fromConfigMap`.
 */
export interface EnvValueFromConfigMapOptions {
  /**
   * Start the container even when the ConfigMap or its key is missing.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Options for `EnvValue.fromSecretValue`.
 */
export interface EnvValueFromSecretOptions {
  /**
   * Start the container even when the Secret or its key is missing.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Options for `EnvValue.fromFieldRef`.
 */
export interface EnvValueFromFieldRefOptions {
  /**
   * The API version the field path is written in.
   *
   * @default - "v1"
   */
  readonly apiVersion?: string;

  /**
   * The label or annotation to read; required for `EnvFieldPaths.POD_LABEL` and
   * `EnvFieldPaths.POD_ANNOTATION`.
   *
   * @default - none
   */
  readonly key?: string;
}

/**
 * Options for `EnvValue.fromResource`.
 */
export interface EnvValueFromResourceOptions {
  /**
   * The container whose resources are read.
   *
   * @default - the container the variable belongs to
   */
  readonly container?: IContainerReference;

  /**
   * The unit the value is divided by, e.g. "1m" or "1Mi".
   *
   * @default "1"
   */
  readonly divisor?: string;
}

/**
 * Fields of the pod that an environment variable can read (the downward API).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/downward-api/
 */
export enum EnvFieldPaths {
  /** The pod's name. */
  POD_NAME = 'metadata.name',
  /** The pod's namespace. */
  POD_NAMESPACE = 'metadata.namespace',
  /** The pod's UID. */
  POD_UID = 'metadata.uid',
  /** One label of the pod; give its `key`. */
  POD_LABEL = 'metadata.labels',
  /** One annotation of the pod; give its `key`. */
  POD_ANNOTATION = 'metadata.annotations',
  /** The pod's primary IP address. */
  POD_IP = 'status.podIP',
  /** The pod's service account. */
  SERVICE_ACCOUNT_NAME = 'spec.serviceAccountName',
  /** The node the pod runs on. */
  NODE_NAME = 'spec.nodeName',
  /** The IP address of the node the pod runs on. */
  NODE_IP = 'status.hostIP',
  /** The pod's IP addresses, IPv4 and IPv6. */
  POD_IPS = 'status.podIPs',
}

/**
 * Requests and limits of a container that an environment variable can read.
 */
export enum ResourceFieldPaths {
  /** The CPU limit. */
  CPU_LIMIT = 'limits.cpu',
  /** The memory limit. */
  MEMORY_LIMIT = 'limits.memory',
  /** The CPU request. */
  CPU_REQUEST = 'requests.cpu',
  /** The memory request. */
  MEMORY_REQUEST = 'requests.memory',
  /** The ephemeral storage limit. */
  STORAGE_LIMIT = 'limits.ephemeral-storage',
  /** The ephemeral storage request. */
  STORAGE_REQUEST = 'requests.ephemeral-storage',
}

/**
 * The value of an environment variable: a literal, or a reference the kubelet resolves when it
 * creates the container.
 *
 * The same factories, with the same meaning, as cdk8s-plus's `EnvValue`, so code written for
 * cdk8s-plus only changes its import. `fromProcess` is left out on purpose: it copies the
 * environment of the machine that synthesizes, so two machines would commit different YAML.
 *
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
 */
export class EnvValue {
  /**
   * A literal value.
   *
   * @param value the value
   */
  public static fromValue(value: string): EnvValue {
    checkArgs(undefined, 'EnvValue', 'fromValue', [value]);
    return new EnvValue(value, undefined);
  }

  /**
   * One key of a ConfigMap.
   *
   * @param configMap the ConfigMap
   * @param key the key whose value is read
   */
  public static fromConfigMap(configMap: IConfigMapReference, key: string, options: EnvValueFromConfigMapOptions = {}): EnvValue {
    checkArgs(undefined, 'EnvValue', 'fromConfigMap', [configMap, key, options]);
    return new EnvValue(undefined, { configMapKeyRef: { key, name: configMap.name, optional: options.optional } });
  }

  /**
   * One key of a Secret.
   *
   * @param secretValue the Secret and the key
   */
  public static fromSecretValue(secretValue: SecretValue, options: EnvValueFromSecretOptions = {}): EnvValue {
    checkArgs(undefined, 'EnvValue', 'fromSecretValue', [secretValue, options]);
    return new EnvValue(undefined, { secretKeyRef: { key: secretValue.key, name: secretValue.secret.name, optional: options.optional } });
  }

  /**
   * A field of the pod (the downward API). `POD_LABEL` and `POD_ANNOTATION` need `options.key`.
   *
   * @param fieldPath the field
   */
  public static fromFieldRef(fieldPath: EnvFieldPaths, options: EnvValueFromFieldRefOptions = {}): EnvValue {
    checkArgs(undefined, 'EnvValue', 'fromFieldRef', [fieldPath, options]);
    const keyed = fieldPath === EnvFieldPaths.POD_LABEL || fieldPath === EnvFieldPaths.POD_ANNOTATION;
    // Without a key, `metadata.labels` is kept as it is, and the container refuses it
    // (checkEnvReferences), where the construct path and the variable's name are known.
    const path = keyed && options.key !== undefined ? `${fieldPath}['${options.key}']` : fieldPath;
    return new EnvValue(undefined, { fieldRef: { ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}), fieldPath: path } });
  }

  /**
   * A request or limit of a container of the pod.
   *
   * @param resource the request or limit
   */
  public static fromResource(resource: ResourceFieldPaths, options: EnvValueFromResourceOptions = {}): EnvValue {
    checkArgs(undefined, 'EnvValue', 'fromResource', [resource, options]);
    return new EnvValue(undefined, {
      resourceFieldRef: {
        ...(options.container ? { containerName: options.container.name } : {}),
        ...(options.divisor ? { divisor: options.divisor } : {}),
        resource,
      },
    });
  }

  /**
   * The literal value, when there is one.
   */
  public readonly value?: any;

  /**
   * The reference (`valueFrom`), as Kubernetes writes it, when the value is not a literal.
   */
  public readonly valueFrom?: any;

  // References keep their fields in the order Kubernetes' generated types (and cdk8s-plus) write
  // them: a Job named after a digest of its spec (SchemaMigration) keeps its name.
  private constructor(value: string | undefined, valueFrom: EnvVarSource | undefined) {
    this.value = value;
    this.valueFrom = valueFrom;
  }
}
