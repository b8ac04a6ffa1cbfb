// `pull -o FILE` and `import-mlflow -o FILE`: a file is never lost. It is created exclusively at
// write time, so one that appears while the command runs is kept; `-o -` is standard output; a
// dangling symbolic link or a directory is refused; --force replaces atomically (a temporary file
// beside it, renamed over it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO, runCli } from '../helpers/cli';
import { useSandbox } from '../helpers/sandbox';
import { CommandError } from '../../server/src/cli/io';
import { checkOutput, writeOutput } from '../../server/src/cli/output';
import { PYTORCH } from '../mlflow/mlmodels';

const sandbox = useSandbox();
const FQN = 'mlflow_svc.eta_predictions';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlmodel-output-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An MLflow model folder (the PyTorch sample, named mnist) in `dir`; its MLmodel file. */
function mlmodelIn(dir: string): string {
  mkdirSync(join(dir, 'mnist'));
  writeFileSync(join(dir, 'mnist', 'MLmodel'), PYTORCH);
  return join(dir, 'mnist', 'MLmodel');
}

const noStack = (r: { stdout: string; stderr: string }) => assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');

async function published(): Promise<void> {
  const r = await runCli(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
}

/** Both commands with `-o FILE`, as a user types them. */
const commands = (dir: string): Array<[string, (output: string, ...more: string[]) => string[]]> => [
  ['pull', (output, ...more) => ['pull', '--server', sandbox.url, FQN, '-o', output, ...more]],
  ['import-mlflow', (output, ...more) => ['import-mlflow', mlmodelIn(mkdtempSync(join(dir, 'model-'))), '-o', output, ...more]],
];

test('-o - writes to standard output for pull and import-mlflow; no file named -', async (t) => {
  await published();
  const dir = tempDir(t);
  t.after(() => rmSync(join(REPO, '-'), { force: true }));
  for (const [name, args] of commands(dir)) {
    const r = await runCli(args('-'));
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.match(r.stdout, name === 'pull' ? /^# Pulled from .*\nname: eta_predictions\n/ : /^name: mnist$/m, name);
    assert.doesNotMatch(r.stderr, /wrote/, name);
    assert.ok(!existsSync(join(REPO, '-')), `${name} wrote a file named -`);
  }
});

test('a dangling symbolic link as FILE is refused, with --force too (exit 2), and left as it was', async (t) => {
  await published();
  const dir = tempDir(t);
  for (const [name, args] of commands(dir)) {
    const link = join(dir, `${name}.mlmodel.yaml`);
    symlinkSync(join(dir, 'missing', 'target.yaml'), link);
    for (const force of [[], ['--force']]) {
      const r = await runCli(args(link, ...force));
      assert.equal(r.code, 2, `${name} ${force}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stderr, `mlmodel ${name}: ${link} is a symbolic link to ${join(dir, 'missing', 'target.yaml')}, which does not exist; remove the link or name another file\n`);
      noStack(r);
      assert.ok(lstatSync(link).isSymbolicLink() && readlinkSync(link) === join(dir, 'missing', 'target.yaml'), 'the link is unchanged');
      assert.ok(!existsSync(join(dir, 'missing')), 'nothing created at its target');
    }
  }
});

test('a directory as FILE is refused, with --force too (exit 2), and left as it was', async (t) => {
  await published();
  const dir = tempDir(t);
  for (const [name, args] of commands(dir)) {
    const folder = join(dir, `${name}-folder`);
    mkdirSync(folder);
    writeFileSync(join(folder, 'keep.txt'), 'mine');
    for (const force of [[], ['--force']]) {
      const r = await runCli(args(folder, ...force));
      assert.equal(r.code, 2, `${name} ${force}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stderr, `mlmodel ${name}: ${folder} is a directory; name a file (or - for standard output)\n`);
      noStack(r);
      assert.deepEqual(readdirSync(folder), ['keep.txt']);
    }
  }
});

test('an existing FILE is kept without --force; with it, replaced atomically (no temporary file left, its mode kept); a link to a file replaces the file and keeps the link', async (t) => {
  await published();
  const dir = tempDir(t);
  for (const [name, args] of commands(dir)) {
    const file = join(dir, `${name}.mlmodel.yaml`);
    writeFileSync(file, 'name: mine\n');
    chmodSync(file, 0o640);
    const kept = await runCli(args(file));
    assert.equal(kept.code, 2, kept.stderr);
    assert.equal(kept.stderr, `mlmodel ${name}: ${file} exists; use --force to replace it\n`);
    assert.equal(readFileSync(file, 'utf8'), 'name: mine\n');

    const replaced = await runCli(args(file, '--force'));
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.match(readFileSync(file, 'utf8'), /^name: (eta_predictions|mnist)$/m);
    assert.equal(statSync(file).mode & 0o777, 0o640, 'the mode of the file it replaced');

    const target = join(dir, `${name}-target.yaml`);
    const link = join(dir, `${name}-link.mlmodel.yaml`);
    writeFileSync(target, 'name: mine\n');
    symlinkSync(target, link);
    const through = await runCli(args(link, '--force'));
    assert.equal(through.code, 0, through.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
    assert.match(readFileSync(target, 'utf8'), /^name: (eta_predictions|mnist)$/m);
  }
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), [], 'no temporary file left');
});

/** `mlmodel pull` started with the server slow to answer its model request; resolves once that request reached the server. */
function pullWhileSlow(output: string, ...more: string[]) {
  sandbox.faults.add({ method: 'GET', path: '/api/v1/mlmodels/name/', latencyMs: 1500 });
  const child = spawn(process.execPath, [CLI, 'pull', '--server', sandbox.url, FQN, '-o', output, ...more], { cwd: REPO, env: { ...process.env, OPENMETADATA_TOKEN: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  const asked = (async () => {
    const deadline = Date.now() + 20_000;
    while (!sandbox.requests().some((r) => r.method === 'GET' && r.path.startsWith('/api/v1/mlmodels/name/'))) {
      if (Date.now() > deadline) throw new Error(`pull never asked for the model: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return { asked, done };
}

test('pull: a FILE created while the command waits on the server is kept (exit 2); with --force it is replaced', async (t) => {
  await published();
  const dir = tempDir(t);
  const file = join(dir, 'eta.mlmodel.yaml');
  sandbox.clearRequests();
  const race = pullWhileSlow(file);
  await race.asked;
  // The check at the start found nothing; the file appears before the write.
  writeFileSync(file, 'name: mine\n');
  const r = await race.done;
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.equal(r.stderr, `mlmodel pull: ${file} was created while the command ran; it is kept: use --force to replace it\n`);
  assert.equal(readFileSync(file, 'utf8'), 'name: mine\n');

  rmSync(file);
  sandbox.faults.clear();
  sandbox.clearRequests();
  const forced = pullWhileSlow(file, '--force');
  await forced.asked;
  writeFileSync(file, 'name: mine\n');
  const f = await forced.done;
  assert.equal(f.code, 0, f.stderr);
  assert.match(readFileSync(file, 'utf8'), /^name: eta_predictions$/m);
  assert.deepEqual(readdirSync(dir), ['eta.mlmodel.yaml'], 'no temporary file left');
});

test('writeOutput creates exclusively: a file that appeared after checkOutput is kept; a directory that appeared is refused with --force too', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'a.mlmodel.yaml');
  checkOutput(file, false);
  writeFileSync(file, 'name: mine\n');
  assert.throws(() => writeOutput(file, 'name: theirs\n', false), (e) => e instanceof CommandError && /was created while the command ran; it is kept/.test(e.message));
  assert.equal(readFileSync(file, 'utf8'), 'name: mine\n');

  const folder = join(dir, 'b.mlmodel.yaml');
  checkOutput(folder, true);
  mkdirSync(folder);
  assert.throws(() => writeOutput(folder, 'name: theirs\n', true), (e) => e instanceof CommandError && /is a directory/.test(e.message));
  assert.deepEqual(readdirSync(dir).sort(), ['a.mlmodel.yaml', 'b.mlmodel.yaml']);

  assert.throws(() => checkOutput(join(dir, 'no', 'such', 'c.mlmodel.yaml'), false), (e) => e instanceof CommandError && /cannot write .*: no such directory/.test(e.message));

  // A new file, with --force or without, gets the mode any new file gets (the umask's), not 0666.
  writeFileSync(join(dir, 'plain.txt'), '');
  for (const force of [false, true]) {
    const fresh = join(dir, `fresh-${force}.mlmodel.yaml`);
    writeOutput(fresh, 'name: new\n', force);
    assert.equal(readFileSync(fresh, 'utf8'), 'name: new\n');
    assert.equal(statSync(fresh).mode & 0o777, statSync(join(dir, 'plain.txt')).mode & 0o777, `--force ${force}`);
  }
});
