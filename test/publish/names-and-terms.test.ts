// Publishing glossary terms and names containing `"`, against the sandbox: a term in a tag position
// is sent with `source: Glossary` (the server looks it up among glossary terms, not tags), and the
// FQN the plan predicts for a quoted name is the one the server computes, so a second publish of
// the same file is no change. Versions worked out by hand from upstream's rules.
import { capabilitiesFor } from '../../server/src/openmetadata/capabilities';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { mlModelFromCreate } from '../../server/src/openmetadata/mlmodelEntity';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';
import { executePlan } from '../../server/src/publish/execute';
import { compileModel } from '../../server/src/publish/compile';
import { resolveReferences } from '../../server/src/publish/resolve';
import { SHOPIFY } from '../helpers/models';
import { clientOf, planFor } from '../helpers/sandbox';

let newest: Sandbox;
let middle: Sandbox;
before(async () => {
  newest = await startSandbox({ serverVersion: '2.0' });
  middle = await startSandbox({ serverVersion: '1.8' });
});
after(async () => {
  await newest.close();
  await middle.close();
});

/**
 * A model named `name`, its feature `spend "eur"`. Feature tags only when asked: on 2.0 the product
 * still predicts a change to features with tags on every publish (the server enriches their labels;
 * issue 13 item 5, not this file's subject).
 */
const quoted = (name: string, featureTags = false) =>
  `name: ${name}\nalgorithm: XGBoost\nservice: mlflow_svc\nmlFeatures:\n  - name: spend "eur"\n${featureTags ? '    tags:\n      - Business Glossary.Revenue\n' : ''}    featureSources:\n      - name: gross_sales\n        dataSource: ${SHOPIFY}.fact_sale\ntags:\n  - Business Glossary.Churn\n  - Tier.Tier1\n`;

test('glossary terms are sent as tag labels with source Glossary, classification tags with source Classification', async () => {
  newest.reset();
  const p = await planFor(clientOf(newest), quoted('churn', true));
  assert.deepEqual(
    p.request.tags?.map((t) => [t.tagFQN, t.source]),
    [
      ['Business Glossary.Churn', 'Glossary'],
      ['Tier.Tier1', 'Classification'],
    ],
  );
  assert.deepEqual(p.request.mlFeatures?.[0].tags?.map((t) => [t.tagFQN, t.source]), [['Business Glossary.Revenue', 'Glossary']]);
  await executePlan(p, clientOf(newest));
  const stored = newest.store.mlmodels.getByFqn('mlflow_svc.churn')!;
  assert.deepEqual(stored.tags?.map((t) => [t.tagFQN, t.source, t.name]), [
    ['Business Glossary.Churn', 'Glossary', 'Churn'],
    ['Tier.Tier1', 'Classification', 'Tier1'],
  ]);
});

test('2.0: a name with quotes is quoted with doubled quotes; the predicted FQN is the server’s, and publishing again changes nothing', async () => {
  newest.reset();
  const first = await planFor(clientOf(newest), quoted('churn "v2"'));
  assert.equal(first.fqn, 'mlflow_svc."churn ""v2"""');
  const report = await executePlan(first, clientOf(newest));
  assert.equal(report.version, 0.1);
  assert.equal(report.model.fullyQualifiedName, first.fqn);
  assert.equal(report.model.mlFeatures?.[0].fullyQualifiedName, 'mlflow_svc."churn ""v2"""."spend ""eur"""');
  const again = await planFor(clientOf(newest), quoted('churn "v2"'));
  assert.equal(again.action, 'unchanged', again.summary);
  assert.equal(again.version.to, 0.1);
});

test('1.6 … 1.13: the model and feature FQNs the product builds are those the server stores (quotes backslash-escaped, never wrapped)', async () => {
  middle.reset();
  const c = clientOf(middle);
  const model = readModel(parseModel(quoted('churn "v2"')));
  const resolution = await resolveReferences(model, c);
  const capabilities = capabilitiesFor('1.8.12');
  assert.equal(capabilities.nameQuoting, 'backslash');
  const request = compileModel(model, resolution, capabilities);
  const created = await c.createOrUpdateMlModel(request);
  const predicted = mlModelFromCreate(request, { id: created.entity.id, service: created.entity.service, updatedBy: 'admin', updatedAt: 0 }, capabilities);
  assert.equal(created.entity.fullyQualifiedName, 'mlflow_svc.churn \\"v2\\"');
  assert.equal(predicted.fullyQualifiedName, created.entity.fullyQualifiedName);
  assert.deepEqual(
    predicted.mlFeatures?.map((f) => f.fullyQualifiedName),
    created.entity.mlFeatures?.map((f) => f.fullyQualifiedName),
  );
});
