// The read endpoints of the sandbox catalog on the wire: tables with paging and fields, search in
// Elasticsearch shape, services, dashboards, users, teams, classifications, tags, version, identity,
// the bearer token, and `--tables N`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { call, DIM_CUSTOMER, FACT_SALE } from './helpers';

let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox({ tables: 1000, serverVersion: '2.0' });
});

after(() => sandbox.close());

const SHOPIFY = 'sample_data.ecommerce_db.shopify';

test('the seed: 18 shopify tables, PII.Sensitive on the four sensitive columns', async () => {
  const { body } = await call(sandbox, 'GET', `/api/v1/tables?database=sample_data.ecommerce_db&limit=100&fields=tags`);
  assert.equal(body.data.length, 18);
  assert.equal(body.paging.total, 18);
  const sensitive = body.data.flatMap((t: { columns: { fullyQualifiedName: string; tags: { tagFQN: string }[] }[] }) =>
    t.columns.filter((c) => c.tags.some((tag) => tag.tagFQN === 'PII.Sensitive')).map((c) => c.fullyQualifiedName),
  );
  assert.deepEqual(sensitive.sort(), [`${SHOPIFY}.dim_address.phone`, `${SHOPIFY}.dim_customer.email`, `${SHOPIFY}.dim_customer.phone`, `${SHOPIFY}.raw_customer.creditcard`]);
});

test('tables page with after/before in FQN order; the total counts them all', async () => {
  const first = await call(sandbox, 'GET', '/api/v1/tables?limit=400');
  assert.equal(first.body.paging.total, 1018);
  assert.equal(first.body.data.length, 400);
  const seen = new Set<string>(first.body.data.map((t: { fullyQualifiedName: string }) => t.fullyQualifiedName));
  let after = first.body.paging.after;
  let previous = first.body;
  while (after) {
    const page = await call(sandbox, 'GET', `/api/v1/tables?limit=400&after=${after}`);
    for (const t of page.body.data) seen.add(t.fullyQualifiedName);
    previous = page.body;
    after = page.body.paging.after;
  }
  assert.equal(seen.size, 1018);
  const back = await call(sandbox, 'GET', `/api/v1/tables?limit=400&before=${previous.paging.before}`);
  assert.equal(back.body.data.length, 400);
  const fqns = [...seen];
  assert.deepEqual(fqns, [...fqns].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'sorted by FQN');
  assert.deepEqual((await call(sandbox, 'GET', '/api/v1/tables?limit=5000000')).body, { code: 400, message: '[query param limit must be less than or equal to 1000000]' });
  assert.deepEqual((await call(sandbox, 'GET', '/api/v1/tables?after=%%%')).status, 400);
});

test('a table by name or id: columns always, their tags and the table relationships with fields', async () => {
  const path = `/api/v1/tables/name/${encodeURIComponent(DIM_CUSTOMER)}`;
  const bare = (await call(sandbox, 'GET', path)).body;
  assert.equal(bare.columns.length, 29);
  assert.equal(bare.columns.find((c: { name: string }) => c.name === 'email').tags, undefined);
  assert.equal(bare.owners, undefined);
  assert.equal(bare.service.fullyQualifiedName, 'sample_data');
  assert.equal(bare.serviceType, 'BigQuery');
  assert.equal(bare.href, `${sandbox.url}/api/v1/tables/${bare.id}`);
  const full = (await call(sandbox, 'GET', `${path}?fields=columns,tags,owners`)).body;
  assert.deepEqual(full.owners, []);
  assert.equal(full.columns.find((c: { name: string }) => c.name === 'email').tags[0].tagFQN, 'PII.Sensitive');
  assert.equal((await call(sandbox, 'GET', `/api/v1/tables/${bare.id}?fields=tags`)).body.fullyQualifiedName, DIM_CUSTOMER);
  assert.deepEqual((await call(sandbox, 'GET', `${path}?fields=colour`)).body, { code: 400, message: 'Invalid field name colour' });
  const missing = `${SHOPIFY}.nope`;
  assert.deepEqual((await call(sandbox, 'GET', `/api/v1/tables/name/${encodeURIComponent(missing)}`)).body, { code: 404, message: `table instance for ${missing} not found` });
  const versions = (await call(sandbox, 'GET', `/api/v1/tables/${bare.id}/versions`)).body;
  assert.equal(versions.entityType, 'table');
  assert.equal(JSON.parse(versions.versions[0]).version, 0.1);
});

test('a quoted FQN must be URL-encoded; unencoded slashes are a different path', async () => {
  const fqn = `${SHOPIFY}."dim.api/client"`;
  assert.equal((await call(sandbox, 'GET', `/api/v1/tables/name/${encodeURIComponent(fqn)}`)).body.name, 'dim.api/client');
  assert.equal((await call(sandbox, 'GET', `/api/v1/tables/name/${fqn}`)).status, 404);
});

test('generated tables have columns, and sensitive-looking ones carry PII.Sensitive', async () => {
  const { body } = await call(sandbox, 'GET', '/api/v1/search/query?q=customer_events_0&index=table_search_index&size=1');
  const table = body.hits.hits[0]._source;
  assert.equal(table.fullyQualifiedName, 'bench_postgres.warehouse.schema_00.customer_events_0');
  assert.ok(table.columns.length >= 5);
  const byId = await call(sandbox, 'GET', `/api/v1/tables/${table.id}?fields=tags`);
  assert.deepEqual(byId.body.columns, table.columns);
  const withEmail = (await call(sandbox, 'GET', '/api/v1/tables?limit=1000&fields=tags')).body.data.find((t: { columns: { name: string }[] }) => t.columns.some((c) => c.name === 'email'));
  assert.equal(withEmail.columns.find((c: { name: string }) => c.name === 'email').tags[0].tagFQN, 'PII.Sensitive');
});

test('search answers in Elasticsearch shape, best match first', async () => {
  const { status, body } = await call(sandbox, 'GET', '/api/v1/search/query?q=fact_sale&index=table_search_index&from=0&size=3&deleted=false');
  assert.equal(status, 200);
  assert.equal(typeof body.took, 'number');
  assert.equal(body.timed_out, false);
  assert.deepEqual(Object.keys(body.hits).sort(), ['hits', 'max_score', 'total']);
  assert.equal(body.hits.total.relation, 'eq');
  const top = body.hits.hits[0];
  assert.equal(top._index, 'table_search_index');
  assert.equal(top._id, top._source.id);
  assert.equal(top._source.fullyQualifiedName, FACT_SALE);
  assert.equal(top._source.entityType, 'table');
  assert.ok(top._source.columns.length > 0);
  assert.ok(body.hits.hits.every((h: { _score: number }, i: number, all: { _score: number }[]) => i === 0 || all[i - 1]._score >= h._score));
});

test('search: columns, typos, escaped query syntax, paging, source fields and other indexes', async () => {
  const search = async (query: string): Promise<any> => (await call(sandbox, 'GET', `/api/v1/search/query?${query}`)).body;
  assert.equal((await search('q=creditcard&index=table_search_index')).hits.hits[0]._source.name, 'raw_customer', 'by column name');
  assert.equal((await search('q=custmer_events&index=table_search_index&size=1')).hits.hits[0]._source.name.startsWith('customer_events'), true, 'a typo still finds it');
  assert.equal((await search(`q=${encodeURIComponent('dim\\(shop\\)')}&size=1`)).hits.hits[0]._source.name, 'dim(shop)');
  const all = await search('q=*&index=table_search_index&size=0');
  assert.equal(all.hits.total.value, 1018);
  assert.deepEqual(all.hits.hits, []);
  const page = await search('q=order&from=2&size=2');
  const wider = await search('q=order&from=0&size=4');
  assert.deepEqual(page.hits.hits.map((h: { _id: string }) => h._id), wider.hits.hits.slice(2).map((h: { _id: string }) => h._id));
  const slim = await search('q=fact_sale&size=1&include_source_fields=name,fullyQualifiedName');
  assert.deepEqual(Object.keys(slim.hits.hits[0]._source).sort(), ['fullyQualifiedName', 'name']);
  assert.equal((await search('q=eta&index=dashboard_search_index')).hits.hits[0]._source.name, 'eta_predictions_performance');
  assert.ok((await search('q=aaron&index=user_search_index')).hits.total.value >= 2);
  assert.equal((await search('q=sensitive&index=tag_search_index')).hits.hits[0]._source.fullyQualifiedName, 'PII.Sensitive');
  assert.equal((await search('q=x&index=mlmodel_search_index')).hits.total.value, 0);
  assert.deepEqual(await search('q=x&index=nope_index'), { code: 400, message: 'no such index [nope_index]' });
  assert.equal((await search('q=x&from=9999&size=2')).code, 400);
});

test('ML model services, dashboards, classifications and tags', async () => {
  const services = (await call(sandbox, 'GET', '/api/v1/services/mlmodelServices')).body;
  assert.deepEqual(services.data.map((s: { name: string; serviceType: string }) => [s.name, s.serviceType]), [['mlflow_svc', 'Mlflow']]);
  assert.equal((await call(sandbox, 'GET', '/api/v1/services/mlmodelServices/name/mlflow_svc')).body.connection.config.type, 'Mlflow');
  const dashboards = (await call(sandbox, 'GET', '/api/v1/dashboards?limit=100')).body;
  assert.equal(dashboards.paging.total, 12);
  const dash = (await call(sandbox, 'GET', '/api/v1/dashboards/name/sample_superset.eta_predictions_performance?fields=owners,tags')).body;
  assert.equal(dash.service.name, 'sample_superset');
  assert.deepEqual(dash.owners, []);
  const classifications = (await call(sandbox, 'GET', '/api/v1/classifications')).body;
  assert.deepEqual(classifications.data.map((c: { name: string }) => c.name), ['PII', 'PersonalData', 'Tier']);
  const pii = (await call(sandbox, 'GET', '/api/v1/tags?parent=PII')).body;
  assert.deepEqual(pii.data.map((t: { fullyQualifiedName: string }) => t.fullyQualifiedName), ['PII.NonSensitive', 'PII.None', 'PII.Sensitive']);
  const tag = (await call(sandbox, 'GET', '/api/v1/tags/name/PII.Sensitive')).body;
  assert.equal(tag.classification.name, 'PII');
  assert.equal((await call(sandbox, 'GET', `/api/v1/tags/${tag.id}`)).body.name, 'Sensitive');
  assert.deepEqual((await call(sandbox, 'GET', '/api/v1/tags/name/PII.Nope')).body, { code: 404, message: 'tag instance for PII.Nope not found' });
});

test('users and teams: by name, bots filtered on request, the logged-in user', async () => {
  const users = (await call(sandbox, 'GET', '/api/v1/users?limit=1000')).body;
  assert.equal(users.paging.total, 102, '100 sample users, admin and ingestion-bot');
  assert.equal((await call(sandbox, 'GET', '/api/v1/users?isBot=true')).body.data[0].name, 'ingestion-bot');
  assert.equal((await call(sandbox, 'GET', '/api/v1/users?isBot=false&limit=1000')).body.paging.total, 101);
  const aaron = (await call(sandbox, 'GET', '/api/v1/users/name/aaron_johnson0?fields=teams')).body;
  assert.equal(aaron.email, 'aaron_johnson0@gmail.com');
  assert.equal(aaron.teams[0].name, 'Sales');
  const team = (await call(sandbox, 'GET', `/api/v1/teams/name/${encodeURIComponent('Merger & Acquisitions')}?fields=parents`)).body;
  assert.equal(team.teamType, 'Group');
  assert.equal(team.parents[0].name, 'Legal');
  assert.equal((await call(sandbox, 'GET', '/api/v1/users/loggedInUser')).body.name, 'admin');
});

test('the version endpoint, unknown routes and methods', async () => {
  assert.deepEqual((await call(sandbox, 'GET', '/api/v1/system/version')).body, { version: '2.0.7', revision: 'mlmodel-sandbox', timestamp: 1756684800000 });
  assert.deepEqual((await call(sandbox, 'GET', '/api/v1/pipelines')).body, { code: 404, message: 'HTTP 404 Not Found' });
  assert.deepEqual((await call(sandbox, 'DELETE', '/api/v1/system/version')).body, { code: 405, message: 'HTTP 405 Method Not Allowed' });
});

test('--token: every call but the version needs the bearer token', async () => {
  const guarded = await startSandbox({ token: 'let-me-in-please', seed: 'empty' });
  try {
    const missing = await call(guarded, 'GET', '/api/v1/tables');
    assert.deepEqual({ status: missing.status, body: missing.body }, { status: 401, body: { code: 401, message: 'Not Authorized! Token not present' } });
    assert.equal(missing.headers.get('www-authenticate'), 'om-auth');
    assert.equal((await call(guarded, 'GET', '/api/v1/tables', undefined, { Authorization: 'Bearer nope' })).body.message, 'Not Authorized! Invalid token');
    assert.equal((await call(guarded, 'GET', '/api/v1/tables', undefined, { Authorization: 'Bearer let-me-in-please' })).status, 200);
    assert.equal((await call(guarded, 'GET', '/api/v1/system/version')).status, 200);
    assert.deepEqual(
      guarded.requests().map((r) => r.auth),
      ['none', 'invalid', 'valid', 'none'],
      'the log says whether a token came, never what it was',
    );
    assert.ok(!JSON.stringify(guarded.requests()).includes('let-me-in-please'));
  } finally {
    await guarded.close();
  }
});

test('--seed empty has only what a fresh OpenMetadata has', async () => {
  const empty = await startSandbox({ seed: 'empty' });
  try {
    assert.equal((await call(empty, 'GET', '/api/v1/tables')).body.paging.total, 0);
    assert.equal((await call(empty, 'GET', '/api/v1/services/mlmodelServices')).body.paging.total, 0);
    assert.deepEqual((await call(empty, 'GET', '/api/v1/users')).body.data.map((u: { name: string }) => u.name), ['admin', 'ingestion-bot']);
    assert.equal((await call(empty, 'GET', '/api/v1/tags?limit=100')).body.paging.total, 10);
  } finally {
    await empty.close();
  }
});
