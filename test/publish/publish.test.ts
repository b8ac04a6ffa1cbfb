// Publishing against the sandbox: the versions upstream's rules give (new 0.1; algorithm, server or
// target +1.0; anything else +0.1; nothing changed, no new version), worked out by
// hand and expected of the plan and of the sandbox alike, lineage complete and not duplicated,
// nothing written when a reference does not resolve, partial failures reported and then completed.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';
import { planPublish, type PublishPlan } from '../../server/src/publish/plan';
import { executePlan } from '../../server/src/publish/execute';
import { ETA_PREDICTIONS } from '../helpers/models';
import { clientOf, planFor, useSandbox } from '../helpers/sandbox';

const eta = ETA_PREDICTIONS;
const sandbox = useSandbox();
let client: OpenMetadataClient;
beforeEach(() => {
  client = clientOf(sandbox);
});

/**
 * Publish, expecting `version`, worked out by hand from upstream's rules: of the plan (the
 * prediction) and of the sandbox (what a server makes), so that the two being wrong the same way
 * still fails.
 */
async function publish(text: string, version: number): Promise<PublishPlan> {
  const p = await planFor(client, text);
  assert.equal(p.version.to, version, `the plan predicts ${p.version.to} (${p.summary})`);
  const report = await executePlan(p, client);
  assert.equal(report.version, version, `the sandbox made ${report.version}`);
  assert.equal(sandbox.store.mlmodels.getByFqn(p.fqn)?.version, version);
  assert.deepEqual(report.lineageFailed, []);
  return p;
}

async function upstreamTables(fqn: string): Promise<string[]> {
  const lineage = await client.getLineageByName('mlmodel', fqn, { upstreamDepth: 1, downstreamDepth: 0 });
  const names = new Map((lineage.nodes ?? []).map((n) => [n.id, n.fullyQualifiedName]));
  return (lineage.upstreamEdges ?? []).map((e) => names.get(e.fromEntity) ?? e.fromEntity).sort();
}

test('the version sequence: create, description, algorithm, no change, a feature, a tag', async () => {
  const created = await publish(eta, 0.1);
  assert.deepEqual([created.action, created.version, created.summary], ['create', { to: 0.1 }, 'new model, version 0.1']);

  // A description: a minor change, +0.1.
  const description = await publish(eta.replace('ETA Predictions Model.', 'ETA Predictions Model, retrained weekly.'), 0.2);
  assert.deepEqual([description.action, description.version, description.summary], ['update', { from: 0.1, to: 0.2 }, '0.1 → 0.2: description changed']);

  let text = eta.replace('ETA Predictions Model.', 'ETA Predictions Model, retrained weekly.').replace('algorithm: Neural Network', 'algorithm: Gradient Boosting');
  // The algorithm: a major change, +1.0 with the minor kept.
  const algorithm = await publish(text, 1.2);
  assert.deepEqual([algorithm.version, algorithm.majorFields, algorithm.summary], [{ from: 0.2, to: 1.2 }, ['algorithm'], '0.2 → 1.2: algorithm changed (major)']);

  const again = await publish(text, 1.2);
  assert.deepEqual([again.action, again.version, again.summary], ['unchanged', { from: 1.2, to: 1.2 }, 'unchanged, version 1.2']);

  text = text.replace('mlHyperParameters:', '  - name: shop\n    dataType: categorical\n    featureSources:\n      - name: shop_id\n        dataType: number\n        dataSource: sample_data.ecommerce_db.shopify."dim.product"\nmlHyperParameters:');
  const feature = await publish(text, 1.3);
  assert.deepEqual([feature.version, feature.changedFields], [{ from: 1.2, to: 1.3 }, ['mlFeatures']]);

  text = text.replace('  - Tier.Tier1', '  - Tier.Tier1\n  - PersonalData.Personal');
  const tag = await publish(text, 1.4);
  assert.deepEqual([tag.version, tag.changedFields], [{ from: 1.3, to: 1.4 }, ['tags']]);

  // Dropping the tag from the file does not remove it on the server (PUT merges tags): the plan says so.
  const dropped = await publish(text.replace('\n  - PersonalData.Personal', ''), 1.4);
  assert.deepEqual([dropped.action, dropped.keptTags], ['unchanged', ['PersonalData.Personal']]);
  assert.equal(dropped.summary, 'unchanged, version 1.4; kept on the server, not in the file (a publish never removes a tag): PersonalData.Personal');
});

test('lineage: one edge per distinct source table, present after publishing, never duplicated', async () => {
  const first = await publish(eta, 0.1);
  assert.deepEqual(first.lineage.tables.map((t) => t.fullyQualifiedName), ['sample_data.ecommerce_db.shopify.fact_sale', 'sample_data.ecommerce_db.shopify.raw_customer']);
  const expected = ['sample_data.ecommerce_db.shopify.fact_sale', 'sample_data.ecommerce_db.shopify.raw_customer'];
  assert.deepEqual(await upstreamTables('mlflow_svc.eta_predictions'), expected);
  const second = await publish(eta, 0.1);
  assert.deepEqual(second.lineage.present, expected);
  assert.deepEqual(await upstreamTables('mlflow_svc.eta_predictions'), expected);
});

test('a reference that does not resolve: nothing is written, and it is named', async () => {
  const text = eta.replace('shopify.fact_sale', 'shopify.fact_sal').replace('user: aaron_johnson0', 'user: nobody_here');
  const result = await planPublish(readModel(parseModel(text)), client);
  assert.equal(result.plan, undefined);
  assert.deepEqual(result.unresolved!.sort((a, b) => a.name.localeCompare(b.name)), [
    { kind: 'user', name: 'nobody_here' },
    { kind: 'table', name: 'sample_data.ecommerce_db.shopify.fact_sal' },
  ]);
  assert.ok(!sandbox.requests().some((r) => r.method !== 'GET'), 'only reads were sent');
});

test('a lineage edge that fails is reported exactly, and publishing again completes it', async () => {
  const p = await planFor(client, eta);
  const rawCustomer = p.lineage.tables.find((t) => t.fullyQualifiedName!.endsWith('raw_customer'))!;
  sandbox.faults.add({ method: 'PUT', path: '/api/v1/lineage', status: 500, message: 'lineage store unavailable', times: 1 });
  // One fault, two edges: exactly one of them fails, whichever is sent first.
  const report = await executePlan(p, client);
  assert.equal(report.version, 0.1);
  assert.equal(report.lineageFailed.length, 1);
  assert.match(report.lineageFailed[0].message, /lineage store unavailable/);
  assert.equal(report.lineageWritten.length, 1);
  void rawCustomer;
  const retry = await planFor(client, eta);
  assert.equal(retry.action, 'unchanged');
  const completed = await executePlan(retry, client);
  assert.deepEqual(completed.lineageFailed, []);
  assert.deepEqual(await upstreamTables('mlflow_svc.eta_predictions'), ['sample_data.ecommerce_db.shopify.fact_sale', 'sample_data.ecommerce_db.shopify.raw_customer']);
});
