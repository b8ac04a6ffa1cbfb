// Completion: keys not yet present, enum values, item snippets; applying an item gives valid YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem } from 'vscode-languageserver-types';
import { caret, load } from '../helpers/fixtures';
import { createLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import { fakeCatalog } from '../helpers/fakeCatalog';

type Edit = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };

async function complete(marked: string, service?: LanguageService): Promise<{ items: CompletionItem[]; item(label: string): CompletionItem; apply(label: string): string }> {
  const { text, offset } = caret(marked);
  const l = load(text, service);
  const list = await l.service.complete(l.document, l.model, l.document.positionAt(offset));
  const item = (label: string) => {
    const found = list.items.find((i) => i.label === label);
    assert.ok(found, `no item ${label} in ${list.items.map((i) => i.label).join(', ')}`);
    return found;
  };
  return {
    items: [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)),
    item,
    apply(label) {
      const edit = item(label).textEdit as Edit;
      // As the editor inserts a snippet: a choice's first option, a placeholder's default, nothing for a bare tab stop.
      const snippet = edit.newText.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{?\d+\}?/g, '');
      return TextDocument.applyEdits(l.document, [{ range: edit.range, newText: snippet }]);
    },
  };
}

/** The tab stops of a snippet item in the order the editor visits them, each as the key it fills. */
function tabOrder(item: CompletionItem): string[] {
  const text = (item.textEdit as Edit).newText;
  const stops = [...text.matchAll(/([\w]+): \$\{?(\d+)/g)].map((m) => ({ key: m[1], n: Number(m[2]) }));
  return stops.sort((a, b) => a.n - b.n).map((s) => s.key);
}

/** A service connected to a catalog that has nothing: only whether there is one matters to these items. */
function withCatalog(): LanguageService {
  const service = createLanguageService();
  service.setCatalog(new CatalogIndex(fakeCatalog()));
  return service;
}

const labels = async (marked: string) => (await complete(marked)).items.map((i) => i.label);

test('top-level keys: only those not yet present, required ones first', async () => {
  const got = await labels('name: m\n|');
  assert.ok(!got.includes('name'));
  assert.equal(got[0], 'algorithm');
  assert.ok(got.includes('mlFeatures') && got.includes('owners') && got.includes('tags'));
});

test('the first key typed in a new file (the document is one scalar) is completed as a key', async () => {
  assert.equal((await complete('na|')).apply('name'), 'name: ');
  assert.equal((await complete('alg|')).apply('algorithm'), 'algorithm: ');
  // Not indented, not on a later line of a multi-line scalar: nothing is offered there.
  assert.deepEqual(await labels('  na|'), []);
});

test('a partial key is completed and replaced, with its value skeleton', async () => {
  assert.equal((await complete('name: m\nalgo|')).apply('algorithm'), 'name: m\nalgorithm: ');
  assert.equal((await complete('name: m\nmlSt|')).apply('mlStore'), 'name: m\nmlStore:\n  ');
  assert.equal((await complete('name: m\nmlFeat|')).apply('mlFeatures'), 'name: m\nmlFeatures:\n  - ');
});

test('a key followed by its colon is completed by name only', async () => {
  assert.equal((await complete('name: m\nalgo|: x\n')).apply('algorithm'), 'name: m\nalgorithm: x\n');
});

test('keys of a feature, inside the feature mapping', async () => {
  const got = await labels('name: m\nmlFeatures:\n  - name: f\n    |');
  assert.deepEqual(got.sort(), ['dataType', 'description', 'featureAlgorithm', 'featureSources', 'tags']);
});

test('keys of a source, in a new list item, plus the source snippet', async () => {
  const got = await labels('name: m\nmlFeatures:\n  - name: f\n    featureSources:\n      - |');
  assert.ok(got.includes('name') && got.includes('dataSource') && got.includes('dataType'));
  assert.ok(got.includes('source'));
});

test('the feature snippet: empty placeholders, the table asked for before the column, no made-up value', async () => {
  const completed = await complete('name: m\nalgorithm: a\nmlFeatures:\n  - |');
  assert.deepEqual(tabOrder(completed.item('feature')), ['name', 'dataType', 'dataSource', 'name']);
  const text = completed.apply('feature');
  assert.equal(text, ['name: m', 'algorithm: a', 'mlFeatures:', '  - name: ', '    dataType: numerical', '    featureSources:', '      - dataSource: ', '        name: '].join('\n'));
  // Its preview shows the same lines, without the tab stops.
  assert.match(String((completed.item('feature').documentation as { value: string }).value), /^```yaml\nname: \ndataType: numerical\nfeatureSources:\n {2}- dataSource: \n {4}name: \n```$/);
});

test('the source snippet asks for the table, then the column; with a catalog the table list opens at once', async () => {
  const marked = 'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    featureSources:\n      - |';
  const plain = await complete(marked);
  assert.deepEqual(tabOrder(plain.item('source')), ['dataSource', 'name']);
  assert.equal(plain.item('source').command, undefined, 'nothing to suggest without a catalog');
  assert.equal((await complete(marked, withCatalog())).item('source').command?.command, 'editor.action.triggerSuggest');
  // The feature's first stop is its name, which has nothing to suggest.
  assert.equal((await complete('name: m\nalgorithm: a\nmlFeatures:\n  - |', withCatalog())).item('feature').command, undefined);
});

test('a snippet just inserted is not reported while its placeholders are filled in, only once the user moves on', async () => {
  const before = 'name: m\nalgorithm: a\nmlFeatures:\n  - ';
  const text = (await complete(`${before}|`)).apply('feature');
  const l = load(text);
  const lineStart = (n: number) => l.document.offsetAt({ line: n, character: 0 });
  // Writing the snippet (lines 4 to 8): from its first line on, nothing is reported.
  assert.deepEqual(l.service.validate(l.document, l.model, [], { start: lineStart(3), end: text.length }), []);
  // On the table's line: the feature's name above was left empty.
  const onTable = l.service.validate(l.document, l.model, [], { start: lineStart(6), end: text.length });
  assert.deepEqual(onTable.map((d) => [d.range.start.line, d.code]), [[3, 'wrong-type']]);
  // Moved on: each empty value is one error on its key.
  const moved = l.service.validate(l.document, l.model);
  assert.deepEqual(moved.map((d) => [d.range.start.line, l.document.getText(d.range), d.code]), [
    [3, 'name', 'wrong-type'],
    [6, 'dataSource', 'wrong-type'],
    [7, 'name', 'wrong-type'],
  ]);
  // What is not an empty value is reported wherever the user is.
  const typo = load(text.replace('dataType: numerical', 'dataType: numeric'));
  assert.deepEqual(typo.service.validate(typo.document, typo.model, [], { start: lineStart(3), end: text.length }).map((d) => d.code), ['invalid-value']);
});

test('on a blank line at a list column, item snippets start with the dash', async () => {
  const text = (await complete('name: m\nalgorithm: a\nmlHyperParameters:\n  - name: lr\n    value: 1\n  |')).apply('- hyperparameter');
  assert.equal(text, 'name: m\nalgorithm: a\nmlHyperParameters:\n  - name: lr\n    value: 1\n  - name: \n    value: ');
});

test('a key whose value has something to offer asks the editor to suggest again once inserted', async () => {
  const suggestsAgain = async (marked: string, label: string, service?: LanguageService) => (await complete(marked, service)).item(label).command?.command === 'editor.action.triggerSuggest';
  // Lists and mappings: their items' keys and snippets.
  for (const key of ['mlFeatures', 'mlHyperParameters', 'owners', 'mlStore']) assert.ok(await suggestsAgain('name: m\n|', key), key);
  // Plain text has nothing to offer; an enum or a boolean is a choice the editor shows by itself.
  for (const key of ['algorithm', 'description', 'displayName']) assert.ok(!(await suggestsAgain('name: m\n|', key)), key);
  assert.ok(!(await suggestsAgain('name: m\nmlFeatures:\n  - name: f\n    |', 'dataType')));
  // References, only with a catalog; tags too, whose items are references.
  for (const key of ['service', 'dashboard', 'tags']) {
    assert.ok(!(await suggestsAgain('name: m\n|', key)), `${key} without a catalog`);
    assert.ok(await suggestsAgain('name: m\n|', key, withCatalog()), `${key} with a catalog`);
  }
  const source = (lines: string) => `name: m\nmlFeatures:\n  - name: f\n    featureSources:\n      - ${lines}`;
  assert.ok(await suggestsAgain(source('|'), 'dataSource', withCatalog()));
  // A column, once its table is named.
  assert.ok(await suggestsAgain(source('dataSource: s.d.x.t\n        |'), 'name', withCatalog()));
  assert.ok(!(await suggestsAgain(source('dataType: number\n        |'), 'name', withCatalog())));
  // A key completed in front of its own `:` keeps its value: nothing to ask.
  assert.ok(!(await suggestsAgain('name: m\nserv|: x\n', 'service', withCatalog())));
});

test('enum values after the key', async () => {
  assert.deepEqual(await labels('name: m\nmlFeatures:\n  - name: f\n    dataType: |'), ['numerical', 'categorical']);
  assert.deepEqual(await labels('name: m\nmlFeatures:\n  - name: f\n    featureSources:\n      - dataType: |'), ['integer', 'number', 'string', 'array', 'date', 'timestamp', 'object', 'boolean']);
  assert.equal((await complete('name: m\nmlFeatures:\n  - dataType: nu|')).apply('numerical'), 'name: m\nmlFeatures:\n  - dataType: numerical');
});

test('keys of a mapping written under an empty key', async () => {
  assert.deepEqual((await labels('name: m\nmlStore:\n  |')).sort(), ['imageRepository', 'storage']);
});

test('owners offer user and team, not the raw reference fields', async () => {
  assert.deepEqual((await labels('name: m\nowners:\n  - |')).sort(), ['team', 'user']);
});

test('no completion inside a comment or a description', async () => {
  assert.deepEqual(await labels('name: m # a comm|'), []);
  assert.deepEqual(await labels('name: m\ndescription: some te|'), []);
});
