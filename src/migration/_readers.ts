/**
 * What a migration Job says about the app that reads its schema, in its own YAML, so that the
 * transition checker (src/check/rules/contract-while-old-version-runs.ts) can judge a
 * commit from the manifests alone. The keys and the JSON shape below are that contract: the
 * checker reads them without importing this file.
 *
 * Private to src/migration/.
 */

/** Label: `expand` or `contract`. */
export const PHASE_LABEL = 'cdk8s-zero-downtime.io/migration-phase';
/** Label: the schema version the database is at after the migration. */
export const SCHEMA_VERSION_LABEL = 'cdk8s-zero-downtime.io/schema-version';
/** Annotation: the JSON of `SchemaReaders`. */
export const READERS_ANNOTATION = 'cdk8s-zero-downtime.io/schema-readers';

/** Who reads the schema, and which schema each version reads. */
export interface SchemaReaders {
  /** Pod labels of every workload of the app that reads the schema (same namespace as the Job). */
  readonly selector: { [key: string]: string };
  /** The container whose image tells the version. */
  readonly container: string;
  /** Image, tag or digest → the schema version it reads. */
  readonly schemaVersions: { [imageOrTag: string]: number };
  /** Contract only: versions that read this schema version or an older one break. */
  readonly removesSchema?: number;
}

/**
 * The schema version an image reads: by the full image first, then its digest, then its tag.
 * Own keys only, so that "constructor" is not a version.
 */
export function schemaVersionOf(image: string, versions: { [imageOrTag: string]: number }): { key: string; version: number } | undefined {
  const own = (key: string | undefined) => key !== undefined && Object.prototype.hasOwnProperty.call(versions, key);
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  const tag = colon >= 0 ? name.slice(colon + 1) : undefined;
  for (const key of [image, digest, tag]) {
    if (own(key)) { return { key: key!, version: versions[key!] }; }
  }
  return undefined;
}
