// /api/v1/lineage on the wire: adding edges (validated like the server does), reading the graph
// by id and by name with depths 0–3, deleting edges.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { call, etaPredictions, tableRef } from './helpers';

let sandbox: Sandbox;
const SHOPIFY = 'sample_data.ecommerce_db.shopify';
const NOW = 1_760_000_000_000;
/** LineageRepository.addLineage (1.7+): every PUT writes source Manual (unless given) and stamps the caller and the time. */
const STAMPS = { source: 'Manual', createdAt: NOW, createdBy: 'admin', updatedAt: NOW, updatedBy: 'admin' };

before(async () => {
  sandbox = await startSandbox({ serverVersion: '2.0', now: () => NOW });
});

after(() => sandbox.close());

beforeEach(() => sandbox.reset());

async function edge(from: string, to: string, extra: Record<string, unknown> = {}): Promise<number> {
  const [a, b] = [await tableRef(sandbox, `${SHOPIFY}.${from}`), await tableRef(sandbox, `${SHOPIFY}.${to}`)];
  return (await call(sandbox, 'PUT', '/api/v1/lineage', { edge: { fromEntity: { id: a.id, type: 'table' }, toEntity: { id: b.id, type: 'table' }, ...extra } })).status;
}

test('PUT adds an edge (200, empty body); GET shows it from both ends', async () => {
  assert.equal(await edge('fact_sale', 'fact_order', { description: 'aggregated' }), 200);
  const sale = await tableRef(sandbox, `${SHOPIFY}.fact_sale`);
  const order = await tableRef(sandbox, `${SHOPIFY}.fact_order`);
  const down = (await call(sandbox, 'GET', `/api/v1/lineage/table/${sale.id}`)).body;
  assert.equal(down.entity.fullyQualifiedName, `${SHOPIFY}.fact_sale`);
  assert.equal(down.entity.href, `${sandbox.url}/api/v1/tables/${sale.id}`);
  assert.deepEqual(down.downstreamEdges, [{ fromEntity: sale.id, toEntity: order.id, description: 'aggregated', lineageDetails: STAMPS }]);
  assert.deepEqual(down.upstreamEdges, []);
  assert.deepEqual(down.nodes.map((n: { id: string }) => n.id), [order.id]);
  const up = (await call(sandbox, 'GET', `/api/v1/lineage/table/name/${encodeURIComponent(`${SHOPIFY}.fact_order`)}`)).body;
  assert.deepEqual(up.upstreamEdges.map((e: { fromEntity: string }) => e.fromEntity), [sale.id]);
  assert.equal(await edge('fact_sale', 'fact_order', { description: 'again' }), 200, 'idempotent: the edge is updated, not doubled');
  assert.equal((await call(sandbox, 'GET', `/api/v1/lineage/table/${sale.id}`)).body.downstreamEdges.length, 1);
});

test('depths walk the graph hop by hop (seed: raw_order → dim.product; plus fact_order → dim.product → dim.shop)', async () => {
  await edge('fact_order', '"dim.product"');
  await edge('"dim.product"', '"dim.shop"');
  const shop = `/api/v1/lineage/table/name/${encodeURIComponent(`${SHOPIFY}."dim.shop"`)}`;
  const one = (await call(sandbox, 'GET', `${shop}?upstreamDepth=1`)).body;
  assert.equal(one.upstreamEdges.length, 1);
  const two = (await call(sandbox, 'GET', `${shop}?upstreamDepth=2&downstreamDepth=0`)).body;
  const names = two.nodes.map((n: { name: string }) => n.name).sort();
  assert.deepEqual(names, ['dim.product', 'fact_order', 'raw_customer', 'raw_order']);
  assert.equal(two.upstreamEdges.length, 4);
  const none = (await call(sandbox, 'GET', `${shop}?upstreamDepth=0&downstreamDepth=0`)).body;
  assert.deepEqual([none.nodes, none.upstreamEdges, none.downstreamEdges], [[], [], []]);
  assert.deepEqual((await call(sandbox, 'GET', `${shop}?upstreamDepth=4`)).body, { code: 400, message: '[query param upstreamDepth must be less than or equal to 3]' });
});

test('bad edges: missing parts, unknown entities, columns that do not exist', async () => {
  const sale = await tableRef(sandbox, `${SHOPIFY}.fact_sale`);
  const order = await tableRef(sandbox, `${SHOPIFY}.fact_order`);
  const put = async (body: unknown): Promise<unknown> => (await call(sandbox, 'PUT', '/api/v1/lineage', body)).body;
  assert.deepEqual(await put({}), { code: 400, message: '[edge must not be null]' });
  assert.deepEqual(await put({ edge: { fromEntity: { id: sale.id, type: 'table' } } }), { code: 400, message: '[toEntity must not be null]' });
  assert.deepEqual(await put({ edge: { fromEntity: sale, toEntity: order, weight: 3 } }), { code: 400, message: 'Invalid request format' });
  const ghost = '9d5b2c1a-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
  assert.deepEqual(await put({ edge: { fromEntity: { id: ghost, type: 'table' }, toEntity: { id: order.id, type: 'table' } } }), { code: 404, message: `table instance for ${ghost} not found` });
  const columns = { columnsLineage: [{ fromColumns: [`${SHOPIFY}.fact_sale.nope`], toColumn: `${SHOPIFY}.fact_order.order_id` }] };
  assert.deepEqual(await put({ edge: { fromEntity: { id: sale.id, type: 'table' }, toEntity: { id: order.id, type: 'table' }, lineageDetails: columns } }), {
    code: 400,
    message: `Invalid fully qualified column name ${SHOPIFY}.fact_sale.nope`,
  });
  const good = { columnsLineage: [{ fromColumns: [`${SHOPIFY}.fact_sale.order_id`], toColumn: `${SHOPIFY}.fact_order.order_id` }], sqlQuery: 'insert …' };
  assert.equal(await put({ edge: { fromEntity: { id: sale.id, type: 'table' }, toEntity: { id: order.id, type: 'table' }, lineageDetails: good } }), undefined);
  const read = (await call(sandbox, 'GET', `/api/v1/lineage/table/${order.id}`)).body;
  assert.deepEqual(read.upstreamEdges[0].lineageDetails, { ...good, ...STAMPS });
});

test('DELETE removes one edge; a missing edge is 404 Lineage edge not found', async () => {
  await edge('fact_sale', 'fact_order');
  const sale = await tableRef(sandbox, `${SHOPIFY}.fact_sale`);
  const order = await tableRef(sandbox, `${SHOPIFY}.fact_order`);
  const path = `/api/v1/lineage/table/${sale.id}/table/${order.id}`;
  assert.equal((await call(sandbox, 'DELETE', path)).status, 200);
  assert.deepEqual((await call(sandbox, 'DELETE', path)).body, { code: 404, message: 'Lineage edge not found' });
  assert.equal((await call(sandbox, 'GET', `/api/v1/lineage/table/${order.id}`)).body.upstreamEdges.length, 0);
  const ghost = '9d5b2c1a-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
  assert.deepEqual((await call(sandbox, 'DELETE', `/api/v1/lineage/table/${ghost}/table/${order.id}`)).body, { code: 404, message: `table instance for ${ghost} not found` });
});

test('DELETE validates like upstream: ids must be UUIDs (400), both ends exist (404), and a soft-deleted end still lets its edge go', async () => {
  const sale = await tableRef(sandbox, `${SHOPIFY}.fact_sale`);
  const order = await tableRef(sandbox, `${SHOPIFY}.fact_order`);
  assert.deepEqual((await call(sandbox, 'DELETE', `/api/v1/lineage/table/not-a-uuid/table/${order.id}`)).body, { code: 400, message: 'Invalid UUID string: not-a-uuid' });
  assert.deepEqual((await call(sandbox, 'DELETE', `/api/v1/lineage/widget/${sale.id}/table/${order.id}`)).body, {
    code: 404,
    message: 'Entity repository for widget not found. Is the ENTITY_TYPE_MAP initialized?',
  });

  // LineageRepository.deleteLineage looks both ends up with Include.ALL.
  const { body: model } = await call(sandbox, 'PUT', '/api/v1/mlmodels', await etaPredictions(sandbox));
  assert.equal((await call(sandbox, 'DELETE', `/api/v1/mlmodels/${model.id}`)).body.deleted, true);
  const path = `/api/v1/lineage/table/${sale.id}/mlmodel/${model.id}`;
  assert.equal(sandbox.store.lineage.has(sale.id, model.id), true);
  const removed = await call(sandbox, 'DELETE', path);
  assert.deepEqual([removed.status, removed.body], [200, undefined]);
  assert.equal(sandbox.store.lineage.has(sale.id, model.id), false);
  assert.deepEqual((await call(sandbox, 'DELETE', path)).body, { code: 404, message: 'Lineage edge not found' });
});

test('PUT keeps the details an edge is given, a newer server\'s `source` included, and GET returns them', async () => {
  const details = { source: 'PipelineLineage', description: 'nightly', sqlQuery: 'insert into fact_order select * from fact_sale' };
  assert.equal(await edge('fact_sale', 'fact_order', { lineageDetails: details }), 200);
  const order = await tableRef(sandbox, `${SHOPIFY}.fact_order`);
  assert.deepEqual((await call(sandbox, 'GET', `/api/v1/lineage/table/${order.id}`)).body.upstreamEdges[0].lineageDetails, { ...STAMPS, ...details });
});
