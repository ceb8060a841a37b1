/**
 * The plain scalars of the YAML 1.2 core schema exactly as the `yaml` package resolves them
 * (eemeli/yaml `src/schema/core/{bool,int,float}.ts`, `common/null.ts`; the YAML 1.2.2 spec,
 * section 10.3.2): `yes`, `on`, `0b101`, `1_000` and timestamps stay strings, `+.5` is a number.
 * Both fast readers of a state use this one table: js-yaml's schema (state.ts) and the block
 * reader (block-yaml.ts).
 */
export interface CoreScalar {
  /** The tag's last part: null, bool, int or float. */
  readonly tag: string;
  /** What the first character must be: rules out most scalars at once. */
  readonly first: RegExp;
  /** The whole scalar. */
  readonly test: RegExp;
  readonly construct: (s: string) => unknown;
}

export const CORE_SCALARS: readonly CoreScalar[] = [
  { tag: 'null', first: /[~nN]/, test: /^(?:~|[Nn]ull|NULL)?$/, construct: () => null },
  { tag: 'bool', first: /[tTfF]/, test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, construct: s => s[0] === 't' || s[0] === 'T' },
  {
    tag: 'int',
    first: /[-+0-9]/,
    test: /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/,
    construct: s => (s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
  },
  {
    tag: 'float',
    first: /[-+.0-9]/,
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/,
    construct: s => (/nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : parseFloat(s)),
  },
];

/** The first characters of a plain scalar that may be something other than a string: those some type's `first` takes. */
const MAYBE_NOT_STRING = new Set(Array.from({ length: 128 }, (_, c) => c)
  .filter(c => CORE_SCALARS.some(t => t.first.test(String.fromCharCode(c)))));

/** A non-empty plain scalar's value: null, a boolean, a number, or the text itself. */
export function resolveCoreScalar(s: string): unknown {
  if (!MAYBE_NOT_STRING.has(s.charCodeAt(0))) { return s; }
  for (const t of CORE_SCALARS) {
    if (t.first.test(s[0]) && t.test.test(s)) { return t.construct(s); }
  }
  return s;
}
