// The built server's `mlmodel/lineageGraph` request and its "Show lineage" lens: without a catalog
// (what the file names, following edits) and with the sandbox (upstream tables from its lineage,
// sensitive columns, links to the sandbox's UI).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver-types';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { LineageGraphRequest, type CatalogStatus, type LineageGraphResult } from '../../server/src/shared/protocol';
import { initialize, startServer, type TestClient } from '../helpers/lspClient';
import { churnSpend, SHOPIFY } from '../helpers/models';

const uri = 'file:///work/lineage.mlmodel.yaml';
const text = churnSpend(['product_id', '"dim.product"'], ['email', 'dim_customer']);

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

async function opened(settings: Record<string, unknown>, body = text): Promise<TestClient> {
  const client = await startServer();
  await initialize(client, { debounceMs: 20, ...settings });
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version: 1, text: body } });
  return client;
}

const graph = (client: TestClient, target = uri) => client.connection.sendRequest(LineageGraphRequest.type, { uri: target });

/** Asks until `accept` holds: the server answers from memory and fills it in the background. */
async function graphWhen(client: TestClient, accept: (g: LineageGraphResult) => boolean, ms = 10_000): Promise<LineageGraphResult> {
  const deadline = Date.now() + ms;
  for (;;) {
    const g = await graph(client);
    if (g && accept(g)) return g;
    if (Date.now() > deadline) throw new Error(`the graph never matched: ${JSON.stringify(g)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('without a catalog: the "Show lineage" lens, and the graph of what the file names, following edits', async () => {
  const client = await opened({});
  try {
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, l.command?.command, l.command?.arguments, l.range.start.line]),
      [['Show lineage', 'mlmodel.showLineage', [uri], 0]],
    );

    const g = await graph(client);
    assert.ok(g);
    assert.equal(g.uri, uri);
    assert.equal(g.version, 1);
    assert.equal(g.catalog, 'off');
    assert.deepEqual(g.nodes.map((n) => `${n.kind}:${n.label}`), ['model:churn', 'feature:spend', 'table:dim.product', 'column:product_id', 'table:dim_customer', 'column:email']);
    assert.equal(g.edges.length, 5);
    assert.deepEqual(g.nodes.find((n) => n.label === 'email')?.range, { start: { line: 8, character: 14 }, end: { line: 8, character: 19 } });

    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 10 }, end: { line: 4, character: 15 } }, text: 'basket' }],
    });
    const edited = await graph(client);
    assert.equal(edited?.version, 2);
    assert.equal(edited?.nodes.find((n) => n.kind === 'feature')?.label, 'basket');

    assert.equal(await graph(client, 'file:///work/not-open.mlmodel.yaml'), null);
  } finally {
    await client.close();
  }
});

test('with the sandbox: upstream tables from its lineage, the sensitive column, links to its UI; lens last', async () => {
  const client = await opened({ serverUrl: sandbox.url });
  try {
    await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    const g = await graphWhen(client, (x) => x.nodes.some((n) => n.kind === 'upstreamTable') && x.nodes.some((n) => n.sensitiveTags.length > 0));
    assert.equal(g.catalog, 'ready');
    // The seed's lineage: raw_order and raw_customer feed "dim.product".
    assert.deepEqual(
      g.nodes.filter((n) => n.kind === 'upstreamTable').map((n) => n.fqn).sort(),
      [`${SHOPIFY}.raw_customer`, `${SHOPIFY}.raw_order`],
    );
    assert.ok(g.edges.some((e) => e.from === `table:${SHOPIFY}.raw_order` && e.to === `table:${SHOPIFY}."dim.product"`));
    const email = g.nodes.find((n) => n.label === 'email')!;
    assert.deepEqual(email.sensitiveTags, ['PII.Sensitive']);
    assert.equal(email.url, `${sandbox.url}/table/${encodeURIComponent(`${SHOPIFY}.dim_customer`)}`);
    assert.ok(sandbox.requests().some((r) => r.path === `/api/v1/lineage/table/name/${encodeURIComponent(`${SHOPIFY}."dim.product"`)}`), 'asked the lineage API');

    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.deepEqual(lenses.map((l) => l.command?.title), ['Publish to OpenMetadata', 'Preview changes', 'Show lineage']);
  } finally {
    await client.close();
  }
});
