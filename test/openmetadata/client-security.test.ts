// The token is sent only to the configured origin, only in the Authorization header, and never
// appears in a log line, an error message or an inspected error, even when a server echoes it.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { OpenMetadataError, RedirectError, redact } from '../../server/src/openmetadata/errors';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXZhbHVl';

let home: Sandbox;
let elsewhere: Sandbox;

before(async () => {
  home = await startSandbox({ token: TOKEN });
  elsewhere = await startSandbox();
});

after(async () => {
  await home.close();
  await elsewhere.close();
});

beforeEach(() => {
  home.reset();
  elsewhere.reset();
});

interface Sent {
  url: string;
  authorization: string | null;
}

function recordingClient(log: string[] = [], sent: Sent[] = []): OpenMetadataClient {
  const recording: typeof fetch = (input, init) => {
    sent.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
    return fetch(input, init);
  };
  return new OpenMetadataClient({ baseUrl: home.url, token: TOKEN, fetch: recording, log: (line) => log.push(line), retryBaseMs: 1 });
}

test('a redirect to another origin is refused before anything is sent there', async () => {
  home.faults.add({ path: '/api/v1/system/version', redirectTo: elsewhere.url });
  const sent: Sent[] = [];
  const error = await recordingClient([], sent).serverInfo().then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof RedirectError);
  assert.equal(
    error.message,
    `${home.url} redirected GET /api/v1/system/version to ${elsewhere.url}. The token is only sent to the configured server; set the server URL to ${elsewhere.url} if OpenMetadata lives there.`,
  );
  assert.deepEqual(elsewhere.requests(), [], 'the other origin received nothing, so no token');
  assert.ok(sent.every((s) => s.url.startsWith(home.url)));
});

test('a redirect within the same origin is followed, with the token', async () => {
  home.faults.add({ path: '/api/v1/users/loggedInUser', redirectTo: home.url, times: 1 });
  const sent: Sent[] = [];
  assert.equal((await recordingClient([], sent).whoAmI()).name, 'admin');
  assert.deepEqual(
    home.requests().map((r) => [r.path, r.status, r.auth]),
    [
      ['/api/v1/users/loggedInUser', 307, 'valid'],
      ['/api/v1/users/loggedInUser', 200, 'valid'],
    ],
  );
  assert.equal(sent.length, 2);
});

test('the token travels only in the Authorization header, to the configured origin', async () => {
  const sent: Sent[] = [];
  const c = recordingClient([], sent);
  await c.whoAmI();
  await c.searchTables('fact', 3);
  await c.getTable('sample_data.ecommerce_db.shopify.fact_sale');
  await c.listEntities('tag', 10);
  assert.ok(sent.length >= 4);
  for (const s of sent) {
    assert.equal(s.authorization, `Bearer ${TOKEN}`);
    assert.ok(s.url.startsWith(`${home.url}/api/v1/`));
    assert.ok(!s.url.includes(TOKEN));
  }
});

test('no log line, error message or inspected error contains the token, even when the server echoes it', async () => {
  const log: string[] = [];
  const c = recordingClient(log);
  home.faults.add({ path: '/api/v1/system/version', status: 400, message: `bad token ${TOKEN}; header was Bearer ${TOKEN}` });
  home.faults.add({ path: '/api/v1/users/loggedInUser', status: 401, message: `Token ${TOKEN} expired` });
  home.faults.add({ path: '/api/v1/search/query', status: 503 });
  home.faults.add({ path: '/api/v1/tables/name/', drop: 'mid-body' });
  const errors: OpenMetadataError[] = [];
  for (const call of [() => c.serverInfo(), () => c.whoAmI(), () => c.searchTables('x', 1), () => c.getTable('a.b.c.d')]) {
    await call().then(
      () => assert.fail('expected a failure'),
      (e: unknown) => {
        assert.ok(e instanceof OpenMetadataError);
        errors.push(e);
      },
    );
  }
  assert.equal(errors.length, 4);
  assert.match(errors[0].message, /bad token \*\*\*; header was Bearer \*\*\*/);
  for (const error of errors) {
    assert.ok(!error.message.includes(TOKEN), error.message);
    assert.ok(!(error.serverMessage ?? '').includes(TOKEN));
    assert.ok(!inspect(error, { depth: 10 }).includes(TOKEN), `inspected ${error.kind}`);
    assert.ok(!JSON.stringify(error).includes(TOKEN));
  }
  assert.ok(log.length > 0);
  for (const line of log) assert.ok(!line.includes(TOKEN), line);
});

test('redact hides the secret and any bearer credential', () => {
  assert.equal(redact(`x ${TOKEN} y`, TOKEN), 'x *** y');
  assert.equal(redact('Authorization: Bearer abc.def.ghi', undefined), 'Authorization: Bearer ***');
  assert.equal(redact('nothing secret', TOKEN), 'nothing secret');
});
