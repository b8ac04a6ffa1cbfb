// Every kind of response the sandbox gives, checked against the verbatim upstream schemas
// (../shared/openmetadata/schema): tables, dashboards, ML models (every write, read, version),
// ML model services, tags, lineage graphs, version history, paging and the server version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { UPSTREAM_MISSING, upstreamValidator } from '../helpers/upstream';
import { capabilitiesFor } from '../../server/src/openmetadata/capabilities';
import { call, etaPredictions, FACT_SALE } from '../sandbox/helpers';

let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox({ tables: 300 });
});

after(() => sandbox.close());

function valid(schema: string, value: unknown, label: string): void {
  const validate = upstreamValidator(schema);
  const errors = validate(value) ? [] : (validate.errors ?? []);
  assert.deepEqual(errors, [], `${label} against ${schema}: ${JSON.stringify(errors, null, 2)}`);
}

async function get(path: string): Promise<any> {
  const reply = await call(sandbox, 'GET', path);
  assert.equal(reply.status, 200, `${path}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

function validList(schema: string, body: { data: unknown[]; paging: unknown }, label: string): void {
  valid('type/paging.json', body.paging, `${label} paging`);
  assert.ok(body.data.length > 0, `${label} is not empty`);
  body.data.forEach((item, i) => valid(schema, item, `${label}[${i}]`));
}

test('tables: lists, single tables with every field set, generated tables, search sources', { skip: UPSTREAM_MISSING }, async () => {
  validList('entity/data/table.json', await get('/api/v1/tables?limit=1000'), 'tables');
  validList('entity/data/table.json', await get('/api/v1/tables?limit=1000&fields=*'), 'tables with all fields');
  const first = await get('/api/v1/tables?limit=1');
  validList('entity/data/table.json', await get(`/api/v1/tables?limit=5&after=${first.paging.after}`), 'tables page 2');
  for (const fields of ['', 'columns', 'columns,tags,owners', 'tags,followers,tableConstraints']) {
    valid('entity/data/table.json', await get(`/api/v1/tables/name/${encodeURIComponent('sample_data.ecommerce_db.shopify."dim.api/client"')}?fields=${fields}`), `table fields=${fields}`);
  }
  const withConstraints = await get(`/api/v1/tables/name/sample_data.ecommerce_db.shopify.dim_address?fields=tableConstraints,tags`);
  valid('entity/data/table.json', withConstraints, 'dim_address');
  valid('entity/data/table.json', await get(`/api/v1/tables/${withConstraints.id}`), 'table by id');
  valid('entity/data/table.json', JSON.parse((await get(`/api/v1/tables/${withConstraints.id}/versions`)).versions[0]), 'table version');
  const search = await get('/api/v1/search/query?q=*&index=table_search_index&size=400');
  assert.equal(search.hits.hits.length, 318);
  for (const hit of search.hits.hits) {
    // The index adds `entityType` to the entity; the rest is the Table.
    const { entityType, ...table } = hit._source;
    assert.equal(entityType, 'table');
    valid('entity/data/table.json', table, `search hit ${table.fullyQualifiedName}`);
  }
});

test('dashboards, ML model services and tags', { skip: UPSTREAM_MISSING }, async () => {
  validList('entity/data/dashboard.json', await get('/api/v1/dashboards?limit=100'), 'dashboards');
  validList('entity/data/dashboard.json', await get('/api/v1/dashboards?limit=100&fields=owners,tags,followers'), 'dashboards with fields');
  valid('entity/data/dashboard.json', await get('/api/v1/dashboards/name/sample_superset.eta_predictions_performance?fields=owners,tags'), 'dashboard');
  validList('entity/services/mlmodelService.json', await get('/api/v1/services/mlmodelServices?fields=owners,tags'), 'ML model services');
  valid('entity/services/mlmodelService.json', await get('/api/v1/services/mlmodelServices/name/mlflow_svc'), 'mlflow_svc');
  validList('entity/classification/tag.json', await get('/api/v1/tags?limit=100'), 'tags');
  valid('entity/classification/tag.json', await get('/api/v1/tags/name/PII.Sensitive'), 'PII.Sensitive');
});

test('ML models: every write and read, the history and each version', { skip: UPSTREAM_MISSING }, async () => {
  const eta = await etaPredictions(sandbox);
  const owner = (await get('/api/v1/users/name/aaron_johnson0')).id;
  const responses: [string, unknown][] = [];
  const write = async (method: string, path: string, body: unknown, label: string): Promise<any> => {
    const reply = await call(sandbox, method, path, body);
    assert.ok(reply.status === 200 || reply.status === 201, `${label}: ${JSON.stringify(reply.body)}`);
    responses.push([label, reply.body]);
    return reply.body;
  };
  const created = await write('POST', '/api/v1/mlmodels', eta, 'POST');
  await write('PUT', '/api/v1/mlmodels', eta, 'unchanged PUT');
  await write('PUT', '/api/v1/mlmodels', { ...eta, algorithm: 'XGBoost', tags: [{ tagFQN: 'Tier.Tier1' }], owners: [{ id: owner, type: 'user' }] }, 'major PUT');
  await write('PUT', '/api/v1/mlmodels', { ...eta, algorithm: 'XGBoost', mlStore: { storage: 's3://x' }, dashboard: 'sample_superset.forecast_sales_performance', extension: { team: 'eta' }, sourceUrl: 'https://mlflow.example.com/eta' }, 'minor PUT');
  await write('PATCH', `/api/v1/mlmodels/${created.id}`, [{ op: 'add', path: '/description', value: 'Patched' }, { op: 'remove', path: '/mlFeatures/1' }], 'PATCH');
  await write('PATCH', `/api/v1/mlmodels/${created.id}`, [{ op: 'replace', path: '/description', value: 'Patched again' }], 'consolidated PATCH');
  const second = await write('PUT', '/api/v1/mlmodels', { ...eta, name: 'second', lifeCycle: { created: { timestamp: 1700000000000 } } }, 'second model');
  await write('DELETE', `/api/v1/mlmodels/name/mlflow_svc.second`, undefined, 'soft DELETE');
  await write('PUT', '/api/v1/mlmodels/restore', { id: second.id }, 'restore');
  for (const [label, body] of responses) valid('entity/data/mlmodel.json', body, label);

  // '' and '*', and the fields the product asks the version the sandbox plays for.
  const productFields = capabilitiesFor((await get('/api/v1/system/version')).version).mlModelFields;
  for (const fields of ['', '*', productFields]) {
    valid('entity/data/mlmodel.json', await get(`/api/v1/mlmodels/${created.id}?fields=${fields}`), `GET fields=${fields}`);
    valid('entity/data/mlmodel.json', await get(`/api/v1/mlmodels/name/mlflow_svc.eta_predictions?fields=${fields}`), `GET by name fields=${fields}`);
  }
  validList('entity/data/mlmodel.json', await get('/api/v1/mlmodels?fields=*'), 'ML model list');

  const history = await get(`/api/v1/mlmodels/${created.id}/versions`);
  valid('type/entityHistory.json', history, 'versions list');
  assert.deepEqual(history.versions.map((v: string) => JSON.parse(v).version), [1.2, 1.1, 0.1], 'the PATCHes folded into 1.2 (same user, same session)');
  for (const json of history.versions) {
    const version = JSON.parse(json);
    valid('entity/data/mlmodel.json', version, `history ${version.version}`);
    valid('entity/data/mlmodel.json', await get(`/api/v1/mlmodels/${created.id}/versions/${version.version}`), `version ${version.version}`);
  }
});

test('lineage graphs by id and by name, at every depth', { skip: UPSTREAM_MISSING }, async () => {
  const eta = await etaPredictions(sandbox);
  const model = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, name: 'lineage_model' })).body;
  const table = await get(`/api/v1/tables/name/${FACT_SALE}`);
  assert.equal((await call(sandbox, 'PUT', '/api/v1/lineage', { edge: { fromEntity: { id: table.id, type: 'table' }, toEntity: { id: model.id, type: 'mlmodel' }, description: 'x', lineageDetails: { sqlQuery: 'select 1' } } })).status, 200);
  for (const depth of [0, 1, 2, 3]) {
    const q = `upstreamDepth=${depth}&downstreamDepth=${depth}`;
    valid('type/entityLineage.json', await get(`/api/v1/lineage/mlmodel/${model.id}?${q}`), `model lineage depth ${depth}`);
    valid('type/entityLineage.json', await get(`/api/v1/lineage/table/name/${FACT_SALE}?${q}`), `table lineage depth ${depth}`);
    valid('type/entityLineage.json', await get(`/api/v1/lineage/table/name/${encodeURIComponent('sample_data.ecommerce_db.shopify."dim.product"')}?${q}`), `seed lineage depth ${depth}`);
  }
});

test('the server version', { skip: UPSTREAM_MISSING }, async () => {
  valid('api/openMetadataServerVersion.json', await get('/api/v1/system/version'), 'version');
});
