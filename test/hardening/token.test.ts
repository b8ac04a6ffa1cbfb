// The token goes nowhere it should not. The CLI and the language server run with a known (fake)
// token against a sandbox that requires it, echoes it back in its errors, redirects to another
// origin and is asked to log verbosely; the token must appear in no output, log, diagnostic,
// message or file, and reach only the configured origin, only in the Authorization header.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus } from '../../server/src/shared/protocol';
import { CLI, fakeToken, runCli, until } from './harness';
import { startServer, type Server } from './lsp';
import { ETA_PREDICTIONS } from '../helpers/models';
import { SECRET_FRAGMENT } from '../../server/src/openmetadata/errors';

const TOKEN = fakeToken('hardening');
/** Any 8 characters of the token are a leak (SECRET_FRAGMENT). */
const PIECES = Array.from({ length: TOKEN.length - SECRET_FRAGMENT + 1 }, (_, i) => TOKEN.slice(i, i + SECRET_FRAGMENT));
// Where a leak would show: any piece of the token, as written or URL-encoded, and the token's
// base64 (a proxy's Basic credentials or a log of raw headers would carry that).
const FORMS = [...PIECES, ...PIECES.map(encodeURIComponent), Buffer.from(TOKEN).toString('base64')];

let home: Sandbox;
let elsewhere: Sandbox;
/** Where a redirect points: it must never be asked anything. */
let third: Sandbox;
let dir: string;

before(async () => {
  home = await startSandbox({ token: TOKEN });
  elsewhere = await startSandbox();
  third = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'mlmodel-token-'));
});
after(async () => {
  await home.close();
  await elsewhere.close();
  await third.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  home.reset();
  elsewhere.reset();
  third.reset();
});

function assertNoToken(text: string, where: string): void {
  // Also with line breaks (and JSON's escaped ones) taken out: a piece broken across lines.
  for (const seen of [text, text.replace(/\\[nrt]|\s/g, '')]) {
    for (const form of FORMS) assert.ok(!seen.includes(form), `the token is in ${where}: …${seen.slice(Math.max(0, seen.indexOf(form) - 200), seen.indexOf(form) + 50)}…`);
  }
}

/** Every file below `root`, read whole. */
function assertNoTokenInFiles(root: string): number {
  let files = 0;
  const walk = (path: string): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) return readdirSync(path).forEach((name) => walk(join(path, name)));
    files++;
    assertNoToken(readFileSync(path).toString('latin1'), path);
  };
  walk(root);
  return files;
}

/** Only the configured origin saw requests, each with the right token; the other origin saw none. */
function assertSentOnlyHome(): void {
  assert.ok(home.requests().length > 0);
  assert.deepEqual([...new Set(home.requests().map((r) => r.auth))], ['valid'], 'every request home carried the token');
  assert.deepEqual(elsewhere.requests(), [], 'nothing reached the other origin');
}

/**
 * The sandbox echoes the token in error bodies: a server that reflects the Authorization header.
 * The 500 lasts through the catalog's quick retries (the first ask and 3 more, 1 s, 2 s, 4 s
 * apart), so it is an outage that reaches the output, not a failure in passing asked again.
 */
function echoingFaults(): void {
  home.faults.add({ path: '/api/v1/tables/name/sample_data.ecommerce_db.shopify.raw_customer', status: 500, message: `boom; Authorization: Bearer ${TOKEN}`, times: 4 });
  home.faults.add({ method: 'PUT', path: '/api/v1/lineage', status: 403, message: `token ${TOKEN} lacks EditLineage` });
}

const eta = ETA_PREDICTIONS;

test('CLI: every command, verbose, with a server echoing the token in its errors: the token is in no output and no file', async () => {
  echoingFaults();
  const env = { OPENMETADATA_TOKEN: TOKEN };
  const pulled = join(dir, 'pulled.mlmodel.yaml');
  const model = join(dir, 'eta.mlmodel.yaml');
  writeFileSync(model, eta);
  const runs = [
    await runCli(['validate', '--verbose', '--server', home.url, '--format', 'json', model], env),
    await runCli(['publish', '--verbose', '--server', home.url, model], env),
    await runCli(['publish', '--verbose', '--server', home.url, '--format', 'json', model], env),
    await runCli(['diff', '--verbose', '--server', home.url, model], env),
    await runCli(['pull', '--verbose', '--server', home.url, 'mlflow_svc.eta_predictions', '-o', pulled], env),
    await runCli(['validate', '--verbose', '--server', home.url, '--token-env', 'MY_TOKEN', model], { MY_TOKEN: TOKEN }),
  ];
  for (const [i, r] of runs.entries()) {
    assert.equal(r.timedOut, false);
    assertNoToken(r.stdout + r.stderr, `the output of run ${i}`);
  }
  // The runs did what they say: verbose logs, a published model, the echoed errors, the pulled file.
  assert.match(runs[1].stderr, /GET \/api\/v1\/users\/loggedInUser → 200 in \d+ ms/);
  assert.match(runs[1].stdout, /mlflow_svc\.eta_predictions created/);
  assert.match(runs[1].stdout, /NOT written: .*token \*\*\* lacks EditLineage/);
  assert.match(runs[0].stdout + runs[0].stderr, /boom; Authorization: Bearer \*\*\*/);
  assert.match(readFileSync(pulled, 'utf8'), /^# Pulled from /);
  assert.ok(assertNoTokenInFiles(dir) >= 2);
  assertSentOnlyHome();
});

/**
 * What a server may send back of the token: cut at 500 characters inside it, a piece, JSON-escaped
 * and broken across lines, URL-encoded, encoded twice.
 */
const ECHOES = [
  `${'x'.repeat(490)}${TOKEN}`,
  `${'x'.repeat(495)}${TOKEN}`,
  `invalid credentials ${TOKEN.slice(5, 23)}`,
  `{"header": ${JSON.stringify(`Bearer\n${TOKEN.slice(0, 12)}\n${TOKEN.slice(12)}`)}}`,
  `redirect to /login?next=%2F&token=${encodeURIComponent(TOKEN)}`,
  `request: ${encodeURIComponent(JSON.stringify({ token: TOKEN }))}`,
];

test('CLI: whatever form a server echoes the token in (cut, a piece, escaped, encoded, broken), no piece of it is in the output', async () => {
  const model = join(dir, 'echo.mlmodel.yaml');
  writeFileSync(model, eta);
  for (const [i, message] of ECHOES.entries()) {
    home.faults.clear();
    home.faults.add({ path: '/api/v1/tables/name/sample_data.ecommerce_db.shopify.raw_customer', status: 400, message });
    const r = await runCli(['validate', '--verbose', '--server', home.url, model], { OPENMETADATA_TOKEN: TOKEN });
    assert.match(r.stdout + r.stderr, /raw_customer \(400\): /, `echo ${i} reached the output`);
    assertNoToken(r.stdout + r.stderr, `the output with echo ${i}`);
  }
  // Not only errors: the server's own text, here a model's description, pulled and diffed.
  home.faults.clear();
  assert.equal((await runCli(['publish', '--server', home.url, model], { OPENMETADATA_TOKEN: TOKEN })).code, 0);
  const stored = home.store.mlmodels.getByFqn('mlflow_svc.eta_predictions')!;
  home.store.mlmodels.update({ ...stored, description: `Trained with ${TOKEN.slice(3, 20)} (${encodeURIComponent(TOKEN)})` }, {});
  const pulled = await runCli(['pull', '--server', home.url, 'mlflow_svc.eta_predictions'], { OPENMETADATA_TOKEN: TOKEN });
  const diff = await runCli(['diff', '--server', home.url, model], { OPENMETADATA_TOKEN: TOKEN });
  assert.match(pulled.stdout, /Trained with \*\*\*/);
  assert.match(diff.stdout, /Trained with \*\*\*/);
  assertNoToken(pulled.stdout + pulled.stderr + diff.stdout + diff.stderr, 'pull and diff');
});

test('CLI: a redirect to another origin is refused before anything is sent there', async () => {
  home.faults.add({ path: '/api/v1/', redirectTo: elsewhere.url });
  for (const command of [['validate', 'examples/eta_predictions.mlmodel.yaml'], ['publish', 'examples/eta_predictions.mlmodel.yaml'], ['pull', 'mlflow_svc.eta_predictions']]) {
    const r = await runCli([...command, '--verbose', '--server', home.url], { OPENMETADATA_TOKEN: TOKEN });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`redirected GET /api/v1/[\\w/]+ to ${elsewhere.url}\\. The token is only sent to the configured server`));
    assertNoToken(r.stdout + r.stderr, command[0]);
  }
  assertSentOnlyHome();
});

test('CLI: the token is never an argument, so `ps` cannot show it', async () => {
  // The CLI refuses an option for it; the sandbox's own --token is the exception, documented.
  const r = await runCli(['validate', '--token', TOKEN, '--server', home.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown option '--token'/);
  assertNoToken(r.stdout + r.stderr, 'the usage error');
});

test('sandbox CLI: started with --token-env, its banner, request log and fault list never hold the token', async () => {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', '--token-env', 'SANDBOX_TOKEN'], { env: { ...process.env, SANDBOX_TOKEN: TOKEN } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await until('the sandbox to listen', () => /at (http:\/\/\S+) \(/.test(output));
    const url = /at (http:\/\/\S+) \(/.exec(output)![1];
    const ok = await fetch(`${url}/api/v1/users/loggedInUser`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 200);
    const refused = await fetch(`${url}/api/v1/users/loggedInUser`, { headers: { Authorization: `Bearer ${TOKEN}x` } });
    assert.equal(refused.status, 401);
    assertNoToken(await refused.text(), 'the 401 body');
    // The admin endpoints want the token too (issue 15 item 8).
    assert.equal((await fetch(`${url}/__sandbox/requests`)).status, 401);
    const admin = { headers: { Authorization: `Bearer ${TOKEN}` } };
    const log = await (await fetch(`${url}/__sandbox/requests`, admin)).text();
    assert.match(log, /"auth":"valid"/);
    assert.match(log, /"auth":"invalid"/);
    assertNoToken(log, 'the request log');
    assertNoToken(await (await fetch(`${url}/__sandbox/faults`, admin)).text(), 'the fault list');
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  assertNoToken(output, 'the sandbox output');
});

test('language server: the token is in nothing it says or writes, and reaches only its server', async () => {
  const cache = mkdtempSync(join(dir, 'cache-'));
  echoingFaults();
  // Not only errors: the catalog's own text, here a dashboard's description, shown in a hover.
  home.store.dashboards.byFqn('sample_superset.eta_predictions_performance')!.description = `Owner's key ${TOKEN.slice(2, 30)}`;
  let server: Server | undefined;
  try {
    server = await startServer({ [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: home.url, MLMODEL_CACHE_DIR: cache }, { serverUrl: home.url, debounceMs: 0 });
    await server.connection.sendNotification('$/setTrace', { value: 'verbose' });
    const ready = await server.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    assert.equal(ready.signedIn, true);
    const uri = 'file:///hardening/eta.mlmodel.yaml';
    await server.open(uri, eta);
    // The echoed 500 on raw_customer pauses the catalog checks: its message becomes a diagnostic.
    const paused = await server.next<{ diagnostics: Array<{ code: string; message: string }> }>('textDocument/publishDiagnostics', (p) => p.diagnostics.some((d) => d.code === 'catalog-unavailable'), 20_000);
    assert.match(paused.diagnostics.find((d) => d.code === 'catalog-unavailable')!.message, /Bearer \*\*\*/);
    await server.request('textDocument/completion', { textDocument: { uri }, position: { line: 22, character: 20 } });
    await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 22, character: 30 } });
    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 11, character: 30 } });
    assert.match(hover.contents.value, /Owner's key \*\*\*/, 'the description reached the hover, the token taken out');
    await server.request('textDocument/documentLink', { textDocument: { uri } });
    home.faults.clear();
    echoingFaults();
    const preview = await server.request<{ message: string }>('mlmodel/preview', { uri }, 20_000);
    const published = await server.request<{ message: string }>('mlmodel/publish', { uri }, 20_000);
    assert.match(preview.message + published.message, /\*\*\*/, 'the echoed token, redacted, reached the messages');

    // The server URL changed to another server: the token stays with the one it was stored for.
    await server.connection.sendNotification('mlmodel/didChangeSettings', { serverUrl: elsewhere.url, debounceMs: 0 });
    const other = await server.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready' && s.url === elsewhere.url);
    assert.equal(other.signedIn, false);
    assert.ok(elsewhere.requests().length > 0);
    assert.deepEqual([...new Set(elsewhere.requests().map((r) => r.auth))], ['none'], 'no token went to the other server');

    // And a redirect from its own server to a third is refused before anything is sent there.
    home.faults.add({ path: '/api/v1/', redirectTo: third.url });
    const since = server.notifications.length;
    await server.connection.sendNotification('mlmodel/didChangeSettings', { serverUrl: home.url, debounceMs: 0 });
    const refused = await server.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'error' && s.url === home.url, 10_000, since);
    assert.match(refused.message!, /The token is only sent to the configured server/);
    assert.deepEqual(third.requests(), []);
    // The code cache is written 3 s after start: let it be, to search it too.
    await until('the code cache', () => readdirSync(cache).length > 0, 10_000);
  } finally {
    await server?.close();
  }
  assertNoToken(server!.output(), 'the language server’s output (every message, log and diagnostic)');
  assert.ok(server!.notifications.some((n) => n.method === 'window/logMessage'), 'the request log was on');
  assert.ok(assertNoTokenInFiles(cache) >= 1);
  assert.deepEqual([...new Set(home.requests().map((r) => r.auth))], ['valid']);
  assert.deepEqual([...new Set(elsewhere.requests().map((r) => r.auth))], ['none']);
});
