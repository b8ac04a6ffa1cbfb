// Nothing another person or an ingestion wrote on a lineage edge is lost by a publish: upstream's
// addLineage writes a fresh details object over an edge it is sent again (its SQL query, column
// lineage, pipeline and description gone, and from 1.7 "created" now, by the publisher), so a
// publish never sends an edge the server already has. Checked byte for byte on a version without
// the created/updated stamps (1.5), one with them (1.8) and the newest.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';
import { planPublish } from '../../server/src/publish/plan';
import { executePlan, type PublishReport } from '../../server/src/publish/execute';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { churnModel, SHOPIFY } from '../helpers/models';
import { clientOf } from '../helpers/sandbox';

const FQN = 'mlflow_svc.churn';

for (const version of ['1.5', '1.8', '2.0']) {
  let sandbox: Sandbox;
  let client: OpenMetadataClient;
  // Every request is a second later than the one before, so a re-sent edge would show a new stamp.
  let clock = Date.UTC(2026, 0, 1);
  before(async () => {
    sandbox = await startSandbox({ serverVersion: version, now: () => (clock += 1000) });
    client = clientOf(sandbox);
  });
  after(() => sandbox.close());

  const tableId = (name: string) => sandbox.store.tables.byFqn(`${SHOPIFY}.${name}`)!.id;
  const modelId = () => sandbox.store.mlmodels.getByFqn(FQN)!.id;

  async function publish(text: string): Promise<PublishReport> {
    const { plan } = await planPublish(readModel(parseModel(text)), client);
    assert.ok(plan);
    const report = await executePlan(plan, client);
    assert.deepEqual([report.lineageFailed, report.lineageRemoveFailed], [[], []]);
    return report;
  }

  /** The edge as the server answers it: its details alone, and as the model's lineage graph carries it. */
  async function edgeBytes(table: string): Promise<string[]> {
    const read = async (path: string) => {
      const response = await fetch(`${sandbox.url}${path}`);
      assert.equal(response.status, 200, path);
      return response.text();
    };
    const details = await read(`/api/v1/lineage/getLineageEdge/${tableId(table)}/${modelId()}`);
    const graph = JSON.parse(await read(`/api/v1/lineage/mlmodel/${modelId()}?upstreamDepth=1&downstreamDepth=0`)) as { upstreamEdges: Array<{ fromEntity: string }> };
    return [details, JSON.stringify(graph.upstreamEdges.find((e) => e.fromEntity === tableId(table)))];
  }

  test(`OpenMetadata ${version}: an edge someone else described survives every publish, byte for byte`, async () => {
    sandbox.reset();
    await publish(churnModel(['fact_sale', 'raw_customer']));
    // Someone else documents the fact_sale edge: a PUT with a query, column lineage and a
    // description, then a PATCH of its description (so it was updated after it was created).
    const column = sandbox.store.tables.byFqn(`${SHOPIFY}.fact_sale`)!.columns![0].fullyQualifiedName!;
    await client.addLineage({
      edge: {
        fromEntity: { id: tableId('fact_sale'), type: 'table' },
        toEntity: { id: modelId(), type: 'mlmodel' },
        description: 'sales feed of the churn model',
        lineageDetails: { sqlQuery: 'insert into churn_features select * from fact_sale', columnsLineage: [{ fromColumns: [column], toColumn: `${FQN}.f0` }], description: 'nightly load' },
      },
    });
    const patched = await fetch(`${sandbox.url}/api/v1/lineage/table/${tableId('fact_sale')}/mlmodel/${modelId()}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/description', value: 'nightly load, checked by the data team' }]),
    });
    assert.equal(patched.status, 200);
    // The sandbox has no pipeline entities for a PUT or PATCH to name, so the pipeline is put on
    // the stored edge as an ingestion would have drawn it.
    const stored = sandbox.store.lineage.upstreamOf(modelId()).find((e) => e.from.id === tableId('fact_sale'))!;
    sandbox.store.lineage.add({ ...stored, lineageDetails: { ...stored.lineageDetails, pipeline: { id: '0c7b41a4-7d1e-4c4b-9d0b-6a1e8f0c2d11', type: 'pipeline', fullyQualifiedName: 'airflow.churn_features' } } });
    const before = await edgeBytes('fact_sale');
    if (sandbox.rules.lineageStamps) assert.match(before[0], /"createdAt":\d+.*"updatedAt":\d+/, 'this version stamps edges');

    // The same file, a changed model with a new source, the edge's table dropped (its edge stays:
    // it has details), and the table back again.
    sandbox.clearRequests();
    for (const tables of [['fact_sale', 'raw_customer'], ['fact_sale', 'raw_customer', 'dim_customer'], ['raw_customer', 'dim_customer'], ['fact_sale', 'dim_customer']]) {
      const report = await publish(churnModel(tables));
      assert.deepEqual(await edgeBytes('fact_sale'), before, `after publishing ${tables.join(', ')}`);
      if (tables.includes('fact_sale')) assert.ok(report.lineageWritten.includes(`${SHOPIFY}.fact_sale`), 'an edge that is there counts as written');
    }
    const sent = sandbox.requests().filter((r) => r.method === 'PUT' && r.path === '/api/v1/lineage');
    assert.equal(sent.length, 1, 'one edge was new (dim_customer); none that existed was sent again');
  });

  test(`OpenMetadata ${version}: a model's own edges are not sent again either`, async () => {
    sandbox.reset();
    await publish(churnModel(['fact_sale']));
    sandbox.clearRequests();
    const report = await publish(`${churnModel(['fact_sale'])}description: now described\n`);
    assert.deepEqual(report.lineageWritten, [`${SHOPIFY}.fact_sale`]);
    assert.deepEqual(sandbox.requests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`), ['PUT /api/v1/mlmodels']);
  });
}
