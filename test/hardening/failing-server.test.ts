// A failing OpenMetadata server, provoked with the sandbox's fault injection, as the language
// server and the CLI meet it: unreachable, slow beyond the timeout, 401, 403, 404, 429 with
// Retry-After, 500, 503, a connection dropped mid-body, malformed JSON, a huge response. Each ends
// in one clear message (one status, one diagnostic per file, one line from the CLI, exit 2); the
// editor keeps validating and completing from what it knows; the server process never dies.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { CompletionList } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { CatalogStatus, PublishResult } from '../../server/src/shared/protocol';
import { TOKEN_ENV, TOKEN_URL_ENV } from '../../server/src/shared/protocol';
import { startSandbox } from '../../server/src/sandbox/server';
import type { FaultRule } from '../../server/src/sandbox/faults';
import { assertNoStackTrace, fakeToken, runCli, within } from './harness';
import { startServer, type Server } from './lsp';
import { CHURN_TYPO } from '../helpers/models';

const MiB = 1024 * 1024;
const CATALOG_CODES = new Set(['unknown-service', 'unknown-dashboard', 'unknown-table', 'unknown-column', 'unknown-user', 'unknown-team', 'unknown-tag', 'datatype-mismatch', 'sensitive-data']);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Fault {
  name: string;
  /** Applied to every API call; absent: the server is not there at all. */
  rule?: FaultRule;
  /** The sandbox requires a token, and the client sends this one. */
  token?: 'none' | 'wrong';
  message: RegExp;
  auth?: boolean;
  /** Only the CLI (the editor's timeout is 15 s: too long for this suite; see the slow test below). */
  cliOnly?: boolean;
}

const FAULTS: Fault[] = [
  { name: 'slow, beyond the timeout', rule: { latencyMs: 20_000 }, message: /did not answer GET \/api\/v1\/[\w/]+ within 15 s\./, cliOnly: true },
  { name: 'unreachable', message: /Cannot reach OpenMetadata at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the server URL/ },
  { name: '401 without a token', token: 'none', message: /requires a token \(401\)/, auth: true },
  { name: '401 with a wrong token', token: 'wrong', message: /The token was rejected by .* \(401\)\. Use a current bot token/, auth: true },
  { name: '403', rule: { status: 403, message: 'not allowed' }, message: /refused GET \/api\/v1\/[\w/]+ \(403\): the token's user lacks the permission: not allowed/, auth: true },
  // A URL that is not OpenMetadata's (a web server, a wrong path): not "everything is unknown".
  { name: '404', rule: { status: 404 }, message: /http:\/\/127\.0\.0\.1:\d+ has no OpenMetadata API: GET \/api\/v1\/[\w/]+ answered 404\. Set the server URL/ },
  { name: 'an answer that is not OpenMetadata’s', rule: { path: '/api/v1/users/loggedInUser', hugeBodyBytes: 1 }, message: /has no OpenMetadata API: GET \/api\/v1\/users\/loggedInUser answered without a user/ },
  { name: '429 with Retry-After', rule: { status: 429, retryAfterSeconds: 0.2 }, message: /is throttling requests \(429\) on GET \/api\/v1\/[\w/]+ \(tried 4 times\); try again in a moment\./ },
  { name: '500', rule: { status: 500, message: 'NullPointerException' }, message: /failed on GET \/api\/v1\/[\w/]+ \(500\): NullPointerException/ },
  { name: '503', rule: { status: 503 }, message: /failed on GET \/api\/v1\/[\w/]+ \(503\) \(tried 4 times\)/ },
  { name: 'connection dropped mid-body', rule: { drop: 'mid-body' }, message: /The connection to .* was lost during GET \/api\/v1\/[\w/]+/ },
  { name: 'malformed JSON', rule: { malformedJson: true }, message: /sent a response that is not valid JSON for GET .*Is .* the OpenMetadata server/ },
  { name: 'a huge response', rule: { path: '/api/v1/system/version', hugeBodyBytes: 65 * MiB }, message: /sent more than 64 MiB for GET \/api\/v1\/[\w/]+; the response was not read\./ },
];

/** A sandbox showing the fault, and the URL and environment to reach it with. */
async function failing(fault: Fault): Promise<{ url: string; env: NodeJS.ProcessEnv; close: () => Promise<void> }> {
  if (!fault.rule && !fault.token) return { url: `http://127.0.0.1:${await freePort()}`, env: {}, close: async () => undefined };
  const token = fault.token ? fakeToken('sandbox') : undefined;
  const sandbox = await startSandbox({ token });
  if (fault.rule) sandbox.faults.add({ path: '/api/v1/', ...fault.rule });
  const sent = fault.token === 'wrong' ? fakeToken('wrong') : undefined;
  return {
    url: sandbox.url,
    env: sent ? { OPENMETADATA_TOKEN: sent, [TOKEN_ENV]: sent, [TOKEN_URL_ENV]: sandbox.url } : {},
    close: () => sandbox.close(),
  };
}

const uri = 'file:///hardening/churn.mlmodel.yaml';
const uriFor = (fault: Fault) => `file:///hardening/${fault.name.replace(/\W+/g, '-')}.mlmodel.yaml`;
const model = CHURN_TYPO;

/** The requests an editor sends on a file: each answered, within a bound. */
async function editorStillWorks(server: Server, uri: string): Promise<void> {
  const keys = await within('key completion', 2_000, () => server.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 10, character: 0 } }));
  assert.ok(keys.items.some((i) => i.label === 'description'), 'the format is still completed');
  await within('table completion', 2_000, () => server.request('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 20 } }));
  await within('hover', 2_000, () => server.request('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 30 } }));
  await within('links', 2_000, () => server.request('textDocument/documentLink', { textDocument: { uri } }));
  await within('lenses', 2_000, () => server.request('textDocument/codeLens', { textDocument: { uri } }));
}

// One concurrent group: the slow cases wait, the others run meanwhile.
describe('a failing catalog', { concurrency: 4 }, () => {
  // The CLI: every fault through `validate`; `publish`, `diff` and `pull` check the server another
  // way (who am I), so one fault through them too. (The slow server costs 15 s a command.)
  const file = 'examples/eta_predictions.mlmodel.yaml';
  const every = [['validate', file], ['publish', file], ['diff', file], ['pull', 'mlflow_svc.eta_predictions']];
  const commands = (fault: Fault) => (fault.name === '404' ? every : [every[0]]);
  for (const fault of FAULTS) {
    test(`CLI: ${fault.name}`, async () => {
      const catalog = await failing(fault);
      try {
        for (const command of commands(fault)) {
          const r = await runCli([...command, '--server', catalog.url], catalog.env, 40_000);
          assert.equal(r.timedOut, false);
          assert.equal(r.code, 2, `${command}: ${r.stdout}${r.stderr}`);
          assert.equal(r.stdout, '', `${command}: nothing on stdout`);
          const lines = r.stderr.trim().split('\n');
          assert.equal(lines.length, 1, `${command}: one line: ${r.stderr}`);
          assert.match(lines[0], new RegExp(`^mlmodel ${command[0]}: .*(?:${fault.message.source})`), `${command}: ${r.stderr}`);
          assertNoStackTrace(r.stderr, command[0]);
        }
      } finally {
        await catalog.close();
      }
    });
  }

  // The language server: one process through every fault in turn, as a user would change the
  // server URL; it must stay up through all of them.
  test('server: through every fault in turn, one message each, the editor keeps working, the process stays up', async () => {
    const faults = FAULTS.filter((f) => !f.cliOnly);
    const catalogs = await Promise.all(faults.map(failing));
    const env: NodeJS.ProcessEnv = Object.assign({}, ...catalogs.map((c) => c.env));
    let started: Server | undefined;
    try {
      const server = (started = await startServer(env, { serverUrl: '', debounceMs: 0 }));
      for (const [i, fault] of faults.entries()) {
        const since = server.notifications.length;
        await server.connection.sendNotification('mlmodel/didChangeSettings', { serverUrl: catalogs[i].url, debounceMs: 0 });
        const status = await server.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'error' && s.url === catalogs[i].url, 20_000, since);
        assert.match(status.message!, fault.message, fault.name);
        assert.equal(status.auth, fault.auth ?? false, fault.name);
        const uri = uriFor(fault);
        await server.open(uri, model);
        const withNotice = await server.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'catalog-unavailable'), 10_000, since);
        const notices = withNotice.diagnostics.filter((d) => d.code === 'catalog-unavailable');
        assert.equal(notices.length, 1, `${fault.name}: one notice per file`);
        assert.equal(notices[0].message, `Catalog checks are paused: ${status.message}`);
        assert.ok(!withNotice.diagnostics.some((d) => CATALOG_CODES.has(String(d.code))), `${fault.name}: no reference is called unknown because the catalog failed`);
        await editorStillWorks(server, uri);
        const errors = new Set(server.notifications.slice(since).filter((n) => n.method === 'mlmodel/catalogStatus' && (n.params as CatalogStatus).state === 'error').map((n) => (n.params as CatalogStatus).message));
        assert.equal(errors.size, 1, `${fault.name}: one message: ${[...errors].join(' | ')}`);
        await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
      assert.equal(server.exited(), false);
      assert.doesNotMatch(server.output(), / failed: /, 'no request failed inside the server');
    } finally {
      await started?.close();
      await Promise.all(catalogs.map((c) => c.close()));
    }
  });

  for (const [name, rule] of [
    ['slow', { latencyMs: 30_000 }],
    ['500', { status: 500 }],
    ['dropping connections', { drop: 'before-response' }],
  ] as Array<[string, FaultRule]>) {
    test(`server, after the catalog answered, then turned ${name}: completion answers at once from what is cached`, async () => {
      const sandbox = await startSandbox();
      const server = await startServer({}, { serverUrl: sandbox.url, debounceMs: 0 });
      try {
        await server.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready' && (s.tables ?? 0) > 0);
        await server.open(uri, model);
        const checked = await server.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.diagnostics.some((d) => d.code === 'unknown-column'));
        sandbox.faults.add({ path: '/api/v1/', ...rule });

        const tables = await within('table completion', 2_000, () =>
          server.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 20 } }),
        );
        assert.ok(tables.items.some((i) => i.detail === 'sample_data.ecommerce_db.shopify.fact_sale'), 'the cached tables are offered');
        const columns = await within('column completion', 2_000, () =>
          server.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 14 } }),
        );
        assert.ok(columns.items.some((i) => i.label === 'gross_sales'), 'the cached columns are offered');
        // An edit is validated at once, from memory: the catalog's findings stay, joined by the
        // one notice once a failure has been seen; nothing new is called unknown for it.
        const since = server.notifications.length;
        await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 11 }, end: { line: 0, character: 11 } }, text: '_v2' }] });
        const edited = await within('diagnostics after an edit', 2_000, () => server.diagnostics(uri, 2, since));
        const codes = edited.diagnostics.map((d) => d.code);
        const before = checked.diagnostics.map((d) => d.code);
        if (codes.includes('catalog-unavailable')) assert.deepEqual(codes, ['catalog-unavailable', ...before]);
        else assert.deepEqual(codes, before);
        assert.equal(server.exited(), false);
      } finally {
        await server.close();
        await sandbox.close();
      }
    });
  }
});

// A server URL the client cannot use is an error status saying why, and publish says the same;
// a password in the URL is shown nowhere.
test('server: a server URL that cannot be used (no scheme, or credentials in it): the status and publish say why', async () => {
  const password = fakeToken('password');
  for (const [url, reason] of [
    ['localhost:8585', /must start with http:\/\/ or https:\/\//],
    [`http://admin:${password}@127.0.0.1:9`, /must not contain credentials/],
  ] as const) {
    const server = await startServer({}, { serverUrl: url, debounceMs: 0 });
    try {
      const status = await server.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'error', 5_000);
      assert.match(status.message!, reason);
      await server.open(uri, model);
      const published = await server.request<PublishResult>('mlmodel/publish', { uri });
      assert.match(published.message, reason);
      assert.ok(!server.output().includes(password), 'a password in the URL is shown nowhere');
    } finally {
      await server.close();
    }
  }
});
