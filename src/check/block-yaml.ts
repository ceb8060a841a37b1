import { resolveCoreScalar } from './core-scalars';

/**
 * A reader for one YAML document in the block layout cdk8s writes (`Yaml.stringify` in cdk8s
 * lib/yaml.js: the `yaml` package with `lineWidth: 0`, so nothing is folded): a mapping at the
 * left margin, nested mappings and sequences each on their own lines, `- key: value` items,
 * plain, single- and double-quoted scalars that end on their line, and `{}` and `[]`.
 *
 * It gives the value the `yaml` package gives (the reference the other readers are held to) or
 * undefined, and then the caller reads the text as before (js-yaml, or yaml itself). It declines
 * anything else rather than guess: comments, blank lines, block scalars (`|`, `>`), flow
 * collections with content, anchors, aliases, tags, directives, a key whose value is on the
 * next lines but not indented more, more than one space after a colon or a dash, keys that are
 * not strings in YAML (`1:`, `true:`, `~:`) or longer than 1,000 characters of text, duplicate
 * keys, `__proto__`, a document marker, tabs, carriage returns and characters YAML treats
 * specially.
 * test/check/block-yaml.test.ts holds it to yaml on every example, on hand-written texts and
 * on random values written by cdk8s and random texts.
 *
 * A manifest takes a fifth of the time js-yaml takes here (issue #24): no token stream, no
 * event per scalar, one look at each line.
 */
export function readBlockDocument(text: string): { [key: string]: unknown } | undefined {
  if (SPECIAL_CHARACTERS.test(text)) { return undefined; }
  const lines = text.split('\n');
  let n = lines.length;
  while (n > 0 && lines[n - 1] === '') { n--; }
  if (n === 0 || lines[0].charCodeAt(0) === SPACE || isSequenceItem(lines[0], 0)) { return undefined; }
  try {
    const reader = new BlockReader(lines, n);
    const value = reader.mapping(0);
    return reader.done() ? value : undefined;
  } catch (e) {
    if (e === DECLINE) { return undefined; }
    throw e;
  }
}

/** Thrown inside the reader when the text is not in the layout it reads; never escapes it. */
const DECLINE = { declined: true };

const SPACE = 0x20;
const DASH = 0x2d;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;

/**
 * Tabs, carriage returns, control characters, the byte order mark, NEL, the line and paragraph
 * separators and surrogates: YAML gives them meanings of their own (line breaks, white space,
 * errors), so a text holding one is left to the other readers.
 */
// eslint-disable-next-line no-control-regex
const SPECIAL_CHARACTERS = /[\x00-\x08\t\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\ud800-\udfff]/;

/** The YAML indicators: a plain scalar starting with one would mean something else. */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map(c => c.charCodeAt(0)));

/** Where a plain value may start with `-`: a negative number or a word (`-1`, `-x`), never `- ` or `--`. */
const DASH_WORD = /^-[0-9A-Za-z.]/;

function indentOf(line: string): number {
  let k = 0;
  while (line.charCodeAt(k) === SPACE) { k++; }
  return k;
}

function isSequenceItem(line: string, at: number): boolean {
  return line.charCodeAt(at) === DASH && (line.length === at + 1 || line.charCodeAt(at + 1) === SPACE);
}

/** The `:` that ends a plain key starting at `from`: followed by a space or the end of the line. */
function keyColon(line: string, from: number): number {
  for (let k = line.indexOf(':', from); k >= 0; k = line.indexOf(':', k + 1)) {
    if (k + 1 === line.length || line.charCodeAt(k + 1) === SPACE) { return k; }
  }
  return -1;
}

/** A plain scalar as the rest of a line: no comment, no trailing space, no `key: value` inside it. */
function plainText(s: string): string {
  if (s === '' || s.charCodeAt(s.length - 1) === SPACE || s.includes(' #') || s.includes(': ') || s.charCodeAt(s.length - 1) === COLON) { throw DECLINE; }
  if (INDICATORS.has(s.charCodeAt(0)) && !DASH_WORD.test(s)) { throw DECLINE; }
  return s;
}

/** A quoted scalar starting at `at`: its value and the index after its closing quote, on the same line. */
function quoted(line: string, at: number): { value: string; end: number } {
  return line.charCodeAt(at) === DOUBLE_QUOTE ? doubleQuoted(line, at) : singleQuoted(line, at);
}

function singleQuoted(line: string, at: number): { value: string; end: number } {
  let value = '';
  let start = at + 1;
  for (let k = line.indexOf("'", start); k >= 0; k = line.indexOf("'", start)) {
    value += line.slice(start, k);
    if (line.charCodeAt(k + 1) !== SINGLE_QUOTE) { return { value, end: k + 1 }; }
    value += "'";
    start = k + 2;
  }
  throw DECLINE; // continued on the next line: folded, left to the other readers
}

/**
 * The escapes of YAML 1.2 (section 5.7) that stand for one fixed character: the letter after
 * the backslash, and at the same place in ESCAPED, the character it stands for.
 */
const ESCAPE_LETTERS = '0abtnvfre "/\\NLP_';
const ESCAPED = '\0\x07\b\t\n\v\f\r\x1b "/\\\x85\u2028\u2029\xa0';
/** The escapes followed by a code point in hexadecimal: how many digits. */
const HEX_ESCAPES: ReadonlyMap<string, number> = new Map([['x', 2], ['u', 4], ['U', 8]]);

function doubleQuoted(line: string, at: number): { value: string; end: number } {
  let value = '';
  let start = at + 1;
  for (let k = start; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === DOUBLE_QUOTE) { return { value: value + line.slice(start, k), end: k + 1 }; }
    if (c !== BACKSLASH) { continue; }
    value += line.slice(start, k);
    const e = line.charAt(k + 1);
    const fixed = e === '' ? -1 : ESCAPE_LETTERS.indexOf(e);
    if (fixed >= 0) {
      value += ESCAPED[fixed];
      k += 1;
    } else {
      const digits = HEX_ESCAPES.get(e) ?? 0;
      const hex = line.slice(k + 2, k + 2 + digits);
      if (digits === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) { throw DECLINE; }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) { throw DECLINE; }
      value += String.fromCodePoint(code);
      k += 1 + digits;
    }
    start = k + 1;
  }
  throw DECLINE; // continued on the next line
}

/** A value written on the key's (or the dash's) line. */
function inlineValue(line: string, at: number): unknown {
  const c = line.charCodeAt(at);
  if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
    const q = quoted(line, at);
    if (q.end !== line.length) { throw DECLINE; }
    return q.value;
  }
  if (line.length === at + 2) {
    const pair = line.slice(at);
    if (pair === '{}') { return {}; }
    if (pair === '[]') { return []; }
  }
  return resolveCoreScalar(plainText(line.slice(at)));
}

class BlockReader {
  private i = 0;

  constructor(private readonly lines: readonly string[], private readonly n: number) {}

  /** Whether every line was read. */
  public done(): boolean {
    return this.i === this.n;
  }

  /**
   * The mapping whose keys are at column `col`: the first on the current line (after `- ` for
   * an item of a sequence), the others on the lines below indented by exactly `col`.
   */
  public mapping(col: number): { [key: string]: unknown } {
    const value: { [key: string]: unknown } = {};
    for (;;) {
      this.entry(value, col);
      if (this.i >= this.n) { return value; }
      const next = this.lines[this.i];
      const indent = indentOf(next);
      if (indent < col) { return value; }
      if (indent > col || isSequenceItem(next, col)) { throw DECLINE; }
    }
  }

  /** One `key: value` or `key:` with its value below, starting at column `col` of the current line. */
  private entry(into: { [key: string]: unknown }, col: number): void {
    const line = this.lines[this.i];
    // `... x: 1` at the margin starts with a document end marker, an error to yaml.
    if (col === 0 && line.startsWith('... ')) { throw DECLINE; }
    let key: string;
    let after: number; // just after the colon
    const c = line.charCodeAt(col);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const q = quoted(line, col);
      if (line.charCodeAt(q.end) !== COLON) { throw DECLINE; }
      key = q.value;
      after = q.end + 1;
    } else {
      const colon = keyColon(line, col);
      if (colon < 0) { throw DECLINE; }
      key = plainText(line.slice(col, colon));
      // A key YAML reads as null, a boolean or a number, or the merge key: left to the others.
      if (key === '<<' || typeof resolveCoreScalar(key) !== 'string') { throw DECLINE; }
      after = colon + 1;
    }
    // yaml refuses an implicit key over 1024 characters of text, quotes and escapes included.
    if (after - col > 1000) { throw DECLINE; }
    // A duplicate key, or one an object already has (`toString`, `__proto__`): left to the others.
    if (into[key] !== undefined) { throw DECLINE; }
    this.i++;
    if (after === line.length) {
      into[key] = this.nested(col);
    } else if (line.charCodeAt(after) === SPACE && line.charCodeAt(after + 1) !== SPACE) {
      // One space after the colon, as cdk8s writes: with more, the value would keep the others.
      into[key] = inlineValue(line, after + 1);
    } else {
      throw DECLINE;
    }
  }

  /** The value on the lines below a `key:` at column `col`: indented more. */
  private nested(col: number): unknown {
    if (this.i >= this.n) { throw DECLINE; }
    const line = this.lines[this.i];
    const indent = indentOf(line);
    if (indent <= col) { throw DECLINE; }
    return isSequenceItem(line, indent) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The sequence whose dashes are at column `col`, starting on the current line. */
  private sequence(col: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const line = this.lines[this.i];
      const at = col + 2;
      // `-` alone, `- - x`, or more than one space after the dash: left to the others.
      if (line.length <= at || line.charCodeAt(at) === SPACE || isSequenceItem(line, at)) { throw DECLINE; }
      items.push(this.item(line, at));
      if (this.i >= this.n) { return items; }
      const next = this.lines[this.i];
      const indent = indentOf(next);
      if (indent < col) { return items; }
      if (indent > col || !isSequenceItem(next, col)) { throw DECLINE; }
    }
  }

  /** One item of a sequence, starting at column `at` of the current line. */
  private item(line: string, at: number): unknown {
    const c = line.charCodeAt(at);
    const isKey = c === DOUBLE_QUOTE || c === SINGLE_QUOTE
      ? line.charCodeAt(quoted(line, at).end) === COLON
      : keyColon(line, at) >= 0;
    if (isKey) { return this.mapping(at); }
    this.i++;
    return inlineValue(line, at);
  }
}
