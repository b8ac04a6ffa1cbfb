// Two files, one model: `validate` and `publish` over a folder refuse two files that define the same
// model FQN (service + name, however either is quoted), naming both files and lines. Publishing both
// would make them fight: each publish undoes the other, a new version every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { useSandbox } from '../helpers/sandbox';
import { SHOPIFY } from '../helpers/models';

const sandbox = useSandbox();

const text = (name: string, algorithm: string, service = 'mlflow_svc') =>
  `# ${algorithm}\nname: ${name}\nalgorithm: ${algorithm}\nservice: ${service}\nmlFeatures:\n  - name: spend\n    featureSources:\n      - name: gross_sales\n        dataSource: ${SHOPIFY}.fact_sale\n`;

/** A folder holding these files (relative path → text). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlmodel-dup-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

test('validate: both files of one model are errors, each naming the other file and its line', async () => {
  const dir = folder({ 'a/churn.mlmodel.yaml': text('churn', 'XGBoost'), 'b/churn-copy.mlmodel.yaml': text('"churn"', 'LightGBM'), 'other.mlmodel.yaml': text('other', 'XGBoost') });
  const r = await runCli(['validate', dir]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const a = join(dir, 'a/churn.mlmodel.yaml');
  const b = join(dir, 'b/churn-copy.mlmodel.yaml');
  assert.deepEqual(r.stdout.trim().split('\n'), [
    `${a}:2:7 error Another file defines the model \`mlflow_svc.churn\` too: ${b}:2. Publishing both would make each undo the other, a new version every time: keep one file per model. [duplicate-model]`,
    `${b}:2:7 error Another file defines the model \`mlflow_svc.churn\` too: ${a}:2. Publishing both would make each undo the other, a new version every time: keep one file per model. [duplicate-model]`,
    '2 errors, 0 warnings in 3 files',
  ]);
});

test('validate --format json: the other file is related information', async () => {
  const dir = folder({ 'one.mlmodel.yaml': text('churn', 'XGBoost'), 'two.mlmodel.yaml': text('churn', 'XGBoost') });
  const r = await runCli(['validate', '--format', 'json', dir]);
  const [first] = JSON.parse(r.stdout);
  const [d] = first.diagnostics;
  assert.equal(d.code, 'duplicate-model');
  assert.deepEqual(d.relatedInformation.map((i: { location: { uri: string; range: { start: { line: number } } } }) => [i.location.uri.endsWith('/two.mlmodel.yaml'), i.location.range.start.line]), [[true, 1]]);
});

test('a folder of 200 copies of one model: each error names five other files and how many more (not every pair)', async () => {
  const dir = folder(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`copy${String(i).padStart(3, '0')}.mlmodel.yaml`, text('churn', 'XGBoost')])));
  const r = await runCli(['validate', '--format', 'json', dir]);
  const results = JSON.parse(r.stdout) as Array<{ diagnostics: Array<{ message: string; relatedInformation: unknown[] }> }>;
  assert.equal(results.length, 200);
  const [d] = results[0].diagnostics;
  assert.match(d.message, /^199 other files define the model `mlflow_svc\.churn` too: (\S+copy\d{3}\.mlmodel\.yaml:2, ){4}\S+copy\d{3}\.mlmodel\.yaml:2 and 194 more\./);
  assert.equal(d.relatedInformation.length, 5);
});

test('the same name in two services, or two names in one service, are two models', async () => {
  const dir = folder({ 'a.mlmodel.yaml': text('churn', 'XGBoost'), 'b.mlmodel.yaml': text('churn', 'XGBoost', 'other_svc'), 'c.mlmodel.yaml': text('churn_v2', 'XGBoost') });
  const r = await runCli(['validate', dir]);
  assert.equal(r.code, 0, r.stdout);
});

test('publish: neither file of one model is published; the others are', async () => {
  const dir = folder({ 'a.mlmodel.yaml': text('churn', 'XGBoost'), 'b.mlmodel.yaml': text('churn', 'LightGBM'), 'c.mlmodel.yaml': text('other', 'XGBoost') });
  const r = await runCli(['publish', '--server', sandbox.url, '--format', 'json', dir]);
  assert.equal(r.code, 1, r.stderr);
  const outcomes = JSON.parse(r.stdout) as Array<{ file: string; status: string; diagnostics?: Array<{ code: string }> }>;
  assert.deepEqual(
    outcomes.map((o) => [o.file.slice(dir.length + 1), o.status, o.diagnostics?.map((d) => d.code)]),
    [
      ['a.mlmodel.yaml', 'problems', ['duplicate-model']],
      ['b.mlmodel.yaml', 'problems', ['duplicate-model']],
      ['c.mlmodel.yaml', 'published', undefined],
    ],
  );
  assert.equal(sandbox.store.mlmodels.getByFqn('mlflow_svc.churn'), undefined, 'nothing written for the model two files define');
});
