// The built server with a catalog: a sandbox started here, the token passed as the extension does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { CompletionList, Hover } from 'vscode-languageserver-types';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus } from '../../server/src/shared/protocol';
import { initialize, startServer, type TestClient } from '../helpers/lspClient';
import { CHURN_TYPO } from '../helpers/models';

let sandbox: Sandbox;
const TOKEN = 'protocol-test-token-1234';
before(async () => {
  sandbox = await startSandbox({ token: TOKEN });
});
after(() => sandbox.close());

const uri = 'file:///work/churn.mlmodel.yaml';
const text = CHURN_TYPO;

async function connected(env: NodeJS.ProcessEnv, capabilities: Record<string, unknown> = {}): Promise<TestClient> {
  const client = await startServer(env);
  await initialize(client, { serverUrl: sandbox.url, debounceMs: 20 }, capabilities);
  return client;
}

test('with the token for its URL: catalog diagnostics arrive, completion and hover use the catalog', async () => {
  const client = await connected({ [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: sandbox.url });
  try {
    const ready = await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    assert.equal(ready.user, 'admin');
    assert.equal(ready.signedIn, true);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version: 1, text } });
    // First from memory, then again once the catalog has answered.
    const checked = await client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.diagnostics.some((d) => d.code === 'unknown-column'));
    const unknown = checked.diagnostics.find((d) => d.code === 'unknown-column')!;
    assert.match(String(unknown.message), /Did you mean `gross_sales`/);

    const completion = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 20 } })) as CompletionList;
    assert.ok(completion.items.some((i) => i.detail === 'sample_data.ecommerce_db.shopify.fact_sale'), completion.items.map((i) => i.detail).join(', '));

    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 30 } })) as Hover;
    assert.match((hover.contents as { value: string }).value, /\*\*fact_sale\*\*/);
    assert.ok(sandbox.requests().every((r) => r.auth === 'valid'), 'every request carried the token');
  } finally {
    await client.close();
  }
});

test('a token stored for another URL is not sent: the catalog says it needs one, once', async () => {
  sandbox.clearRequests();
  const client = await connected({ [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: 'http://some-other-server:8585' });
  try {
    const status = await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'error');
    assert.equal(status.auth, true);
    assert.equal(status.signedIn, false);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version: 1, text } });
    const published = await client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.diagnostics.some((d) => d.code === 'catalog-unavailable'));
    assert.equal(published.diagnostics.filter((d) => d.code === 'catalog-unavailable').length, 1);
    assert.ok(sandbox.requests().every((r) => r.auth === 'none'), 'no request carried a token');
    assert.doesNotMatch(client.stderr(), new RegExp(TOKEN));
  } finally {
    await client.close();
  }
});

test('code lenses, preview and publish over the protocol; a failed publish marks the lines', async () => {
  sandbox.reset();
  const client = await connected({ [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: sandbox.url }, { workspace: { codeLens: { refreshSupport: true } } });
  try {
    await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    const model = 'name: churn\nalgorithm: XGBoost\nservice: mlflow_svc\nmlFeatures:\n  - name: spend\n    featureSources:\n      - name: gross_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version: 1, text: model } });
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Array<{ command: { title: string } }>;
    assert.deepEqual(lenses.map((l) => l.command.title), ['Publish to OpenMetadata', 'Preview changes', 'Show lineage']);

    const preview = (await client.connection.sendRequest('mlmodel/preview', { uri })) as { ok: boolean; summary: string; server: string; file: string; lineageToAdd: string[] };
    assert.equal(preview.ok, true);
    assert.equal(preview.summary, 'new model, version 0.1');
    assert.equal(preview.server, '');
    assert.match(preview.file, /^name: churn\n/);
    assert.deepEqual(preview.lineageToAdd, ['sample_data.ecommerce_db.shopify.fact_sale']);

    const published = (await client.connection.sendRequest('mlmodel/publish', { uri })) as { ok: boolean; message: string; url: string };
    assert.equal(published.ok, true, published.message);
    assert.equal(published.message, 'Published mlflow_svc.churn: created, version 0.1; lineage from 1 of 1 table.');
    assert.equal(published.url, `${sandbox.url}/mlmodel/mlflow_svc.churn`);
    // The editor is asked to redraw the lenses, which now include "Open in OpenMetadata".
    assert.ok(client.serverRequests.includes('workspace/codeLens/refresh'), client.serverRequests.join(', '));
    const after = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Array<{ command: { title: string } }>;
    assert.equal(after[2]?.command.title, 'Open in OpenMetadata (0.1)');

    // A table that does not exist: nothing written, the line is marked.
    const broken = model.replace('shopify.fact_sale', 'shopify.fact_sael');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] });
    const marked = client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.version === 2 && p.diagnostics.some((d) => String(d.message).startsWith('Cannot publish')));
    const refused = (await client.connection.sendRequest('mlmodel/publish', { uri })) as { ok: boolean; message: string };
    assert.equal(refused.ok, false);
    assert.match(refused.message, /Not published: 1 problem in the file/);
    const { diagnostics } = await marked;
    assert.deepEqual(diagnostics.find((d) => String(d.message).startsWith('Cannot publish'))!.range.start, { line: 7, character: 20 });

    // A file with its own errors: refused, and its diagnostics are not doubled.
    const invalid = model.replace('algorithm: XGBoost', 'algorithm: XGBoost\nbogus: 1');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: invalid }] });
    const before = await client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.version === 3 && p.diagnostics.length > 0);
    const notPublished = (await client.connection.sendRequest('mlmodel/publish', { uri })) as { ok: boolean; message: string };
    assert.match(notPublished.message, /Not published: 1 problem in the file/);
    assert.deepEqual(before.diagnostics.map((d) => d.code), ['unknown-field']);
    // Whatever is published for this version afterwards (revalidations) still has it once.
    await new Promise((r) => setTimeout(r, 600));
    for (;;) {
      const again = await client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.version === 3, 1).catch(() => undefined);
      if (!again) break;
      assert.deepEqual(again.diagnostics.map((d) => d.code), ['unknown-field']);
    }
  } finally {
    await client.close();
  }
});

test('one token, one diagnostic: `Tier` in tags is one diagnostic once the catalog has answered, offering the catalog’s suggestion', async () => {
  const client = await connected({ [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: sandbox.url });
  try {
    await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    const tierUri = 'file:///work/tier.mlmodel.yaml';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: tierUri, languageId: 'mlmodel-yaml', version: 1, text: 'name: churn\nalgorithm: XGBoost\ntags:\n  - Tier\n' } });
    // Not a tag FQN, and not a tag the catalog has: one mistake. Once the catalog has answered,
    // its suggestion is a quick fix of that one diagnostic.
    const suggested = (d: { data?: unknown }) => (d.data as { replace?: string[] } | undefined)?.replace?.includes('Tier.Tier1') ?? false;
    const answered = await client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === tierUri && p.diagnostics.some(suggested));
    assert.deepEqual(
      answered.diagnostics.map((d) => [d.range.start.line, d.code]),
      [[3, 'invalid-value']],
    );
    const range = answered.diagnostics[0].range;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: tierUri }, range, context: { diagnostics: answered.diagnostics } })) as Array<{ title: string }>;
    assert.ok(actions.some((a) => a.title === 'Change to `Tier.Tier1`'), actions.map((a) => a.title).join(', '));
  } finally {
    await client.close();
  }
});
