// The REST client's Catalog against the sandbox: search on the table index, tables with columns by
// FQN (quoted names, slash, parentheses, Cyrillic), paging with `after`, entities, version, identity;
// and the one cache, the language service's index, above a client that caches nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import { SHOPIFY } from '../helpers/models';

let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox({ tables: 2500 });
});

after(() => sandbox.close());

function client(options: Partial<ConstructorParameters<typeof OpenMetadataClient>[0]> = {}): OpenMetadataClient {
  return new OpenMetadataClient({ baseUrl: sandbox.url, ...options });
}

function apiRequests(path: string): number {
  return sandbox.requests().filter((r) => r.path === path).length;
}


test('every sample table is found by its FQN, however its name must be quoted or encoded', async () => {
  const c = client();
  const names = ['dim_address', '"dim.api/client"', '"dim.product"', '"dim.product.variant"', '"dim.shop"', 'dim(shop)', 'магазин', 'raw_customer'];
  for (const name of names) {
    const table = await c.getTable(`${SHOPIFY}.${name}`);
    assert.ok(table, name);
    assert.equal(table.fullyQualifiedName, `${SHOPIFY}.${name}`);
    assert.ok(table.columns && table.columns.length > 0, `${name} has columns`);
  }
  assert.equal(await c.getTable(`${SHOPIFY}.no_such_table`), undefined);
});

test('a table comes with column types, descriptions, nested columns and tags', async () => {
  const table = await client().getTable(`${SHOPIFY}.dim_customer`);
  assert.ok(table?.columns);
  const email = table.columns.find((c) => c.name === 'email');
  assert.deepEqual(email?.tags, ['PII.Sensitive']);
  assert.equal(email?.dataType, 'VARCHAR');
  assert.equal(email?.fullyQualifiedName, `${SHOPIFY}.dim_customer.email`);
  const customer = table.columns.find((c) => c.name === 'customer');
  assert.equal(customer?.dataType, 'STRUCT');
  assert.ok(customer?.children?.some((c) => c.fullyQualifiedName === `${SHOPIFY}.dim_customer.customer.username`));
});

test('search uses the table index and returns tables best first, with columns', async () => {
  const hits = await client().searchTables('fact_sale', 5);
  assert.equal(hits[0].fullyQualifiedName, `${SHOPIFY}.fact_sale`);
  assert.ok(hits[0].columns?.some((c) => c.name === 'gross_sales'));
  const q = sandbox.requests().filter((r) => r.path === '/api/v1/search/query');
  assert.ok(q.length > 0);
});

test('search text with query-syntax characters is searched literally', async () => {
  const c = client();
  assert.equal((await c.searchTables('dim(shop)', 3))[0]?.fullyQualifiedName, `${SHOPIFY}.dim(shop)`);
  assert.equal((await c.searchTables('dim.api/client', 3))[0]?.fullyQualifiedName, `${SHOPIFY}."dim.api/client"`);
  assert.equal((await c.searchTables('магазин', 3))[0]?.fullyQualifiedName, `${SHOPIFY}.магазин`);
});

test('search forgives a typo as Elasticsearch does: two swapped letters are one edit', async () => {
  // `slae` is two Levenshtein edits from `sale`, one with transpositions (fuzzy_transpositions, on by default).
  const hits = await client().searchTables('fact_slae', 5);
  assert.equal(hits[0]?.fullyQualifiedName, `${SHOPIFY}.fact_sale`);
});

test('listTables pages through /v1/tables with `after` until max', async () => {
  sandbox.clearRequests();
  const tables = await client().listTables(2200);
  assert.equal(tables.length, 2200);
  assert.equal(new Set(tables.map((t) => t.fullyQualifiedName)).size, 2200, 'no table twice across pages');
  assert.equal(apiRequests('/api/v1/tables'), 3, 'pages of 1,000');
  const all = await client().listTables(100_000);
  assert.equal(all.length, 2518, 'stops when the server has no more pages');
});

test('entities of every kind list and resolve', async () => {
  const c = client();
  const users = await c.listEntities('user', 1000);
  assert.ok(users.some((u) => u.name === 'aaron_johnson0' && u.detail === 'aaron_johnson0@gmail.com'));
  // A bot may own a model (upstream's owner rules accept any user): listed, marked a bot.
  assert.ok(users.some((u) => u.name === 'ingestion-bot' && u.isBot === true && u.detail === 'bot'));
  assert.equal((await c.listEntities('user', 7)).length, 7);
  const services = await c.listEntities('mlmodelService', 100);
  assert.deepEqual(services.map((s) => [s.fullyQualifiedName, s.detail]), [['mlflow_svc', 'Mlflow']]);
  const tags = await c.listEntities('tag', 100);
  assert.ok(tags.some((t) => t.fullyQualifiedName === 'PII.Sensitive' && t.detail === 'PII'));
  const teams = await c.listEntities('team', 100);
  assert.ok(teams.some((t) => t.name === 'Merger & Acquisitions'));
  const dashboards = await c.listEntities('dashboard', 100);
  assert.ok(dashboards.some((d) => d.fullyQualifiedName === 'sample_superset.eta_predictions_performance'));

  assert.equal((await c.getEntity('team', 'Merger & Acquisitions'))?.detail, 'Group');
  assert.equal((await c.getEntity('tag', 'Tier.Tier1'))?.name, 'Tier1');
  assert.equal((await c.getEntity('dashboard', 'sample_superset.eta_predictions_performance'))?.displayName, 'ETA Predictions Performance');
  assert.equal((await c.getEntity('mlmodelService', 'mlflow_svc'))?.detail, 'Mlflow');
  assert.equal((await c.getEntity('user', 'nobody_here')), undefined);
});

test('what the write rules need: team types, tags and glossary terms with their parent’s mutual exclusion, domains and data products', async () => {
  const c = client();
  const teams = await c.listEntities('team', 1000);
  assert.equal(teams.find((t) => t.name === 'Analytics')?.teamType, 'Division');
  assert.equal((await c.getEntity('team', 'Data Platform'))?.teamType, 'Department');

  const tags = await c.listEntities('tag', 1000);
  const tier1 = tags.find((t) => t.fullyQualifiedName === 'Tier.Tier1');
  assert.deepEqual([tier1?.source, tier1?.parentMutuallyExclusive], ['Classification', true]);
  const churn = tags.find((t) => t.fullyQualifiedName === 'Business Glossary.Churn');
  assert.deepEqual([churn?.source, churn?.detail, churn?.parentMutuallyExclusive], ['Glossary', 'Business Glossary', false]);
  const single = await c.getEntity('tag', 'Business Glossary.Revenue');
  assert.deepEqual([single?.source, single?.parentMutuallyExclusive], ['Glossary', false]);
  assert.equal((await c.getEntity('tag', 'PII.Sensitive'))?.parentMutuallyExclusive, true);
  assert.equal(await c.getEntity('tag', 'Business Glossary.Nothing'), undefined);

  assert.ok((await c.listEntities('domain', 100)).some((d) => d.fullyQualifiedName === 'Marketing'));
  assert.equal((await c.getEntity('dataProduct', 'CustomerInsights'))?.name, 'CustomerInsights');
});

test('a deleted user or team is found, marked deleted (the server refuses it as an owner, which is not the same as unknown)', async () => {
  const user = sandbox.store.users.byFqn('aaron_johnson0')!;
  const team = sandbox.store.teams.byFqn('Merger & Acquisitions')!;
  user.deleted = true;
  team.deleted = true;
  try {
    const c = client();
    assert.equal((await c.getEntity('user', 'aaron_johnson0'))?.deleted, true);
    assert.equal((await c.listEntities('user', 1000)).find((u) => u.name === 'aaron_johnson0')?.deleted, true);
    assert.equal((await c.getEntity('team', 'Merger & Acquisitions'))?.deleted, true);
  } finally {
    sandbox.reset();
  }
});

test('server version and identity', async () => {
  const c = client();
  assert.deepEqual(await c.serverInfo(), { version: sandbox.rules.version, revision: 'mlmodel-sandbox' });
  assert.deepEqual(await c.whoAmI(), { name: 'admin', displayName: 'admin', isBot: false });
});

test('the client asks the server every time; the index above it is the one cache: one request per table, then answers from memory until its TTL', async () => {
  const fqn = `${SHOPIFY}.fact_order`;
  const path = `/api/v1/tables/name/${encodeURIComponent(fqn)}`;
  sandbox.clearRequests();
  const c = client();
  await c.getTable(fqn);
  await c.getTable(fqn);
  assert.equal(apiRequests(path), 2, 'the client keeps nothing');

  let now = 0;
  const index = new CatalogIndex(c, { now: () => now, ttlMs: 1000 });
  await index.start();
  sandbox.clearRequests();
  assert.deepEqual([index.table(fqn).status, index.table(fqn).status], ['pending', 'pending']);
  await index.whenTable(fqn);
  assert.equal(index.table(fqn).status, 'found');
  assert.equal(apiRequests(path), 1, 'one request, however often it was asked');
  now = 999;
  index.table(fqn);
  assert.equal(apiRequests(path), 1, 'fresh: from memory');
  now = 1001;
  assert.equal(index.table(fqn).status, 'found', 'stale: served while it is fetched again');
  await index.whenTable(fqn);
  assert.equal(apiRequests(path), 2);

  const missing = `${SHOPIFY}.not_there`;
  index.table(missing);
  await index.whenTable(missing);
  assert.equal(index.table(missing).status, 'missing', 'an unknown table is remembered as unknown');
  assert.equal(apiRequests(`/api/v1/tables/name/${encodeURIComponent(missing)}`), 1);
  index.stop();
});

test('a trailing slash or /api in the server URL is accepted', async () => {
  for (const baseUrl of [`${sandbox.url}/`, `${sandbox.url}/api`, `${sandbox.url}/api/`]) {
    const c = new OpenMetadataClient({ baseUrl });
    assert.equal((await c.serverInfo()).version, sandbox.rules.version, baseUrl);
    assert.equal(c.uiBaseUrl, sandbox.url);
  }
  assert.throws(() => new OpenMetadataClient({ baseUrl: 'ftp://example.com' }), /http:\/\/ or https:\/\//);
  assert.throws(() => new OpenMetadataClient({ baseUrl: 'http://user:pw@example.com' }), /credentials/);
});
