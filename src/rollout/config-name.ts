import { contentHashedName } from '../core/names';

/**
 * Names for ConfigMaps and Secrets that change with their content, like kustomize's
 * configMapGenerator: `ConfigName.hashed('api-config', data)` gives `api-config-<hash>`.
 *
 * Why: the kubelet updates a mounted ConfigMap or Secret in place on every running pod (within
 * its sync period, about a minute), so new content under an old name reaches the old pods before
 * a rollout has replaced them, all at once, and a failed rollout leaves them on it. Under a name
 * of its own, each content is a new object: the pods that refer to it roll out gracefully, the
 * old pods keep reading the old object, and reverting the commit brings the old object back.
 *
 * Use the name for the object and for every reference to it (`Volume.configMap`, `envFrom`):
 *
 * ```ts
 * const data = { 'envoy.yaml': envoyConfig };
 * const name = ConfigName.hashed('api-envoy', data);
 * new ApiObject(this, 'envoy-config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
 * const volume = Volume.configMap('envoy-config', name);
 * ```
 */
export class ConfigName {
  /**
   * `<baseName>-<hash>`: 10 hexadecimal digits of a SHA-256 over every key and value of the
   * content, in key order. Give the content exactly as the object carries it: for a ConfigMap
   * its `data` (and `binaryData`), for a Secret its `stringData` or `data`, all in one map.
   *
   * @param baseName the name without the hash; at most 52 characters for a name of at most 63
   * @param content every key and value of the object's data
   */
  public static hashed(baseName: string, content: { [key: string]: string }): string {
    return contentHashedName(baseName, content);
  }

  private constructor() {}
}
