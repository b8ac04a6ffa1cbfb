// What OpenMetadata's Python SDK (test/python/sdk, `npm run test:python`) found the sandbox doing
// differently from upstream, pinned on the wire: the entity shape of the version it plays, `fields`,
// the search endpoints the SDK uses (fieldQuery, sorted pages with search_after, query filters and
// fielded queries), and one lineage edge's details (getLineageEdge, PATCH).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { call, DIM_CUSTOMER, etaPredictions, FACT_SALE, RAW_CUSTOMER, tableRef } from './helpers';

let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox();
});

after(() => sandbox.close());

const SHOPIFY = 'sample_data.ecommerce_db.shopify';

function search(params: Record<string, string>): Promise<{ status: number; body: any }> {
  return call(sandbox, 'GET', `/api/v1/search/query?${new URLSearchParams(params)}`);
}

test('a 1.9 server has no entityStatus on ML models (it came in 1.10; the 1.9 SDK refuses it)', async () => {
  const v19 = await startSandbox({ serverVersion: '1.9' });
  try {
    assert.equal((await call(v19, 'GET', '/api/v1/system/version')).body.version, '1.9.17');
    const created = await call(v19, 'PUT', '/api/v1/mlmodels', await etaPredictions(v19));
    assert.equal(created.status, 201);
    assert.equal('entityStatus' in created.body, false);
    const read = await call(v19, 'GET', `/api/v1/mlmodels/${created.body.id}?fields=*`);
    assert.equal('entityStatus' in read.body, false);
    const history = await call(v19, 'GET', `/api/v1/mlmodels/${created.body.id}/versions`);
    assert.equal(history.body.versions.some((v: string) => v.includes('entityStatus')), false);
    assert.equal((await call(v19, 'GET', `/api/v1/mlmodels/${created.body.id}?fields=entityStatus`)).status, 400);
  } finally {
    await v19.close();
  }
  // From 1.10 the entity has it (default Approved), and fields may name it.
  const created = await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...(await etaPredictions(sandbox)), name: 'status_model' });
  assert.equal(created.body.entityStatus, 'Approved');
  assert.equal((await call(sandbox, 'GET', `/api/v1/mlmodels/${created.body.id}?fields=entityStatus`)).status, 200);
});

test('fields may name the properties each version added: impersonatedBy from 1.11, dataContract from 1.13 (the SDK asks for them)', async () => {
  const v110 = await startSandbox({ serverVersion: '1.10' });
  const v111 = await startSandbox({ serverVersion: '1.11' });
  try {
    for (const [server, impersonatedBy, dataContract] of [[v110, 400, 400], [v111, 200, 400], [sandbox, 200, 200]] as const) {
      const id = (await call(server, 'PUT', '/api/v1/mlmodels', { ...(await etaPredictions(server)), name: 'props_model' })).body.id;
      assert.equal((await call(server, 'GET', `/api/v1/mlmodels/${id}?fields=impersonatedBy`)).status, impersonatedBy);
      assert.equal((await call(server, 'GET', `/api/v1/mlmodels/${id}?fields=dataContract`)).status, dataContract);
    }
  } finally {
    await v110.close();
    await v111.close();
  }
});

test('fields may name any property of the ML model, as upstream allows (relationships still only on request)', async () => {
  const created = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...(await etaPredictions(sandbox)), name: 'fields_model' })).body;
  const read = await call(sandbox, 'GET', `/api/v1/mlmodels/name/mlflow_svc.fields_model?fields=id,name,algorithm,mlFeatures,dashboard`);
  assert.equal(read.status, 200);
  assert.equal(read.body.id, created.id);
  assert.equal(read.body.dashboard.fullyQualifiedName, 'sample_superset.eta_predictions_performance');
  assert.equal(read.body.tags, undefined, 'tags were not asked for');
  const list = await call(sandbox, 'GET', '/api/v1/mlmodels?fields=version,owners');
  assert.equal(list.status, 200);
  assert.deepEqual(await call(sandbox, 'GET', '/api/v1/mlmodels/name/mlflow_svc.fields_model?fields=columns').then((r) => r.body), {
    code: 400,
    message: 'Invalid field name columns',
  });
});

test('search/fieldQuery: a case-insensitive wildcard over the whole field, the first 10 hits scored 1', async () => {
  const exact = await call(sandbox, 'GET', `/api/v1/search/fieldQuery?fieldName=fullyQualifiedName&fieldValue=${encodeURIComponent(DIM_CUSTOMER)}&index=table_search_index`);
  assert.equal(exact.status, 200);
  assert.deepEqual(exact.body.hits.hits.map((h: any) => h._source.fullyQualifiedName), [DIM_CUSTOMER]);
  assert.equal(exact.body.hits.hits[0]._score, 1);
  assert.equal(exact.body.hits.total.value, 1);
  const wildcard = await call(sandbox, 'GET', '/api/v1/search/fieldQuery?fieldName=fullyQualifiedName&fieldValue=*.DIM_CUSTOMER&index=table_search_index&deleted=false');
  assert.deepEqual(wildcard.body.hits.hits.map((h: any) => h._source.fullyQualifiedName), [DIM_CUSTOMER]);
  const single = await call(sandbox, 'GET', `/api/v1/search/fieldQuery?fieldName=fullyQualifiedName&fieldValue=${encodeURIComponent(`${SHOPIFY}.fact_s?le`)}`);
  assert.deepEqual(single.body.hits.hits.map((h: any) => h._source.fullyQualifiedName), [FACT_SALE]);
  const many = await call(sandbox, 'GET', `/api/v1/search/fieldQuery?fieldName=fullyQualifiedName&fieldValue=${encodeURIComponent(`${SHOPIFY}.*`)}&from=0&size=50`);
  assert.equal(many.body.hits.total.value, 18);
  assert.equal(many.body.hits.hits.length, 10, 'from and size are not read upstream: the default page');
  const none = await call(sandbox, 'GET', '/api/v1/search/fieldQuery?fieldName=fullyQualifiedName&fieldValue=nothing.like.this');
  assert.deepEqual(none.body.hits, { total: { value: 0, relation: 'eq' }, max_score: null, hits: [] });
  const byName = await call(sandbox, 'GET', '/api/v1/search/fieldQuery?fieldName=name&fieldValue=raw_*');
  assert.ok(byName.body.hits.hits.length >= 3 && byName.body.hits.hits.every((h: any) => h._source.name.startsWith('raw_')));
});

test('search/query: every hit carries sort values; sorted by a field (desc by default) it pages with search_after', async () => {
  const scored = await search({ q: 'customer' });
  assert.ok(scored.body.hits.hits.length > 0);
  for (const hit of scored.body.hits.hits) assert.deepEqual(hit.sort, [hit._score], 'sorted by _score unless told otherwise');
  const seen: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 10; page++) {
    const params: Record<string, string> = { q: '', size: '5', sort_field: 'fullyQualifiedName', index: 'table_search_index' };
    if (after) params.search_after = after;
    const { body } = await search(params);
    assert.equal(body.hits.total.value, 18);
    assert.equal(body.hits.max_score, null);
    if (!body.hits.hits.length) break;
    for (const hit of body.hits.hits) {
      assert.equal(hit._score, null, 'sorted by a field: no score');
      assert.deepEqual(hit.sort, [hit._source.fullyQualifiedName.toLowerCase()]);
      seen.push(hit._source.fullyQualifiedName);
    }
    after = body.hits.hits[body.hits.hits.length - 1].sort.join(',');
  }
  assert.equal(seen.length, 18);
  const lower = seen.map((s) => s.toLowerCase());
  assert.deepEqual(lower, [...lower].sort().reverse(), 'sort_order defaults to desc');
  const ascending = await search({ q: '*', size: '3', sort_field: 'fullyQualifiedName', sort_order: 'asc' });
  assert.deepEqual(ascending.body.hits.hits.map((h: any) => h.sort[0]), [...lower].sort().slice(0, 3));
});

test('search/query: a query_filter query_string and fielded q find users; unknown query kinds are refused', async () => {
  const filter = (name: string) =>
    JSON.stringify({ query: { query_string: { query: `${name} AND isBot:false`, fields: ['name', 'displayName'], default_operator: 'AND', fuzziness: 'AUTO' } } });
  const users = await search({ query_filter: filter('aaron_johnson0'), from: '0', size: '1', index: 'user_search_index' });
  assert.deepEqual(users.body.hits.hits.map((h: any) => h._source.name), ['aaron_johnson0']);
  const displayName = await search({ query_filter: filter('Aaron Johnson'), index: 'user_search_index' });
  assert.deepEqual(displayName.body.hits.hits.map((h: any) => h._source.name), ['aaron_johnson0']);
  const teams = await search({ query_filter: filter('Sales'), index: 'team_search_index' });
  assert.equal(teams.body.hits.total.value, 0, 'teams have no isBot field, so the clause matches none');
  const bots = await search({ query_filter: JSON.stringify({ query: { term: { isBot: true } } }), index: 'user_search_index' });
  assert.deepEqual(bots.body.hits.hits.map((h: any) => h._source.name), ['ingestion-bot']);
  const email = await search({ q: 'email.keyword:aaron_johnson0@gmail.com', index: 'user_search_index' });
  assert.deepEqual(email.body.hits.hits.map((h: any) => h._source.name), ['aaron_johnson0']);
  const unparsable = await search({ query_filter: '{not json', index: 'user_search_index', size: '1' });
  assert.equal(unparsable.status, 200, 'upstream ignores a query_filter it cannot parse');
  const unknown = await search({ query_filter: JSON.stringify({ query: { nested: { path: 'owners' } } }) });
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.message, /not nested/);
});

test('lineage: getLineageEdge answers the details, PATCH changes them (checked, stamped) and 404s a missing edge', async () => {
  const customer = await tableRef(sandbox, RAW_CUSTOMER);
  const fact = await tableRef(sandbox, FACT_SALE);
  const first = { fromColumns: [`${RAW_CUSTOMER}.comments`], toColumn: `${FACT_SALE}.customer_id` };
  const put = await call(sandbox, 'PUT', '/api/v1/lineage', { edge: { fromEntity: customer, toEntity: fact, lineageDetails: { columnsLineage: [first] } } });
  assert.equal(put.status, 200);
  const edge = await call(sandbox, 'GET', `/api/v1/lineage/getLineageEdge/${customer.id}/${fact.id}`);
  assert.equal(edge.status, 200);
  assert.deepEqual(edge.body.edge.columnsLineage, [first]);
  const second = { fromColumns: [`${RAW_CUSTOMER}.platform`], toColumn: `${FACT_SALE}.order_id` };
  const patched = await call(sandbox, 'PATCH', `/api/v1/lineage/table/${customer.id}/table/${fact.id}`, [{ op: 'add', path: '/columnsLineage/1', value: second }]);
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.body.columnsLineage, [first, second]);
  assert.equal(patched.body.updatedBy, 'admin');
  assert.equal(typeof patched.body.updatedAt, 'number');
  const graph = await call(sandbox, 'GET', `/api/v1/lineage/table/${customer.id}?upstreamDepth=0&downstreamDepth=1`);
  const stored = graph.body.downstreamEdges.find((e: any) => e.toEntity === fact.id);
  assert.deepEqual(stored.lineageDetails.columnsLineage, [first, second]);
  const badColumn = await call(sandbox, 'PATCH', `/api/v1/lineage/table/${customer.id}/table/${fact.id}`, [
    { op: 'add', path: '/columnsLineage/0', value: { fromColumns: [`${RAW_CUSTOMER}.nope`], toColumn: `${FACT_SALE}.order_id` } },
  ]);
  assert.deepEqual(badColumn.body, { code: 400, message: `Invalid fully qualified column name ${RAW_CUSTOMER}.nope` });
  const missing = await call(sandbox, 'GET', `/api/v1/lineage/getLineageEdge/${fact.id}/${customer.id}`);
  assert.deepEqual(missing.body, { code: 404, message: `Lineage edge not found between ${fact.id} and  ${customer.id}` });
  const notAnId = await call(sandbox, 'GET', `/api/v1/lineage/getLineageEdge/x/${customer.id}`);
  assert.equal(notAnId.status, 404);
  const patchMissing = await call(sandbox, 'PATCH', `/api/v1/lineage/table/${fact.id}/table/${customer.id}`, []);
  assert.equal(patchMissing.status, 404);
});
