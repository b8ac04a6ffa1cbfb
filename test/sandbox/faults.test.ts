// Fault injection, in-process and through the /__sandbox admin endpoint another process would use:
// each effect as a raw client sees it, rule matching and expiry, the request log and reset.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { call } from './helpers';

let sandbox: Sandbox;
let other: Sandbox;

before(async () => {
  sandbox = await startSandbox({ serverVersion: '2.0' });
  other = await startSandbox({ seed: 'empty' });
});

after(async () => {
  await sandbox.close();
  await other.close();
});

beforeEach(() => sandbox.reset());

const VERSION = '/api/v1/system/version';

test('rules are managed over HTTP: add, list, match by method and path, expire, delete', async () => {
  const added = await call(sandbox, 'POST', '/__sandbox/faults', { method: 'GET', path: '/api/v1/tables', status: 503, times: 2 });
  assert.equal(added.status, 201);
  assert.equal((await call(sandbox, 'GET', '/__sandbox/faults')).body.faults[0].id, added.body.id);
  assert.equal((await call(sandbox, 'GET', VERSION)).status, 200, 'other paths are untouched');
  assert.deepEqual((await call(sandbox, 'GET', '/api/v1/tables?limit=1')).body, { code: 503, message: 'Injected fault: HTTP 503' });
  assert.equal((await call(sandbox, 'GET', '/api/v1/tables/name/x')).status, 503, 'the path is a prefix');
  assert.equal((await call(sandbox, 'GET', '/api/v1/tables?limit=1')).status, 200, 'used up after `times`');
  assert.deepEqual((await call(sandbox, 'GET', '/__sandbox/faults')).body.faults, []);

  const regex = await call(sandbox, 'POST', '/__sandbox/faults', { pathRegex: '/versions$', status: 500 });
  assert.equal((await call(sandbox, 'GET', '/api/v1/mlmodels/x/versions')).status, 500);
  assert.equal((await call(sandbox, 'DELETE', `/__sandbox/faults/${regex.body.id}`)).status, 200);
  assert.equal((await call(sandbox, 'GET', '/api/v1/mlmodels/x/versions')).status, 404);

  assert.deepEqual((await call(sandbox, 'POST', '/__sandbox/faults', { status: 'slow' })).body, { code: 400, message: 'status must be a number' });
  assert.match((await call(sandbox, 'POST', '/__sandbox/faults', { explode: true })).body.message, /^unknown fault property explode/);
  await call(sandbox, 'POST', '/__sandbox/faults', { status: 500 });
  assert.equal((await call(sandbox, 'DELETE', '/__sandbox/faults')).status, 200);
  assert.equal((await call(sandbox, 'GET', VERSION)).status, 200);
});

test('latency delays the normal answer', async () => {
  sandbox.faults.add({ path: VERSION, latencyMs: 150 });
  const started = Date.now();
  assert.equal((await call(sandbox, 'GET', VERSION)).body.version, '2.0.7');
  assert.ok(Date.now() - started >= 140);
});

test('an error status carries the upstream body and Retry-After', async () => {
  sandbox.faults.add({ path: VERSION, status: 429, message: 'Too many requests', retryAfterSeconds: 3 });
  const reply = await call(sandbox, 'GET', VERSION);
  assert.deepEqual({ status: reply.status, body: reply.body }, { status: 429, body: { code: 429, message: 'Too many requests' } });
  assert.equal(reply.headers.get('retry-after'), '3');
});

test('dropped connections: before the response, and halfway through the body', async () => {
  sandbox.faults.add({ path: VERSION, drop: 'before-response', times: 1 });
  await assert.rejects(fetch(sandbox.url + VERSION), TypeError);
  sandbox.faults.add({ path: VERSION, drop: 'mid-body', times: 1 });
  const response = await fetch(sandbox.url + VERSION);
  assert.equal(response.status, 200);
  await assert.rejects(response.text());
  assert.equal((await call(sandbox, 'GET', VERSION)).status, 200, 'the server is fine afterwards');
});

test('a malformed body, a huge body and a redirect to another origin', async () => {
  sandbox.faults.add({ path: VERSION, malformedJson: true, times: 1 });
  const malformed = await fetch(sandbox.url + VERSION);
  assert.equal(malformed.headers.get('content-type'), 'application/json');
  await assert.rejects(malformed.json(), SyntaxError);

  sandbox.faults.add({ path: VERSION, hugeBodyBytes: 5 * 1024 * 1024, times: 1 });
  const huge = await fetch(sandbox.url + VERSION);
  const text = await huge.text();
  assert.ok(text.length >= 5 * 1024 * 1024);
  assert.equal(typeof JSON.parse(text).data, 'string');

  sandbox.faults.add({ path: VERSION, redirectTo: other.url, times: 1 });
  const redirect = await call(sandbox, 'GET', `${VERSION}?x=1`);
  assert.equal(redirect.status, 307);
  assert.equal(redirect.headers.get('location'), `${other.url}${VERSION}?x=1`);
});

test('the request log and reset', async () => {
  sandbox.faults.add({ path: VERSION, status: 502, times: 1 });
  await call(sandbox, 'GET', VERSION);
  await call(sandbox, 'GET', VERSION, undefined, { Authorization: 'Bearer whatever' });
  const log = (await call(sandbox, 'GET', '/__sandbox/requests')).body.requests;
  assert.deepEqual(
    log.map((r: { path: string; status: number; auth: string; fault?: string }) => [r.path, r.status, r.auth, typeof r.fault]),
    [
      [VERSION, 502, 'none', 'string'],
      [VERSION, 200, 'ignored', 'undefined'],
    ],
  );
  await call(sandbox, 'PUT', '/api/v1/lineage', {});
  sandbox.faults.add({ status: 500 });
  assert.equal((await call(sandbox, 'POST', '/__sandbox/reset')).status, 200);
  assert.deepEqual(sandbox.faults.list(), []);
  assert.deepEqual(sandbox.requests(), []);
  assert.deepEqual((await call(sandbox, 'GET', '/__sandbox/nothing')).status, 404);
});
