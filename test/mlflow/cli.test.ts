// `mlmodel import-mlflow`, run as a user runs it: the built CLI, the files it writes, its exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { PYTORCH, SKLEARN } from './mlmodels';

function modelDir(t: { after: (fn: () => void) => void }, name: string, mlmodel: string): { root: string; dir: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'mlmodel-import-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, name);
  mkdirSync(dir);
  const file = join(dir, 'MLmodel');
  writeFileSync(file, mlmodel);
  return { root, dir, file };
}

const noStack = (r: { stdout: string; stderr: string }) => assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');

test('without -o: <name>.mlmodel.yaml beside the MLmodel file, its path and the warnings on stderr; the file validates clean', async (t) => {
  const { dir, file } = modelDir(t, 'model', SKLEARN);
  const r = await runCli(['import-mlflow', file]);
  assert.equal(r.code, 0, r.stderr);
  const written = join(dir, 'churn_classifier.mlmodel.yaml');
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `warning: No dataType for \`signup_date\`: its MLflow type is neither numerical nor categorical.\nwrote ${written}\n`);
  assert.match(readFileSync(written, 'utf8'), /^name: churn_classifier$/m);

  const validated = await runCli(['validate', written]);
  assert.equal(validated.code, 0, validated.stdout);
  assert.equal(validated.stdout, '1 file valid\n');
});

test('an existing file is kept without --force (exit 2), replaced with it', async (t) => {
  const { root, file } = modelDir(t, 'mnist', PYTORCH);
  const output = join(root, 'mnist.mlmodel.yaml');
  writeFileSync(output, 'name: mine\n');
  const kept = await runCli(['import-mlflow', file, '-o', output]);
  assert.equal(kept.code, 2);
  assert.match(kept.stderr, /mnist\.mlmodel\.yaml exists; use --force to replace it/);
  assert.equal(readFileSync(output, 'utf8'), 'name: mine\n');
  noStack(kept);

  const replaced = await runCli(['import-mlflow', file, '-o', output, '--force']);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.match(readFileSync(output, 'utf8'), /^algorithm: PyTorch$/m);
});

test('-o - prints the model; a folder stands for the MLmodel file in it', async (t) => {
  const { dir } = modelDir(t, 'mnist', PYTORCH);
  const r = await runCli(['import-mlflow', dir, '-o', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^# Imported from the MLflow model .*MLmodel by `mlmodel import-mlflow`\./);
  assert.match(r.stdout, /^name: mnist$/m);
  assert.doesNotMatch(r.stderr, /wrote/);
  assert.ok(!existsSync(join(dir, 'mnist.mlmodel.yaml')));
});

test('malformed MLmodel files: exit 2, the file and what is wrong, no stack trace, nothing written', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['flavors:\n  sklearn: {\n', /: not valid YAML: /],
    [`flavors:\n  sklearn: {}\nsignature:\n  inputs: '[{"type": "double",'\n`, /: `signature\.inputs` is not valid JSON: /],
    ['artifact_path: model\n', /: no `flavors`: /],
  ];
  for (const [text, message] of cases) {
    const { dir, file } = modelDir(t, 'broken', text);
    const r = await runCli(['import-mlflow', file]);
    assert.equal(r.code, 2, text);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    assert.ok(r.stderr.startsWith(`mlmodel import-mlflow: ${file}: `), r.stderr);
    assert.match(r.stderr, message);
    noStack(r);
    assert.ok(!existsSync(join(dir, 'broken.mlmodel.yaml')));
  }
});

test('usage mistakes and unreadable paths: exit 2 with a message', async () => {
  const none = await runCli(['import-mlflow']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /name exactly one MLmodel file/);
  assert.match(none.stderr, /Usage: mlmodel import-mlflow PATH/);
  const missing = await runCli(['import-mlflow', 'no/such/MLmodel']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'mlmodel import-mlflow: no/such/MLmodel: cannot read: no such file\n');
  const help = await runCli(['import-mlflow', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /-o FILE {4}where to write it \(- for standard output\)/);
  assert.match((await runCli(['--help'])).stdout, /import-mlflow PATH \[-o FILE\] \[--force\]/);
});
