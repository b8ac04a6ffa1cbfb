// The language server's handlers (server/src/handlers), in this process: each driven through the
// connection as an editor drives it, or called directly, for what the stdio tests do not reach.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationToken } from 'vscode-languageserver';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import type { OpenMetadataClient, OpenMetadataClientOptions } from '../../server/src/openmetadata/client';
import { DidChangeSettingsNotification, TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus } from '../../server/src/shared/protocol';
import { fakeCatalog } from '../helpers/fakeCatalog';
import { inProcessServer } from '../helpers/inProcessServer';
import { SHOPIFY } from '../helpers/models';

const uri = 'file:///work/churn.mlmodel.yaml';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

test('catalog connection: the token stored for the URL (written with a trailing slash) is used; after a switch to another URL it is not', async () => {
  const created: OpenMetadataClientOptions[] = [];
  const createClient = (options: OpenMetadataClientOptions) => {
    created.push(options);
    return Object.assign(fakeCatalog(), { uiBaseUrl: options.baseUrl }) as unknown as OpenMetadataClient;
  };
  const lsp = await inProcessServer({ serverUrl: 'http://om.example:8585' }, { env: { [TOKEN_ENV]: 'tok-1234', [TOKEN_URL_ENV]: 'http://om.example:8585/' }, createClient });
  try {
    const ready = await lsp.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    assert.deepEqual({ url: ready.url, signedIn: ready.signedIn, user: ready.user }, { url: 'http://om.example:8585', signedIn: true, user: 'admin' });
    assert.equal(created[0].token, 'tok-1234');

    await lsp.client.sendNotification(DidChangeSettingsNotification.type, { serverUrl: 'http://elsewhere.example' } as never);
    const other = await lsp.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.url === 'http://elsewhere.example' && s.state === 'ready');
    assert.equal(other.signedIn, false);
    assert.equal(created[1].token, undefined, 'a token is only ever sent to the server it was stored for');
    assert.equal(lsp.server.catalog.catalog?.uiBaseUrl, 'http://elsewhere.example');
  } finally {
    await lsp.close();
  }
});

test('validation: edits within the debounce are validated once, at the last version; problems a publish found go with their version', async () => {
  const lsp = await inProcessServer({ debounceMs: 80 });
  try {
    await lsp.open(uri, 'name: m\nalgorithm: a\n');
    await lsp.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'name: m\nalgorithm: b\n' }] });
    const third = await lsp.change(uri, 3, 'name: m\nalgorithm: c\nservce: s\n');
    assert.deepEqual(third.diagnostics.map((d) => d.code), ['unknown-field']);
    const versions = lsp.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').map((n) => n.params.version);
    assert.deepEqual(versions, [1, 3]);

    const document = lsp.server.store.get(uri)!;
    const shown = lsp.next<any>('textDocument/publishDiagnostics', (p) => p.version === 3 && p.diagnostics.length === 2);
    lsp.server.validation.showPublishProblems(document, [{ target: { start: 0, end: 4 }, code: 'unknown-service', severity: 'error', message: 'found by a publish' }]);
    assert.deepEqual((await shown).diagnostics.map((d: { code: string; message: string }) => `${d.code} ${d.message.slice(0, 18)}`), ['unknown-service found by a publish', 'unknown-field Unknown field `ser']);
    const fourth = await lsp.change(uri, 4, 'name: m\nalgorithm: c\nservce: s\n');
    assert.deepEqual(fourth.diagnostics.map((d) => d.code), ['unknown-field'], 'gone with the version it was found on');
  } finally {
    await lsp.close();
  }
});

test('publish and preview: an unknown table blocks both and is put on its line until the file changes; fixed, the model is created', async () => {
  sandbox.reset();
  const lsp = await inProcessServer({ serverUrl: sandbox.url, debounceMs: 20 });
  try {
    await lsp.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    const text = (table: string) => `name: churn\nalgorithm: XGBoost\nservice: mlflow_svc\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: c\n        dataSource: ${SHOPIFY}.${table}\n`;
    await lsp.open(uri, text('no_such_table'));
    const blocked = lsp.next<any>('textDocument/publishDiagnostics', (p) => p.version === 1 && p.diagnostics.some((d: { message: string }) => d.message.startsWith('Cannot publish')));
    assert.deepEqual(await lsp.server.publish.publish(uri, CancellationToken.None), { ok: false, reason: 'problems', message: 'Not published: 1 problem stops the publish.', problems: 1 });
    const onLine = (await blocked).diagnostics.find((d: { message: string }) => d.message.startsWith('Cannot publish'));
    assert.equal(onLine.range.start.line, 7);
    assert.equal((await lsp.server.publish.preview(uri, CancellationToken.None)).message, 'Nothing to preview: 1 problem stops the publish.');
    assert.equal(sandbox.store.mlmodels.getByFqn('mlflow_svc.churn'), undefined, 'nothing written');

    await lsp.change(uri, 2, text('dim_customer'));
    const result = await lsp.server.publish.publish(uri, CancellationToken.None);
    assert.deepEqual(result, { ok: true, fqn: 'mlflow_svc.churn', url: `${sandbox.url}/mlmodel/mlflow_svc.churn`, version: 0.1, message: 'Published mlflow_svc.churn: created, version 0.1; lineage from 1 of 1 table.' });
  } finally {
    await lsp.close();
  }
});

test('lineage: null for a document that is not open; the graph of the current version, following edits', async () => {
  const lsp = await inProcessServer();
  try {
    assert.equal(lsp.server.lineage.lineageGraph(uri), null);
    await lsp.open(uri, 'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n');
    const first = lsp.server.lineage.lineageGraph(uri)!;
    assert.equal(first.version, 1);
    assert.equal(first.catalog, 'off');
    assert.deepEqual(first.nodes.map((n) => [n.id, n.label]), [['model', 'm'], ['feature:0', 'f']]);
    await lsp.change(uri, 2, 'name: m\nalgorithm: a\nmlFeatures:\n  - name: renamed\n');
    const second = lsp.server.lineage.lineageGraph(uri)!;
    assert.equal(second.version, 2);
    assert.equal(second.nodes[1].label, 'renamed');
  } finally {
    await lsp.close();
  }
});

test('import from MLflow: a file that is not on disk (an untitled URI) takes its name and storage from the URI path', async () => {
  const lsp = await inProcessServer();
  try {
    const result = lsp.server.mlflow.importMlflow({ uri: 'untitled:/runs/ranker/MLmodel', text: 'flavors:\n  sklearn: {}\n' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.fileName, 'ranker.mlmodel.yaml');
    assert.match(result.text, /^name: ranker$/m);
    assert.match(result.text, /^ {2}storage: \/runs\/ranker$/m);
    assert.match(result.text, /^# Imported from the MLflow model \/runs\/ranker\/MLmodel by/m);
  } finally {
    await lsp.close();
  }
});
