// Every failure the client reports, provoked for real against the sandbox (its fault injection) or
// a closed port: the typed error, a message a user can act on, and the retry policy (idempotent
// calls only, on 429/502/503/504 and lost connections, with backoff and Retry-After).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import {
  AbortedError,
  BadRequestError,
  ConflictError,
  ConnectionLostError,
  ForbiddenError,
  MalformedResponseError,
  NotFoundError,
  OpenMetadataError,
  RateLimitedError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnreachableError,
} from '../../server/src/openmetadata/errors';
import { startSandbox } from '../../server/src/sandbox/server';
import { etaPredictions } from '../sandbox/helpers';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();

function client(options: Partial<ConstructorParameters<typeof OpenMetadataClient>[0]> = {}): OpenMetadataClient {
  return new OpenMetadataClient({ baseUrl: sandbox.url, retryBaseMs: 5, retryMaxMs: 20, ...options });
}

function sent(path: string, method = 'GET'): number {
  return sandbox.requests().filter((r) => r.path === path && r.method === method).length;
}

const VERSION = '/api/v1/system/version';

async function failure(promise: Promise<unknown>): Promise<OpenMetadataError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OpenMetadataError, `an OpenMetadataError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

test('400: the server says what is wrong', async () => {
  const request = { ...(await etaPredictions(sandbox)), colour: 'blue' };
  const error = await failure(client().createOrUpdateMlModel(request as never));
  assert.ok(error instanceof BadRequestError);
  assert.equal(error.status, 400);
  assert.equal(error.serverMessage, 'Invalid request format');
  assert.match(error.message, /rejected PUT \/api\/v1\/mlmodels \(400\): Invalid request format/);
});

test('404 names what was not found; reads of absent things are undefined', async () => {
  const c = client();
  const error = await failure(c.getMlModel('6f1a7c2e-0000-4000-8000-000000000000'));
  assert.ok(error instanceof NotFoundError);
  assert.equal(error.message, `ML model 6f1a7c2e-0000-4000-8000-000000000000 not found on ${sandbox.url}`);
  assert.equal(await c.getMlModelByName('mlflow_svc.nope'), undefined);
  assert.equal(await c.getTable('sample_data.ecommerce_db.shopify.nope'), undefined);
  const lineage = await failure(c.getLineageByName('table', 'sample_data.ecommerce_db.shopify.nope'));
  assert.equal(lineage.message, `table sample_data.ecommerce_db.shopify.nope not found on ${sandbox.url}`);
});

test('409: creating a model that exists', async () => {
  const c = client();
  const request = await etaPredictions(sandbox);
  await c.createMlModel(request as never);
  const error = await failure(c.createMlModel(request as never));
  assert.ok(error instanceof ConflictError);
  assert.equal(error.message, `ML model mlflow_svc.eta_predictions already exists on ${sandbox.url} (409)`);
});

test('403: the token lacks a permission', async () => {
  sandbox.faults.add({ path: '/api/v1/mlmodels', status: 403, message: "Principal: CatalogPrincipal{name='bot'} operations [EditAll] not allowed" });
  const error = await failure(client().createOrUpdateMlModel((await etaPredictions(sandbox)) as never));
  assert.ok(error instanceof ForbiddenError);
  assert.match(error.message, /refused PUT \/api\/v1\/mlmodels \(403\): the token's user lacks the permission: Principal/);
});

test('429 and 502/503/504 are retried with backoff for idempotent calls, then succeed', async () => {
  for (const status of [429, 502, 503, 504]) {
    sandbox.reset();
    sandbox.faults.add({ path: VERSION, status, times: 2 });
    assert.equal((await client().serverInfo()).version, sandbox.rules.version, `recovers from ${status}`);
    assert.equal(sent(VERSION), 3, `${status}: two failures, one success`);
  }
});

test('a PUT (create or update) is retried; a POST or PATCH is not', async () => {
  const request = await etaPredictions(sandbox);
  sandbox.faults.add({ method: 'PUT', path: '/api/v1/mlmodels', status: 503, times: 1 });
  const put = await client().createOrUpdateMlModel(request as never);
  assert.equal(put.created, true);
  assert.equal(sent('/api/v1/mlmodels', 'PUT'), 2);

  sandbox.reset();
  sandbox.faults.add({ method: 'POST', path: '/api/v1/mlmodels', status: 503, times: 1 });
  const error = await failure(client().createMlModel(request as never));
  assert.ok(error instanceof ServerError);
  assert.equal(sent('/api/v1/mlmodels', 'POST'), 1);
});

test('retries give up after the configured count, saying how many times they tried', async () => {
  sandbox.faults.add({ path: VERSION, status: 429 });
  const error = await failure(client({ retries: 2 }).serverInfo());
  assert.ok(error instanceof RateLimitedError);
  assert.equal(error.attempts, 3);
  assert.match(error.message, /throttling requests \(429\).*tried 3 times/);
  assert.equal(sent(VERSION), 3);
});

test('Retry-After is honoured', async () => {
  sandbox.faults.add({ path: VERSION, status: 503, retryAfterSeconds: 0.2, times: 1 });
  const started = Date.now();
  await client({ retryBaseMs: 1, retryMaxMs: 5_000 }).serverInfo();
  assert.ok(Date.now() - started >= 190, `waited ${Date.now() - started} ms`);
});

test('500 is not retried', async () => {
  sandbox.faults.add({ path: VERSION, status: 500, message: 'NullPointerException' });
  const error = await failure(client().serverInfo());
  assert.ok(error instanceof ServerError);
  assert.match(error.message, /failed on GET \/api\/v1\/system\/version \(500\): NullPointerException/);
  assert.equal(sent(VERSION), 1);
});

test('a slow server times out with the time it was given; writes have a timeout too', async () => {
  sandbox.faults.add({ path: VERSION, latencyMs: 400 });
  const error = await failure(client({ timeoutMs: 100 }).serverInfo());
  assert.ok(error instanceof TimeoutError);
  assert.equal(error.message, `${sandbox.url} did not answer GET /api/v1/system/version within 100 ms.`);
  // Under load the 100 ms can run out before the request even reaches the sandbox (it records a
  // request as it arrives): what counts is that no second attempt follows.
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(sent(VERSION) <= 1, `a timeout is not retried: the time budget is spent (${sent(VERSION)} requests)`);

  const request = await etaPredictions(sandbox);
  sandbox.faults.add({ method: 'POST', path: '/api/v1/mlmodels', latencyMs: 400 });
  const write = await failure(client({ timeoutMs: 100 }).createMlModel(request as never));
  assert.ok(write instanceof TimeoutError);
  assert.match(write.message, /did not answer POST \/api\/v1\/mlmodels within 100 ms/);
});

test('an unreachable server says how to fix it', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const error = await failure(new OpenMetadataClient({ baseUrl: `http://127.0.0.1:${port}`, retries: 1, retryBaseMs: 1 }).serverInfo());
  assert.ok(error instanceof UnreachableError);
  assert.equal(error.attempts, 2, 'a refused connection is retried');
  assert.match(error.message, new RegExp(`^Cannot reach OpenMetadata at http://127.0.0.1:${port} \\(ECONNREFUSED\\).*npx mlmodel sandbox`));
});

test('a connection dropped before the response is retried for reads', async () => {
  sandbox.faults.add({ path: VERSION, drop: 'before-response', times: 1 });
  assert.equal((await client().serverInfo()).version, sandbox.rules.version);
  assert.equal(sent(VERSION), 2);
});

test('a connection dropped mid-body is reported as lost (and not retried for a POST)', async () => {
  const request = await etaPredictions(sandbox);
  sandbox.faults.add({ method: 'POST', path: '/api/v1/mlmodels', drop: 'mid-body' });
  const error = await failure(client().createMlModel(request as never));
  assert.ok(error instanceof ConnectionLostError);
  assert.match(error.message, new RegExp(`^The connection to ${sandbox.url} was lost during POST /api/v1/mlmodels`));
  assert.equal(sent('/api/v1/mlmodels', 'POST'), 1);
});

test('malformed JSON is reported as not OpenMetadata', async () => {
  sandbox.faults.add({ path: VERSION, malformedJson: true });
  const error = await failure(client().serverInfo());
  assert.ok(error instanceof MalformedResponseError);
  assert.match(error.message, /sent a response that is not valid JSON for GET \/api\/v1\/system\/version\. Is .* the OpenMetadata server/);
});

test('a response over the size limit is not read', async () => {
  sandbox.faults.add({ path: VERSION, hugeBodyBytes: 3 * 1024 * 1024 });
  const error = await failure(client({ maxResponseBytes: 1024 * 1024 }).serverInfo());
  assert.ok(error instanceof ResponseTooLargeError);
  assert.match(error.message, /more than 1 MiB/);
});

test('a huge response within the limit is read whole', async () => {
  sandbox.faults.add({ path: VERSION, hugeBodyBytes: 2 * 1024 * 1024 });
  const c = client({ maxResponseBytes: 8 * 1024 * 1024 });
  // The body is valid JSON, just not a version: the client maps what it can.
  assert.equal((await c.serverInfo()).version, 'unknown');
});

test('a caller can cancel a call', async () => {
  sandbox.faults.add({ path: VERSION, latencyMs: 300 });
  const controller = new AbortController();
  const pending = client().serverInfo({ signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  const error = await failure(pending);
  assert.ok(error instanceof AbortedError);
});

test('401 without a token and with a wrong one', async () => {
  const guarded = await startSandbox({ token: 'the-right-token-1234' });
  try {
    const none = await failure(new OpenMetadataClient({ baseUrl: guarded.url }).whoAmI());
    assert.ok(none instanceof UnauthorizedError);
    assert.match(none.message, /requires a token \(401\)\. Set OPENMETADATA_TOKEN/);
    const wrong = await failure(new OpenMetadataClient({ baseUrl: guarded.url, token: 'a-wrong-token-5678' }).whoAmI());
    assert.ok(wrong instanceof UnauthorizedError);
    assert.equal(wrong.message.startsWith(`The token was rejected by ${guarded.url} (401).`), true);
    assert.doesNotMatch(wrong.message, /a-wrong-token-5678/);
    const right = new OpenMetadataClient({ baseUrl: guarded.url, token: 'the-right-token-1234' });
    assert.equal((await right.whoAmI()).name, 'admin');
  } finally {
    await guarded.close();
  }
});

test('the concurrency limit holds across calls', async () => {
  sandbox.faults.add({ path: '/api/v1/mlmodels/name/', latencyMs: 40 });
  let inFlight = 0;
  let peak = 0;
  const counting: typeof fetch = async (input, init) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      return await fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  const limited = client({ maxConcurrent: 3, fetch: counting });
  const found = await Promise.all(Array.from({ length: 12 }, (_, i) => limited.getMlModelByName(`mlflow_svc.model_${i}`)));
  assert.deepEqual(found, Array(12).fill(undefined));
  assert.equal(peak, 3);
});
