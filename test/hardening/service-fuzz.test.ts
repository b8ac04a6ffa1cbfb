// Hostile files, generated: 1,500 models mutated the ways real files go wrong (truncated,
// binary bytes, tabs, wrong indentation, a scalar replaced by another type, Unicode, very long
// lines, stray YAML syntax), each sent through every request the editor makes. None may throw,
// each answers within a bound, ranges stay inside the document, and the incremental reparse the
// server does on every keystroke gives exactly the diagnostics of a full parse. Fixed seeds: a
// failure names the seed and fast-check's shrunk counterexample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import type { ModelDocument } from '../../server/src/service/document';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { startSandbox } from '../../server/src/sandbox/server';
import { fakeCatalog } from '../helpers/fakeCatalog';
import { generateModel } from '../helpers/models';
import { describe, everyRequest, within } from './harness';

const repo = join(__dirname, '..', '..', '..');
const example = (name: string) => readFileSync(join(repo, 'examples', name), 'utf8');

const BASES = [
  example('eta_predictions.mlmodel.yaml'),
  example('forecast_sales.mlmodel.yaml'),
  example('mistakes.mlmodel.yaml'),
  generateModel(3),
  'name: m\nalgorithm: a\nmlFeatures:\n  - {name: f, dataType: numerical, featureSources: [{name: c, dataSource: "s.d.x.t"}]}\nowners: [{user: u}]\ntags: [Tier.Tier1]\n',
];

/** Values of every YAML type, to put where a scalar was. */
const OTHER_TYPES = [
  '', '~', 'null', 'true', 'false', '0', '-1', '3.14', '1e309', '.nan', '0x1F', '"quoted"', "'single'", '[]', '{}', '[a, b]', '{a: 1}',
  '[[[]]]', '|\n  block\n', '>-\n  folded\n', '\n  - item\n  - item\n', '\n  key: value\n', '&anchor x', '*anchor', '!!binary aGVsbG8=',
  '!custom x', '2024-01-01', '"unterminated', "'unterminated", '[unclosed', '{unclosed', '- ', ': ', '? ', '%', '@', '`',
];

// (A lone CR, U+2028 and U+2029 are line breaks to an LSP client, not to YAML.)
const UNICODE = ['\r', '\u2028', '\u2029', 'магазин', '数据表', '🎉', '👩‍👩‍👧', 'e\u0301', '\u200b', '\u202e', 'ß', '\uFEFF', '\uD800', '\uDC00', '\u00a0', 'ﬁ', '\u0000', '\uFFFD', '\uFFFF'];

const STRUCTURE = ['', ' ', '\n', '- ', ': ', ':', '"', "'", '[', ']', '{', '}', ',', '#', '|', '>', '-', '&a ', '*a', '!!str ', '---\n', '...\n', '? ', '\n  ', '\n- ', 'name: dup\n', '<<: *a\n'];

/** One edit, as the editor sends it: replace `removed` characters at `offset` with `text`. */
interface Change {
  offset: number;
  removed: number;
  text: string;
}

/** A mutation as data, so that fast-check prints (and shrinks) a readable counterexample. */
type Mutation =
  | { kind: 'truncate'; n: number }
  | { kind: 'insert'; n: number; text: string }
  | { kind: 'tab'; n: number; spaces: number }
  | { kind: 'indent'; n: number; by: number }
  | { kind: 'retype'; n: number; value: string }
  | { kind: 'splice'; n: number; removed: number; text: string }
  | { kind: 'duplicateLine'; n: number };

const lineStarts = (text: string): number[] => [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
const at = (n: number, length: number) => n % (length + 1);

function change(t: string, m: Mutation): Change {
  const starts = lineStarts(t);
  const lineStart = starts[m.n % starts.length];
  const spaces = /^ */.exec(t.slice(lineStart))![0].length;
  switch (m.kind) {
    case 'truncate':
      return { offset: at(m.n, t.length), removed: t.length - at(m.n, t.length), text: '' };
    case 'insert':
      return { offset: at(m.n, t.length), removed: 0, text: m.text };
    case 'tab':
      return { offset: lineStart, removed: Math.min(m.spaces, spaces), text: '\t' };
    case 'indent':
      return m.by >= 0 ? { offset: lineStart, removed: 0, text: ' '.repeat(m.by) } : { offset: lineStart, removed: Math.min(-m.by, spaces), text: '' };
    case 'retype': {
      const values = [...t.matchAll(/(?::|- ) ?([^\n]*)/g)];
      if (!values.length) return { offset: at(m.n, t.length), removed: 0, text: m.value };
      const v = values[m.n % values.length];
      return { offset: v.index! + v[0].length - v[1].length, removed: v[1].length, text: m.value };
    }
    case 'splice': {
      const offset = at(m.n, t.length);
      return { offset, removed: Math.min(m.removed, t.length - offset), text: m.text };
    }
    case 'duplicateLine': {
      const i = m.n % starts.length;
      const line = t.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : t.length);
      return { offset: starts[i], removed: 0, text: line.endsWith('\n') ? line : `${line}\n` };
    }
  }
}

const n = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), n }),
  // Binary bytes.
  fc.record({ kind: fc.constant('insert' as const), n, text: fc.uint8Array({ minLength: 1, maxLength: 24 }).map((b) => Buffer.from(b).toString('latin1')) }),
  // Arbitrary UTF-16 code units, lone surrogates included.
  fc.record({ kind: fc.constant('insert' as const), n, text: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 8 }).map((u) => String.fromCharCode(...u)) }),
  fc.record({ kind: fc.constant('tab' as const), n, spaces: fc.nat({ max: 4 }) }),
  fc.record({ kind: fc.constant('indent' as const), n, by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('retype' as const), n, value: fc.constantFrom(...OTHER_TYPES) }),
  fc.record({ kind: fc.constant('insert' as const), n, text: fc.constantFrom(...UNICODE) }),
  // A very long line.
  fc.record({
    kind: fc.constant('insert' as const),
    n,
    text: fc.tuple(fc.integer({ min: 1_000, max: 40_000 }), fc.constantFrom('x', 'ab ', '- ', '[', 'é')).map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length))),
  }),
  // Stray YAML syntax, and deletions.
  fc.record({ kind: fc.constant('splice' as const), n, removed: fc.nat({ max: 40 }), text: fc.constantFrom(...STRUCTURE) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), n }),
);

const hostileModel = fc.record({
  base: fc.constantFrom(...BASES.keys()),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
  probes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
  crlf: fc.boolean(),
});

/** Apply the mutations one by one, each as an incremental edit, checking it against a full parse. */
function mutate(service: LanguageService, base: string, mutations: Mutation[]): string {
  let text = base;
  let model: ModelDocument | undefined = service.parse(text);
  for (const [i, m] of mutations.entries()) {
    const edit = change(text, m);
    const next = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.removed);
    let updated: ModelDocument | undefined;
    try {
      updated = model && service.update(model, next, edit);
    } catch (e) {
      assert.fail(`update threw ${String(e)} on edit ${JSON.stringify(edit)} of ${describe(text)}`);
    }
    const document = TextDocument.create('file:///hardening/m.mlmodel.yaml', 'mlmodel-yaml', i + 2, next);
    const full = service.parse(next);
    if (updated) assert.deepEqual(service.validate(document, updated), service.validate(document, full), `incremental ≠ full parse after ${JSON.stringify(edit)} on ${describe(text)}`);
    model = full;
    text = next;
  }
  return text;
}

const BOUND_MS = 2_000;

/** `settle`: once the requests are answered, wait for what they asked the catalog, and ask again. */
async function fuzz(service: LanguageService, seed: number, numRuns: number, settle?: () => Promise<void>): Promise<void> {
  const details = await fc.check(
    fc.asyncProperty(hostileModel, async ({ base, mutations, probes, crlf }) => {
      const original = crlf ? BASES[base].replace(/\n/g, '\r\n') : BASES[base];
      const text = mutate(service, original, mutations);
      const offsets = probes.map((p) => Math.floor(p * text.length));
      await everyRequest(service, text, offsets, BOUND_MS);
      if (settle) {
        await within('the catalog answering', BOUND_MS, settle);
        await everyRequest(service, text, offsets, BOUND_MS);
      }
    }),
    { seed, numRuns },
  );
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    assert.fail(`seed ${seed}, after ${details.numRuns} runs, shrunk to ${JSON.stringify(details.counterexample)}:\n${error}`);
  }
  assert.equal(details.numRuns, numRuns);
}

test('1,000 mutated models through every request: no exception, bounded time, ranges inside, incremental = full', async () => {
  await fuzz(createLanguageService(), 20260801, 1_000);
});

test('500 mutated models against the sandbox through the REST client: catalog checks, completion, hover and links hold too', async () => {
  const sandbox = await startSandbox();
  try {
    const index = new CatalogIndex(new OpenMetadataClient({ baseUrl: sandbox.url }));
    await index.start();
    assert.equal(index.state.kind, 'ready');
    const service = createLanguageService();
    service.setCatalog(index);
    await fuzz(service, 20260802, 500, () => index.settled());
    assert.equal(index.state.kind, 'ready', 'no request the fuzzing made broke the connection');
  } finally {
    await sandbox.close();
  }
});

// What the fuzzing found, as the smallest cases (fixed in 4ff0247 and df8de2c).

test('completion on a line holding a lone CR, U+2028 or U+2029 answers', async () => {
  const service = createLanguageService();
  for (const text of ['name: m\u2028x', 'name: m\rx', 'a\u2029b']) await everyRequest(service, text, [text.length], BOUND_MS);
});

test('a reference holding a lone surrogate: links, hover and lenses answer', async () => {
  const index = new CatalogIndex(fakeCatalog());
  await index.start();
  const service = createLanguageService();
  service.setCatalog(index);
  const text = 'name: m\u{1F600}\uD800\nalgorithm: a\nservice: "mlflow_svc\\uD800"\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: c\n        dataSource: "a.b.c.d\\uD800"\n';
  await everyRequest(service, text, [text.indexOf('mlflow_svc') + 2, text.indexOf('a.b.c.d') + 2], BOUND_MS);
});

/** The diagnostics after `insert` replaces `removed` characters at `offset`, incrementally and by a full parse. */
function afterEdit(text: string, offset: number, removed: number, insert: string, validateFirst: boolean) {
  const service = createLanguageService();
  const next = text.slice(0, offset) + insert + text.slice(offset + removed);
  const before = service.parse(text);
  // The server validates every version: the per-feature caches then hold the previous answers.
  if (validateFirst) service.validate(TextDocument.create('file:///hardening/m.mlmodel.yaml', 'mlmodel-yaml', 1, text), before);
  const document = TextDocument.create('file:///hardening/m.mlmodel.yaml', 'mlmodel-yaml', 2, next);
  const updated = service.update(before, next, { offset, removed, text: insert });
  assert.ok(updated, 'the edit is reparsed incrementally');
  return { incremental: service.validate(document, updated), full: service.validate(document, service.parse(next)) };
}

test('past the nesting limit, an incremental edit gives the diagnostics of a full parse', () => {
  for (const insert of ['['.repeat(500), '{'.repeat(501), '- '.repeat(501)]) {
    const { incremental, full } = afterEdit('name: m\nalgorithm: a\n', 6, 1, insert, false);
    assert.ok(full.some((d) => String(d.message).includes('nests deeper')));
    assert.deepEqual(incremental, full, `${insert.slice(0, 2)}…`);
  }
});

test('typing above an empty list item keeps its diagnostic on the item', () => {
  const { incremental, full } = afterEdit('name: m\nalgorithm: a\nmlFeatures:\n  -\n', 6, 0, 'xyz', true);
  assert.deepEqual(full.map((d) => [d.code, d.range]), [['wrong-type', { start: { line: 3, character: 2 }, end: { line: 3, character: 3 } }]]);
  assert.deepEqual(incremental, full);
});
