/**
 * The subset of OpenAPI (v2 for Kubernetes' own definitions, v3 for CRDs) that Kubernetes schemas
 * use, and how this validator reads it. Both dialects are walked by one validator (validate.ts):
 * neither needs more than these keywords, and the Kubernetes extensions (`x-kubernetes-*`) are
 * easier to honour in a walker of our own than as plugins of a generic JSON-schema engine.
 */
export interface Schema extends KubernetesExtensions {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: { [name: string]: Schema };
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
  default?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

/** The Kubernetes keywords (apiextensions-apiserver `pkg/apis/apiextensions/types_jsonschema.go`). */
export interface KubernetesExtensions {
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string; messageExpression?: string; fieldPath?: string }>;
}

/** Where a schema comes from and how its objects treat fields they do not declare. */
export interface SchemaSource {
  /** Shown in messages, e.g. `Kubernetes 1.28` or `Gateway API v1.6.1 standard`. */
  readonly name: string;
  /**
   * True for CRDs: structural-schema rules apply. Defaults are applied before validation, CEL
   * rules are evaluated, list-type map/set entries must be unique, and an object without
   * `properties` keeps no fields (apiextensions-apiserver prunes them) unless
   * x-kubernetes-preserve-unknown-fields. Kubernetes' own types are validated by Go code in the
   * API server, which the definitions only describe: there an object without properties
   * (RawExtension, FieldsV1) is free-form and list uniqueness is left to that code.
   */
  readonly structural: boolean;
  /** Resolves a `$ref` (Kubernetes' swagger-2 `#/definitions/...`); CRD schemas have none but their metadata's. */
  resolve(ref: string): Schema;
}

/**
 * Marks every object schema that declares its fields as closed (`additionalProperties: false`),
 * in memory, as the API server's strict field validation (`kubectl apply`, default since 1.27)
 * refuses unknown fields. Free maps keep their `additionalProperties`, and
 * x-kubernetes-preserve-unknown-fields objects stay open. Mutates and returns `schema`.
 */
export function closeObjects(schema: Schema, seen = new Set<Schema>()): Schema {
  if (seen.has(schema)) { return schema; }
  seen.add(schema);
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    schema.additionalProperties = false;
  }
  for (const child of Object.values(schema.properties ?? {})) { closeObjects(child, seen); }
  if (typeof schema.additionalProperties === 'object') { closeObjects(schema.additionalProperties, seen); }
  if (schema.items) { closeObjects(schema.items, seen); }
  for (const list of [schema.oneOf, schema.anyOf, schema.allOf]) { list?.forEach(s => closeObjects(s, seen)); }
  return schema;
}
