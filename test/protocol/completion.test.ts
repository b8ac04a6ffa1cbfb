// Writing a model with completion only, over the protocol: each item accepted as VS Code accepts
// it (snippets expanded, additional edits in the same change), the diagnostics checked after each
// step. With the sandbox as the catalog for tables, columns, services and dashboards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-types';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { PublishRequest, type CatalogStatus, type PublishResult } from '../../server/src/shared/protocol';
import { Editor } from '../helpers/editor';
import { initialize, startServer, type TestClient } from '../helpers/lspClient';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

async function withServer(settings: Record<string, unknown>, run: (client: TestClient) => Promise<void>): Promise<void> {
  const client = await startServer();
  try {
    await initialize(client, { debounceMs: 0, ...settings });
    await run(client);
  } finally {
    await client.close();
  }
}

const SUGGEST = 'editor.action.triggerSuggest';

/** The item labelled `label` at `offset`, asking again while the catalog's answer is still coming. */
async function itemAt(editor: Editor, offset: number, label: string): Promise<{ item: CompletionItem; list: CompletionList }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const list = await editor.complete(offset);
    const item = list.items.find((i) => i.label === label);
    if (item) return { item, list };
    if (Date.now() > deadline) assert.fail(`no ${label} at ${JSON.stringify(editor.document.positionAt(offset))}; got ${list.items.map((i) => i.label).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a feature from its snippet: the placeholders left empty are not reported while they are filled in, and are once the user moves on', async () => {
  await withServer({}, async (client) => {
    const editor = new Editor(client, 'file:///work/snippet.mlmodel.yaml', 'name: churn\nalgorithm: XGBoost\n');
    assert.deepEqual(await editor.open(), []);

    const { item: features } = await itemAt(editor, editor.text.length, 'mlFeatures');
    assert.equal(features.command?.command, SUGGEST, 'the list of a feature’s keys and snippet opens once `mlFeatures:` is in');
    const list = await editor.accept(features);
    assert.deepEqual(editor.covered(list.diagnostics), [], 'the empty item just started is not reported');

    const { item: feature } = await itemAt(editor, list.stops[0], 'feature');
    const snippet = await editor.accept(feature);
    assert.equal(editor.text, 'name: churn\nalgorithm: XGBoost\nmlFeatures:\n  - name: \n    dataType: numerical\n    featureSources:\n      - dataSource: \n        name: ');
    assert.deepEqual(editor.covered(snippet.diagnostics), [], 'no error for placeholders not yet reached');
    // Tab visits the feature's name, its dataType, the table, then the column.
    assert.deepEqual(
      snippet.stops.map((s) => editor.text.slice(editor.document.offsetAt({ line: editor.document.positionAt(s).line, character: 0 }), s).trim()),
      ['- name:', 'dataType:', '- dataSource:', 'name:'],
    );
    await editor.type(snippet.stops[0], 'spend', (diagnostics, typed) => assert.deepEqual(editor.covered(diagnostics), [], `after typing ${typed}`));

    // Moving on (an edit elsewhere) leaves the table and column empty: one error on each key.
    const moved = await editor.change(editor.text.indexOf('XGBoost') + 7, 0, '2');
    assert.deepEqual(editor.covered(moved), [
      [6, 'dataSource', 'wrong-type'],
      [7, 'name', 'wrong-type'],
    ]);
  });
});

test('a key completed, then Enter: its empty value is reported once the user is on the next line; saving reports it too', async () => {
  await withServer({}, async (client) => {
    const editor = new Editor(client, 'file:///work/key.mlmodel.yaml', 'name: churn\nalgorithm: XGBoost\n');
    await editor.open();
    const { item } = await itemAt(editor, editor.text.length, 'description');
    const { diagnostics, stops } = await editor.accept(item);
    assert.equal(editor.text, 'name: churn\nalgorithm: XGBoost\ndescription: ');
    assert.deepEqual(editor.covered(diagnostics), []);
    assert.deepEqual(editor.covered(await editor.change(stops[0], 0, '\n')), [[2, 'description', 'wrong-type']]);

    const other = new Editor(client, 'file:///work/saved.mlmodel.yaml', 'name: churn\nalgorithm: XGBoost\n');
    await other.open();
    await other.accept((await itemAt(other, other.text.length, 'description')).item);
    const saved = client.next<{ uri: string; diagnostics: unknown[] }>('textDocument/publishDiagnostics', (p) => p.uri === other.uri && p.diagnostics.length > 0);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: other.uri } });
    assert.equal((await saved).diagnostics.length, 1);
  });
});

test('with a catalog: service, table, column and dashboard chosen from lists that open by themselves; tables and dashboards by name', async () => {
  await withServer({ serverUrl: sandbox.url }, async (client) => {
    await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    const editor = new Editor(client, 'file:///work/catalog.mlmodel.yaml', 'name: churn\nalgorithm: XGBoost\n');
    await editor.open();

    const { item: serviceKey } = await itemAt(editor, editor.text.length, 'service');
    assert.equal(serviceKey.command?.command, SUGGEST);
    const atService = await editor.accept(serviceKey);
    assert.deepEqual(editor.covered(atService.diagnostics), []);
    await editor.accept((await itemAt(editor, atService.stops[0], 'mlflow_svc')).item);
    await editor.change(editor.text.length, 0, '\n');

    const { stops: dash } = await editor.accept((await itemAt(editor, editor.text.length, 'dashboard')).item);
    await editor.change(dash[0], 0, 'eta');
    const { item: dashboard, list: dashboards } = await itemAt(editor, dash[0] + 3, 'eta_predictions_performance');
    assert.equal(dashboards.items[0], dashboard, `eta finds eta_predictions_performance first; got ${dashboards.items.map((i) => i.label).join(', ')}`);
    assert.equal(dashboard.detail, 'sample_superset.eta_predictions_performance');
    await editor.accept(dashboard);
    await editor.change(editor.text.length, 0, '\n');

    const { stops: item } = await editor.accept((await itemAt(editor, editor.text.length, 'mlFeatures')).item);
    const { stops } = await editor.accept((await itemAt(editor, item[0], 'feature')).item);
    await editor.change(stops[0], 0, 'sales');
    const table = stops[2] + 'sales'.length;
    await editor.change(table, 0, 'sale');
    const { item: factSale, list: tables } = await itemAt(editor, table + 4, 'fact_sale');
    assert.equal(factSale.detail, 'sample_data.ecommerce_db.shopify.fact_sale');
    assert.deepEqual(factSale.labelDetails, { description: 'sample_data.ecommerce_db.shopify' });
    assert.ok(tables.items.every((i) => !String(i.label).includes('.')), `tables are labelled by name: ${tables.items.map((i) => i.label).join(', ')}`);
    await editor.accept(factSale);

    const column = editor.text.length;
    const { item: gross } = await itemAt(editor, column, 'gross_sales');
    await editor.accept(gross);
    assert.equal(
      editor.text,
      [
        'name: churn',
        'algorithm: XGBoost',
        'service: mlflow_svc',
        'dashboard: sample_superset.eta_predictions_performance',
        'mlFeatures:',
        '  - name: sales',
        '    dataType: numerical',
        '    featureSources:',
        '      - dataSource: sample_data.ecommerce_db.shopify.fact_sale',
        '        dataType: number',
        '        name: gross_sales',
      ].join('\n'),
    );
    // Moved on: the model is complete, and the catalog has every name it uses.
    assert.deepEqual(editor.covered(await editor.change(0, 0, '')), []);
  });
});

test('asking to publish is being done writing: the value left empty that stops the publish is shown', async () => {
  await withServer({ serverUrl: sandbox.url }, async (client) => {
    await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    const editor = new Editor(client, 'file:///work/publish-empty.mlmodel.yaml', 'name: churn\nalgorithm: XGBoost\nservice: mlflow_svc\n');
    await editor.open();
    const { diagnostics } = await editor.accept((await itemAt(editor, editor.text.length, 'description')).item);
    assert.deepEqual(editor.covered(diagnostics), []);
    const shown = client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === editor.uri && p.diagnostics.length > 0);
    const result = (await client.connection.sendRequest(PublishRequest.method, { uri: editor.uri })) as PublishResult;
    assert.equal(result.ok, false);
    assert.deepEqual(editor.covered((await shown).diagnostics), [[3, 'description', 'wrong-type']]);
    assert.equal(sandbox.store.mlmodels.getByFqn('mlflow_svc.churn'), undefined, 'nothing written');
  });
});
