// OpenMetadata's version arithmetic on one model through a sequence of changes, each step
// pinning one rule: new 0.1; +0.1 minor; +1.0 major for algorithm, server and target; unchanged PUT
// keeps version and changeDescription; PUT merges tags and keeps owners; PATCH replaces them;
// JSON-string values for dashboard, mlStore and list fields; PATCH session consolidation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesFor } from '../../server/src/openmetadata/capabilities';
import { mlModelFromCreate } from '../../server/src/openmetadata/mlmodelEntity';
import { pojoToJson } from '../../server/src/openmetadata/pojoJson';
import type { CreateMlModel, EntityReference, MlModel, TagLabel } from '../../server/src/openmetadata/types';
import {
  nextMajorVersion,
  nextVersion,
  planMlModelUpdate,
  shouldConsolidate,
  UpdateRejectedError,
  type UpdateContext,
  type UpdatePlan,
} from '../../server/src/openmetadata/versioning';

const service: EntityReference = { id: '0b7ed3a4-4a2c-5d3e-9a55-6d8f3c1b2a10', type: 'mlmodelService', name: 'mlflow_svc', fullyQualifiedName: 'mlflow_svc', deleted: false };
const dashboardA: EntityReference = { id: '5d4f6a1e-2b3c-5d4e-8f90-1a2b3c4d5e6f', type: 'dashboard', name: 'eta_predictions_performance', fullyQualifiedName: 'sample_superset.eta_predictions_performance', description: '', displayName: 'ETA Predictions Performance', deleted: false };
const dashboardB: EntityReference = { id: '7e8f9a0b-1c2d-5e3f-9a4b-5c6d7e8f9a0b', type: 'dashboard', name: 'forecast_sales_performance', fullyQualifiedName: 'sample_superset.forecast_sales_performance', deleted: false };
const factSale: EntityReference = { id: '2644bb5f-a8df-5335-b993-b909c7d09ca0', type: 'table', fullyQualifiedName: 'sample_data.ecommerce_db.shopify.fact_sale' };
const alice: EntityReference = { id: '11111111-1111-5111-8111-111111111111', type: 'user', name: 'alice', fullyQualifiedName: 'alice', deleted: false };
const bob: EntityReference = { id: '22222222-2222-5222-8222-222222222222', type: 'user', name: 'bob', fullyQualifiedName: 'bob', deleted: false };
const tier1: TagLabel = { tagFQN: 'Tier.Tier1', name: 'Tier1', source: 'Classification', labelType: 'Manual', state: 'Confirmed' };
const pii: TagLabel = { tagFQN: 'PII.Sensitive', name: 'Sensitive', source: 'Classification', labelType: 'Manual', state: 'Confirmed' };

/** The rules of the newest server the table knows; per-version rules are pinned in test/publish/server-versions.test.ts. */
const CAPS = capabilitiesFor('2.0.7');
const T0 = 1_750_000_000_000;
const MINUTE = 60_000;

const baseRequest: CreateMlModel = {
  name: 'eta_predictions',
  service: 'mlflow_svc',
  algorithm: 'Neural Network',
  server: 'http://my-server.ai',
  target: 'ETA_time',
  mlStore: { storage: 's3://path-to-pickle', imageRepository: 'https://docker.hub.com/image' },
  mlFeatures: [{ name: 'sales', dataType: 'numerical', featureSources: [{ name: 'gross_sales', dataType: 'integer', dataSource: factSale }] }],
};

/** The entity a PUT of `request` describes, as the server builds it before versioning. */
function entity(request: Partial<CreateMlModel>, extra: Partial<MlModel> = {}, at = T0): MlModel {
  return { ...mlModelFromCreate({ ...baseRequest, ...request } as CreateMlModel, { id: 'ignored-on-update', service, updatedBy: 'alice', updatedAt: at }, CAPS), ...extra };
}

function put(stored: MlModel, updated: MlModel, context: Partial<UpdateContext> = {}): UpdatePlan {
  return planMlModelUpdate(stored, updated, { operation: 'PUT', updatedBy: 'alice', updatedAt: T0 + MINUTE, capabilities: CAPS, ...context });
}

function changedFields(plan: UpdatePlan): { added: string[]; updated: string[]; deleted: string[] } {
  const names = (list: { name: string }[]): string[] => list.map((c) => c.name);
  const c = plan.changeDescription;
  return { added: names(c.fieldsAdded), updated: names(c.fieldsUpdated), deleted: names(c.fieldsDeleted) };
}

test('the arithmetic is upstream EntityUtil: +0.1 minor, +1.0 major, rounded to one decimal', () => {
  assert.equal(nextVersion(0.1), 0.2);
  assert.equal(nextVersion(0.2), 0.3);
  assert.equal(nextVersion(0.9), 1.0);
  assert.equal(nextVersion(1.2), 1.3);
  assert.equal(nextMajorVersion(0.1), 1.1);
  assert.equal(nextMajorVersion(1.2), 2.2);
  assert.equal(nextMajorVersion(9.9), 10.9);
  let v = 0.1;
  for (let i = 0; i < 50; i++) v = nextVersion(v);
  assert.equal(v, 5.1, 'no floating-point drift over many minor versions');
});

test('a sequence of PUTs and PATCHes follows upstream’s version rules at every step', () => {
  // 1. A new model is 0.1 with no changeDescription.
  let stored = entity({}, { id: 'model-1' }, T0);
  assert.equal(stored.version, 0.1);
  assert.equal(stored.changeDescription, undefined);
  assert.equal(stored.fullyQualifiedName, 'mlflow_svc.eta_predictions');
  assert.equal(stored.mlFeatures?.[0].fullyQualifiedName, 'mlflow_svc.eta_predictions.sales');
  assert.equal(stored.mlFeatures?.[0].featureSources?.[0].fullyQualifiedName, 'sample_data.ecommerce_db.shopify.fact_sale.gross_sales');

  // 2. An unchanged PUT keeps the version, the (absent) changeDescription and the updatedAt/By.
  let plan = put(stored, entity({}), { updatedBy: 'bob' });
  assert.equal(plan.version, 0.1);
  assert.equal(plan.noChange, true);
  assert.equal(plan.versionChanged, false);
  assert.equal(plan.entity.changeDescription, undefined);
  assert.equal(plan.entity.updatedBy, 'alice');
  assert.equal(plan.entity.updatedAt, T0);
  assert.deepEqual(plan.incrementalChangeDescription, { fieldsAdded: [], fieldsUpdated: [], fieldsDeleted: [], previousVersion: 0.1 });

  // 3. A description is a minor change: 0.1 → 0.2, recorded as added with its raw value.
  plan = put(stored, entity({ description: 'Predicts delivery time' }));
  assert.equal(plan.version, 0.2);
  assert.deepEqual(plan.changeDescription, { fieldsAdded: [{ name: 'description', newValue: 'Predicts delivery time' }], fieldsUpdated: [], fieldsDeleted: [], previousVersion: 0.1 });
  assert.deepEqual(plan.majorFields, []);
  assert.equal(plan.entity.updatedAt, T0 + MINUTE);
  assert.deepEqual(plan.historyEntry, stored, 'the replaced version goes to the history');
  stored = plan.entity;

  // 4. The algorithm is major: 0.2 → 1.2 (not 1.0).
  plan = put(stored, entity({ description: 'Predicts delivery time', algorithm: 'XGBoost' }));
  assert.equal(plan.version, 1.2);
  assert.deepEqual(plan.majorFields, ['algorithm']);
  assert.deepEqual(plan.changeDescription.fieldsUpdated, [{ name: 'algorithm', oldValue: 'Neural Network', newValue: 'XGBoost' }]);
  stored = plan.entity;

  // 5. So are the server and the target, together still one major step: 1.2 → 2.2.
  plan = put(stored, entity({ description: 'Predicts delivery time', algorithm: 'XGBoost', server: 'http://new.ai', target: 'eta' }));
  assert.equal(plan.version, 2.2);
  assert.deepEqual(plan.majorFields, ['server', 'target']);
  assert.deepEqual(changedFields(plan), { added: [], updated: ['server', 'target'], deleted: [] });
  stored = plan.entity;
  const current = { description: 'Predicts delivery time', algorithm: 'XGBoost', server: 'http://new.ai', target: 'eta' };

  // 6. Omitting the algorithm in a PUT means the request default "mlmodel": a major change.
  plan = put(stored, entity({ ...current, algorithm: undefined }));
  assert.equal(plan.version, 3.2);
  assert.deepEqual(plan.changeDescription.fieldsUpdated, [{ name: 'algorithm', oldValue: 'XGBoost', newValue: 'mlmodel' }]);

  // 7. Dashboard and mlStore are minor, their values JSON strings of the objects.
  plan = put(stored, entity({ ...current, mlStore: { storage: 's3://other' } }, { dashboard: dashboardA }));
  assert.equal(plan.version, 2.3);
  assert.deepEqual(plan.changeDescription.fieldsAdded, [{ name: 'dashboard', newValue: pojoToJson(dashboardA, 'entityReference') }]);
  assert.deepEqual(plan.changeDescription.fieldsUpdated, [
    {
      name: 'mlStore',
      oldValue: '{"storage":"s3://path-to-pickle","imageRepository":"https://docker.hub.com/image"}',
      newValue: '{"storage":"s3://other"}',
    },
  ]);
  assert.equal(
    plan.changeDescription.fieldsAdded[0].newValue,
    '{"id":"5d4f6a1e-2b3c-5d4e-8f90-1a2b3c4d5e6f","type":"dashboard","name":"eta_predictions_performance","fullyQualifiedName":"sample_superset.eta_predictions_performance","description":"","displayName":"ETA Predictions Performance","deleted":false}',
  );
  stored = plan.entity;
  Object.assign(current, { mlStore: { storage: 's3://other' } });

  // 8. Another dashboard is an update of the reference (matched by id), still minor.
  plan = put(stored, entity(current, { dashboard: dashboardB }));
  assert.equal(plan.version, 2.4);
  assert.deepEqual(changedFields(plan), { added: [], updated: ['dashboard'], deleted: [] });
  stored = plan.entity;

  // 9. Editing a feature is minor and recorded as the old feature deleted and the new one added.
  const editedFeature = { name: 'sales', dataType: 'categorical' as const, featureSources: [{ name: 'gross_sales', dataType: 'integer' as const, dataSource: factSale }] };
  plan = put(stored, entity({ ...current, mlFeatures: [editedFeature] }, { dashboard: dashboardB }));
  assert.equal(plan.version, 2.5);
  assert.deepEqual(changedFields(plan), { added: ['mlFeatures'], updated: [], deleted: ['mlFeatures'] });
  assert.equal(
    plan.changeDescription.fieldsDeleted[0].oldValue,
    '[{"name":"sales","dataType":"numerical","fullyQualifiedName":"mlflow_svc.eta_predictions.sales","featureSources":[{"name":"gross_sales","dataType":"integer","fullyQualifiedName":"sample_data.ecommerce_db.shopify.fact_sale.gross_sales","dataSource":{"id":"2644bb5f-a8df-5335-b993-b909c7d09ca0","type":"table","fullyQualifiedName":"sample_data.ecommerce_db.shopify.fact_sale"},"tags":[]}]}]',
    'JSON of the feature as Jackson writes it: schema order, nulls omitted, source tags defaulted to []',
  );
  assert.match(plan.changeDescription.fieldsAdded[0].newValue as string, /^\[\{"name":"sales","dataType":"categorical"/);
  stored = plan.entity;
  Object.assign(current, { mlFeatures: [editedFeature] });

  // 10. Removing every feature is minor too (unlike table columns).
  plan = put(stored, entity({ ...current, mlFeatures: [] }, { dashboard: dashboardB }));
  assert.equal(plan.version, 2.6);
  assert.deepEqual(changedFields(plan), { added: [], updated: [], deleted: ['mlFeatures'] });

  // 11. Hyperparameters: a new one is added (JSON array of the added items).
  plan = put(stored, entity({ ...current, mlHyperParameters: [{ name: 'lr', value: '0.1' }] }, { dashboard: dashboardB }));
  assert.equal(plan.version, 2.6);
  assert.deepEqual(plan.changeDescription.fieldsAdded, [{ name: 'mlHyperParameters', newValue: '[{"name":"lr","value":"0.1"}]' }]);
  stored = plan.entity;
  Object.assign(current, { mlHyperParameters: [{ name: 'lr', value: '0.1' }] });

  // 12. Tags and owners by PUT: added, minor.
  plan = put(stored, entity(current, { dashboard: dashboardB, tags: [tier1], owners: [alice] }));
  assert.equal(plan.version, 2.7);
  assert.deepEqual(changedFields(plan), { added: ['owners', 'tags'], updated: [], deleted: [] });
  assert.equal(plan.changeDescription.fieldsAdded[0].newValue, '[{"id":"11111111-1111-5111-8111-111111111111","type":"user","name":"alice","fullyQualifiedName":"alice","deleted":false}]');
  stored = plan.entity;

  // 13. PUT merges tags: sending only PII.Sensitive adds it and keeps Tier.Tier1 (sorted by FQN).
  plan = put(stored, entity(current, { dashboard: dashboardB, tags: [pii] }));
  assert.equal(plan.version, 2.8);
  assert.deepEqual(plan.entity.tags?.map((t) => t.tagFQN), ['PII.Sensitive', 'Tier.Tier1']);
  assert.deepEqual(changedFields(plan), { added: ['tags'], updated: [], deleted: [] });
  assert.deepEqual(plan.entity.owners, [alice], 'a PUT without owners keeps them');
  stored = plan.entity;

  // 14. A PUT without tags or owners changes nothing: same version, stored changeDescription kept.
  plan = put(stored, entity(current, { dashboard: dashboardB }), { updatedBy: 'bob', updatedAt: T0 + 2 * MINUTE });
  assert.equal(plan.noChange, true);
  assert.equal(plan.version, 2.8);
  assert.deepEqual(plan.entity.changeDescription, stored.changeDescription);
  assert.deepEqual(plan.responseChangeDescription, stored.changeDescription);
  assert.equal(plan.entity.updatedBy, 'alice');

  // 15. PUT replaces owners when it names some: bob instead of alice.
  plan = put(stored, entity(current, { dashboard: dashboardB, owners: [bob] }));
  assert.equal(plan.version, 2.9);
  assert.deepEqual(changedFields(plan), { added: ['owners'], updated: [], deleted: ['owners'] });
  stored = plan.entity;

  // 16. PATCH replaces tags: dropping Tier.Tier1 is recorded as deleted. A different user: no consolidation.
  const patched = { ...stored, tags: [stored.tags?.[0] as TagLabel] };
  plan = planMlModelUpdate(stored, patched, { capabilities: CAPS, operation: 'PATCH', updatedBy: 'bob', updatedAt: T0 + 3 * MINUTE });
  assert.equal(plan.consolidated, false);
  assert.equal(plan.version, 3.0);
  assert.deepEqual(changedFields(plan), { added: [], updated: [], deleted: ['tags'] });
  assert.equal(JSON.parse(plan.changeDescription.fieldsDeleted[0].oldValue as string)[0].tagFQN, 'Tier.Tier1');
  assert.deepEqual(plan.responseChangeDescription, plan.incrementalChangeDescription);
  const beforeSession = stored;
  stored = plan.entity;

  // 17. A second PATCH by the same user within 10 minutes is folded into the previous version.
  let previous = beforeSession;
  const second = { ...stored, description: 'Better description' };
  plan = planMlModelUpdate(stored, second, { capabilities: CAPS, operation: 'PATCH', updatedBy: 'bob', updatedAt: T0 + 5 * MINUTE, previous });
  assert.equal(plan.consolidated, true);
  assert.equal(plan.version, 3.0, 'the version does not advance again within the session');
  assert.equal(plan.changeDescription.previousVersion, 2.9);
  assert.deepEqual(changedFields(plan), { added: [], updated: ['description'], deleted: ['tags'] });
  assert.deepEqual(plan.incrementalChangeDescription.fieldsUpdated, [{ name: 'description', oldValue: 'Predicts delivery time', newValue: 'Better description' }]);
  assert.equal(plan.incrementalChangeDescription.previousVersion, 3.0);
  assert.deepEqual(plan.historyEntry, beforeSession, 'the session start stays the stored previous version');
  stored = plan.entity;

  // 18. Undoing the whole session returns to the previous version and drops it from the history.
  const undo = { ...stored, description: 'Predicts delivery time', tags: beforeSession.tags };
  plan = planMlModelUpdate(stored, undo, { capabilities: CAPS, operation: 'PATCH', updatedBy: 'bob', updatedAt: T0 + 6 * MINUTE, previous });
  assert.equal(plan.consolidated, true);
  assert.equal(plan.version, 2.9);
  assert.equal(plan.dropHistoryVersion, 2.9);
  assert.deepEqual(plan.entity.changeDescription, beforeSession.changeDescription);

  // 19. After the session (over 10 minutes later) a PATCH makes a new version again.
  previous = beforeSession;
  plan = planMlModelUpdate(stored, { ...stored, description: 'Later' }, { capabilities: CAPS, operation: 'PATCH', updatedBy: 'bob', updatedAt: T0 + 30 * MINUTE, previous });
  assert.equal(plan.consolidated, false);
  assert.equal(plan.version, 3.1);

  // 20. PUT is never consolidated, even by the same user within the session.
  assert.equal(shouldConsolidate(stored, { capabilities: CAPS, operation: 'PUT', updatedBy: 'bob', updatedAt: T0 + 4 * MINUTE }), false);
  assert.equal(shouldConsolidate(stored, { capabilities: CAPS, operation: 'PATCH', updatedBy: 'bob', updatedAt: T0 + 4 * MINUTE }), true);
});

test('sourceUrl, displayName and extension changes are minor and recorded per upstream', () => {
  const stored = entity({ extension: { team: 'eta', tier: 1 } }, { id: 'model-2' });
  const plan = put(stored, entity({ displayName: 'ETA', sourceUrl: 'https://mlflow.example.com/eta', extension: { team: 'eta', tier: 2, owner: 'x' } }));
  assert.equal(plan.version, 0.2);
  assert.deepEqual(plan.changeDescription, {
    fieldsAdded: [
      { name: 'displayName', newValue: 'ETA' },
      { name: 'extension', newValue: '[{"owner":"x"}]' },
      { name: 'sourceUrl', newValue: 'https://mlflow.example.com/eta' },
    ],
    fieldsUpdated: [{ name: 'extension.tier', oldValue: '1', newValue: '2' }],
    fieldsDeleted: [],
    previousVersion: 0.1,
  });
  const keep = put(stored, entity({}));
  assert.deepEqual(keep.entity.extension, { team: 'eta', tier: 1 }, 'a PUT without extension keeps it');
  assert.equal(keep.version, 0.1);
});

test('a PUT by a bot cannot overwrite a non-empty description', () => {
  const stored = entity({ description: 'Written by a person' }, { id: 'model-3' });
  const plan = put(stored, entity({ description: 'Generated' }), { byBot: true, updatedBy: 'ingestion-bot' });
  assert.equal(plan.entity.description, 'Written by a person');
  assert.equal(plan.noChange, true);
  const human = put(stored, entity({ description: 'Generated' }));
  assert.equal(human.version, 0.2);
});

test('a PUT restores a soft-deleted model as a minor change; an update cannot delete', () => {
  const deleted = entity({}, { id: 'model-4', deleted: true, version: 0.2 });
  const plan = put(deleted, entity({}));
  assert.equal(plan.entity.deleted, false);
  assert.equal(plan.version, 0.3);
  assert.deepEqual(plan.changeDescription.fieldsUpdated, [{ name: 'deleted', oldValue: true, newValue: false }]);
  const live = entity({}, { id: 'model-5' });
  assert.throws(() => planMlModelUpdate(live, { ...live, deleted: true }, { capabilities: CAPS, operation: 'PATCH', updatedBy: 'alice', updatedAt: T0 }), UpdateRejectedError);
});

test('the planner never modifies its inputs', () => {
  const stored = entity({}, { id: 'model-6', tags: [tier1] });
  const updated = entity({ algorithm: 'Other' }, { tags: [pii] });
  const before = JSON.stringify([stored, updated]);
  put(stored, updated);
  assert.equal(JSON.stringify([stored, updated]), before);
});
