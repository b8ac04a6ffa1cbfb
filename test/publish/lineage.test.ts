// Lineage that stays true: a publish removes the table → model edge of a source the file dropped,
// after the model and the new edges are written, and leaves every edge it could not have drawn
// (a pipeline's, one drawn by hand, one from a table that was never a source). A removal that fails
// is reported by table, and publishing again completes it.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenMetadataClient } from '../../server/src/openmetadata/client';
import type { PublishPlan } from '../../server/src/publish/plan';
import { executePlan, type PublishReport } from '../../server/src/publish/execute';
import { lineageChangeLines, lineageChangesOf, lineageChangeSummary } from '../../server/src/shared/wording';
import type { LineageDetails } from '../../server/src/openmetadata/types';
import { churnModel, SHOPIFY } from '../helpers/models';
import { clientOf, planFor, useSandbox } from '../helpers/sandbox';

const FQN = 'mlflow_svc.churn';

const sandbox = useSandbox();
let client: OpenMetadataClient;
beforeEach(() => {
  client = clientOf(sandbox);
});

const model = churnModel;

async function publish(text: string): Promise<{ plan: PublishPlan; report: PublishReport }> {
  const p = await planFor(client, text);
  const report = await executePlan(p, client);
  assert.deepEqual(report.lineageFailed, []);
  return { plan: p, report };
}

const short = (fqn: string) => fqn.slice(SHOPIFY.length + 1);

/** Tables with an edge to the model on the sandbox, by short name. */
function upstream(): string[] {
  const id = sandbox.store.mlmodels.getByFqn(FQN)!.id;
  return sandbox.store.lineage
    .upstreamOf(id)
    .map((e) => short(sandbox.store.tables.byId(e.from.id)!.fullyQualifiedName!))
    .sort();
}

const tableId = (name: string) => sandbox.store.tables.byFqn(`${SHOPIFY}.${name}`)!.id;
const modelId = () => sandbox.store.mlmodels.getByFqn(FQN)!.id;

/** Redraws an edge to the model with these details, as a person, a pipeline or a newer server would. */
async function redraw(table: string, edge: { description?: string; lineageDetails?: LineageDetails & { source?: string; createdBy?: string; createdAt?: number } }): Promise<void> {
  await client.addLineage({ edge: { fromEntity: { id: tableId(table), type: 'table' }, toEntity: { id: modelId(), type: 'mlmodel' }, ...edge } });
}

const writes = () => sandbox.requests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.split('/').slice(3, 4).join('')}`);

test('a dropped source: its edge is removed after the model is written, and the edge that stays is not sent again', async () => {
  await publish(model(['fact_sale', 'raw_customer']));
  assert.deepEqual(upstream(), ['fact_sale', 'raw_customer']);

  sandbox.clearRequests();
  const { plan: p, report } = await publish(model(['fact_sale']));
  assert.deepEqual(p.lineage.remove.map((t) => t.fullyQualifiedName), [`${SHOPIFY}.raw_customer`]);
  assert.deepEqual(lineageChangesOf(p.lineage), { add: [], remove: [`${SHOPIFY}.raw_customer`], kept: [] });
  assert.deepEqual([report.lineageRemoved, report.lineageRemoveFailed], [[`${SHOPIFY}.raw_customer`], []]);
  assert.deepEqual(upstream(), ['fact_sale']);
  assert.deepEqual(writes(), ['PUT mlmodels', 'DELETE lineage'], 'the model, then the removal; fact_sale\'s edge is there, so it is not sent again');
  const deleted = sandbox.requests().find((r) => r.method === 'DELETE')!;
  assert.equal(deleted.path, `/api/v1/lineage/table/${tableId('raw_customer')}/mlmodel/${modelId()}`);
});

test('a source replaced by another: one edge added, one removed, both shown before publishing', async () => {
  await publish(model(['fact_sale', 'raw_customer']));
  const p = await planFor(client, model(['fact_sale', 'dim_customer']));
  const changes = lineageChangesOf(p.lineage);
  assert.deepEqual(changes, { add: [`${SHOPIFY}.dim_customer`], remove: [`${SHOPIFY}.raw_customer`], kept: [] });
  assert.deepEqual(lineageChangeLines(changes), [`lineage to add: ${SHOPIFY}.dim_customer`, `lineage to remove: ${SHOPIFY}.raw_customer (no longer a feature source)`]);
  assert.equal(lineageChangeSummary(changes), '; new lineage from 1 table; lineage removed from 1 table');
  await executePlan(p, client);
  assert.deepEqual(upstream(), ['dim_customer', 'fact_sale']);
});

test('only edges a publish could have drawn go: hand-drawn, pipeline and other-source edges stay, and the tables that were never sources', async () => {
  await publish(model(['fact_sale', 'raw_customer', 'dim_customer', 'fact_order', 'dim_location', 'dim_staff', 'fact_session']));
  // What a newer server (1.2+) stores for our own PUT: the default source and who drew it. Still ours.
  await redraw('raw_customer', { lineageDetails: { source: 'Manual', createdBy: 'admin', createdAt: 1 } });
  // Drawn by hand in the UI, with a note on the edge or in its details.
  await redraw('dim_customer', { lineageDetails: { source: 'Manual', description: 'checked against the feature store' } });
  await redraw('dim_staff', { description: 'used for the staff feature' });
  // The sandbox has no pipelines (a PUT naming one is refused, as upstream refuses an unknown
  // entity), so the pipeline's edge is put in its store directly, as ingestion would have drawn it.
  sandbox.store.lineage.add({
    from: { id: tableId('fact_order'), type: 'table' },
    to: { id: modelId(), type: 'mlmodel' },
    lineageDetails: { pipeline: { id: '0c7b41a4-7d1e-4c4b-9d0b-6a1e8f0c2d11', type: 'pipeline', fullyQualifiedName: 'airflow.train_churn' }, source: 'PipelineLineage' } as LineageDetails,
  });
  await redraw('dim_location', { lineageDetails: { source: 'OpenLineage' } as LineageDetails });
  await redraw('fact_session', { lineageDetails: { sqlQuery: 'insert into churn select * from fact_session' } });
  // Tables that were never a source of the model: one drawn with nothing on it, one with a query.
  await client.addLineage({ edge: { fromEntity: { id: tableId('raw_order'), type: 'table' }, toEntity: { id: modelId(), type: 'mlmodel' } } });
  await redraw('fact_line_item', { lineageDetails: { sqlQuery: 'select 1' } });

  const { plan: p, report } = await publish(model(['fact_sale']));
  assert.deepEqual(lineageChangesOf(p.lineage), {
    add: [],
    remove: [`${SHOPIFY}.raw_customer`],
    kept: [
      { table: `${SHOPIFY}.dim_customer`, reason: 'it has a description (drawn by hand)' },
      { table: `${SHOPIFY}.fact_order`, reason: 'it has a pipeline (airflow.train_churn)' },
      { table: `${SHOPIFY}.dim_location`, reason: 'it comes from OpenLineage' },
      { table: `${SHOPIFY}.dim_staff`, reason: 'it has a description (drawn by hand)' },
      { table: `${SHOPIFY}.fact_session`, reason: 'it has a SQL query' },
    ],
  });
  assert.deepEqual(report.lineageRemoved, [`${SHOPIFY}.raw_customer`]);
  assert.deepEqual(upstream(), ['dim_customer', 'dim_location', 'dim_staff', 'fact_line_item', 'fact_order', 'fact_sale', 'fact_session', 'raw_order']);
});

test('publishing the same file again removes nothing', async () => {
  await publish(model(['fact_sale', 'raw_customer']));
  await publish(model(['fact_sale']));
  sandbox.clearRequests();
  const { plan: again, report } = await publish(model(['fact_sale']));
  assert.deepEqual([again.action, again.lineage.remove, again.lineage.kept, report.lineageRemoved], ['unchanged', [], [], []]);
  assert.ok(!sandbox.requests().some((r) => r.method === 'DELETE'));
  assert.deepEqual(upstream(), ['fact_sale']);
});

test('a new model removes nothing, and a model whose sources are unchanged reads no history', async () => {
  const { plan: created } = await publish(model(['fact_sale']));
  assert.deepEqual([created.lineage.remove, created.lineage.kept], [[], []]);
  sandbox.clearRequests();
  await planFor(client, model(['fact_sale', 'raw_customer']));
  assert.ok(!sandbox.requests().some((r) => r.path.includes('/versions')), 'no edge to explain, so no version history read');
});

test('a removal that fails is reported by table, and publishing again completes it', async () => {
  await publish(model(['fact_sale', 'raw_customer', 'dim_customer']));
  sandbox.faults.add({ method: 'DELETE', path: '/api/v1/lineage/', status: 500, message: 'lineage store unavailable', times: 1 });
  // One fault, two removals: exactly one fails, whichever is sent first.
  const { report } = await publish(model(['fact_sale']));
  assert.equal(report.lineageRemoved.length, 1);
  assert.equal(report.lineageRemoveFailed.length, 1);
  const failed = report.lineageRemoveFailed[0];
  assert.match(failed.message, /lineage store unavailable/);
  assert.ok([`${SHOPIFY}.raw_customer`, `${SHOPIFY}.dim_customer`].includes(failed.table));
  assert.deepEqual(upstream(), ['fact_sale', short(failed.table)]);

  // The model on the server no longer names the table; its history does, so the edge is still found.
  const { plan: again, report: completed } = await publish(model(['fact_sale']));
  assert.equal(again.action, 'unchanged');
  assert.deepEqual(lineageChangesOf(again.lineage).remove, [failed.table]);
  assert.deepEqual([completed.lineageRemoved, completed.lineageRemoveFailed], [[failed.table], []]);
  assert.deepEqual(upstream(), ['fact_sale']);
});

test('an edge removed between preview and publish counts as removed', async () => {
  await publish(model(['fact_sale', 'raw_customer']));
  const p = await planFor(client, model(['fact_sale']));
  assert.ok(sandbox.store.lineage.remove(tableId('raw_customer'), modelId()));
  const report = await executePlan(p, client);
  assert.deepEqual([report.lineageRemoved, report.lineageRemoveFailed], [[`${SHOPIFY}.raw_customer`], []]);
});

test('cancelled before the removals: each is reported as not removed', async () => {
  await publish(model(['fact_sale', 'raw_customer']));
  const p = await planFor(client, model(['fact_sale']));
  const abort = new AbortController();
  const report = await executePlan(p, client, { signal: abort.signal, onStep: (step) => step.startsWith('Removing') && abort.abort() });
  assert.deepEqual(report.lineageRemoveFailed, [{ table: `${SHOPIFY}.raw_customer`, message: 'cancelled before this edge was removed' }]);
  assert.deepEqual(upstream(), ['fact_sale', 'raw_customer']);
});
