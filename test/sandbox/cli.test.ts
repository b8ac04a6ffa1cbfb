// `mlmodel sandbox`: flags, --help, usage errors (exit 2), start failures (exit 1), and a run that
// serves until stopped, printing the URL and a hint (never the token).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { runSandboxCommand, SANDBOX_USAGE } from '../../server/src/sandbox/cli';

interface Run {
  code: Promise<number>;
  stdout: string[];
  stderr: string[];
  stop(): void;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const controller = new AbortController();
  const code = runSandboxCommand(args, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), signal: controller.signal, env });
  return { code, stdout, stderr, stop: () => controller.abort() };
}

async function untilStarted(r: Run): Promise<string> {
  for (let i = 0; i < 200 && r.stdout.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const url = /at (http:\/\/\S+) /.exec(r.stdout[0] ?? '')?.[1];
  assert.ok(url, `started: ${r.stdout.join('')}${r.stderr.join('')}`);
  return url;
}

test('--help prints the usage and exits 0', async () => {
  const r = run(['--help']);
  assert.equal(await r.code, 0);
  assert.equal(r.stdout.join(''), `${SANDBOX_USAGE}\n`);
});

test('usage mistakes exit 2 with the reason and the usage', async () => {
  for (const [args, reason] of [
    [['--seed', 'full'], '--seed must be sample or empty, got "full"'],
    [['--port', 'eighty'], '--port must be a whole number from 0 to 65535, got "eighty"'],
    [['--tables', '-5'], ''],
    [['--colour'], "Unknown option '--colour'"],
    [['extra'], ''],
    [['--token', 'a', '--token-env', 'B'], 'use either --token or --token-env, not both'],
    [['--token-env', 'NOT_SET_ANYWHERE'], 'environment variable NOT_SET_ANYWHERE is not set'],
  ] as const) {
    const r = run([...args]);
    assert.equal(await r.code, 2, args.join(' '));
    const text = r.stderr.join('');
    assert.ok(text.startsWith('mlmodel sandbox: '), text);
    assert.ok(text.includes(reason), `${args.join(' ')}: ${text}`);
    assert.ok(text.includes('Usage: mlmodel sandbox'));
  }
});

test('serves until stopped; prints the URL and a hint, never the token', async () => {
  const r = run(['--port', '0', '--tables', '50', '--token-env', 'SANDBOX_TOKEN'], { SANDBOX_TOKEN: 'do-not-print-me' });
  let url = '';
  try {
    url = await untilStarted(r);
    assert.match(r.stdout[0], /^OpenMetadata sandbox catalog at http:\/\/127\.0\.0\.1:\d+ \(OpenMetadata 2\.0\.7; 68 tables, 12 dashboards, 1 ML model service, 102 users; seed: sample\)\n$/);
    assert.match(r.stdout[1], /--server http:\/\/127\.0\.0\.1:\d+.*OPENMETADATA_TOKEN.*Ctrl\+C stops it/);
    const unauthorized = await fetch(`${url}/api/v1/tables`);
    assert.equal(unauthorized.status, 401);
    const ok = await fetch(`${url}/api/v1/tables`, { headers: { Authorization: 'Bearer do-not-print-me' } });
    assert.equal(((await ok.json()) as { paging: { total: number } }).paging.total, 68);
  } finally {
    // Stopped even when an assertion fails, so a failing test never leaves a server running.
    r.stop();
  }
  assert.equal(await r.code, 0);
  assert.ok(!r.stdout.join('').includes('do-not-print-me'));
  await assert.rejects(fetch(`${url}/api/v1/system/version`), 'stopped');
});

test('a busy port exits 1 saying so', async () => {
  const blocker = createServer();
  const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
  try {
    const r = run(['--port', String(port)]);
    assert.equal(await r.code, 1);
    assert.equal(r.stderr.join(''), `mlmodel sandbox: port ${port} is already in use on 127.0.0.1; stop what uses it or pass --port\n`);
  } finally {
    blocker.close();
  }
});
