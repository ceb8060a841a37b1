import { createHash } from 'crypto';

/**
 * Kubernetes naming rules that the schema does not check but the API server does.
 */

// RFC 1123 label: what Deployment, Service and Ingress names should be (pods inherit them).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Label values: at most 63 characters, alphanumerics with - _ . inside.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// Label keys: an optional DNS subdomain prefix and a name part like a label value.
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) { return false; }
  return name.length <= 63 && LABEL_KEY_NAME.test(name);
}

export const DNS_LABEL_RULE = 'at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';
export const LABEL_VALUE_RULE = 'at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';

/** Label that carries the app name; part of every selector. */
export const DEFAULT_APP_LABEL_KEY = 'app.kubernetes.io/name';
/** Label that carries the role, when a Deployment has one. */
export const ROLE_LABEL_KEY = 'app.kubernetes.io/component';

/** Hex digits of the content hash in a config object's name. */
const CONTENT_HASH_LENGTH = 10;

/**
 * `<base>-<hash>`, the hash taken over every key and value of a ConfigMap's or Secret's content
 * (keys sorted, so the order they were written in does not count).
 */
export function contentHashedName(base: string, content: { [key: string]: string }): string {
  const entries = Object.keys(content ?? {}).sort().map(k => [k, content[k]]);
  return `${base}-${createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, CONTENT_HASH_LENGTH)}`;
}

/** Whether `name` is `contentHashedName(base, content)` for some base. */
export function isContentHashedName(name: string, content: { [key: string]: string }): boolean {
  const m = new RegExp(`^(.+)-[0-9a-f]{${CONTENT_HASH_LENGTH}}$`).exec(name);
  return m !== null && contentHashedName(m[1], content) === name;
}
