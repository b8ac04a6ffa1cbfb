// Every request body the client sends, captured on the way out, against the upstream request
// schemas: CreateMlModel (POST and PUT /v1/mlmodels) and AddLineageRequest (PUT /v1/lineage). The
// client sends the caller's request unchanged; JSON Patch bodies are RFC 6902 arrays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import type { CreateMlModel } from '../../server/src/openmetadata/types';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { UPSTREAM_MISSING, upstreamValidator } from '../helpers/upstream';
import { etaPredictions, FACT_SALE, RAW_CUSTOMER, tableRef } from '../sandbox/helpers';

interface Sent {
  method: string;
  path: string;
  contentType: string | null;
  body: unknown;
}

let sandbox: Sandbox;
const sent: Sent[] = [];

const capturing: typeof fetch = (input, init) => {
  if (init?.body !== undefined) {
    sent.push({
      method: init.method ?? 'GET',
      path: new URL(String(input)).pathname,
      contentType: new Headers(init.headers).get('content-type'),
      body: JSON.parse(String(init.body)),
    });
  }
  return fetch(input, init);
};

before(async () => {
  sandbox = await startSandbox();
});

after(() => sandbox.close());

function valid(schema: string, value: unknown, label: string): void {
  const validate = upstreamValidator(schema);
  assert.ok(validate(value), `${label} against ${schema}: ${JSON.stringify(validate.errors, null, 2)}`);
}

test('ML model and lineage requests validate against the upstream request schemas', { skip: UPSTREAM_MISSING }, async () => {
  const client = new OpenMetadataClient({ baseUrl: sandbox.url, fetch: capturing });
  const eta = (await etaPredictions(sandbox)) as CreateMlModel;
  const owner = await client.getEntity('user', 'aaron_johnson0');
  const team = await client.getEntity('team', 'Sales');
  const full: CreateMlModel = {
    ...eta,
    name: 'everything',
    displayName: 'Everything',
    sourceUrl: 'https://mlflow.example.com/#/models/everything',
    owners: [
      { id: owner?.id as string, type: 'user' },
      { id: team?.id as string, type: 'team' },
    ],
    tags: [{ tagFQN: 'Tier.Tier1', source: 'Classification', labelType: 'Manual', state: 'Confirmed' }],
    extension: {},
    lifeCycle: { created: { timestamp: 1_700_000_000_000 } },
    sourceHash: 'abc123',
  };
  const minimal: CreateMlModel = { name: 'minimal', service: 'mlflow_svc' };

  const created = await client.createMlModel(eta);
  await client.createOrUpdateMlModel(full);
  await client.createOrUpdateMlModel(minimal);
  await client.createOrUpdateMlModel({ ...eta, description: 'Updated' });
  await client.patchMlModel(created.id, [
    { op: 'add', path: '/description', value: 'Patched' },
    { op: 'remove', path: '/mlHyperParameters/1' },
  ]);
  // What publish sends after the model: one edge per distinct data source (the SDK's add_mlmodel_lineage).
  for (const fqn of [FACT_SALE, RAW_CUSTOMER]) {
    const table = await tableRef(sandbox, fqn);
    await client.addLineage({ edge: { fromEntity: table, toEntity: { id: created.id, type: 'mlmodel', fullyQualifiedName: created.fullyQualifiedName }, description: 'features' } });
  }

  const models = sent.filter((s) => s.path === '/api/v1/mlmodels');
  assert.deepEqual(models.map((s) => s.method), ['POST', 'PUT', 'PUT', 'PUT']);
  assert.deepEqual(models.map((s) => s.body), [eta, full, minimal, { ...eta, description: 'Updated' }], 'sent unchanged');
  for (const s of models) {
    assert.equal(s.contentType, 'application/json');
    valid('api/data/createMlModel.json', s.body, `${s.method} ${(s.body as CreateMlModel).name}`);
  }

  const lineage = sent.filter((s) => s.path === '/api/v1/lineage');
  assert.equal(lineage.length, 2);
  for (const s of lineage) {
    assert.equal(s.method, 'PUT');
    valid('api/lineage/addLineage.json', s.body, 'AddLineageRequest');
  }

  const patches = sent.filter((s) => s.method === 'PATCH');
  assert.equal(patches.length, 1);
  assert.equal(patches[0].contentType, 'application/json-patch+json');
  assert.ok(Array.isArray(patches[0].body));
  for (const op of patches[0].body as Record<string, unknown>[]) {
    assert.ok(['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op as string));
    assert.equal(typeof op.path, 'string');
  }
  assert.equal(sent.length, models.length + lineage.length + patches.length, 'no other request had a body');
});

test('the schemas reject what the server rejects: the sample data shortcut and unknown fields', { skip: UPSTREAM_MISSING }, () => {
  const validate = upstreamValidator('api/data/createMlModel.json');
  const shortcut = { name: 'm', service: 'mlflow_svc', mlFeatures: [{ name: 'f', featureSources: [{ name: 's', dataSource: FACT_SALE }] }] };
  assert.equal(validate(shortcut), false, 'a data source must be a reference, not an FQN');
  assert.equal(validate({ name: 'm', service: 'mlflow_svc', colour: 'blue' }), false);
  assert.equal(upstreamValidator('api/lineage/addLineage.json')({ edge: { fromEntity: { id: 'x' } } }), false);
});
