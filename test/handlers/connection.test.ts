// The catalog connection as the extension's status bar and sign-in see it: the catalog status says
// what failed (a refused or missing token, an unreachable server, an address that is not
// OpenMetadata), and mlmodel/probeServer tells whether an address answers as OpenMetadata, without
// ever sending a token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { ProbeServerRequest, TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus } from '../../server/src/shared/protocol';
import { inProcessServer } from '../helpers/inProcessServer';

const TOKEN = 'connection-test-token-5678';
let guarded: Sandbox;
/** A web server that is not OpenMetadata: every path is an HTML page. */
let website: Server;
let websiteUrl: string;
/** A port nothing listens on (a server was there and is closed). */
let closedUrl: string;

before(async () => {
  guarded = await startSandbox({ token: TOKEN });
  website = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body>Not here</body></html>');
  });
  await new Promise<void>((resolve) => website.listen(0, '127.0.0.1', resolve));
  websiteUrl = `http://127.0.0.1:${(website.address() as AddressInfo).port}`;
  const gone = createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => gone.close(() => resolve()));
});
after(async () => {
  await guarded.close();
  await new Promise<void>((resolve) => website.close(() => resolve()));
});

async function statusFor(serverUrl: string, env: NodeJS.ProcessEnv = {}): Promise<CatalogStatus> {
  const lsp = await inProcessServer({ serverUrl }, { env });
  try {
    return await lsp.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready' || s.state === 'error');
  } finally {
    await lsp.close();
  }
}

test('catalog status: what failed is named, for the status bar and the sign-in outcome', async () => {
  const noToken = await statusFor(guarded.url);
  assert.deepEqual([noToken.state, noToken.reason, noToken.signedIn], ['error', 'unauthorized', false]);
  assert.match(noToken.message ?? '', /requires a token \(401\)/);

  const wrongToken = await statusFor(guarded.url, { [TOKEN_ENV]: 'not-the-token', [TOKEN_URL_ENV]: guarded.url });
  assert.deepEqual([wrongToken.state, wrongToken.reason, wrongToken.signedIn], ['error', 'unauthorized', true]);
  assert.match(wrongToken.message ?? '', /token was rejected .* \(401\)/);

  const unreachable = await statusFor(closedUrl);
  assert.deepEqual([unreachable.state, unreachable.reason], ['error', 'unreachable']);
  assert.match(unreachable.message ?? '', /Cannot reach OpenMetadata/);

  const notOpenMetadata = await statusFor(websiteUrl);
  assert.deepEqual([notOpenMetadata.state, notOpenMetadata.reason], ['error', 'notOpenMetadata']);

  const ready = await statusFor(guarded.url, { [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: guarded.url });
  assert.deepEqual([ready.state, ready.reason, ready.user, ready.signedIn], ['ready', undefined, 'admin', true]);
});

test('probeServer: the sandbox answers with its version, without a token even when one is stored for it; others say why not', async () => {
  const lsp = await inProcessServer({}, { env: { [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: guarded.url } });
  try {
    guarded.clearRequests();
    const answered = await lsp.client.sendRequest(ProbeServerRequest.type, { url: `${guarded.url}/` });
    const version = ((await (await fetch(`${guarded.url}/api/v1/system/version`)).json()) as { version: string }).version;
    assert.deepEqual(answered, { ok: true, version });
    const requests = guarded.requests().filter((r) => r.path === '/api/v1/system/version');
    assert.ok(requests.length >= 1 && requests.every((r) => r.auth === 'none'), JSON.stringify(guarded.requests()));

    const closed = await lsp.client.sendRequest(ProbeServerRequest.type, { url: closedUrl });
    assert.deepEqual([closed.ok, closed.reason], [false, 'unreachable']);
    const site = await lsp.client.sendRequest(ProbeServerRequest.type, { url: websiteUrl });
    assert.deepEqual([site.ok, site.reason], [false, 'notOpenMetadata']);
    const nonsense = await lsp.client.sendRequest(ProbeServerRequest.type, { url: 'not a url' });
    assert.equal(nonsense.ok, false);
  } finally {
    await lsp.close();
  }
});
