// Valid YAML covering what the parser must handle; the differential tests mutate these.
import { generateModel } from './models';

export const CORPUS: readonly string[] = [
  'a: 1\nb: [x, y, {z: 2}]\nc:\n  - d: e\n    f: "g\\n"\n  - plain\n    continued\n  -\n  - - nested\n    - two\n',
  'desc: |\n  line1\n   more\n\n  line3\n\nother: >-\n  folded\n  text\n\n  para\nk: v\n',
  "s: 'it''s'\nd: \"a\\tb \\u00e9 \\x41\"\nm: \"multi\n  line\n\n  para\"\nn: ~\nt: true\nf: 1.5e3\nh: 0x1F\no: 0o17\ninf: -.inf\n",
  'x: &a [1, 2]\ny: *a\n',
  '- a\n- b: c\n  d: e\n- [1,\n   2]\n',
  'name: x # comment\n# full line\nlist:\n- a\n- b\n',
  'k: !!str 123\nj: !!int "5"\nl: !!float 1.5\n',
  '---\na: 1\n...\n',
  '--- |\n  literal root\n',
  '%YAML 1.2\n---\nkey: value\n',
  'keep: |+\n  a\n\n\nnext: 1\nstrip: >-\n  b\n   c\n  d\n',
  'indicator: |2\n    two extra\n  base\n',
  'empty:\nnull_value: null\nlist:\n  -\n  - ~\n',
  'flow: {a: [1, 2, {b: c}], "q": \'r\', s: }\nset: {x, y}\npairs: [k: v, w]\n',
  'url: http://example.com:8080/path?x=1#frag\ncolon: a:b\nhash: a#b\n',
  'multi: first\n  second\n\n  third\nafter: 1\n',
  '"quoted key": 1\n\'single key\': 2\n',
  'nested:\n  deeper:\n    deepest:\n      - 1\n      - two: 2\n        three: 3\n',
  'unicode: магазин\nemoji: "\\U0001F600"\nkey with spaces: ok\n',
  'crlf: 1\r\nlist:\r\n  - a\r\n  - b\r\n',
  '\uFEFFbom: 1\n',
  'folded: >\n  one\n  two\n\n    indented\n  three\n',
  'a:\n- b\n- c\nd: e\n',
  'seq_of_seq:\n- - a\n  - b\n- - c\n',
  'escaped: "line\\\n  joined"\n',
  'tabs:\tvalue\n',
  'empty_flow: []\nempty_map: {}\n',
  generateModel(20),
];

/**
 * Documents with a quote or bracket left open, for the incremental fuzz: closing it later takes
 * in lines that a full parse had read as entries of their own (on a properly indented line, on a
 * mis-indented one, in a feature, before a nested list).
 */
export const LEFT_OPEN: readonly string[] = [
  'a:\n  b: 1\n  c: "abc\n      e:\n        - x\n        - y\n  f: 2\ng: 3\n',
  'a:\n  b: 1\n   c: [x, y\n  d: 2\n  e: {k: v\n  f: 3\ng: 4\n',
  "name: m\nalgorithm: a\n description: 'abc\n  more\nservice: s\ntarget: t\n",
  'mlFeatures:\n  - name: a\n     description: "abc\n      tags:\n        - x\n    dataType: numerical\n  - name: b\n    tags: [PII.Sensitive\n  - name: c\n',
];

/** Closers for LEFT_OPEN. */
export const CLOSERS: readonly string[] = ['"', "'", ']', '}'];

/** Document markers, as typed or pasted at the start of a line. */
export const DOC_MARKERS: readonly string[] = ['---', '...', '--- ', '... ', '---\n', '...\n', '--- # next\n'];
