import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { EXAMPLES } from '../../examples/apps';
import { parseStateYaml, readsFast, StateDocument } from '../../src/check/state';

/**
 * The state reader parses plain manifests with js-yaml (issue #24) and everything else with the
 * `yaml` package it used before. These tests hold the two to the same result: what `yaml` 1.2
 * reads (the reference, written here as the reader did before js-yaml), document by document.
 */
function reference(text: string): Array<{ index: number; object: unknown }> {
  const out: Array<{ index: number; object: unknown }> = [];
  YAML.parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) { throw new Error(`invalid: ${doc.errors[0].message}`); }
    const value = doc.toJS();
    if (value !== null && value !== undefined) { out.push({ index: i + 1, object: value }); }
  });
  return out;
}

function read(text: string): Array<{ index: number; object: unknown }> {
  return parseStateYaml(text, 'x.yaml').map((d: StateDocument) => ({ index: d.index, object: d.object }));
}

describe('js-yaml reads what yaml reads', () => {
  test.each([
    ['YAML 1.1 booleans are strings in 1.2', 'a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\nv: True\nw: FALSE\n'],
    ['octal-looking, exponent, signed and odd numbers', 'a: 0755\nb: 1e3\nc: 0o17\nd: 0x1F\ne: +12\nf: -0\ng: .5\nh: +.5\ni: 1.\nj: 1e+3\nk: 00\nl: 08\nm: 09.5\nn: 12345678901234567890\n'],
    ['what 1.1 read as numbers stays a string', 'a: 1_000\nb: 0b101\nc: 190:20:30\nd: -1_0.5\ne: 0o8\nf: 0xG\ng: 1.2.3\nh: 1e\n'],
    ['infinities and NaN', 'a: .inf\nb: -.Inf\nc: +.INF\nd: .nan\ne: .NaN\n'],
    ['timestamps are strings', 'a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\n'],
    ['null spellings', 'a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: ""\ng: "null"\n'],
    ['quoted scalars', 'a: "0755"\nb: \'yes\'\nc: "\\u00e9\\x41\\/"\nd: \'it\'\'s\'\ne: "multi\n  line"\n'],
    ['block scalars', 'a: |\n  x\n   y\nb: >\n  folded\n  text\n\nc: |-\n  lit\nd: >+\n  kept\n\ne: >-\n\n  x\n\n  y\n\n'],
    ['comments', '# head\nkind: A # trailing\nx: b#not-a-comment\n# tail\n'],
    ['multi-document stream with empty documents', '---\n# only a comment\n---\nkind: A\n---\n---\nkind: B\n...\n---\n'],
    ['a stream of comments only', '# c\n# d\n'],
    ['a comment then a separator', '# c\n---\nkind: A\n'],
    ['an empty text', ''],
    ['a byte order mark and CRLF line ends', '\ufeffkind: A\r\nx: 1\r\n'],
    ['an anchor without an alias', 'a: &x 1\nb: 2\n'],
    ['flow collections on one line', 'a: {b: [1, {c: d}], e: []}\nf: [1,2,]\n'],
    ['plain scalars with punctuation', 'a: =\nb: <<\nc: "*.example.com"\nd: "*/5 * * * *"\ne: /api/*\nf: a:b\ng: "x: y"\n'],
    ['compact sequences of mappings', 'a:\n- b: 1\n  c: 2\n-   d\n'],
    ['a block scalar holding code', 'script: |\n  if (!ok) {\n    x = *p ? {a: 1} : [b];\n  }\n  # not a comment\nexpr: a != b\nnext: 1\n'],
  ])('%s', (_, text) => {
    expect(readsFast(text)).toBe(true);
    expect(read(text)).toEqual(reference(text));
  });

  test.each([
    ['merge key (a plain key in YAML 1.2)', 'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n'],
    ['alias', 'a: &x [1, 2]\nb: *x\n'],
    ['tags', 'a: !!binary aGk=\nb: !custom x\nc: !!str 12\nd: !!int "12"\ne: !!float 1\nf: ! 12\n'],
    ['YAML 1.1 directive', '%YAML 1.1\n---\na: yes\nb: 0b101\n'],
    ['null and empty keys', '~: a\n---\nnull: b\n---\n? c\n: d\n---\n: e\n'],
    ['a null key in a flow mapping', 'a: {~: x, b: 1}\n'],
    ['collections as keys', '? [a, b]\n: 1\n[c]: 2\n{d: 1}: 3\n'],
    ['a document marker with a tag', '--- !!map\na: 1\n'],
    ['an alias after a block scalar', 'a: |\n  x {\nb: &x 1\nc: *x\n'],
    ['a flow collection across lines', 'a: [\n  b, c]\nd: {e: 1,\n  f: 2}\n'],
  ])('read by yaml itself: %s', (_, text) => {
    expect(readsFast(text)).toBe(false);
    expect(read(text)).toEqual(reference(text));
  });

  test.each([
    ['a flow collection not indented', 'a: [\nb]\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['tabs as indentation', 'a:\n\t- b\n'],
    ['an unknown alias', 'a: *nope\n'],
    ['content after a document end marker', '... x: 1\n'],
    ['an excessive alias count', `a: &a [x]\n${Array.from({ length: 120 }, (_, i) => `b${i}: *a`).join('\n')}\n`],
  ])('an error where yaml has one: %s', (_, text) => {
    expect(() => reference(text)).toThrow();
    expect(() => read(text)).toThrow();
  });

  test.each(Object.keys(EXAMPLES))('example %s: read fast, to the same objects', name => {
    const app = new App();
    EXAMPLES[name](app);
    const text = app.synthYaml();
    expect(readsFast(text)).toBe(true);
    const docs = read(text);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs).toEqual(reference(text));
  });
});
