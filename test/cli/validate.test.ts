// `mlmodel validate`, run as a user runs it: the built CLI, its output and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..', '..');
const cli = join(repo, 'dist', 'cli.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('valid files: exit 0 and a one-line summary', () => {
  const r = run('validate', 'examples/eta_predictions.mlmodel.yaml', 'examples/forecast_sales.mlmodel.yaml');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '2 files valid\n');
});

test('errors: exit 1, one line per diagnostic, file:line:col severity message [code]', () => {
  const r = run('validate', 'examples/mistakes.mlmodel.yaml');
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 14);
  assert.equal(lines[0], 'examples/mistakes.mlmodel.yaml:3:7 error `name` must not contain `::` (found `churn::model`). [invalid-value]');
  assert.equal(lines[13], '13 errors, 0 warnings in 1 file');
});

test('a directory stands for the model files below it', () => {
  const r = run('validate', 'examples');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /13 errors, 0 warnings in 3 files\n$/);
});

test('--format json: 0-based LSP ranges, severity, code and message per file', () => {
  const r = run('validate', '--format', 'json', 'examples/mistakes.mlmodel.yaml', 'examples/forecast_sales.mlmodel.yaml');
  assert.equal(r.code, 1);
  const results = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<{ range: unknown; severity: string; code: string; message: string }> }>;
  assert.deepEqual(results.map((f) => [f.file, f.diagnostics.length]), [
    ['examples/mistakes.mlmodel.yaml', 13],
    ['examples/forecast_sales.mlmodel.yaml', 0],
  ]);
  const first = results[0].diagnostics[0];
  assert.deepEqual(first.range, { start: { line: 2, character: 6 }, end: { line: 2, character: 18 } });
  assert.equal(first.severity, 'error');
  assert.equal(first.code, 'invalid-value');
});

test('usage mistakes and unreadable files: exit 2 with a message, never a stack trace', () => {
  for (const args of [[], ['validate'], ['validate', '--format', 'xml', 'examples'], ['validate', '--bogus', 'x'], ['frobnicate']]) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /, 'no stack trace');
  }
  const missing = run('validate', 'examples/nope.mlmodel.yaml');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /examples\/nope\.mlmodel\.yaml: cannot read: no such file/);
});

test('binary input: refused as not UTF-8 at its first invalid byte, exit 2, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlmodel-cli-'));
  const file = join(dir, 'bin.mlmodel.yaml');
  writeFileSync(file, Buffer.from([0, 1, 2, 255, 254, 10, 0x7b, 0x5b, 0x22]));
  const r = run('validate', file);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bin\.mlmodel\.yaml: cannot read: not valid UTF-8: byte 0xFF at line 1, column 4; save the file as UTF-8/);
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /);
});

test('a file in another encoding is refused at its first invalid byte (line and column as the editor counts them); a NUL is an error on its position', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlmodel-cli-'));
  const latin1 = join(dir, 'latin1.mlmodel.yaml');
  // A byte order mark and a U+FFFD written in the file are valid UTF-8: they do not count.
  writeFileSync(latin1, Buffer.concat([Buffer.from('\uFEFFdescription: r\u00e9sum\uFFFD\r\nalgorithm: a\r\nname: caf', 'utf8'), Buffer.from('\u00e9_model\n', 'latin1')]));
  const r = run('validate', latin1);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /latin1\.mlmodel\.yaml: cannot read: not valid UTF-8: byte 0xE9 at line 3, column 10; save the file as UTF-8/);
  const [json] = JSON.parse(run('validate', '--format', 'json', latin1).stdout) as Array<{ error: string }>;
  assert.equal(json.error, 'not valid UTF-8: byte 0xE9 at line 3, column 10; save the file as UTF-8');
  const nul = join(dir, 'nul.mlmodel.yaml');
  writeFileSync(nul, 'name: m\nalgorithm: a\u0000b\n');
  const n = run('validate', nul);
  assert.equal(n.code, 1);
  assert.match(n.stdout, /nul\.mlmodel\.yaml:2:13 error A NUL character cannot be in a model file.* \[invalid-character\]/);
});
