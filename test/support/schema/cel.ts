import { CelFunc, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import type { Schema } from './schema';

/**
 * The `x-kubernetes-validations` rules of CRDs, evaluated with @bufbuild/cel as the API server
 * evaluates them with cel-go (apiextensions-apiserver `pkg/apiserver/schema/cel/validation.go`):
 * at the schema node that declares the rule, with `self` bound to that node's value after OpenAPI
 * defaults, typed by the schema (integers as CEL `int`, objects with properties as messages whose
 * field names are escaped, maps as maps). Transition rules (those reading `oldSelf`) need the
 * object already in the cluster and are skipped: the manifests are always new here.
 */

/**
 * The Kubernetes CEL library functions (apiserver `pkg/cel/library`: `isURL`, `url()`,
 * `quantity()`, `format.dns1123Label()`, `ip()`...) that the CRDs we validate against call. The
 * rules of Gateway API v1.2.1 and v1.6.1 (standard and experimental), Argo Rollouts v1.9.1 and
 * prometheus-operator v0.93.0 call only standard CEL (`size`, `matches`, `startsWith`,
 * `endsWith`, `contains`, `duration`, `in`) and macros (`has`, `all`, `exists`, `exists_one`,
 * `filter`), so the list is empty. A rule calling anything else fails when its CRD is loaded
 * (see `compileRule`): add the function here, written from the Kubernetes library's
 * documented behaviour, when a CRD starts using it.
 */
export const KUBERNETES_FUNCTIONS: CelFunc[] = [];

const ENV = celEnv({ funcs: KUBERNETES_FUNCTIONS });

/** Operators that the @bufbuild/cel planner evaluates itself rather than through its function table. */
const PLANNER_OPERATORS = new Set(['_[_]', '_[?_]', '_?._', '_?_:_', '_&&_', '_||_', '@not_strictly_false', '__not_strictly_false__']);

/** A rule ready to run; `undefined` from `compileRule` for transition rules. */
export interface CompiledRule {
  readonly rule: string;
  readonly message: string;
  run(self: unknown): { ok: true } | { ok: false; error?: string };
}

interface ExprNode {
  exprKind: { case: string | undefined; value?: any };
}

function walkExpr(e: ExprNode | undefined, visit: (e: ExprNode) => void): void {
  if (!e) { return; }
  visit(e);
  const v = e.exprKind.value;
  switch (e.exprKind.case) {
    case 'callExpr':
      walkExpr(v.target, visit);
      v.args.forEach((a: ExprNode) => walkExpr(a, visit));
      break;
    case 'selectExpr':
      walkExpr(v.operand, visit);
      break;
    case 'listExpr':
      v.elements.forEach((a: ExprNode) => walkExpr(a, visit));
      break;
    case 'structExpr':
      v.entries.forEach((entry: any) => {
        if (entry.keyKind.case === 'mapKey') { walkExpr(entry.keyKind.value, visit); }
        walkExpr(entry.value, visit);
      });
      break;
    case 'comprehensionExpr':
      for (const k of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result']) { walkExpr(v[k], visit); }
      break;
    default:
      break;
  }
}

/** The functions and methods an expression calls (macros are already expanded by the parser). */
export function calledFunctions(rule: string): string[] {
  const names = new Set<string>();
  walkExpr(parse(rule).expr as ExprNode, e => {
    if (e.exprKind.case === 'callExpr') { names.add(e.exprKind.value.function); }
  });
  return [...names].sort();
}

function readsOldSelf(rule: string): boolean {
  let found = false;
  walkExpr(parse(rule).expr as ExprNode, e => {
    if (e.exprKind.case === 'identExpr' && e.exprKind.value.name === 'oldSelf') { found = true; }
  });
  return found;
}

const compiled = new Map<string, CompiledRule | undefined>();

/**
 * Parses and plans a rule once. Throws when the rule calls a function that neither CEL nor
 * KUBERNETES_FUNCTIONS defines: evaluating it would otherwise fail only when the call is reached,
 * and a rule whose call sits in a branch not taken would pass silently.
 */
export function compileRule(rule: string, message: string | undefined): CompiledRule | undefined {
  const key = `${rule}\u0000${message ?? ''}`;
  if (compiled.has(key)) { return compiled.get(key); }
  const unknown = calledFunctions(rule).filter(f => !PLANNER_OPERATORS.has(f) && !ENV.funcs.find(f));
  if (unknown.length > 0) {
    throw new Error(`CEL rule ${JSON.stringify(rule)} calls ${unknown.join(', ')}, which test/support/schema/cel.ts does not implement: add it to KUBERNETES_FUNCTIONS`);
  }
  let result: CompiledRule | undefined;
  if (!readsOldSelf(rule)) {
    const evaluate = plan(ENV, parse(rule));
    result = {
      rule,
      message: message ?? `failed rule: ${rule}`,
      run(self: unknown) {
        const value = evaluate({ self: self as any });
        if (isCelError(value)) { return { ok: false, error: value.message }; }
        if (value !== true && value !== false) { return { ok: false, error: `the rule gave ${String(value)}, not a bool` }; }
        return { ok: value };
      },
    };
  }
  compiled.set(key, result);
  return result;
}

// apiserver `pkg/cel/escaping.go` (Escape): how a property name becomes a CEL field name.
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function',
  'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** The CEL field name of a property, or undefined when Kubernetes cannot expose it to CEL. */
export function escapeField(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) { return undefined; }
  if (RESERVED.has(name)) { return `__${name}__`; }
  if (/[^A-Za-z0-9_./-]/.test(name)) { return undefined; }
  return name.replace(/__|[./-]/g, s => ({ '__': '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' } as any)[s]);
}

/**
 * A JSON value as CEL sees it under `schema` (apiserver `pkg/cel/types.go` SchemaDeclType):
 * `integer` and integral int-or-string values are `int`, `number` is `double`, an object with
 * properties is an object whose escaped fields are those present, a map keeps its keys, and a
 * value with no declared structure (x-kubernetes-preserve-unknown-fields) is dynamic. Kubernetes
 * also types `date-time` and `duration` formatted strings as timestamp and duration; they stay
 * strings here, as no rule of the CRDs we load reads such a field (they call `duration()` on
 * plain strings).
 */
export function toCel(value: unknown, schema: Schema | undefined, resolve: (s: Schema) => Schema): unknown {
  const s = schema ? resolve(schema) : undefined;
  if (value === null || value === undefined) { return null; }
  if (typeof value === 'number') {
    if (s?.type === 'number') { return value; }
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) { return value.map(v => toCel(v, s?.items, resolve)); }
  if (typeof value === 'object') {
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const declared = s?.properties?.[k];
      if (declared) {
        const field = escapeField(k);
        if (field !== undefined) { out.set(field, toCel(v, declared, resolve)); }
      } else {
        const values = typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined;
        out.set(k, toCel(v, values, resolve));
      }
    }
    return out;
  }
  return value;
}
