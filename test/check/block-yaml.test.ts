import { App, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { EXAMPLES } from '../../examples/apps';
import { readBlockDocument } from '../../src/check/block-yaml';
import { documentTexts } from '../../src/check/state';

/**
 * The block reader (issue #24) reads one document in the layout cdk8s writes, or declines it.
 * Whatever it reads must be exactly what the `yaml` package reads from the same text: the
 * reference every reader of a state is held to (test/cli/manifests-yaml.test.ts).
 */
function reference(text: string): unknown {
  const docs = YAML.parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  if (list.length !== 1) { throw new Error(`${list.length} documents`); }
  if (list[0].errors.length > 0) { throw new Error(`invalid: ${list[0].errors[0].message}`); }
  return list[0].toJS();
}

/** Read, and when read, held to the reference. */
function readChecked(text: string): unknown {
  const value = readBlockDocument(text);
  if (value !== undefined) { expect(value).toEqual(reference(text)); }
  return value;
}


/** A block scalar (`key: |`, `- >-`): the one thing cdk8s writes that the reader leaves to js-yaml. */
const BLOCK_SCALAR = /(?:^|[ :-])[|>][-+]?[0-9]?$/m;

describe('what cdk8s writes', () => {
  test.each(Object.keys(EXAMPLES))('example %s: every document without a block scalar is read, to what yaml reads', name => {
    const app = new App();
    EXAMPLES[name](app);
    // Cut as the state reader cuts them, each with its line break: cdk8s's layout always can be.
    const docs = documentTexts(app.synthYaml());
    if (docs === undefined) { throw new Error(`${name}: not in the layout cdk8s writes`); }
    let read = 0;
    for (const doc of docs) {
      const value = readChecked(doc);
      if (value !== undefined) {
        read++;
      } else {
        expect({ declined: doc, hasBlockScalar: BLOCK_SCALAR.test(doc) }).toEqual({ declined: doc, hasBlockScalar: true });
      }
    }
    expect(read).toBeGreaterThan(0);
  });
});

describe('texts written by hand', () => {
  test.each([
    ['nested mappings and sequences', 'a:\n  b:\n    - c: 1\n      d:\n        - x\n        - "y"\n    - e\n  f: {}\ng: []\n',
      { a: { b: [{ c: 1, d: ['x', 'y'] }, 'e'], f: {} }, g: [] }],
    ['core scalars as yaml 1.2 reads them', 'a: yes\nb: 0755\nc: 0o17\nd: 0x1F\ne: +.5\nf: -0\ng: .inf\nh: 1_000\ni: 2001-12-14\nj: ~\nk: Null\nl: TRUE\nm: 1e3\nn: -.Inf\n',
      { a: 'yes', b: 755, c: 15, d: 31, e: 0.5, f: -0, g: Infinity, h: '1_000', i: '2001-12-14', j: null, k: null, l: true, m: 1000, n: -Infinity }],
    ['quoted scalars and keys', 'a: "\\u00e9\\x41\\/\\"\\\\\\t\\N\\_\\L\\P\\0\\e\\ "\nb: \'it\'\'s\'\n"c: d": "1"\n\'e\': \'true\'\n',
      { 'a': 'éA/"\\\t\x85\xa0\u2028\u2029\0\x1b ', 'b': "it's", 'c: d': '1', 'e': 'true' }],
    ['a comment after a plain value', 'a: b:c\nd: e #f\ng: http://x/y?z=1&w=[2]\nh: -1\ni: -x\nj: a - b\nk:l: m\n',
      undefined],
    ['plain scalars with punctuation inside, no comment', 'a: b:c\ng: http://x/y?z=1&w=[2]\nh: -1\ni: -x\nj: a - b\nk:l: m\nn: "*/5 * * * *"\n',
      { 'a': 'b:c', 'g': 'http://x/y?z=1&w=[2]', 'h': -1, 'i': '-x', 'j': 'a - b', 'k:l': 'm', 'n': '*/5 * * * *' }],
    ['keys YAML reads as other types', '1: a\n', undefined],
    ['a boolean key', 'true: a\n', undefined],
    ['a null key', '~: a\n', undefined],
    ['a merge key', 'a:\n  <<: {}\n', undefined],
    ['a __proto__ key', '__proto__:\n  polluted: true\n', undefined],
    ['a key an object has', 'toString: x\n', undefined],
    ['a duplicate key', 'a: 1\na: 2\n', undefined],
    ['a comment', '# c\na: 1\n', undefined],
    ['a blank line', 'a: 1\n\nb: 2\n', undefined],
    ['a block scalar', 'a: |\n  x\n', undefined],
    ['a flow collection', 'a: [1, 2]\n', undefined],
    ['an anchor', 'a: &x 1\n', undefined],
    ['an alias', 'a: *x\n', undefined],
    ['a tag', 'a: !!str 1\n', undefined],
    ['a directive', '%YAML 1.2\n---\na: 1\n', undefined],
    ['a document marker', '---\na: 1\n', undefined],
    ['an empty value', 'a:\nb: 1\n', undefined],
    ['a value with a trailing space', 'a: b \n', undefined],
    ['a sequence at the key\'s indentation', 'a:\n- b\n', undefined],
    ['a nested sequence on one line', 'a:\n  - - b\n', undefined],
    ['a dash alone', 'a:\n  -\n    b: 1\n', undefined],
    ['more than one space after a dash', 'a:\n  -   b\n', undefined],
    ['a plain scalar over two lines', 'a: b\n  c\n', undefined],
    ['a quoted scalar over two lines', 'a: "b\n  c"\n', undefined],
    ['an unknown escape', 'a: "\\q"\n', undefined],
    ['a short hex escape', 'a: "\\x4"\n', undefined],
    ['a tab', 'a:\tb\n', undefined],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n', undefined],
    ['a byte order mark', '\ufeffa: 1\n', undefined],
    ['a top-level sequence', '- a\n', undefined],
    ['a top-level scalar', 'a\n', undefined],
    ['an indented start', '  a: 1\n', undefined],
    ['a key without a space after its colon', '"a":b\n', undefined],
    ['a mapping value on the key\'s line', 'a: b: c\n', undefined],
    ['a value ending in a colon', 'a: b:\n', undefined],
    ['an indicator first', 'a: @x\n', undefined],
    ['an empty text', '', undefined],
    // Found by a review's fuzzing: each was read to another value than yaml's, or where yaml refuses.
    ['two spaces after a colon', 'a:  b\n', undefined],
    ['two spaces after a colon in an item', 'k:\n  - a:  b\n', undefined],
    ['a quoted key over 1024 characters of text', `"${'a'.repeat(1023)}": b\n`, undefined],
    ['a quoted key whose escapes make it long', `"${'\\x41'.repeat(300)}": b\n`, undefined],
    ['a document end marker before a key', '... x: 2\n', undefined],
    ['a document end marker after a key', 'a: 1\n... x: 2\n', undefined],
  ])('%s', (_, text, expected) => {
    expect(readChecked(text)).toEqual(expected);
  });
});

/** Strings as they come: printable text, any code unit, and the ones YAML gives a meaning to. */
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'true', 'True', 'no', '1', '-1', '0x1F', '0o17', '1e3', '.5', '+.5', '.inf', '.nan', '~', 'null', '- a', 'a: b', 'a:b',
    ' #x', 'a #b', '#x', ' lead', 'trail ', 'a\nb', 'a\n', "it's", '"q"', '\\', '{}', '[]', '[a]', '*a', '&a', '!t', '%x', '@x', '`x', '|', '>',
    '---', '...', '<<', '__proto__', 'toString', '-', '--x', '-x', ':x', '?x', 'é', '\u2028', '\t', '\r\n', '2001-12-14'),
);

/** Strings cdk8s writes plain: what manifests hold (names, labels, images, quantities, paths). */
const plainString = fc.stringMatching(/^[a-z][a-z0-9./_-]{0,20}$/);

/**
 * JSON objects; `nestedLists: false` leaves out a list as an item of a list (`- - x`, which the
 * reader declines). Each empty list is a new one: yaml writes one value met twice as an anchor and an alias.
 */
function jsonOf(key: fc.Arbitrary<string>, str: fc.Arbitrary<string>, nestedLists = true): fc.Arbitrary<{ [k: string]: unknown }> {
  const { top } = fc.letrec<{ value: unknown; item: unknown; top: { [k: string]: unknown } }>(tie => ({
    value: fc.oneof({ depthSize: 'small' },
      str, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
      fc.array(tie('item'), { maxLength: 4 }), tie('top')),
    item: nestedLists ? tie('value') : fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(0).map(() => []), tie('top')),
    top: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  }));
  return top;
}

describe('random values and texts', () => {
  // Anything cdk8s writes is either read to what yaml reads or declined. Not always to the value
  // written: cdk8s writes YAML 1.1 (cdk8s lib/yaml.js), where `0o17` is a string left unquoted,
  // and YAML 1.2 reads it as 15, as the checker always has.
  test('a value cdk8s writes is read as yaml reads it, or declined', () => {
    fc.assert(fc.property(jsonOf(anyString, anyString), value => {
      readChecked(Yaml.stringify(value));
    }), { numRuns: 2000 });
  });

  // ... and a manifest-like value, with plain names and strings and no list in a list, is always read.
  test('a value with plain keys and strings is always read', () => {
    fc.assert(fc.property(jsonOf(plainString, plainString, false).filter(v => Object.keys(v).length > 0), value => {
      const text = Yaml.stringify(value);
      expect({ text, read: readChecked(text) }).toEqual({ text, read: value });
    }), { numRuns: 1000 });
  });

  // Texts made of the pieces YAML gives meanings to: what the reader reads, yaml reads alike.
  test('a random text is read to what yaml reads, or declined', () => {
    const token = fc.constantFrom('a', 'b', 'a b', '1', '-1', 'true', '~', '"x"', '"\\q"', "'y''z'", "'", '"', ':', ': ', ' ', '  ', '- ', '-', '#', ' #',
      '{}', '[]', '{', '[x]', '&a', '*a', '!t', '|', '>', '%', '@', '<<', '__proto__', '\t', '\\', ',', '?', '---');
    const line = fc.tuple(fc.constantFrom('', '  ', '    ', '      ', ' '), fc.array(token, { maxLength: 5 })).map(([indent, parts]) => indent + parts.join(''));
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), lines => {
      const text = `${lines.join('\n')}\n`;
      const read = readBlockDocument(text);
      if (read !== undefined) {
        expect(read).toEqual(reference(text));
      }
    }), { numRuns: 5000 });
  });
});
