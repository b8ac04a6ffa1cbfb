// Incremental reparse must give exactly what a full parse gives, after any edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/service/yaml/parser';
import { reparseYaml } from '../../server/src/service/yaml/incremental';
import { dashOf, type YamlDocument, type YamlNode } from '../../server/src/service/yaml/ast';
import { rng, pick, int } from '../helpers/random';
import { generateModel } from '../helpers/models';
import { CLOSERS, DOC_MARKERS, LEFT_OPEN } from '../helpers/yaml-corpus';

/** A comparable picture of a document: every node with its kind, range and value, every error. */
function snapshot(doc: YamlDocument): unknown {
  const nodes: unknown[] = [];
  const visit = (n: YamlNode): void => {
    switch (n.kind) {
      case 'scalar':
        nodes.push(['s', n.start, n.end, n.value, n.style]);
        break;
      case 'alias':
        nodes.push(['a', n.start, n.end, n.name]);
        break;
      case 'map':
        nodes.push(['m', n.start, n.end, n.column, n.flow, n.flow ? 0 : n.next]);
        for (const p of n.pairs) {
          nodes.push(['p', p.start, p.end, p.colon]);
          visit(p.key);
          visit(p.value);
        }
        break;
      case 'seq':
        nodes.push(['q', n.start, n.end, n.column, n.flow, n.flow ? 0 : n.next, n.flow ? [] : n.items.map((_, i) => dashOf(n, i))]);
        n.items.forEach(visit);
        break;
    }
  };
  if (doc.root) visit(doc.root);
  const errors = doc.errors.map((e) => [e.start, e.end, e.message, e.related?.start]).sort((x, y) => String(x).localeCompare(String(y)));
  return { nodes, errors };
}

const SNIPPETS = ['x', ' ', '\n', '\n    ', '- ', 'name: f\n', '  - name: new\n    dataType: numerical\n', ': ', '"', "'", '[', ']', '{', '}', '#', '|\n', '\t', 'dataType', '\n  - '];
/** With `---` and `...` too: a marker ends the document there, so later edits are full parses. */
const WITH_MARKERS = [...SNIPPETS, ...DOC_MARKERS];

/** One change, reparsed incrementally from `doc` and checked against a full parse of the result. */
function step(doc: YamlDocument, text: string, offset: number, removed: number, insert: string, what: string): { doc: YamlDocument; text: string } {
  const next = text.slice(0, offset) + insert + text.slice(offset + removed);
  const updated = reparseYaml(doc, next, { offset, removed, text: insert });
  assert.deepEqual(snapshot(updated), snapshot(parseYaml(next)), `${what}: at ${offset} -${removed} +${JSON.stringify(insert)} differs from a full parse; text:\n${next}`);
  return { doc: updated, text: next };
}

function fuzz(seed: number, base: string, edits: number, snippets = SNIPPETS): { incremental: number } {
  const r = rng(seed);
  let state = { doc: parseYaml(base), text: base };
  let incremental = 0;
  for (let i = 0; i < edits; i++) {
    const offset = int(r, 0, state.text.length);
    const removed = r() < 0.5 ? Math.min(int(r, 0, 12), state.text.length - offset) : 0;
    const insert = r() < 0.8 ? pick(r, snippets) : '';
    state = step(state.doc, state.text, offset, removed, insert, `edit ${i} (seed ${seed})`);
    if (state.doc.reparsed === 'incremental') incremental++;
  }
  return { incremental };
}

test('incremental reparse equals a full parse after random edits to a model', () => {
  // Random edits soon turn the model into noise, where reparses widen to the whole document;
  // what matters here is that every result equals a full parse.
  for (const seed of [1, 2, 3]) {
    const { incremental } = fuzz(seed, generateModel(30), 1500);
    assert.ok(incremental > 300, `a fair share of edits stays incremental (${incremental} of 1500)`);
  }
  for (const seed of [4, 5]) fuzz(seed, generateModel(30), 1000, WITH_MARKERS);
});

test('the edits people make inside a valid model are all incremental', () => {
  let text = generateModel(100);
  let doc = parseYaml(text);
  const edits: Array<[string, string]> = [
    ['name: feature_42', 'name: feature_forty_two'],
    ['dataType: numerical', 'dataType: categorical'],
    ['algorithm: Neural Network', 'algorithm: XGBoost'],
    ['        dataType: integer\n', ''],
    ['    featureAlgorithm: PCA\n', '    featureAlgorithm: PCA\n    tags:\n      - Tier.Tier2\n'],
    ['  - user: aaron_johnson0\n', ''],
  ];
  for (const [from, to] of edits) {
    const offset = text.indexOf(from);
    assert.ok(offset >= 0, from);
    const next = text.slice(0, offset) + to + text.slice(offset + from.length);
    doc = reparseYaml(doc, next, { offset, removed: from.length, text: to });
    assert.equal(doc.reparsed, 'incremental', `editing ${JSON.stringify(from)}`);
    assert.deepEqual(snapshot(doc), snapshot(parseYaml(next)));
    text = next;
  }
});

test('incremental reparse equals a full parse after random edits to assorted YAML', () => {
  const bases = [
    'a: 1\nb:\n  - x\n  - y: z\n    w: [1, 2]\nc: |\n  text\n  more\nd: "q"\n',
    'list:\n- a\n- b\n-\n  nested: true\nafter: x\n',
    'root:\n  deep:\n    deeper:\n      - 1\n      - 2\n  sibling: s\n',
    ...LEFT_OPEN,
  ];
  bases.forEach((base, i) => fuzz(100 + i, base, 800, WITH_MARKERS));
});

test('typing a new feature at the end of a large model stays incremental', () => {
  let text = generateModel(200);
  let doc = parseYaml(text);
  const typed = '\n  - name: churn\n    dataType: numerical\n';
  const at = text.indexOf('\nowners:');
  for (let i = 0; i < typed.length; i++) {
    const next = text.slice(0, at + i) + typed[i] + text.slice(at + i);
    doc = reparseYaml(doc, next, { offset: at + i, removed: 0, text: typed[i] });
    assert.equal(doc.reparsed, 'incremental', `after typing ${JSON.stringify(typed.slice(0, i + 1))}`);
    text = next;
  }
  assert.deepEqual(snapshot(doc), snapshot(parseYaml(text)));
});

test('a document marker typed or pasted at the start of any root key gives what a full parse gives', () => {
  for (const base of [generateModel(2), 'name: m\nalgorithm: a\nservice: s\n', ...LEFT_OPEN]) {
    const starts = [...base.matchAll(/^[^\s#-]/gm)].map((m) => m.index!).filter((i) => i > 0);
    for (const at of starts) {
      for (const marker of DOC_MARKERS) {
        // Typed: one change per character.
        let state = { doc: parseYaml(base), text: base };
        for (let i = 0; i < marker.length; i++) state = step(state.doc, state.text, at + i, 0, marker[i], `typing ${JSON.stringify(marker)}`);
        // Pasted: one change.
        step(parseYaml(base), base, at, 0, marker, `pasting ${JSON.stringify(marker)}`);
      }
    }
  }
});

test('closing a quote or bracket left open on an earlier line gives what a full parse gives, wherever it is closed', () => {
  for (const base of LEFT_OPEN) {
    for (let at = 0; at <= base.length; at++) {
      for (const closer of CLOSERS) step(parseYaml(base), base, at, 0, closer, `closing with ${closer}`);
    }
  }
});

test('a key typed without its `:` at the top of a mapping, and the line after it edited, give what a full parse gives', () => {
  // Such a key makes a mapping only because the line after it starts with a key.
  for (const base of ['name: m\nalgorithm: a\n', 'top:\n  imageRepository: r\n  other: 1\n', 'top:\n  - dataType: x\n    other: 1\n']) {
    const at = base.search(/[a-zA-Z]+: [a-z]\n/);
    let state = { doc: parseYaml(base), text: base };
    for (const ch of 'serv\n' + ' '.repeat(base.slice(base.lastIndexOf('\n', at - 1) + 1, at).length)) state = step(state.doc, state.text, at + (state.text.length - base.length), 0, ch, 'typing a key');
    // The key line after it loses its `:` and gets it back.
    const colon = state.text.indexOf(': ', at + 5);
    state = step(state.doc, state.text, colon, 1, '', 'removing the next line’s colon');
    step(state.doc, state.text, colon, 0, ':', 'putting it back');
  }
});
