/**
 * Kept only so that src/plugin/ (which imports from here) still compiles: the model of a
 * transition is src/check/model.ts. Import that instead; this file goes once nothing imports it.
 */
export * from './model';
