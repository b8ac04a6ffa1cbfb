// A sandbox closed while a latency fault holds a request lets its process exit: a test suite that
// simulates a slow server ends when its tests do, not when the injected delay runs out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

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
