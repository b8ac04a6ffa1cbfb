// The incremental path (local reparse + per-feature validation caches) must give exactly the
// diagnostics of a full reparse, after every edit of a random sequence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import type { ModelDocument } from '../../server/src/service/document';
import { generateModel } from '../helpers/models';
import { int, pick, rng } from '../helpers/random';

const EDITS = ['x', ' ', '\n', '\n    ', '- ', ': ', '"', '#', 'numerical', 'categorical', 'numeric', 'name: dup\n', '    dataType: integer\n', 'nmae', '\n  - name: feature_1\n', '\t', 'PII.Sensitive', '', 'caf\uFFFD', '\u0000'];

test('diagnostics after random edits equal those of a full reparse', () => {
  const service = createLanguageService();
  for (const seed of [11, 12, 13]) {
    const r = rng(seed);
    let text = generateModel(40, { seed });
    let document = TextDocument.create('file:///m.mlmodel.yaml', 'mlmodel-yaml', 0, text);
    let model: ModelDocument | undefined = service.parse(text);
    let incremental = 0;
    for (let i = 0; i < 600; i++) {
      const offset = int(r, 0, text.length);
      const removed = r() < 0.5 ? Math.min(int(r, 0, 20), text.length - offset) : 0;
      const insert = pick(r, EDITS);
      text = text.slice(0, offset) + insert + text.slice(offset + removed);
      document = TextDocument.create(document.uri, 'mlmodel-yaml', i + 1, text);
      model = model && service.update(model, text, { offset, removed, text: insert });
      if (model) incremental++;
      else model = service.parse(text);
      const got = service.validate(document, model);
      const expected = service.validate(document, service.parse(text));
      assert.deepEqual(got, expected, `seed ${seed}, edit ${i}: ${JSON.stringify(insert)} at ${offset} (-${removed})`);
    }
    assert.ok(incremental > 100, `seed ${seed}: ${incremental} of 600 edits incremental`);
  }
});

test('completion, outline and folding after edits that moved chunks equal those of a fresh parse', async () => {
  const service = createLanguageService();
  let text = generateModel(30);
  let model = service.parse(text);
  // Edits near the top move every feature after them.
  for (const [from, to] of [['Generated model', 'A model with a much longer display name'], ['algorithm: Neural Network', 'algorithm: NN']]) {
    const offset = text.indexOf(from);
    text = text.slice(0, offset) + to + text.slice(offset + from.length);
    model = service.update(model, text, { offset, removed: from.length, text: to })!;
    assert.equal(model.yaml.reparsed, 'incremental');
  }
  const document = TextDocument.create('file:///m.mlmodel.yaml', 'mlmodel-yaml', 3, text);
  const fresh = service.parse(text);
  assert.deepEqual(service.foldingRanges(document, model), service.foldingRanges(document, fresh));
  assert.deepEqual(service.documentSymbols(document, model), service.documentSymbols(document, fresh));
  // A new source item under feature_20: the completion context finds its list through the dashes.
  const at = text.indexOf('      - name: column_', text.indexOf('name: feature_20'));
  const position = document.positionAt(at + '      - '.length);
  assert.deepEqual(await service.complete(document, model, position), await service.complete(document, fresh, position));
});
