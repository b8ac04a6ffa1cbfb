// `mlmodel diff`, `publish --dry-run` and `publish` name the lineage edges a publish adds, removes
// and keeps; a removal that fails makes the run fail, and publishing again completes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli as run } from '../helpers/cli';
import { ETA_PREDICTIONS as eta, SHOPIFY, tempModelFile } from '../helpers/models';
import { useSandbox } from '../helpers/sandbox';

const FQN = 'mlflow_svc.eta_predictions';

const sandbox = useSandbox();

// The sales feature moves from fact_sale to fact_order, the persona feature from raw_customer to dim_customer.
const moved = eta.replace('shopify.fact_sale', 'shopify.fact_order').replaceAll('shopify.raw_customer', 'shopify.dim_customer');
const file = () => tempModelFile('eta.mlmodel.yaml', moved);

/** Publishes the example, then notes the fact_sale edge by hand: that edge is not the publish's to remove. */
async function publishedWithNote(): Promise<void> {
  const first = await run(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const model = sandbox.store.mlmodels.getByFqn(FQN)!;
  const factSale = sandbox.store.tables.byFqn(`${SHOPIFY}.fact_sale`)!;
  sandbox.store.lineage.add({ from: { id: factSale.id, type: 'table' }, to: { id: model.id, type: 'mlmodel' }, description: 'sales, checked by the data team' });
}

const upstream = () =>
  sandbox.store.lineage
    .upstreamOf(sandbox.store.mlmodels.getByFqn(FQN)!.id)
    .map((e) => sandbox.store.tables.byId(e.from.id)!.name)
    .sort();

test('--dry-run and diff list the edges to add, to remove and kept, and write nothing', async () => {
  await publishedWithNote();
  const path = file();
  sandbox.clearRequests();
  const dry = await run(['publish', '--server', sandbox.url, '--dry-run', path]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(
    dry.stdout,
    [
      `${path}: ${FQN} would update (0.1 → 0.2: mlFeatures changed)`,
      `  lineage: 2 tables → model, 2 new: ${SHOPIFY}.fact_order, ${SHOPIFY}.dim_customer`,
      `  lineage to remove: ${SHOPIFY}.raw_customer (no longer a feature source)`,
      `  lineage kept: ${SHOPIFY}.fact_sale (no longer a feature source, but it has a description (drawn by hand))`,
      '',
    ].join('\n'),
  );
  const json = JSON.parse((await run(['publish', '--server', sandbox.url, '--dry-run', '--format', 'json', path])).stdout)[0];
  assert.deepEqual([json.lineage.remove, json.lineage.kept], [[`${SHOPIFY}.raw_customer`], [{ table: `${SHOPIFY}.fact_sale`, reason: 'it has a description (drawn by hand)' }]]);

  const diff = await run(['diff', '--server', sandbox.url, path]);
  assert.equal(diff.code, 3);
  assert.ok(
    diff.stdout.endsWith(
      [
        `lineage to add: ${SHOPIFY}.fact_order, ${SHOPIFY}.dim_customer`,
        `lineage to remove: ${SHOPIFY}.raw_customer (no longer a feature source)`,
        `lineage kept: ${SHOPIFY}.fact_sale (no longer a feature source, but it has a description (drawn by hand))`,
        '',
      ].join('\n'),
    ),
    diff.stdout,
  );
  assert.ok(sandbox.requests().every((r) => r.method === 'GET'), 'nothing was written');
});

test('publish removes the stale edge and says so; a removal that fails fails the run, and publishing again completes it', async () => {
  await publishedWithNote();
  const path = file();
  sandbox.faults.add({ method: 'DELETE', path: '/api/v1/lineage/', status: 500, message: 'lineage store unavailable' });
  const failed = await run(['publish', '--server', sandbox.url, path]);
  assert.equal(failed.code, 1, failed.stdout + failed.stderr);
  assert.match(failed.stdout, new RegExp(`\\n  lineage from ${SHOPIFY.replaceAll('.', '\\.')}\\.raw_customer NOT removed: .*lineage store unavailable.*\\n  publish again to complete the lineage\\n`));
  assert.deepEqual(upstream(), ['dim_customer', 'fact_order', 'fact_sale', 'raw_customer']);

  // The model is written; only the removal is left, and diff says so.
  sandbox.faults.clear();
  const pending = await run(['diff', '--server', sandbox.url, path]);
  assert.equal(pending.code, 3);
  assert.equal(pending.stdout, `${FQN}: unchanged, version 0.2\nlineage to remove: ${SHOPIFY}.raw_customer (no longer a feature source)\n`);

  const again = await run(['publish', '--server', sandbox.url, path]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.equal(
    again.stdout,
    [`${path}: ${FQN} unchanged (unchanged, version 0.2)`, '  lineage: 2 tables → model', `  lineage removed: ${SHOPIFY}.raw_customer (no longer a feature source)`, `  ${sandbox.url}/mlmodel/${FQN}`, ''].join('\n'),
  );
  assert.deepEqual(upstream(), ['dim_customer', 'fact_order', 'fact_sale']);
  const settled = await run(['diff', '--server', sandbox.url, path]);
  assert.deepEqual([settled.code, settled.stdout], [0, `${FQN}: unchanged, version 0.2\n`]);
});
