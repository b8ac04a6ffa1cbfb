// Completion: keys not yet present, enum values, item snippets; applying an item gives valid YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem } from 'vscode-languageserver-types';
import { caret, load } from '../helpers/fixtures';

async function complete(marked: string): Promise<{ items: CompletionItem[]; apply(label: string): string }> {
  const { text, offset } = caret(marked);
  const l = load(text);
  const list = await l.service.complete(l.document, l.model, l.document.positionAt(offset));
  return {
    items: [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)),
    apply(label) {
      const item = list.items.find((i) => i.label === label);
      assert.ok(item, `no item ${label} in ${list.items.map((i) => i.label).join(', ')}`);
      const edit = item.textEdit as { range: Parameters<TextDocument['offsetAt']>[0] extends never ? never : { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
      const snippet = edit.newText.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{?\d+\}?/g, '');
      return TextDocument.applyEdits(l.document, [{ range: edit.range, newText: snippet }]);
    },
  };
}

const labels = async (marked: string) => (await complete(marked)).items.map((i) => i.label);

test('top-level keys: only those not yet present, required ones first', async () => {
  const got = await labels('name: m\n|');
  assert.ok(!got.includes('name'));
  assert.equal(got[0], 'algorithm');
  assert.ok(got.includes('mlFeatures') && got.includes('owners') && got.includes('tags'));
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

test('the feature snippet inserts a whole feature that validates', async () => {
  const text = (await complete('name: m\nalgorithm: a\nmlFeatures:\n  - |')).apply('feature');
  assert.equal(
    text,
    [
      'name: m',
      'algorithm: a',
      'mlFeatures:',
      '  - name: feature_name',
      '    dataType: numerical',
      '    description: What the feature measures',
      '    featureSources:',
      '      - name: column',
      '        dataType: integer',
      '        dataSource: service.database.schema.table',
    ].join('\n'),
  );
  const l = load(text);
  assert.deepEqual(l.service.validate(l.document, l.model), []);
});

test('on a blank line at a list column, item snippets start with the dash', async () => {
  const text = (await complete('name: m\nalgorithm: a\nmlHyperParameters:\n  - name: lr\n    value: 1\n  |')).apply('- hyperparameter');
  assert.equal(text, 'name: m\nalgorithm: a\nmlHyperParameters:\n  - name: lr\n    value: 1\n  - name: name\n    value: value\n    description: ');
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
