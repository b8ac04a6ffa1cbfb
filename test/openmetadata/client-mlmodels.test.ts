// The client's write and history calls that publish, diff and pull use, end to end on the sandbox:
// PUT create-or-update, versions, PATCH, delete, and lineage by id and by name.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { NotFoundError } from '../../server/src/openmetadata/errors';
import type { CreateMlModel } from '../../server/src/openmetadata/types';
import { etaPredictions, FACT_SALE, RAW_CUSTOMER, tableRef } from '../sandbox/helpers';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();
let client: OpenMetadataClient;
let request: CreateMlModel;

beforeEach(async () => {
  client ??= new OpenMetadataClient({ baseUrl: sandbox.url });
  request ??= (await etaPredictions(sandbox)) as CreateMlModel;
});

test('PUT creates (201) then updates (200); the versions list and one version come back parsed', async () => {
  const created = await client.createOrUpdateMlModel(request);
  assert.equal(created.created, true);
  assert.equal(created.entity.version, 0.1);
  assert.equal(created.entity.fullyQualifiedName, 'mlflow_svc.eta_predictions');
  assert.equal(created.entity.dashboard?.fullyQualifiedName, 'sample_superset.eta_predictions_performance');

  const same = await client.createOrUpdateMlModel(request);
  assert.equal(same.created, false);
  assert.equal(same.entity.version, 0.1, 'an unchanged PUT keeps the version');

  const updated = await client.createOrUpdateMlModel({ ...request, target: 'eta_minutes' });
  assert.equal(updated.entity.version, 1.1);
  assert.deepEqual(updated.entity.changeDescription?.fieldsUpdated, [{ name: 'target', oldValue: 'ETA_time', newValue: 'eta_minutes' }]);

  const versions = await client.listMlModelVersions(created.entity.id);
  assert.deepEqual(versions.map((v) => [v.version, v.target]), [
    [1.1, 'eta_minutes'],
    [0.1, 'ETA_time'],
  ]);
  const first = await client.getMlModelVersion(created.entity.id, 0.1);
  assert.equal(first.target, 'ETA_time');
  await assert.rejects(client.getMlModelVersion(created.entity.id, 7.7), NotFoundError);

  // With its tags and each feature's: a publish merges the file's into them.
  assert.deepEqual(await client.findMlModel('mlflow_svc."eta_predictions"'), { id: created.entity.id, fullyQualifiedName: 'mlflow_svc.eta_predictions', version: 1.1, tags: [], featureTags: { persona: [], sales: [] } });
  assert.equal(await client.findMlModel('mlflow_svc.not_published'), undefined);

  const byName = await client.getMlModelByName('mlflow_svc.eta_predictions');
  assert.equal(byName?.version, 1.1);
  assert.deepEqual(byName?.owners, [], 'relationship fields come back when asked for');
  const byId = await client.getMlModel(created.entity.id, { fields: '' });
  assert.equal(byId.owners, undefined);
});

test('PATCH applies JSON Patch; DELETE soft-deletes (a version) or hard-deletes', async () => {
  const { entity } = await client.createOrUpdateMlModel(request);
  const patched = await client.patchMlModel(entity.id, [
    { op: 'add', path: '/description', value: 'Patched' },
    { op: 'add', path: '/tags', value: [{ tagFQN: 'Tier.Tier2', source: 'Classification', labelType: 'Manual', state: 'Confirmed' }] },
  ]);
  assert.equal(patched.version, 0.2);
  assert.equal(patched.description, 'Patched');
  assert.equal(patched.tags?.[0].name, 'Tier2', 'the server fills the tag in');

  const soft = await client.deleteMlModel(entity.id);
  assert.equal(soft?.deleted, true);
  assert.equal(soft?.version, 0.3);
  assert.equal(await client.getMlModelByName('mlflow_svc.eta_predictions'), undefined);
  assert.equal((await client.getMlModelByName('mlflow_svc.eta_predictions', { include: 'all' }))?.deleted, true);

  const restored = await client.createOrUpdateMlModel(request);
  assert.equal(restored.created, false, 'a PUT restores the soft-deleted model');
  assert.equal(restored.entity.deleted, false);

  await client.deleteMlModel(entity.id, { hardDelete: true });
  assert.equal(await client.getMlModelByName('mlflow_svc.eta_predictions', { include: 'all' }), undefined);
  await assert.rejects(client.listMlModelVersions(entity.id), NotFoundError);
});

test('lineage: the server records feature sources on create; edges are added, read and removed', async () => {
  const { entity } = await client.createOrUpdateMlModel(request);
  const factSale = await tableRef(sandbox, FACT_SALE);
  const rawCustomer = await tableRef(sandbox, RAW_CUSTOMER);

  const lineage = await client.getLineage('mlmodel', entity.id);
  assert.equal(lineage.entity.id, entity.id);
  assert.deepEqual(new Set(lineage.upstreamEdges?.map((e) => e.fromEntity)), new Set([factSale.id, rawCustomer.id]));
  assert.ok(lineage.upstreamEdges?.every((e) => e.toEntity === entity.id));
  assert.deepEqual(new Set(lineage.nodes?.map((n) => n.fullyQualifiedName)), new Set([FACT_SALE, RAW_CUSTOMER]));

  await client.deleteLineageEdge({ type: 'table', id: factSale.id }, { type: 'mlmodel', id: entity.id });
  const after = await client.getLineageByName('mlmodel', 'mlflow_svc.eta_predictions');
  assert.deepEqual(after.upstreamEdges?.map((e) => e.fromEntity), [rawCustomer.id]);
  await assert.rejects(client.deleteLineageEdge({ type: 'table', id: factSale.id }, { type: 'mlmodel', id: entity.id }), NotFoundError);

  await client.addLineage({ edge: { fromEntity: factSale, toEntity: { id: entity.id, type: 'mlmodel' }, description: 'features' } });
  const again = await client.getLineage('mlmodel', entity.id, { upstreamDepth: 2, downstreamDepth: 0 });
  const edge = again.upstreamEdges?.find((e) => e.fromEntity === factSale.id);
  assert.equal(edge?.description, 'features');
  const table = await client.getLineageByName('table', RAW_CUSTOMER, { upstreamDepth: 0, downstreamDepth: 1 });
  assert.ok(table.downstreamEdges?.some((e) => e.toEntity === entity.id));
  assert.ok(table.nodes?.some((n) => n.fullyQualifiedName === 'sample_data.ecommerce_db.shopify.dim_address'), 'seed lineage is there too');
});
