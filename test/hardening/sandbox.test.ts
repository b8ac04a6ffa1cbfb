// The sandbox as the hardening tests need it: a sandbox closed while a latency fault holds a
// request lets its process exit (a suite that simulates a slow server ends when its tests do), and
// a request too long for a server is answered as a real server answers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { ServerError } from '../../server/src/openmetadata/errors';
import { startSandbox } from '../../server/src/sandbox/server';

const SANDBOX = join(__dirname, '..', '..', 'server', 'src', 'sandbox', 'server.js');

test('closing the sandbox during a 60 s latency fault: the process exits at once', async () => {
  const script = `
    const { startSandbox } = require(${JSON.stringify(SANDBOX)});
    startSandbox().then((sandbox) => {
      sandbox.faults.add({ latencyMs: 60000 });
      fetch(sandbox.url + '/api/v1/system/version').catch(() => {});
      setTimeout(() => sandbox.close(), 200);
    });`;
  const started = Date.now();
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  assert.equal(signal, null, 'it exited by itself');
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 8_000, `${Date.now() - started} ms`);
});

test('a request line over the header limit: 431, as a real server answers, not a dropped connection', async () => {
  const sandbox = await startSandbox();
  try {
    assert.equal((await fetch(`${sandbox.url}/api/v1/tables/name/${'x'.repeat(20_000)}`)).status, 431);
    // An FQN within OpenMetadata's 3,072 characters whose URL is still too long (3 bytes a character).
    const error = await new OpenMetadataClient({ baseUrl: sandbox.url, retryBaseMs: 1 }).getTable(`a.b.c.${'€'.repeat(3000)}`).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ServerError);
    assert.equal(error.status, 431);
    assert.equal(error.attempts, 1, 'a refusal, not retried as a lost connection');
    assert.equal((await fetch(`${sandbox.url}/api/v1/system/version`)).status, 200, 'the sandbox answers on');
  } finally {
    await sandbox.close();
  }
});
