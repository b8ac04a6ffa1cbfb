// The built server with a catalog: a sandbox started here, the token passed as the extension does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { CompletionList, Hover } from 'vscode-languageserver-types';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus } from '../../server/src/protocol';
import { initialize, startServer, type TestClient } from '../helpers/lspClient';

let sandbox: Sandbox;
const TOKEN = 'protocol-test-token-1234';
before(async () => {
  sandbox = await startSandbox({ token: TOKEN });
});
after(() => sandbox.close());

const uri = 'file:///work/churn.mlmodel.yaml';
const text = [
  'name: churn',
  'algorithm: XGBoost',
  'service: mlflow_svc',
  'mlFeatures:',
  '  - name: spend',
  '    featureSources:',
  '      - name: gros_sales',
  '        dataSource: sample_data.ecommerce_db.shopify.fact_sale',
  '      - name: x',
  '        dataSource: ',
  '',
].join('\n');

async function connected(env: NodeJS.ProcessEnv): Promise<TestClient> {
  const client = await startServer(env);
  await initialize(client, { serverUrl: sandbox.url, debounceMs: 20 });
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
    assert.ok(completion.items.some((i) => i.label === 'sample_data.ecommerce_db.shopify.fact_sale'), completion.items.map((i) => i.label).join(', '));

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
