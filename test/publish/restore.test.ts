// A soft-deleted model is restored by a publish, not created: upstream's createOrUpdate looks the
// name up with Include.ALL and updates the deleted model (same id, a new version, deleted true →
// false, its tags merged back). The plan reads it with include=all and says so, with the version
// the restore makes, and the stale-lineage logic runs for it: its old edges are still on the server.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { executePlan } from '../../server/src/publish/execute';
import { lineageChangeLines, lineageChangesOf } from '../../server/src/shared/wording';
import { churnModel, SHOPIFY, tempModelFile } from '../helpers/models';
import { runCli } from '../helpers/cli';
import { clientOf, planFor, useSandbox } from '../helpers/sandbox';

const FQN = 'mlflow_svc.churn';
const sandbox = useSandbox();
let client: OpenMetadataClient;
beforeEach(() => {
  client = clientOf(sandbox);
});

const tagged = (tables: string[]) => `${churnModel(tables)}tags: [Tier.Tier1]\n`;
const tableId = (name: string) => sandbox.store.tables.byFqn(`${SHOPIFY}.${name}`)!.id;
const upstream = (id: string) =>
  sandbox.store.lineage
    .upstreamOf(id)
    .map((e) => sandbox.store.tables.byId(e.from.id)!.fullyQualifiedName!.slice(SHOPIFY.length + 1))
    .sort();

/** Publishes `text` (0.1), then deletes the model softly (0.2, deleted); its id. */
async function publishedThenDeleted(text: string): Promise<string> {
  const created = await executePlan(await planFor(client, text), client);
  const deleted = await client.deleteMlModel(created.model.id);
  assert.deepEqual([deleted?.deleted, deleted?.version], [true, 0.2]);
  return created.model.id;
}

test('a deleted model is restored, not created: same id, the version after the deletion, its tags back', async () => {
  const id = await publishedThenDeleted(tagged(['fact_sale', 'raw_customer']));
  const p = await planFor(client, churnModel(['fact_sale', 'raw_customer']));
  assert.equal(p.action, 'restore');
  assert.deepEqual(p.version, { from: 0.2, to: 0.3 });
  assert.equal(p.current?.id, id);
  assert.match(p.summary, /^restores the deleted model mlflow_svc\.churn \(version 0\.2 → 0\.3\)/);
  assert.match(p.summary, /kept on the server, not in the file \(a publish never removes a tag\): Tier\.Tier1/);

  const report = await executePlan(p, client);
  assert.deepEqual([report.model.id, report.version, report.created], [id, 0.3, false]);
  const stored = sandbox.store.mlmodels.getByFqn(FQN)!;
  assert.deepEqual([stored.id, stored.deleted, stored.version], [id, false, 0.3]);
  assert.deepEqual(stored.tags?.map((t) => t.tagFQN), ['Tier.Tier1']);

  const again = await planFor(client, churnModel(['fact_sale', 'raw_customer']));
  assert.deepEqual([again.action, again.version], ['unchanged', { from: 0.3, to: 0.3 }]);
});

test('a restore that changes the algorithm: a major version, said with the restore', async () => {
  await publishedThenDeleted(churnModel(['fact_sale']));
  const p = await planFor(client, churnModel(['fact_sale']).replace('algorithm: XGBoost', 'algorithm: LightGBM'));
  assert.deepEqual([p.action, p.version], ['restore', { from: 0.2, to: 1.2 }]);
  assert.match(p.summary, /^restores the deleted model mlflow_svc\.churn \(version 0\.2 → 1\.2\): algorithm changed \(major\)/);
  assert.equal((await executePlan(p, client)).version, 1.2);
});

test('the restored model\'s old edges: a dropped source\'s edge is removed, one with details kept, none re-sent', async () => {
  const id = await publishedThenDeleted(churnModel(['fact_sale', 'raw_customer', 'dim_customer']));
  // Someone wrote a query on dim_customer's edge while the model was deleted (the edge stays).
  sandbox.store.lineage.add({ from: { id: tableId('dim_customer'), type: 'table' }, to: { id, type: 'mlmodel' }, lineageDetails: { sqlQuery: 'select * from dim_customer', source: 'Manual' } as never });
  const before = JSON.stringify(sandbox.store.lineage.upstreamOf(id).find((e) => e.from.id === tableId('dim_customer')));

  const p = await planFor(client, churnModel(['fact_sale', 'fact_order']));
  assert.equal(p.action, 'restore');
  sandbox.clearRequests();
  const report = await executePlan(p, client);
  assert.deepEqual([report.lineageFailed, report.lineageRemoveFailed], [[], []]);
  assert.deepEqual(report.lineageWritten, [`${SHOPIFY}.fact_sale`, `${SHOPIFY}.fact_order`]);
  assert.deepEqual(report.lineageRemoved, [`${SHOPIFY}.raw_customer`]);
  assert.deepEqual(upstream(id), ['dim_customer', 'fact_order', 'fact_sale']);
  assert.equal(JSON.stringify(sandbox.store.lineage.upstreamOf(id).find((e) => e.from.id === tableId('dim_customer'))), before);
  const writes = sandbox.requests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.split('/')[3]}`);
  assert.deepEqual(writes, ['PUT mlmodels', 'PUT lineage', 'DELETE lineage'], 'fact_sale\'s edge is there: only fact_order\'s is sent');

  // After the restore the plan sees the lineage as it is: nothing to add or remove.
  const settled = await planFor(client, churnModel(['fact_sale', 'fact_order']));
  assert.deepEqual([settled.action, lineageChangesOf(settled.lineage)], ['unchanged', { add: [], remove: [], kept: [] }]);
});

test('the preview of a restore says its lineage is checked once it is restored, and lists no edge it cannot know', async () => {
  await publishedThenDeleted(churnModel(['fact_sale', 'raw_customer']));
  const p = await planFor(client, churnModel(['fact_sale']));
  assert.deepEqual(lineageChangesOf(p.lineage), { add: [], remove: [], kept: [] });
  assert.match(p.summary, /; its lineage is checked once it is restored \(OpenMetadata shows no lineage of a deleted model\)$/);
  assert.deepEqual(lineageChangeLines(lineageChangesOf(p.lineage)), []);
});

test('CLI: diff and publish --dry-run say the deleted model is restored, and publish restores it', async () => {
  await publishedThenDeleted(churnModel(['fact_sale']));
  const file = tempModelFile('churn.mlmodel.yaml', churnModel(['fact_sale']));
  const diff = await runCli(['diff', '--server', sandbox.url, file]);
  assert.equal(diff.code, 3, diff.stdout + diff.stderr);
  assert.match(diff.stdout, /^mlflow_svc\.churn: restores the deleted model mlflow_svc\.churn \(version 0\.2 → 0\.3\)/);

  const dry = await runCli(['publish', '--dry-run', '--server', sandbox.url, file]);
  assert.equal(dry.code, 0, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /churn\.mlmodel\.yaml: mlflow_svc\.churn would restore \(restores the deleted model mlflow_svc\.churn \(version 0\.2 → 0\.3\)/);
  assert.equal(sandbox.store.mlmodels.getByFqn(FQN)?.deleted, true, 'a dry run writes nothing');

  const json = await runCli(['publish', '--format', 'json', '--server', sandbox.url, file]);
  assert.equal(json.code, 0, json.stdout + json.stderr);
  const [outcome] = JSON.parse(json.stdout);
  assert.deepEqual([outcome.status, outcome.action, outcome.version], ['published', 'restore', { from: 0.2, to: 0.3 }]);
  assert.equal(sandbox.store.mlmodels.getByFqn(FQN)?.deleted, false);
});
