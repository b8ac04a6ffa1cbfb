// The REST client's upstreamTables against the sandbox: the tables one level above a table, from
// GET /api/v1/lineage/table/name/{fqn}?upstreamDepth=1&downstreamDepth=0 (quoted FQNs encoded),
// only tables, undefined for a table that does not exist; cached by the catalog index, not the client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import { call, etaPredictions, FACT_SALE, RAW_CUSTOMER } from '../sandbox/helpers';
import { SHOPIFY } from '../helpers/models';

const DIM_PRODUCT = `${SHOPIFY}."dim.product"`;

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

const client = () => new OpenMetadataClient({ baseUrl: sandbox.url });
const names = (tables: Array<{ fullyQualifiedName: string }> | undefined) => tables?.map((t) => t.fullyQualifiedName).sort();

test('the seed lineage: the tables above "dim.product", one level, with ids and names; the request asks for one level up only', async () => {
  sandbox.clearRequests();
  const tables = await client().upstreamTables(DIM_PRODUCT);
  assert.deepEqual(names(tables), [RAW_CUSTOMER, `${SHOPIFY}.raw_order`]);
  const raw = tables!.find((t) => t.fullyQualifiedName === RAW_CUSTOMER)!;
  assert.equal(raw.name, 'raw_customer');
  assert.match(raw.id, /^[0-9a-f-]{36}$/);
  const [request] = sandbox.requests();
  assert.equal(request.path, `/api/v1/lineage/table/name/${encodeURIComponent(DIM_PRODUCT)}`);
});

test('a table with no lineage above it has none; one that does not exist is undefined', async () => {
  assert.deepEqual(await client().upstreamTables(RAW_CUSTOMER), []);
  assert.equal(await client().upstreamTables(`${SHOPIFY}.no_such_table`), undefined);
  assert.equal(await client().upstreamTables('broken."quoting'), undefined, 'an FQN that cannot be a name is not asked for');
});

test('only tables, only edges into the table: an ML model fed by the table and a table two levels up are left out', async () => {
  sandbox.reset();
  const tableId = async (fqn: string) => (await call(sandbox, 'GET', `/api/v1/tables/name/${encodeURIComponent(fqn)}`)).body.id as string;
  const edge = async (from: { id: string; type: string }, to: { id: string; type: string }) =>
    assert.equal((await call(sandbox, 'PUT', '/api/v1/lineage', { edge: { fromEntity: from, toEntity: to } })).status, 200);
  const model = (await call(sandbox, 'PUT', '/api/v1/mlmodels', await etaPredictions(sandbox))).body;
  // An ML model drawn above a table (a model writing a table): lineage, but not a table.
  await edge({ id: model.id, type: 'mlmodel' }, { id: await tableId(FACT_SALE), type: 'table' });
  await edge({ id: await tableId(DIM_PRODUCT), type: 'table' }, { id: await tableId(FACT_SALE), type: 'table' });
  // raw_order is above "dim.product": two levels above fact_sale.
  assert.deepEqual(names(await client().upstreamTables(FACT_SALE)), [DIM_PRODUCT]);
  sandbox.reset();
});

test('answers are cached by the catalog index: one request per table', async () => {
  const index = new CatalogIndex(client());
  await index.start();
  sandbox.clearRequests();
  assert.equal(index.upstreamTables(DIM_PRODUCT).status, 'pending');
  assert.equal(index.upstreamTables(DIM_PRODUCT).status, 'pending');
  await index.settled();
  const found = index.upstreamTables(DIM_PRODUCT);
  assert.deepEqual(found.status === 'found' ? names(found.value) : found.status, [RAW_CUSTOMER, `${SHOPIFY}.raw_order`]);
  assert.equal(sandbox.requests().filter((r) => r.path.startsWith('/api/v1/lineage/')).length, 1);
  index.stop();
});
