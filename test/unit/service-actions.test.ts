// Code actions: removing an unknown field, Fix all, and acknowledging sensitive data with a
// `# mlmodel-ignore` comment (read by the checker: the warning goes, the CLI lists it apart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { resolveSettings } from '../../server/src/shared/settings';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import { load, summarize, type Loaded } from '../helpers/fixtures';
import { fakeCatalog } from '../helpers/fakeCatalog';

const apply = (l: Loaded, a: CodeAction) => TextDocument.applyEdits(l.document, a.edit!.changes![l.document.uri]);

/** What "Remove field `key`" makes of `text`. */
function removed(text: string, key: string): string | undefined {
  const l = load(text);
  const action = l.service.codeActions(l.document, l.model, l.service.validate(l.document, l.model)).find((a) => a.title === `Remove field \`${key}\``);
  return action && apply(l, action);
}

test('remove an unknown field: its line, its value and nested block; the rest stays valid', () => {
  assert.equal(removed('name: m\nalgorithm: a\nzzz: 1\nservice: s\n', 'zzz'), 'name: m\nalgorithm: a\nservice: s\n');
  assert.equal(removed('name: m\nzzz:\n  a: 1\n  b:\n    - x\nalgorithm: a\n', 'zzz'), 'name: m\nalgorithm: a\n');
  // The last line, without a line break.
  assert.equal(removed('name: m\nalgorithm: a\nzzz: 1', 'zzz'), 'name: m\nalgorithm: a\n');
  // With a trailing comment, which goes with it.
  assert.equal(removed('name: m\nalgorithm: a\nzzz: 1  # why\n', 'zzz'), 'name: m\nalgorithm: a\n');
  // The first key of a list item: the next key moves up behind the `- `.
  assert.equal(
    removed('name: m\nalgorithm: a\nmlFeatures:\n  - zzz:\n      q: 1\n    name: f\n', 'zzz'),
    'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n',
  );
  // A later key of a list item.
  assert.equal(removed('name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    zzz: 2\n  - name: g\n', 'zzz'), 'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n  - name: g\n');
  // A flow mapping: the pair and one comma.
  assert.equal(removed('name: m\nalgorithm: a\nmlStore: {storage: s, zzz: 1}\n', 'zzz'), 'name: m\nalgorithm: a\nmlStore: {storage: s}\n');
  assert.equal(removed('name: m\nalgorithm: a\nmlStore: {zzz: 1, storage: s}\n', 'zzz'), 'name: m\nalgorithm: a\nmlStore: {storage: s}\n');
});

test('remove is preferred when nothing is close, and offered beside the suggestions when something is', () => {
  const l = load('name: m\nalgorithm: a\nzzz: 1\nservce: s\n');
  const actions = l.service.codeActions(l.document, l.model, l.service.validate(l.document, l.model));
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred]),
    [
      ['Remove field `zzz`', true],
      ['Change to `service`', false],
      ['Change to `server`', false],
      ['Remove field `servce`', false],
    ],
  );
  // Every result parses back without the field and without new problems.
  for (const a of actions.filter((x) => x.title.startsWith('Remove'))) {
    const after = load(apply(l, a));
    assert.equal(summarize(after).filter(([, , code]) => code !== 'unknown-field').length, 0, apply(l, a));
  }
});

function fixAllOf(text: string, only: string[] = ['source.fixAll.mlmodel']) {
  const l = load(text);
  // On save the request names no diagnostics: Fix all finds its own.
  const actions = l.service.codeActions(l.document, l.model, [], { only });
  return { actions, result: actions.length ? apply(l, actions[0]) : undefined };
}

test('Fix all applies every fix with exactly one candidate, and nothing else', () => {
  const text = [
    'name: m',
    'algoritm: a', // one candidate: applied
    'servce: s', // `service` or `server`: left
    'zzz: 1', // nothing close: never removed
    'mlFeatures:',
    '  - nmae: f', // one candidate: applied
    '    dataType: numeric', // one enum value: applied
    '',
  ].join('\n');
  const { actions, result } = fixAllOf(text);
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind]),
    [['Fix all: 3 unambiguous fixes', 'source.fixAll.mlmodel']],
  );
  assert.equal(result, text.replace('algoritm', 'algorithm').replace('nmae', 'name').replace('numeric', 'numerical'));
});

test('Fix all answers the kinds that contain it; the light bulb gets quick fixes only', () => {
  const text = 'name: m\nalgoritm: a\n';
  for (const only of [['source.fixAll.mlmodel'], ['source.fixAll'], ['source']]) assert.equal(fixAllOf(text, only).actions.length, 1, only.join());
  assert.equal(fixAllOf(text, ['quickfix']).actions.length, 0);
  assert.equal(fixAllOf(text, ['source.organizeImports']).actions.length, 0);
  const l = load(text);
  const bulb = l.service.codeActions(l.document, l.model, l.service.validate(l.document, l.model));
  assert.deepEqual(bulb.map((a) => a.kind), ['quickfix', 'quickfix']);
  // Nothing to fix: no action, so a save changes nothing.
  assert.deepEqual(fixAllOf('name: m\nalgorithm: a\n').actions, []);
});

test('Fix all leaves catalog references alone: the closest table is a guess about the data', async () => {
  const { service, index } = await connected();
  const text = model('      - name: gross_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n      - name: email\n        dataType: number\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n');
  const l = load(text, service);
  service.validate(l.document, l.model);
  await index.settled();
  assert.deepEqual(summarize(l).map(([, , c]) => c), ['unknown-table', 'sensitive-data', 'datatype-mismatch']);
  const [all] = service.codeActions(l.document, l.model, [], { only: ['source.fixAll'] });
  // The column's type is not a guess: applied.
  assert.equal(apply(l, all), text.replace('dataType: number', 'dataType: string'));
});

// Acknowledging sensitive data.

async function connected() {
  const index = new CatalogIndex(fakeCatalog());
  await index.start();
  const service = createLanguageService(resolveSettings({}));
  service.setCatalog(index);
  return { service, index };
}

const model = (sources: string, feature = '  - name: contact\n') => `name: m\nalgorithm: a\nservice: mlflow_svc\nmlFeatures:\n${feature}    featureSources:\n${sources}`;
const EMAIL = '      - name: email\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n';
const CARD = '      - name: creditcard\n        dataSource: sample_data.ecommerce_db.shopify.raw_customer\n';

async function checked(text: string, withCatalog = true) {
  const { service, index } = withCatalog ? await connected() : { service: createLanguageService(), index: undefined };
  const l = load(text, service);
  service.validate(l.document, l.model);
  await index?.settled();
  const all = service.validateAll(l.document, l.model);
  const at = (d: { range: { start: { line: number } } }) => d.range.start.line + 1;
  return {
    l,
    shown: all.diagnostics.map((d) => [at(d), String(d.code)]),
    suppressed: all.suppressed.map((d) => [at(d), String(d.code), d.suppressions[0].justification, d.suppressions[0].range.start.line + 1]),
    messages: all.diagnostics.map((d) => String(d.message)),
  };
}

test('a comment on the source line acknowledges that source only; its reason is kept', async () => {
  const text = model(EMAIL.replace('email\n', 'email  # mlmodel-ignore sensitive-data: consented marketing use\n') + CARD);
  const { shown, suppressed } = await checked(text);
  assert.deepEqual(shown, [[9, 'sensitive-data']]);
  assert.deepEqual(suppressed, [[7, 'sensitive-data', 'consented marketing use', 7]]);
});

test('a comment on the line above a feature acknowledges all its sources; not another feature', async () => {
  const text = model(EMAIL + CARD, '  # mlmodel-ignore sensitive-data: fraud model, approved by legal\n  - name: contact\n') + '  - name: other\n    featureSources:\n' + EMAIL;
  const { shown, suppressed } = await checked(text);
  assert.deepEqual(shown, [[14, 'sensitive-data']]);
  assert.deepEqual(
    suppressed.map(([line, , reason]) => [line, reason]),
    [
      [8, 'fraud model, approved by legal'],
      [10, 'fraud model, approved by legal'],
    ],
  );
});

test('a comment without a reason still acknowledges, and is a warning itself: say why', async () => {
  const { shown, suppressed, messages } = await checked(model('      # mlmodel-ignore sensitive-data\n' + EMAIL));
  assert.deepEqual(shown, [[7, 'ignore-comment']]);
  assert.match(messages[0], /Say why/);
  assert.equal(suppressed.length, 1);
  assert.equal(suppressed[0][2], undefined);
});

test('an unused comment is a hint, once the catalog has answered; without a catalog it is not judged', async () => {
  const text = model('      # mlmodel-ignore sensitive-data: not needed\n      - name: gross_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n');
  const { shown, messages } = await checked(text);
  assert.deepEqual(shown, [[7, 'unused-ignore']]);
  assert.match(messages[0], /Nothing here is reported as `sensitive-data`/);
  assert.deepEqual((await checked(text, false)).shown, []);
  // On no feature or source: nothing to acknowledge, catalog or not.
  const stray = (await checked('# mlmodel-ignore sensitive-data: why\nname: m\nalgorithm: a\n', false)).shown;
  assert.deepEqual(stray, [[1, 'unused-ignore']]);
});

test('only sensitive-data can be acknowledged; a value that looks like a comment is not one', async () => {
  const { shown, messages } = await checked(model(EMAIL.replace('email\n', 'email # mlmodel-ignore unknown-table: x\n')));
  assert.deepEqual(shown, [
    [7, 'sensitive-data'],
    [7, 'ignore-comment'],
  ]);
  assert.match(messages[1], /Only `sensitive-data` can be acknowledged/);
  const quoted = await checked(model('      - name: email\n        description: "a # mlmodel-ignore sensitive-data: no"\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n'));
  assert.deepEqual(quoted.shown, [[7, 'sensitive-data']]);
});

test('the quick fix on the warning inserts the comment above the source, the reason a snippet placeholder', async () => {
  const { l } = await checked(model(EMAIL));
  const [warning] = l.service.validate(l.document, l.model);
  const [plain] = l.service.codeActions(l.document, l.model, [warning]);
  assert.equal(plain.title, 'Acknowledge sensitive data in source `email` (# mlmodel-ignore comment)');
  const inserted = apply(l, plain);
  assert.equal(inserted, model('      # mlmodel-ignore sensitive-data: \n' + EMAIL));
  const [snippet] = l.service.codeActions(l.document, l.model, [warning], { snippets: true });
  const change = snippet.edit!.documentChanges![0] as { edits: Array<TextEdit & { snippet?: { value: string } }> };
  assert.deepEqual(change.edits[0].snippet, { kind: 'snippet', value: '      # mlmodel-ignore sensitive-data: ${1:reason}\n' });
  // Written with a reason, the warning is gone and nothing is said about the comment.
  const { shown } = await checked(inserted.replace('sensitive-data: ', 'sensitive-data: consented'));
  assert.deepEqual(shown, []);
});
