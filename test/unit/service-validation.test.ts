// Diagnostics: on the right characters, naming the field and what is allowed, one per mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { load, ranges, summarize } from '../helpers/fixtures';

const repo = join(__dirname, '..', '..', '..');
const example = (name: string) => readFileSync(join(repo, 'examples', name), 'utf8');

function messages(text: string): string[] {
  const l = load(text);
  return l.service.validate(l.document, l.model).map((d) => String(d.message));
}

/** The diagnostics of a fixture cover exactly its ⟦marked⟧ ranges, with these codes. */
function expectRanges(marked: string, codes: string[]): void {
  const { text, ranges: expected } = ranges(marked);
  const got = summarize(load(text));
  assert.deepEqual(
    got.map(([, covered, code]) => [covered, code]),
    expected.map((r, i) => [r.text, codes[i]]),
  );
}

test('the upstream sample models validate clean', () => {
  assert.deepEqual(summarize(load(example('eta_predictions.mlmodel.yaml'))), []);
  assert.deepEqual(summarize(load(example('forecast_sales.mlmodel.yaml'))), []);
});

test('every mistake in the mistakes example is reported on its own line', () => {
  const text = example('mistakes.mlmodel.yaml');
  const got = summarize(load(text));
  // Each mistake's line carries a comment saying what is wrong; each is reported once.
  const commented = text.split('\n').flatMap((line, i) => (/#\s/.test(line) && !/^\s*#/.test(line) ? [i + 1] : []));
  assert.deepEqual(got.map(([line]) => line), commented);
  assert.deepEqual(got, [
    [3, 'churn::model', 'invalid-value'],
    [4, '"Churn model     # the quote is never closed', 'yaml-syntax'],
    [5, 'algorithm', 'wrong-type'],
    [6, 'servce', 'unknown-field'],
    [7, 'not a url', 'invalid-value'],
    [10, 'imageRepo', 'unknown-field'],
    [14, 'learning_rate', 'duplicate-name'],
    [18, 'numeric', 'invalid-value'],
    [21, 'datetime', 'invalid-value'],
    [23, 'nmae', 'unknown-field'],
    [25, 'tenure', 'duplicate-name'],
    [28, 'usr', 'unknown-field'],
    [30, 'Tier', 'invalid-value'],
  ]);
});

test('a bad value is reported on the value, an unknown key on the key', () => {
  expectRanges('name: m\nalgorithm: ⟦42⟧\n⟦nmae⟧: x\n', ['wrong-type', 'unknown-field']);
  expectRanges('name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    dataType: ⟦numeric⟧\n', ['invalid-value']);
});

test('a missing field is reported on the key of the mapping that lacks it', () => {
  expectRanges('name: m\nalgorithm: a\nmlStore:\n  storage: s\nmlFeatures:\n  - ⟦dataType⟧: numerical\n', ['missing-field']);
  expectRanges('⟦name⟧: m\n', ['missing-field']);
});

test('an empty value is reported on its key', () => {
  expectRanges('name: m\n⟦algorithm⟧:\n', ['wrong-type']);
});

test('messages name the field and say what is allowed', () => {
  assert.deepEqual(messages('name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    dataType: numeric\n'), [
    '`dataType` must be one of: numerical, categorical (found `numeric`). Did you mean `numerical`?',
  ]);
  assert.deepEqual(messages('name: m\nalgorithm: a\nmlStore:\n  storage: s\n  imageRepo: r\n'), [
    'Unknown field `imageRepo` in `mlStore`. Did you mean `imageRepository`? Allowed fields: storage, imageRepository.',
  ]);
  assert.deepEqual(messages('name: m\n'), ['The model is missing the required field `algorithm` (algorithm used to train the ML model, e.g. `Neural Network`, `XGBoost`).']);
});

test('one mistake gives one diagnostic, not a cascade', () => {
  // A misspelt required key: one unknown-field diagnostic that suggests it, no "missing name".
  assert.equal(messages('name: m\nalgorithm: a\nmlFeatures:\n  - nmae: f\n').length, 1);
  // An owner with a misspelt key: the branch it meant, not every alternative's complaints.
  assert.deepEqual(messages('name: m\nalgorithm: a\nowners:\n  - usr: a\n'), ['Unknown field `usr` in owner #1. Did you mean `user`? Allowed fields: user.']);
  // A reference of the wrong type: one message listing the forms.
  assert.equal(messages('name: m\nalgorithm: a\nservice: 42\n').length, 1);
  // A feature that is not a mapping.
  assert.equal(messages('name: m\nalgorithm: a\nmlFeatures:\n  - just text\n').length, 1);
  // A bad indentation: one syntax error, the key still counts.
  assert.deepEqual(summarize(load('name: m\n algorithm: a\n')).map(([, , code]) => code), ['yaml-syntax']);
});

test('a half-typed key is one diagnostic, on the key; the lines above and below keep theirs (none here)', () => {
  for (const marked of [
    'name: m\nalgorithm: a\n⟦serv⟧\n',
    'name: m\nalgorithm: a\n⟦serv⟧',
    'name: m\n⟦serv⟧\nalgorithm: a\n',
    '⟦serv⟧\nname: m\nalgorithm: a\n',
    'name: m\nalgorithm: a\n⟦service⟧\n',
    'name: m\nalgorithm: a\nmlStore:\n  ⟦stor⟧\n  imageRepository: r\n',
    'name: m\nalgorithm: a\nmlFeatures:\n  - ⟦nam⟧\n    dataType: numerical\n',
    'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    ⟦dataT⟧\n  - name: g\n',
  ]) {
    expectRanges(marked, ['yaml-syntax']);
  }
  assert.deepEqual(messages('name: m\nalgorithm: a\nserv\n'), ['Missing `:` after the key `serv`.']);
});

test('a model missing several required fields gets one diagnostic naming them all', () => {
  expectRanges('⟦description⟧: d\n', ['missing-field']);
  assert.deepEqual(messages('description: d\n'), [
    'The model is missing the required fields `name` (name that identifies this ML model) and `algorithm` (algorithm used to train the ML model, e.g. `Neural Network`, `XGBoost`).',
  ]);
});

test('one range, one diagnostic: of the problems on the same characters, the most severe, else the first found (syntax, then the format)', () => {
  // An unknown key written twice: its second occurrence is one diagnostic, not also "unknown field".
  assert.deepEqual(summarize(load('name: m\nalgorithm: a\nserv: 1\nserv: 2\n')), [[4, 'serv', 'duplicate-key']]);
  // An empty required value: "has no value" and "missing algorithm" would both underline `name`.
  assert.deepEqual(summarize(load('name:\n')).map(([, covered, code]) => [covered, code]), [['name', 'wrong-type']]);
});

test('references accept FQN strings and raw {id, type} references', () => {
  assert.deepEqual(messages('name: m\nalgorithm: a\nservice: mlflow_svc\ndashboard: {id: 0b3b3f5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b, type: dashboard}\n'), []);
  assert.deepEqual(messages('name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: c\n        dataSource: sample_data.ecommerce_db.shopify."dim.product"\n'), []);
  assert.equal(messages('name: m\nalgorithm: a\ndashboard: {id: 1, type: dashboard}\n').length, 1);
});

test('tag FQNs follow the upstream tag name pattern, Unicode included', () => {
  assert.deepEqual(messages('name: m\nalgorithm: a\ntags:\n  - PII.Sensitive\n  - Классификация.Тег\n  - "Glossary.\\"Term.With.Dots\\""\n'), []);
  assert.equal(messages('name: m\nalgorithm: a\ntags:\n  - NoDot\n').length, 1);
});

test('duplicate names: features, hyperparameters, and the same column twice in a feature', () => {
  const got = summarize(
    load(
      'name: m\nalgorithm: a\nmlHyperParameters:\n  - name: lr\n  - name: lr\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: c\n        dataSource: s.d.x.t\n      - name: c\n        dataSource: s.d.x.u\n      - name: c\n        dataSource: s.d.x.t\n  - name: f\n',
    ),
  );
  assert.deepEqual(got, [
    [5, 'lr', 'duplicate-name'],
    [13, 'c', 'duplicate-name'],
    [15, 'f', 'duplicate-name'],
  ]);
});

test('an empty file gets one hint and no error until something is typed; a list and a single value one clear problem each', () => {
  for (const empty of ['', '\n', '# my model\n', '---\n']) {
    const l = load(empty);
    assert.deepEqual(
      l.service.validate(l.document, l.model).map((d) => [d.code, d.severity, d.message]),
      [['empty-file', DiagnosticSeverity.Information, 'Start the model with `name:` and `algorithm:` (Ctrl+Space suggests them), or use the quick fix.']],
      JSON.stringify(empty),
    );
  }
  assert.deepEqual(summarize(load('n')).map(([, covered, c]) => [covered, c]), [['n', 'not-a-model']]);
  assert.deepEqual(summarize(load('- a\n- b\n')).map(([, , c]) => c), ['not-a-model']);
  assert.deepEqual(summarize(load('just text\n')).map(([, , c]) => c), ['not-a-model']);
});

test('a U+FFFD or NUL character is an error on it, saying what happened and what to do; one per kind, counting the others', () => {
  expectRanges('name: caf⟦\uFFFD⟧_model\nalgorithm: a\n', ['invalid-character']);
  assert.deepEqual(messages('name: caf\uFFFD_model\nalgorithm: a\ndescription: na\uFFFDve \uFFFD\n'), [
    'U+FFFD (\uFFFD) stands for bytes that were not valid UTF-8: the file was saved in another encoding. Reopen it with that encoding (Reopen with Encoding), save it as UTF-8 (Save with Encoding), and type again what was lost. 2 more in this file.',
  ]);
  expectRanges('name: m\nalgorithm: a⟦\u0000⟧\n', ['invalid-character']);
  assert.deepEqual(messages('name: m\nalgorithm: a\u0000\n'), [
    'A NUL character cannot be in a model file: is it binary, or saved as UTF-16? Save it as UTF-8 (Save with Encoding), or remove the character.',
  ]);
  // Both kinds: one each.
  assert.deepEqual(summarize(load('name: \u0000m\nalgorithm: \uFFFD\n')).map(([line, , code]) => [line, code]), [[1, 'invalid-character'], [2, 'invalid-character']]);
});

test('positions stay right with a byte order mark and CRLF line endings', () => {
  const l = load('\uFEFFname: m\r\nalgorithm: a\r\nmlFeatures:\r\n  - name: f\r\n    dataType: numeric\r\n');
  const [d] = l.service.validate(l.document, l.model);
  assert.deepEqual(d.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 21 } });
});

test('an alias bomb gets one diagnostic, not a hang', () => {
  let text = 'name: m\nalgorithm: a\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) text += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  assert.deepEqual(summarize(load(text)).map(([, , c]) => c), ['alias-expansion']);
});

test('a file over the size limit gets one diagnostic instead of being parsed', () => {
  const { createLanguageService } = require('../../server/src/service/languageService') as typeof import('../../server/src/service/languageService');
  const { resolveSettings } = require('../../server/src/shared/settings') as typeof import('../../server/src/shared/settings');
  const service = createLanguageService(resolveSettings({ maxFileSizeMB: 1 }));
  const big = 'name: m\nalgorithm: a\ndescription: ' + 'x'.repeat(2 * 1024 * 1024) + '\n';
  assert.deepEqual(summarize(load(big, service)).map(([, , c]) => c), ['too-large']);
});

test('severity is configurable per code, and `off` hides a diagnostic', () => {
  const { createLanguageService } = require('../../server/src/service/languageService') as typeof import('../../server/src/service/languageService');
  const { resolveSettings } = require('../../server/src/shared/settings') as typeof import('../../server/src/shared/settings');
  const text = 'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n  - name: f\n    dataType: x\n';
  const service = createLanguageService(resolveSettings({ severity: { 'duplicate-name': 'warning', 'invalid-value': 'off' } }));
  const l = load(text, service);
  const got = service.validate(l.document, l.model);
  assert.deepEqual(got.map((d) => [d.code, d.severity]), [['duplicate-name', 2]]);
});
