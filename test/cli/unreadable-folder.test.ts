// `mlmodel validate DIR` with a subfolder it may not read: the folder is named on stderr (and in
// --format json), every other file is validated and reported, and the exit status is 2, as for a
// file that cannot be read: a CI check must not pass over files it never saw.
//
// Permissions are what makes the folder unreadable, and root ignores them (chmod 000 changes
// nothing for it). So when the tests run as root, the CLI runs as the unprivileged user nobody
// (uid 65534), for whom the folder really is unreadable; where root may not switch users (a
// container without CAP_SETUID), the test is skipped, saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO } from '../helpers/cli';
import { ETA_PREDICTIONS } from '../helpers/models';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8', ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Why the test cannot run here, or undefined. */
function cannotRun(): string | undefined {
  if (process.platform === 'win32') return 'folder permissions are POSIX here';
  if (!asRoot) return undefined;
  const probe = spawnSync(process.execPath, ['-e', ''], { uid: NOBODY, gid: NOBODY });
  return probe.error || probe.status !== 0 ? `running as root, which reads any folder, and cannot run the CLI as nobody (uid ${NOBODY}): ${probe.error?.message ?? `exit ${probe.status}`}` : undefined;
}

test('validate DIR: an unreadable subfolder is named, the rest validated, exit 2', { skip: cannotRun() }, (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mlmodel-unreadable-'));
  chmodSync(root, 0o755);
  const sub = join(root, 'b-locked');
  t.after(() => {
    chmodSync(sub, 0o755);
    rmSync(root, { recursive: true, force: true });
  });
  writeFileSync(join(root, 'a.mlmodel.yaml'), ETA_PREDICTIONS);
  mkdirSync(sub);
  writeFileSync(join(sub, 'hidden.mlmodel.yaml'), 'name: [broken\n');
  mkdirSync(join(root, 'c'));
  writeFileSync(join(root, 'c', 'bad.mlmodel.yaml'), ETA_PREDICTIONS.replace('algorithm: Neural Network', 'algorithm: [Neural Network]'));
  chmodSync(sub, 0o000);

  const text = run('validate', root);
  assert.equal(text.code, 2, text.stdout + text.stderr);
  assert.equal(text.stderr, `${sub}: cannot read: permission denied (a folder: the model files in it were not read)\n`);
  assert.match(text.stdout, new RegExp(`^${join(root, 'c', 'bad.mlmodel.yaml')}:\\d+:\\d+ error .*\\[wrong-type\\]\n`));
  assert.match(text.stdout, /\n1 error, 0 warnings in 2 files\n$/);
  assert.doesNotMatch(text.stdout + text.stderr, /hidden|\n\s+at /);

  const json = run('validate', '--format', 'json', root);
  assert.equal(json.code, 2);
  const results = JSON.parse(json.stdout) as Array<{ file: string; diagnostics: unknown[]; error?: string }>;
  assert.deepEqual(
    results.map((r) => [r.file, r.diagnostics.length, r.error]),
    [
      [join(root, 'a.mlmodel.yaml'), 0, undefined],
      [sub, 0, 'permission denied (a folder: the model files in it were not read)'],
      [join(root, 'c', 'bad.mlmodel.yaml'), 1, undefined],
    ],
  );

  // publish reads every file before it writes anything: a folder it cannot read stops it whole.
  const publish = run('publish', '--server', 'http://127.0.0.1:9', root);
  assert.equal(publish.code, 2);
  assert.equal(publish.stderr, `${sub}: cannot read: permission denied (a folder: the model files in it were not read)\n`);
});
