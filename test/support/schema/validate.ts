import { compileRule, toCel } from './cel';
import type { Schema, SchemaSource } from './schema';

/**
 * Validates a JSON value against a Kubernetes schema and returns every problem as a message that
 * starts with the value's JSON path (`spec.template.spec.containers[0].name`), in the words the
 * API server uses where it has them (`unknown field ...`, `Required value`). The value is not
 * changed: defaults are applied to a copy.
 */
export function validateValue(value: unknown, schema: Schema, source: SchemaSource): string[] {
  const errors: string[] = [];
  let subject = value;
  if (source.structural) {
    // apiextensions-apiserver `pkg/apiserver/schema/defaulting/algorithm.go`: nulls of
    // non-nullable fields are pruned, then OpenAPI defaults are set, before any validation
    // (`pkg/registry/customresource/strategy.go`) and before the CEL rules see the object.
    subject = structuredClone(value);
    applyDefaults(subject, schema, source);
  }
  check(subject, schema, source, '', errors);
  return errors;
}

/** `a.b[0]` for identifiers, `labels["app.kubernetes.io/name"]` for other keys. */
export function child(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) { return path ? `${path}.${key}` : key; }
  return `${path}[${JSON.stringify(key)}]`;
}

function deref(schema: Schema, source: SchemaSource): Schema {
  let s = schema;
  for (let i = 0; s.$ref; i++) {
    if (i > 20) { throw new Error(`$ref loop at ${schema.$ref}`); }
    s = source.resolve(s.$ref);
  }
  return s;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function applyDefaults(value: unknown, schema: Schema | undefined, source: SchemaSource): void {
  if (!schema) { return; }
  const s = deref(schema, source);
  if (isObject(value)) {
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      const declared = deref(prop, source);
      if (value[key] === null && !declared.nullable) { delete value[key]; }
      if (!(key in value) && declared.default !== undefined) { value[key] = structuredClone(declared.default); }
    }
    for (const [key, v] of Object.entries(value)) {
      const prop = s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (prop) { applyDefaults(v, prop, source); }
    }
  } else if (Array.isArray(value) && s.items) {
    value.forEach(v => applyDefaults(v, s.items, source));
  }
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) { return 'array'; }
  if (typeof value === 'number') { return Number.isInteger(value) ? 'integer' : 'number'; }
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const patterns = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let r = patterns.get(pattern);
  if (!r) {
    // Kubernetes evaluates OpenAPI patterns with Go's RE2; the CRDs' patterns are also valid
    // ECMAScript, with Unicode semantics where the pattern allows them.
    try { r = new RegExp(pattern, 'u'); } catch { r = new RegExp(pattern); }
    patterns.set(pattern, r);
  }
  return r;
}

function check(value: unknown, schema: Schema, source: SchemaSource, path: string, errors: string[]): void {
  const s = deref(schema, source);
  const where = path || '(the object)';
  if (value === null || value === undefined) {
    // The API server decodes null as "not set" (Go zero value); CRDs prune non-nullable nulls.
    return;
  }
  const before = errors.length;

  if (s['x-kubernetes-int-or-string']) {
    if (jsonType(value) !== 'integer' && typeof value !== 'string') {
      errors.push(`${where} must be integer or string, got ${jsonType(value)}`);
      return;
    }
  } else if (s.type && !hasType(value, s.type)) {
    errors.push(`${where} must be ${s.type}, got ${jsonType(value)}`);
    return;
  }

  for (const [keyword, branches] of [['oneOf', s.oneOf], ['anyOf', s.anyOf]] as const) {
    if (!branches) { continue; }
    const passing = branches.filter(b => { const e: string[] = []; check(value, b, source, path, e); return e.length === 0; }).length;
    if (passing === 0 || (keyword === 'oneOf' && passing > 1)) {
      const types = branches.map(b => deref(b, source).type).filter(t => t);
      const expected = types.length === branches.length ? types.join(' or ') : `${keyword} of its ${branches.length} schemas`;
      errors.push(`${where} must be ${expected}, got ${jsonType(value)}${passing > 1 ? ' matching several' : ''}`);
      return;
    }
  }
  s.allOf?.forEach(b => check(value, b, source, path, errors));

  if (s.enum && !s.enum.some(e => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${where} must be one of ${s.enum.map(e => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`);
  }

  if (typeof value === 'string') {
    const length = [...value].length;
    if (s.minLength !== undefined && length < s.minLength) { errors.push(`${where} must be at least ${s.minLength} characters, got ${JSON.stringify(value)}`); }
    if (s.maxLength !== undefined && length > s.maxLength) { errors.push(`${where} must be at most ${s.maxLength} characters, got ${length}`); }
    if (s.pattern !== undefined && !regex(s.pattern).test(value)) { errors.push(`${where} must match ${s.pattern}, got ${JSON.stringify(value)}`); }
    if (s.format === 'date-time' && !DATE_TIME.test(value)) { errors.push(`${where} must be an RFC 3339 date-time, got ${JSON.stringify(value)}`); }
  } else if (typeof value === 'number') {
    if (s.minimum !== undefined && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum)) {
      errors.push(`${where} must be ${s.exclusiveMinimum ? 'greater than' : 'at least'} ${s.minimum}, got ${value}`);
    }
    if (s.maximum !== undefined && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum)) {
      errors.push(`${where} must be ${s.exclusiveMaximum ? 'less than' : 'at most'} ${s.maximum}, got ${value}`);
    }
  } else if (Array.isArray(value)) {
    checkArray(value, s, source, path, errors);
  } else if (isObject(value)) {
    checkObject(value, s, source, path, errors);
  }

  // CEL rules see a value that the schema accepts, as the API server's do.
  if (source.structural && s['x-kubernetes-validations'] && errors.length === before) {
    for (const { rule, message } of s['x-kubernetes-validations']) {
      const compiled = compileRule(rule, message);
      if (!compiled) { continue; }
      const result = compiled.run(toCel(value, s, x => deref(x, source)));
      if (!result.ok) {
        errors.push(`${where}: ${compiled.message}${result.error ? ` (${result.error})` : ''} [rule: ${rule}]`);
      }
    }
  }
}

function checkArray(value: unknown[], s: Schema, source: SchemaSource, path: string, errors: string[]): void {
  const where = path || '(the object)';
  if (s.minItems !== undefined && value.length < s.minItems) { errors.push(`${where} must have at least ${s.minItems} items, got ${value.length}`); }
  if (s.maxItems !== undefined && value.length > s.maxItems) { errors.push(`${where} must have at most ${s.maxItems} items, got ${value.length}`); }
  const listType = s['x-kubernetes-list-type'];
  // apiextensions-apiserver `pkg/apiserver/schema/listtype/validation.go`: entries of a set, and
  // the keys of a map list, must be unique. Kubernetes' own types leave this to their Go code.
  if (s.uniqueItems || (source.structural && listType === 'set')) {
    const seen = new Set<string>();
    value.forEach((v, i) => {
      const k = JSON.stringify(v);
      if (seen.has(k)) { errors.push(`${path}[${i}]: Duplicate value: ${k}`); }
      seen.add(k);
    });
  }
  if (source.structural && listType === 'map' && s['x-kubernetes-list-map-keys']) {
    const keys = s['x-kubernetes-list-map-keys'];
    const seen = new Set<string>();
    value.forEach((v, i) => {
      if (!isObject(v)) { return; }
      const k = JSON.stringify(keys.map(key => v[key] ?? null));
      if (seen.has(k)) { errors.push(`${path}[${i}]: Duplicate value: ${JSON.stringify(Object.fromEntries(keys.map(key => [key, v[key]])))}`); }
      seen.add(k);
    });
  }
  if (s.items) { value.forEach((v, i) => check(v, s.items!, source, `${path}[${i}]`, errors)); }
}

const EMBEDDED_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function checkObject(value: Record<string, unknown>, s: Schema, source: SchemaSource, path: string, errors: string[]): void {
  const where = path || '(the object)';
  for (const key of s.required ?? []) {
    if (value[key] === undefined || value[key] === null) { errors.push(`${child(path, key)}: Required value`); }
  }
  const count = Object.keys(value).length;
  if (s.minProperties !== undefined && count < s.minProperties) { errors.push(`${where} must have at least ${s.minProperties} fields, got ${count}`); }
  if (s.maxProperties !== undefined && count > s.maxProperties) { errors.push(`${where} must have at most ${s.maxProperties} fields, got ${count}`); }
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  // A CRD object that declares neither properties nor additionalProperties keeps no fields
  // (structural pruning) unless it preserves unknown fields.
  const closed = s.additionalProperties === false
    || (source.structural && s.type === 'object' && !s.properties && s.additionalProperties === undefined && !preserve);
  for (const [key, v] of Object.entries(value)) {
    const prop = s.properties?.[key];
    if (prop) {
      check(v, prop, source, child(path, key), errors);
    } else if (typeof s.additionalProperties === 'object') {
      check(v, s.additionalProperties, source, child(path, key), errors);
    } else if (closed && !(s['x-kubernetes-embedded-resource'] && EMBEDDED_FIELDS.has(key))) {
      errors.push(`unknown field ${child(path, key)}`);
    }
  }
}
