// The parser against the `yaml` package: same values on valid YAML, an error wherever `yaml`
// finds one, never an exception, and offsets that point at the text they claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as YAML from 'yaml';
import { parseYaml } from '../../server/src/service/yaml/parser';
import { toJS, AliasExpansionError } from '../../server/src/service/yaml/values';
import type { YamlNode } from '../../server/src/service/yaml/ast';
import { rng, pick, int } from '../helpers/random';
import { CORPUS } from '../helpers/yaml-corpus';

function ours(text: string): unknown {
  const doc = parseYaml(text);
  return doc.root ? toJS(doc.root) : null;
}

function theirs(text: string): { value: unknown; errors: number } {
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) return { value: undefined, errors: doc.errors.length };
  try {
    return { value: doc.toJS(), errors: 0 };
  } catch {
    // `yaml` reports an alias to an unknown anchor only when converting.
    return { value: undefined, errors: 1 };
  }
}


test('values equal the yaml package on the corpus, with no errors', () => {
  for (const text of CORPUS) {
    const t = theirs(text);
    assert.equal(t.errors, 0, `corpus entry is valid YAML: ${JSON.stringify(text)}`);
    const doc = parseYaml(text);
    assert.deepEqual(doc.errors.filter((e) => e.severity === 'error'), [], JSON.stringify(text));
    assert.deepEqual(ours(text), t.value, JSON.stringify(text));
  }
});

function randomValue(r: () => number, depth: number): unknown {
  const roll = r();
  if (depth > 3 || roll < 0.45) {
    return pick(r, [
      'plain', 'two words', 'with: colon', 'hash # inside', "it's", 'quote"d', '', 'multi\nline', ' lead', 'trail ',
      42, -7, 3.5, 0, true, false, null, '123', 'true', 'null', '0x10', 'магазин', 'a'.repeat(int(r, 40, 120)),
      '- dash', '[bracket', '{brace', '*star', '&amp', '!bang', '|pipe', '>gt', '%pct', '@at', 'tab\there',
    ]);
  }
  if (roll < 0.7) return Array.from({ length: int(r, 0, 4) }, () => randomValue(r, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = int(r, 0, 4); i > 0; i--) obj[pick(r, ['name', 'dataType', 'a key', 'k', 'x.y', 'ключ', 'quoted: key', 'n' + i])] = randomValue(r, depth + 1);
  return obj;
}

test('values equal the yaml package on 2,000 generated documents', () => {
  const r = rng(20261127);
  for (let i = 0; i < 2000; i++) {
    const value = randomValue(r, 0);
    const text = YAML.stringify(value, {
      indent: int(r, 1, 4),
      indentSeq: r() < 0.5,
      lineWidth: pick(r, [0, 20, 80]),
      defaultStringType: pick(r, ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const),
      collectionStyle: r() < 0.2 ? 'flow' : 'block',
    });
    const t = theirs(text);
    if (t.errors) continue;
    const doc = parseYaml(text);
    assert.deepEqual(doc.errors.filter((e) => e.severity === 'error').map((e) => e.message), [], `errors on valid YAML:\n${text}`);
    assert.deepEqual(ours(text), t.value, `value differs on:\n${text}`);
  }
});

const MUTATIONS = ['', ' ', '  ', '\n', '- ', ': ', ':', '"', "'", '[', ']', '{', '}', ',', '#', '|', '>', '-', '\t', '&a ', '*a', '!!str ', 'x', '\n  ', '\n- ', 'key: value\n', '---\n', '? '];

test('mutated documents: never throws, and errors wherever the yaml package finds one', () => {
  const r = rng(7);
  let theirErrors = 0;
  for (let i = 0; i < 3000; i++) {
    let text = pick(r, CORPUS);
    for (let m = int(r, 1, 3); m > 0; m--) {
      const at = int(r, 0, text.length);
      const del = r() < 0.4 ? int(r, 0, 5) : 0;
      text = text.slice(0, at) + pick(r, MUTATIONS) + text.slice(at + del);
    }
    // A lone CR is a line break to us (VS Code never leaves one in a document) but not to `yaml`;
    // `yaml` also rejects a BOM before `- `, which is valid YAML. The BOM has its own test below.
    if (/\r(?!\n)|\uFEFF/.test(text)) continue;
    let doc;
    try {
      doc = parseYaml(text);
      if (doc.root) toJS(doc.root);
    } catch (e) {
      if (e instanceof AliasExpansionError) continue;
      assert.fail(`threw ${String(e)} on ${JSON.stringify(text)}`);
    }
    checkRanges(doc.root, text);
    const t = theirs(text);
    const oursErrors = doc.errors.filter((e) => e.severity === 'error').length;
    if (t.errors) {
      theirErrors++;
      assert.ok(oursErrors > 0, `yaml reports an error that we miss in ${JSON.stringify(text)}: ${YAML.parseDocument(text).errors[0]?.message}`);
    } else if (oursErrors === 0 && !/[|>][1-9]/.test(text)) {
      // (`yaml` drops a trailing more-indented whitespace line after an explicit indentation
      // indicator when the first line is indented further; the spec keeps it, and so do we.)
      assert.deepEqual(ours(text), t.value, `value differs on ${JSON.stringify(text)}`);
    }
  }
  assert.ok(theirErrors > 500, 'the mutations produce invalid YAML often enough to test error detection');
});

function checkRanges(node: YamlNode | null, text: string): void {
  if (!node) return;
  assert.ok(node.start <= node.end && node.end <= text.length, `range ${node.start}-${node.end} within the text`);
  if (node.kind === 'map') {
    for (const pair of node.pairs) {
      assert.ok(pair.key.start <= pair.key.end);
      const raw = text.slice(pair.key.start, pair.key.end);
      if (pair.key.style === 'plain' && raw && !/[\r\n]/.test(raw)) assert.equal(raw, pair.key.value);
      checkRanges(pair.value, text);
    }
  } else if (node.kind === 'seq') {
    node.items.forEach((item) => checkRanges(item, text));
  } else if (node.kind === 'scalar' && node.style === 'plain') {
    const raw = text.slice(node.start, node.end);
    if (!/[\r\n]/.test(raw)) assert.equal(node.source ?? node.value, raw, `plain scalar at ${node.start} in ${JSON.stringify(text)}`);
  }
}

test('a plain scalar keeps its source text when it resolves to a number', () => {
  const doc = parseYaml('value: 1.0\n');
  assert.ok(doc.root?.kind === 'map');
  const v = doc.root.pairs[0].value;
  assert.ok(v.kind === 'scalar');
  assert.equal(v.value, 1);
  assert.equal(v.source, '1.0');
});

test('an alias bomb is stopped by the expansion budget', () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const doc = parseYaml(text);
  assert.ok(doc.root);
  assert.throws(() => toJS(doc.root!), AliasExpansionError);
});

test('10,000 levels of nesting are reported, not a stack overflow', () => {
  let text = '';
  for (let i = 0; i < 10000; i++) text += ' '.repeat(i) + 'k:\n';
  const doc = parseYaml(text);
  assert.ok(doc.errors.some((e) => e.message.includes('nests deeper')));
  const flow = '['.repeat(10000) + ']'.repeat(10000);
  assert.ok(parseYaml(flow).errors.some((e) => e.message.includes('nests deeper')));
});

test('an over-deep flow branch is skipped to its closing bracket: one error, and what follows is read', () => {
  const deep = `a: [1, ${'[{"k]": '.repeat(300)}'x]' # ]
${'}]'.repeat(300)}, 2]
b: 3
`;
  const doc = parseYaml(deep);
  assert.deepEqual(doc.errors.map((e) => e.message), ['The document nests deeper than 500 levels; the rest of this branch is ignored.']);
  const root = toJS(doc.root!) as { a: unknown[]; b: number };
  assert.equal(root.b, 3);
  assert.equal(root.a[0], 1);
  assert.equal(root.a[root.a.length - 1], 2);
});

test('a byte order mark at the start is skipped, whatever follows', () => {
  for (const text of ['\uFEFFa: 1\n', '\uFEFF- 1\n', '\uFEFF\n# c\nb: 2\n']) {
    const doc = parseYaml(text);
    assert.deepEqual(doc.errors, [], JSON.stringify(text));
    assert.ok(doc.root);
  }
  assert.deepEqual(ours('\uFEFF- 1\n'), [1]);
});
