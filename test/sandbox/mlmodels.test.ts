// /api/v1/mlmodels on the wire: the statuses and `{code, message}` bodies the real server gives
// for each kind of bad request, and the create/update/patch/delete/version behaviour.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { call, DIM_CUSTOMER, etaPredictions, FACT_SALE, RAW_CUSTOMER, tableRef } from './helpers';

let sandbox: Sandbox;
let eta: Record<string, any>;

before(async () => {
  sandbox = await startSandbox({ serverVersion: '2.0' });
  eta = await etaPredictions(sandbox);
});

after(() => sandbox.close());

beforeEach(() => sandbox.reset());

function error(status: number, message: string): { status: number; body: { code: number; message: string } } {
  return { status, body: { code: status, message } };
}

async function expectError(method: string, path: string, body: unknown, status: number, message: string | RegExp): Promise<void> {
  const reply = await call(sandbox, method, path, body);
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body.code, status);
  if (typeof message === 'string') assert.equal(reply.body.message, message);
  else assert.match(reply.body.message, message);
}

function withFeatureSource(source: Record<string, unknown>): Record<string, any> {
  return { ...eta, mlFeatures: [{ name: 'sales', dataType: 'numerical', featureSources: [source] }] };
}

test('POST creates (201) and refuses a second time (409 Entity already exists)', async () => {
  const created = await call(sandbox, 'POST', '/api/v1/mlmodels', eta);
  assert.equal(created.status, 201);
  assert.equal(created.body.version, 0.1);
  assert.equal(created.body.href, `${sandbox.url}/api/v1/mlmodels/${created.body.id}`);
  assert.equal(created.body.updatedBy, 'admin');
  assert.equal(created.body.serviceType, 'Mlflow');
  const again = await call(sandbox, 'POST', '/api/v1/mlmodels', eta);
  assert.deepEqual({ status: again.status, body: again.body }, error(409, 'Entity already exists'));
});

test('PUT creates (201) then updates (200)', async () => {
  assert.equal((await call(sandbox, 'PUT', '/api/v1/mlmodels', eta)).status, 201);
  const updated = await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, description: 'New' });
  assert.equal(updated.status, 200);
  assert.equal(updated.body.version, 0.2);
});

test('unknown fields, wrong types and bad enum values: 400 Invalid request format', async () => {
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, colour: 'blue' }, 400, 'Invalid request format');
  await expectError('PUT', '/api/v1/mlmodels', withFeatureSource({ name: 'x', column: 'y' }), 400, 'Invalid request format');
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: { name: 'x' } }, 400, 'Invalid request format');
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: [{ name: 'x', dataType: 'numeric' }] }, 400, 'Invalid request format');
  // The sample data's own shortcut: a data source given as a table FQN is not a valid request.
  await expectError('PUT', '/api/v1/mlmodels', withFeatureSource({ name: 'gross_sales', dataSource: FACT_SALE }), 400, 'Invalid request format');
  await expectError('PUT', '/api/v1/mlmodels', withFeatureSource({ name: 'gross_sales', dataSource: { id: 'not-a-uuid', type: 'table' } }), 400, 'Invalid request format');
});

test('missing required fields and broken constraints: 400 with the bean-validation message', async () => {
  const { name: _name, ...nameless } = eta;
  await expectError('PUT', '/api/v1/mlmodels', nameless, 400, '[name must not be null]');
  const { service: _service, ...serviceless } = eta;
  await expectError('PUT', '/api/v1/mlmodels', serviceless, 400, '[service must not be null]');
  const factSale = await tableRef(sandbox, FACT_SALE);
  await expectError('PUT', '/api/v1/mlmodels', withFeatureSource({ name: 'g', dataSource: { type: 'table', fullyQualifiedName: FACT_SALE } }), 400, '[id must not be null]');
  await expectError('PUT', '/api/v1/mlmodels', withFeatureSource({ name: 'g', dataSource: { id: factSale.id } }), 400, '[type must not be null]');
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, name: 'a::b' }, 400, '[name must match "^((?!::).)*$"]');
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, name: '' }, 400, '[name size must be between 1 and 256]');
});

test('references must exist: 404 "<type> instance for <id or fqn> not found"', async () => {
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, service: 'no_svc' }, 404, 'mlmodelService instance for no_svc not found');
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, dashboard: 'sample_superset.nope' }, 404, 'dashboard instance for sample_superset.nope not found');
  const ghost = '0c6a5f42-7d0e-4f6b-9a51-8b3c2d1e0f9a';
  await expectError('PUT', '/api/v1/mlmodels', withFeatureSource({ name: 'g', dataSource: { id: ghost, type: 'table' } }), 404, `table instance for ${ghost} not found`);
  await expectError('PUT', '/api/v1/mlmodels', withFeatureSource({ name: 'g', dataSource: { id: ghost, type: 'spreadsheet' } }), 404, /^Entity repository for spreadsheet not found/);
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, tags: [{ tagFQN: 'PII.Secret' }] }, 404, 'tag instance for PII.Secret not found');
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, owners: [{ id: ghost, type: 'user' }] }, 404, `user instance for ${ghost} not found`);
});

test('owners must be users or teams of type Group', async () => {
  const { body: finance } = await call(sandbox, 'GET', '/api/v1/teams/name/Finance');
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, owners: [{ id: finance.id, type: 'team' }] }, 400, "Team of type BusinessUnit can't own entities. Only Team of type Group can own entities.");
  const factSale = await tableRef(sandbox, FACT_SALE);
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, owners: [{ id: factSale.id, type: 'table' }] }, 400, "Entity of type table can't be the owner. Only Team of type Group or a User can own entities.");
  const { body: sales } = await call(sandbox, 'GET', '/api/v1/teams/name/Sales');
  const ok = await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, owners: [{ id: sales.id, type: 'team' }] });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.owners[0].name, 'Sales');
  assert.equal(ok.body.owners[0].href, `${sandbox.url}/api/v1/teams/${sales.id}`);
});

test('tags of one mutually exclusive classification cannot go together, including through a PUT merge', async () => {
  const tier = (n: number): Record<string, string> => ({ tagFQN: `Tier.Tier${n}`, source: 'Classification', labelType: 'Manual', state: 'Confirmed' });
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, tags: [tier(1), tier(2)] }, 400, "Tag labels Tier.Tier2 and Tier.Tier1 are mutually exclusive and can't be assigned together");
  assert.equal((await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, tags: [tier(1)] })).status, 201);
  // PUT merges tags, so moving to Tier2 by PUT collides with the stored Tier1: upstream needs a PATCH.
  // EntityUtil.mergeTags appends the stored Tier1 after the request's Tier2, and checkMutuallyExclusive
  // names the later label first (TagLabelUtil: mutuallyExclusiveLabels(tagLabel, stored)).
  await expectError('PUT', '/api/v1/mlmodels', { ...eta, tags: [tier(2)] }, 400, "Tag labels Tier.Tier1 and Tier.Tier2 are mutually exclusive and can't be assigned together");
  const model = (await call(sandbox, 'GET', '/api/v1/mlmodels/name/mlflow_svc.eta_predictions?fields=tags')).body;
  assert.deepEqual(model.tags.map((t: { tagFQN: string }) => t.tagFQN), ['Tier.Tier1'], 'a rejected update stores nothing');
  const patched = await call(sandbox, 'PATCH', `/api/v1/mlmodels/${model.id}`, [{ op: 'replace', path: '/tags', value: [tier(2)] }]);
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.body.tags.map((t: { tagFQN: string }) => t.tagFQN), ['Tier.Tier2']);
});

test('scalars are coerced to strings as Jackson does; tag label defaults are filled in', async () => {
  const reply = await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlHyperParameters: [{ name: 'lr', value: 0.5 }, { name: 'on', value: true }], tags: [{ tagFQN: 'PII.Sensitive' }] });
  assert.equal(reply.status, 201);
  assert.deepEqual(reply.body.mlHyperParameters, [{ name: 'lr', value: '0.5' }, { name: 'on', value: 'true' }]);
  assert.deepEqual(reply.body.tags, [
    {
      tagFQN: 'PII.Sensitive',
      name: 'Sensitive',
      description: 'PII which if lost, compromised, or disclosed without authorization, could result in substantial harm, embarrassment, inconvenience, or unfairness to an individual.',
      source: 'Classification',
      labelType: 'Manual',
      state: 'Confirmed',
    },
  ]);
});

test('media types and bodies are checked as Dropwizard does', async () => {
  const text = await call(sandbox, 'PUT', '/api/v1/mlmodels', JSON.stringify(eta), { 'Content-Type': 'text/plain' });
  assert.deepEqual(text.body, { code: 415, message: 'HTTP 415 Unsupported Media Type' });
  await expectError('PUT', '/api/v1/mlmodels', '{"name": ', 400, 'Unable to process JSON');
  await expectError('PUT', '/api/v1/mlmodels', '[]', 400, 'Invalid request format');
});

test('GET by name ignores optional quoting; fields select relationships; unknown fields are refused', async () => {
  const { body: created } = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
  const quoted = await call(sandbox, 'GET', `/api/v1/mlmodels/name/${encodeURIComponent('mlflow_svc."eta_predictions"')}`);
  assert.equal(quoted.body.id, created.id);
  const bare = await call(sandbox, 'GET', `/api/v1/mlmodels/${created.id}`);
  assert.equal(bare.body.owners, undefined);
  assert.equal(bare.body.dashboard, undefined);
  assert.deepEqual(bare.body.service.name, 'mlflow_svc', 'the service is always there');
  const full = await call(sandbox, 'GET', `/api/v1/mlmodels/${created.id}?fields=owners,dashboard,tags,followers`);
  assert.deepEqual(full.body.owners, []);
  assert.deepEqual(full.body.tags, []);
  assert.equal(full.body.dashboard.fullyQualifiedName, 'sample_superset.eta_predictions_performance');
  await expectError('GET', `/api/v1/mlmodels/${created.id}?fields=owners,colour`, undefined, 400, 'Invalid field name colour');
  await expectError('GET', '/api/v1/mlmodels/name/mlflow_svc.nothing', undefined, 404, 'mlmodel instance for mlflow_svc.nothing not found');
});

test('the list pages with after/before cursors and filters by service', async () => {
  for (let i = 0; i < 5; i++) await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, name: `model_${i}` });
  const first = await call(sandbox, 'GET', '/api/v1/mlmodels?limit=2');
  assert.deepEqual(first.body.data.map((m: { name: string }) => m.name), ['model_0', 'model_1']);
  assert.equal(first.body.paging.total, 5);
  assert.equal(first.body.paging.before, undefined);
  const second = await call(sandbox, 'GET', `/api/v1/mlmodels?limit=2&after=${first.body.paging.after}`);
  assert.deepEqual(second.body.data.map((m: { name: string }) => m.name), ['model_2', 'model_3']);
  const back = await call(sandbox, 'GET', `/api/v1/mlmodels?limit=2&before=${second.body.paging.before}`);
  assert.deepEqual(back.body.data.map((m: { name: string }) => m.name), ['model_0', 'model_1']);
  assert.equal((await call(sandbox, 'GET', '/api/v1/mlmodels?service=mlflow_svc')).body.paging.total, 5);
  assert.equal((await call(sandbox, 'GET', '/api/v1/mlmodels?service=other')).body.paging.total, 0);
  await expectError('GET', '/api/v1/mlmodels?limit=-1', undefined, 400, '[query param limit must be greater than or equal to 0]');
});

test('PATCH: JSON Patch media type, restored identity, validation after patching', async () => {
  const { body: created } = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
  const path = `/api/v1/mlmodels/${created.id}`;
  const wrongType = await call(sandbox, 'PATCH', path, JSON.stringify([]), { 'Content-Type': 'application/json' });
  assert.equal(wrongType.status, 415);
  const renamed = await call(sandbox, 'PATCH', path, [{ op: 'replace', path: '/name', value: 'other' }, { op: 'replace', path: '/displayName', value: 'ETA' }]);
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, 'eta_predictions', 'PATCH cannot rename');
  assert.equal(renamed.body.displayName, 'ETA');
  assert.equal(renamed.body.version, 0.2);
  await expectError('PATCH', path, [{ op: 'remove', path: '/algorithm' }], 400, '[algorithm must not be null]');
  await expectError('PATCH', path, [{ op: 'remove', path: '/nothing/here' }], 400, /does not exist/);
  await expectError('PATCH', path, [{ op: 'replace', path: '/deleted', value: true }], 400, "mlmodel attribute deleted can't be modified");
  await expectError('PATCH', path, [{ op: 'add', path: '/colour', value: 'blue' }], 400, 'Invalid request format');
  const ghost = '0c6a5f42-7d0e-4f6b-9a51-8b3c2d1e0f9a';
  await expectError('PATCH', path, [{ op: 'replace', path: '/dashboard/id', value: ghost }], 404, `dashboard instance for ${ghost} not found`);
});

test('versions: the list holds JSON strings, newest first; one version by number', async () => {
  const { body: created } = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
  await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, algorithm: 'XGBoost' });
  const history = await call(sandbox, 'GET', `/api/v1/mlmodels/${created.id}/versions`);
  assert.equal(history.body.entityType, 'mlmodel');
  assert.ok(history.body.versions.every((v: unknown) => typeof v === 'string'));
  assert.deepEqual(history.body.versions.map((v: string) => JSON.parse(v).version), [1.1, 0.1]);
  assert.equal((await call(sandbox, 'GET', `/api/v1/mlmodels/${created.id}/versions/0.1`)).body.algorithm, 'Neural Network');
  await expectError('GET', `/api/v1/mlmodels/${created.id}/versions/0.5`, undefined, 404, `mlmodel instance for ${created.id} and version 0.5 not found`);
});

test('DELETE soft-deletes with a new version, hard delete removes the model and its lineage', async () => {
  const { body: created } = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
  const soft = await call(sandbox, 'DELETE', `/api/v1/mlmodels/${created.id}`);
  assert.equal(soft.status, 200);
  assert.equal(soft.body.deleted, true);
  assert.equal(soft.body.version, 0.2);
  assert.deepEqual(soft.body.changeDescription.fieldsUpdated, [{ name: 'deleted', oldValue: false, newValue: true }]);
  assert.equal((await call(sandbox, 'GET', `/api/v1/mlmodels/${created.id}`)).status, 404);
  assert.equal((await call(sandbox, 'GET', `/api/v1/mlmodels/${created.id}?include=deleted`)).status, 200);
  const restored = await call(sandbox, 'PUT', '/api/v1/mlmodels/restore', { id: created.id });
  assert.equal(restored.body.deleted, false);
  assert.equal(restored.body.version, 0.3);

  const factSale = await tableRef(sandbox, FACT_SALE);
  assert.ok(sandbox.store.lineage.has(factSale.id, created.id));
  const hard = await call(sandbox, 'DELETE', `/api/v1/mlmodels/name/mlflow_svc.eta_predictions?hardDelete=true`);
  assert.equal(hard.status, 200);
  assert.equal((await call(sandbox, 'GET', `/api/v1/mlmodels/${created.id}?include=all`)).status, 404);
  assert.equal(sandbox.store.lineage.has(factSale.id, created.id), false);
});

test('feature sources become table → model lineage when the model is created', async () => {
  const { body: created } = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
  const lineage = await call(sandbox, 'GET', `/api/v1/lineage/mlmodel/${created.id}`);
  assert.equal(lineage.body.upstreamEdges.length, 2, 'one edge per distinct data source');
  assert.deepEqual(lineage.body.downstreamEdges, []);
});

// MlModelRepository.prepare → validateReferences/validateMlDataSource checks that each data source
// exists (Entity.getEntityReferenceById / getEntityReference, result discarded) and never assigns the
// reference back: the stored feature source holds the reference as the client sent it, plus the FQN
// setMlFeatureSourcesFQN gives the source (same in the 2022 and the newest stored MlModelRepository.java).
test('a feature source keeps its data source reference as sent (checked, not replaced), with its own FQN', async () => {
  const factSale = await tableRef(sandbox, FACT_SALE);
  const { body: created } = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
  assert.deepEqual(created.mlFeatures[0].featureSources[0], {
    name: 'gross_sales',
    dataType: 'integer',
    fullyQualifiedName: `${FACT_SALE}.gross_sales`,
    dataSource: { id: factSale.id, type: 'table', name: 'fact_sale', fullyQualifiedName: FACT_SALE },
    tags: [],
  });
  const read = await call(sandbox, 'GET', `/api/v1/mlmodels/${created.id}`);
  assert.deepEqual(read.body.mlFeatures, created.mlFeatures);
  const again = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
  assert.equal(again.body.version, 0.1, 'the same request again changes nothing');
});

test('an update keeps the lineage as it was: a dropped source keeps its edge, a new source gets none (only a create draws them)', async () => {
  const { body: created } = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
  const [factSale, rawCustomer, dimCustomer] = [await tableRef(sandbox, FACT_SALE), await tableRef(sandbox, RAW_CUSTOMER), await tableRef(sandbox, DIM_CUSTOMER)];
  const upstream = async () => ((await call(sandbox, 'GET', `/api/v1/lineage/mlmodel/${created.id}?upstreamDepth=1&downstreamDepth=0`)).body.upstreamEdges as Array<{ fromEntity: string }>).map((e) => e.fromEntity).sort();
  const original = [factSale.id, rawCustomer.id].sort();
  assert.deepEqual(await upstream(), original);

  const features = [{ ...eta.mlFeatures[0], featureSources: [{ name: 'customer_id', dataType: 'integer', dataSource: dimCustomer }] }];
  const updated = await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: features });
  assert.equal(updated.status, 200);
  assert.deepEqual(await upstream(), original, 'PUT: the edges of the dropped sources stay, the new source has none');

  const patched = await call(sandbox, 'PATCH', `/api/v1/mlmodels/${created.id}`, [{ op: 'remove', path: '/mlFeatures' }]);
  assert.equal(patched.status, 200);
  assert.deepEqual(await upstream(), original, 'PATCH neither');
});

test('writes are attributed to the token\'s principal', async () => {
  const payload = Buffer.from(JSON.stringify({ sub: 'aaron_johnson0', isBot: false })).toString('base64url');
  const token = `eyJhbGciOiJSUzI1NiJ9.${payload}.c2ln`;
  const guarded = await startSandbox({ token });
  try {
    const reply = await call(guarded, 'PUT', '/api/v1/mlmodels', eta, { Authorization: `Bearer ${token}` });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.updatedBy, 'aaron_johnson0');
    const me = await call(guarded, 'GET', '/api/v1/users/loggedInUser', undefined, { Authorization: `Bearer ${token}` });
    assert.equal(me.body.name, 'aaron_johnson0');
  } finally {
    await guarded.close();
  }
});
