// Hover, outline, folding and quick fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { caret, load } from '../helpers/fixtures';

const repo = join(__dirname, '..', '..', '..');

function hover(marked: string): string | undefined {
  const { text, offset } = caret(marked);
  const l = load(text);
  const h = l.service.hover(l.document, l.model, l.document.positionAt(offset));
  return h ? (h.contents as { value: string }).value : undefined;
}

test('hover on a key shows its type and documentation from the schema', () => {
  const h = hover('name: m\nalgo|rithm: a\n');
  assert.ok(h?.startsWith('**algorithm**: string'), h);
  assert.match(h!, /Algorithm used to train the ML model/);
  assert.match(hover('name: m\nmlFeatures:\n  - data|Type: numerical\n')!, /Allowed values: `numerical`, `categorical`/);
  assert.match(hover('name: m\nmlFeatures:\n  - dataType: numer|ical\n')!, /Allowed values/);
  assert.equal(hover('name: m\ndescription: some te|xt\n'), undefined);
});

test('the outline shows the model, its features with their sources, and hyperparameters', () => {
  const l = load(readFileSync(join(repo, 'examples', 'eta_predictions.mlmodel.yaml'), 'utf8'));
  const [model] = l.service.documentSymbols(l.document, l.model);
  assert.equal(model.name, 'eta_predictions');
  assert.equal(model.detail, 'Neural Network');
  const features = model.children!.find((c) => c.name === 'mlFeatures')!;
  assert.deepEqual(
    features.children!.map((f) => [f.name, f.detail, f.children!.map((s) => s.name)]),
    [
      ['sales', 'numerical', ['gross_sales']],
      ['persona', 'categorical', ['membership', 'platform']],
    ],
  );
  const hyper = model.children!.find((c) => c.name === 'mlHyperParameters')!;
  assert.deepEqual(hyper.children!.map((h) => [h.name, h.detail]), [['regularisation', '0.5'], ['random', 'hello']]);
});

test('folding covers multi-line entries and list items', () => {
  const l = load('name: m\nmlStore:\n  storage: s\n  imageRepository: r\nmlFeatures:\n  - name: f\n    dataType: numerical\n');
  assert.deepEqual(l.service.foldingRanges(l.document, l.model), [
    { startLine: 1, endLine: 3 },
    { startLine: 4, endLine: 6 },
    { startLine: 5, endLine: 6 },
  ]);
});

function fixes(text: string): Array<{ title: string; result: string }> {
  const l = load(text);
  const diagnostics = l.service.validate(l.document, l.model);
  return l.service.codeActions(l.document, l.model, diagnostics).map((a) => ({
    title: a.title,
    result: TextDocument.applyEdits(l.document, a.edit!.changes![l.document.uri]),
  }));
}

test('quick fix: replace an unknown key or value with the suggestion', () => {
  assert.deepEqual(fixes('name: m\nalgorithm: a\nservce: s\n'), [
    { title: 'Change to `service`', result: 'name: m\nalgorithm: a\nservice: s\n' },
    { title: 'Change to `server`', result: 'name: m\nalgorithm: a\nserver: s\n' },
    { title: 'Remove field `servce`', result: 'name: m\nalgorithm: a\n' },
  ]);
  assert.deepEqual(fixes('name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    dataType: numeric\n'), [
    { title: 'Change to `numerical`', result: 'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    dataType: numerical\n' },
  ]);
});

test('quick fix: a diagnostic offers the fixes of the problems it stands for on the same characters', () => {
  // A half-typed key: the syntax error is shown, the unknown key's suggestions are offered.
  assert.deepEqual(fixes('name: m\nalgorithm: a\nserv\n'), [
    { title: 'Change to `server`', result: 'name: m\nalgorithm: a\nserver\n' },
    { title: 'Change to `service`', result: 'name: m\nalgorithm: a\nservice\n' },
  ]);
});

test('quick fix: start an empty file', () => {
  assert.deepEqual(fixes(''), [{ title: 'Add the missing fields `name`, `algorithm`', result: 'name: \nalgorithm: \n' }]);
});

test('quick fix: add a missing required field', () => {
  assert.deepEqual(fixes('name: m\n'), [{ title: 'Add the missing field `algorithm`', result: 'name: m\nalgorithm: \n' }]);
  assert.deepEqual(fixes('name: m\nalgorithm: a\nmlFeatures:\n  - dataType: numerical\n'), [
    { title: 'Add the missing field `name`', result: 'name: m\nalgorithm: a\nmlFeatures:\n  - dataType: numerical\n    name: \n' },
  ]);
});
