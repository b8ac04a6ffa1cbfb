// The editor's Preview changes and Publish (the built server, over LSP) for a file that drops a
// source: the preview names the edge to remove and the one kept, the publish result names the
// removal, and a removal that fails is a result that offers publishing again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus, type PreviewResult, type PublishResult } from '../../server/src/shared/protocol';
import { initialize, startServer, type TestClient } from '../helpers/lspClient';
import { churnModel, SHOPIFY } from '../helpers/models';
import { useSandbox } from '../helpers/sandbox';

const TOKEN = 'publish-lineage-token-5678';
const uri = 'file:///work/churn.mlmodel.yaml';

const sandbox = useSandbox({ token: TOKEN });
let client: TestClient;
const model = churnModel;

async function open(text: string, version: number): Promise<void> {
  if (version === 1) await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version, text } });
  else await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}

const preview = () => client.connection.sendRequest('mlmodel/preview', { uri }) as Promise<PreviewResult>;
const publish = () => client.connection.sendRequest('mlmodel/publish', { uri }) as Promise<PublishResult>;

test('preview and publish of a dropped source, a hand-noted edge kept, and a removal that fails then completes', async () => {
  client = await startServer({ [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: sandbox.url });
  try {
    await initialize(client, { serverUrl: sandbox.url, debounceMs: 20 });
    await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    await open(model(['fact_sale', 'raw_customer', 'dim_customer']), 1);
    assert.equal((await publish()).ok, true);
    const stored = sandbox.store.mlmodels.getByFqn('mlflow_svc.churn')!;
    const dimCustomer = sandbox.store.tables.byFqn(`${SHOPIFY}.dim_customer`)!;
    sandbox.store.lineage.add({ from: { id: dimCustomer.id, type: 'table' }, to: { id: stored.id, type: 'mlmodel' }, description: 'checked by hand' });

    await open(model(['fact_sale', 'fact_order']), 2);
    const shown = await preview();
    assert.equal(shown.ok, true, shown.message);
    assert.deepEqual(
      [shown.lineageToAdd, shown.lineageToRemove, shown.lineageKept],
      [[`${SHOPIFY}.fact_order`], [`${SHOPIFY}.raw_customer`], [{ table: `${SHOPIFY}.dim_customer`, reason: 'it has a description (drawn by hand)' }]],
    );

    sandbox.faults.add({ method: 'DELETE', path: '/api/v1/lineage/', status: 500, message: 'lineage store unavailable' });
    const failed = await publish();
    assert.equal(failed.ok, false);
    assert.deepEqual(failed.lineageFailed, []);
    assert.equal(failed.lineageRemoveFailed?.length, 1);
    assert.match(failed.message, new RegExp(`^Published mlflow_svc\\.churn: 0\\.1 → 0\\.2: mlFeatures changed, but the stale lineage from ${SHOPIFY.replaceAll('.', '\\.')}\\.raw_customer \\(.*lineage store unavailable.*\\) was not removed\\. Publish again to complete it\\.$`));

    sandbox.faults.clear();
    const again = await publish();
    assert.equal(again.ok, true, again.message);
    assert.equal(again.message, `Published mlflow_svc.churn: unchanged, version 0.2; lineage from 2 of 2 tables; lineage removed from ${SHOPIFY}.raw_customer (no longer a feature source).`);
    const settled = await preview();
    assert.deepEqual([settled.lineageToAdd, settled.lineageToRemove, settled.lineageKept], [[], [], []]);
  } finally {
    await client.close();
  }
});

test('a soft-deleted model: the preview\'s summary (its title) and the publish say it is restored, with the version', async () => {
  client = await startServer({ [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: sandbox.url });
  try {
    await initialize(client, { serverUrl: sandbox.url, debounceMs: 20 });
    await client.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    await open(model(['fact_sale', 'raw_customer']), 1);
    assert.equal((await publish()).ok, true);
    const stored = sandbox.store.mlmodels.getByFqn('mlflow_svc.churn')!;
    const deleted = await fetch(`${sandbox.url}/api/v1/mlmodels/${stored.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(deleted.status, 200);

    await open(model(['fact_sale']), 2);
    const shown = await preview();
    assert.equal(shown.ok, true, shown.message);
    assert.match(shown.summary!, /^restores the deleted model mlflow_svc\.churn \(version 0\.2 → 0\.3\): mlFeatures changed; its lineage is checked once it is restored/);
    assert.notEqual(shown.server, '', 'the deleted model is the server side of the diff');
    assert.deepEqual([shown.lineageToAdd, shown.lineageToRemove, shown.lineageKept], [[], [], []]);

    const restored = await publish();
    assert.equal(restored.ok, true, restored.message);
    assert.equal(restored.message, `Published mlflow_svc.churn: restored the deleted model mlflow_svc.churn (version 0.2 → 0.3): mlFeatures changed; lineage from 1 of 1 table; lineage removed from ${SHOPIFY}.raw_customer (no longer a feature source).`);
    assert.equal(sandbox.store.mlmodels.getByFqn('mlflow_svc.churn')?.deleted, false);
  } finally {
    await client.close();
  }
});
