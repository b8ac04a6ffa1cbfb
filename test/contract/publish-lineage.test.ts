// The requests a publish sends to keep lineage true, captured on the way out, against the upstream
// contract: the lineage graph it reads validates as EntityLineage, each edge it adds as an
// AddLineageRequest, and each edge it removes is `DELETE /v1/lineage/{fromEntity}/{fromId}/{toEntity}/{toId}`
// (LineageResource) with entity types as EntityReference.type spells them, UUID ids and no body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';
import { planPublish } from '../../server/src/publish/plan';
import { executePlan } from '../../server/src/publish/execute';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { UPSTREAM_MISSING, upstreamValidator } from '../helpers/upstream';

interface Exchange {
  method: string;
  path: string;
  contentType: string | null;
  body?: unknown;
  status: number;
  response: string;
}

let sandbox: Sandbox;
const exchanges: Exchange[] = [];

const capturing: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const text = await response.clone().text();
  exchanges.push({
    method: init?.method ?? 'GET',
    path: new URL(String(input)).pathname,
    contentType: new Headers(init?.headers).get('content-type'),
    body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    status: response.status,
    response: text,
  });
  return response;
};

before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

function valid(schema: string, value: unknown, label: string): void {
  const validate = upstreamValidator(schema);
  const errors = validate(value) ? [] : (validate.errors ?? []);
  assert.deepEqual(errors, [], `${label} against ${schema}: ${JSON.stringify(errors, null, 2)}`);
}

const model = (tables: string[]) =>
  `name: churn\nalgorithm: XGBoost\nservice: mlflow_svc\nmlFeatures:\n${tables.map((t, i) => `  - name: f${i}\n    featureSources:\n      - name: c${i}\n        dataSource: sample_data.ecommerce_db.shopify.${t}\n`).join('')}`;

test('removing a stale edge: the graph read, the edges written and the DELETE sent all follow the upstream contract', { skip: UPSTREAM_MISSING }, async () => {
  const client = new OpenMetadataClient({ baseUrl: sandbox.url, fetch: capturing });
  const publish = async (text: string) => {
    const { plan } = await planPublish(readModel(parseModel(text)), client);
    assert.ok(plan);
    return executePlan(plan, client);
  };
  const first = await publish(model(['fact_sale', 'raw_customer', 'dim_customer']));
  // A note drawn on one edge by hand, with the fields a newer server adds: the graph still validates.
  const dimCustomer = sandbox.store.tables.byFqn('sample_data.ecommerce_db.shopify.dim_customer')!;
  await client.addLineage({ edge: { fromEntity: { id: dimCustomer.id, type: 'table' }, toEntity: { id: first.model.id, type: 'mlmodel' }, lineageDetails: { description: 'kept by hand' } } });
  exchanges.length = 0;

  const report = await publish(model(['fact_sale']));
  assert.deepEqual(report.lineageRemoved, ['sample_data.ecommerce_db.shopify.raw_customer']);

  const graphs = exchanges.filter((e) => e.method === 'GET' && e.path.startsWith('/api/v1/lineage/'));
  assert.ok(graphs.length >= 1);
  for (const g of graphs) valid('type/entityLineage.json', JSON.parse(g.response), `GET ${g.path}`);

  const writes = exchanges.filter((e) => e.method !== 'GET');
  assert.deepEqual(
    writes.map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, '{id}')}`),
    ['PUT /api/v1/mlmodels', 'PUT /api/v1/lineage', 'DELETE /api/v1/lineage/table/{id}/mlmodel/{id}'],
  );
  valid('api/lineage/addLineage.json', writes[1].body, 'AddLineageRequest');

  const removal = writes[2];
  assert.equal(removal.body, undefined, 'a DELETE carries no body');
  assert.equal(removal.contentType, null);
  const [fromEntity, fromId, toEntity, toId] = removal.path.split('/').slice(4);
  const uuid = upstreamValidator('type/basic.json#/definitions/uuid');
  assert.ok(uuid(fromId) && uuid(toId), removal.path);
  const rawCustomer = sandbox.store.tables.byFqn('sample_data.ecommerce_db.shopify.raw_customer')!;
  assert.deepEqual([fromEntity, fromId, toEntity, toId], ['table', rawCustomer.id, 'mlmodel', first.model.id]);
  // The types are the EntityReference.type values the server's own references carry.
  const graph = JSON.parse(graphs[0].response);
  assert.equal(graph.entity.type, toEntity);
  assert.ok(graph.nodes.some((n: { id: string; type: string }) => n.id === fromId && n.type === fromEntity));
  assert.deepEqual([removal.status, removal.response], [200, ''], 'upstream answers 200 with no entity');

  // Sent again, the same DELETE is the ErrorMessage upstream gives for an edge that is not there.
  const again = await fetch(sandbox.url + removal.path, { method: 'DELETE' });
  assert.deepEqual([again.status, await again.json()], [404, { code: 404, message: 'Lineage edge not found' }]);
});
