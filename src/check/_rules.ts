/**
 * Kept only so that src/plugin/zero-downtime-validation.ts, which imports `RULES` from here,
 * still compiles: the rules live in src/check/rules/ (one file each) and the registry is
 * src/check/rules/index.ts. Import that instead; this file goes once nothing imports it.
 */
export { checkTransition, RULES } from './rules';
export type { RawFinding, Severity } from './rules';
