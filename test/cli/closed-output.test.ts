// `mlmodel … | head -1`: when the reader of standard output goes away, the command ends quietly
// (no EPIPE stack trace) with the exit status of what it did, so `set -o pipefail` in CI still
// tells a clean run from one with errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO } from '../helpers/cli';
import { ETA_PREDICTIONS } from '../helpers/models';

/** `node cli ARGS | head -1` in bash with pipefail: the CLI's exit status, head's line and the CLI's stderr. */
function headOne(args: string[]): { status: number; line: string; stderr: string } {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${quoted} 2>"$ERR" | head -1; echo "status=\${PIPESTATUS[0]}"`], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ERR: join(dir, 'stderr.txt') },
  });
  const [line, status] = r.stdout.trimEnd().split('\n');
  return { status: Number(status.replace('status=', '')), line, stderr: readFileSync(join(dir, 'stderr.txt'), 'utf8') };
}

const dir = mkdtempSync(join(tmpdir(), 'mlmodel-head-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('validate | head -1 with 3,000 errors (900 KB of output): exit 1, nothing on stderr', () => {
  const big = join(dir, 'big.mlmodel.yaml');
  writeFileSync(big, ['name: m', 'algorithm: a', ...Array.from({ length: 3000 }, (_, i) => `unknown_${i}: x`), ''].join('\n'));
  const r = headOne(['validate', big]);
  assert.match(r.line, /big\.mlmodel\.yaml:3:1 error Unknown field `unknown_0`/);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 1);
});

test('validate --format json | head -1 over 2,000 clean files: exit 0, nothing on stderr', () => {
  const many = join(dir, 'many');
  mkdirSync(many);
  for (let i = 0; i < 2000; i++) writeFileSync(join(many, `m${String(i).padStart(4, '0')}.mlmodel.yaml`), ETA_PREDICTIONS);
  const r = headOne(['validate', '--format', 'json', many]);
  assert.equal(r.line, '[');
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});
