/**
 * Argo Rollouts' verdict on one measurement, for the conditions an AnalysisGate emits.
 *
 * The conditions use a small part of Argo's expression language (expr-lang): `len(result)`,
 * `result[0]`, number literals, comparisons, `||` and `&&`, which read the same in JavaScript.
 * Anything else is refused here rather than guessed. As in expr-lang, indexing past the end of
 * `result` is an error, which Argo reports as the phase Error.
 * The mapping of the two conditions to a phase follows Argo's utils/evaluate EvaluateResult.
 */
export type ArgoPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

const ALLOWED = /^(len\(result\)|result\[\d+\]|[\d.]+|==|!=|<=|>=|<|>|\|\||&&|\s)+$/;

function evalCondition(condition: string, values: number[]): boolean {
  if (!ALLOWED.test(condition)) { throw new Error(`condition outside the expected subset: ${condition}`); }
  const result = new Proxy(values, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) >= target.length) {
        throw new Error(`index out of range: ${key} with length ${target.length}`);
      }
      return Reflect.get(target, key);
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fn = new Function('result', 'len', `return (${condition});`);
  const out = fn(result, (x: number[]) => x.length);
  if (typeof out !== 'boolean') { throw new Error(`condition did not return a boolean: ${condition}`); }
  return out;
}

export function argoPhase(metric: { successCondition?: string; failureCondition?: string }, values: number[]): ArgoPhase {
  if (!metric.successCondition && !metric.failureCondition) { return 'Successful'; }
  let success = false;
  let failure = false;
  try {
    if (metric.successCondition) { success = evalCondition(metric.successCondition, values); }
    if (metric.failureCondition) { failure = evalCondition(metric.failureCondition, values); }
  } catch {
    return 'Error';
  }
  if (metric.successCondition && !metric.failureCondition) { failure = !success; }
  if (!metric.successCondition && metric.failureCondition) { success = !failure; }
  if (failure) { return 'Failed'; }
  if (!success) { return 'Inconclusive'; }
  return 'Successful';
}
