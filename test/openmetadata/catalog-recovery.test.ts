// The catalog index against a sandbox that fails (its fault injection): a 500 in passing is asked
// again soon and changes nothing the file shows; what is known keeps being reported through a
// failed refresh; an outage pauses the checks (keeping what is known) and the index recovers on its
// own once the server answers again. The real REST client, as the editor and the CLI use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogIndex, type CatalogIndexOptions } from '../../server/src/service/catalogIndex';
import { createLanguageService } from '../../server/src/service/languageService';
import { resolveSettings } from '../../server/src/shared/settings';
import { load } from '../helpers/fixtures';
import { clientOf, useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();

const SHOPIFY = 'sample_data.ecommerce_db.shopify';
const FILE = `name: m\nalgorithm: a\nservice: mlflow_svc\nmlFeatures:\n  - name: contact\n    featureSources:\n      - name: email\n        dataSource: ${SHOPIFY}.dim_customer\n      - name: x\n        dataSource: ${SHOPIFY}.fact_sal\n`;

/**
 * An index like the editor's: every change revalidates the file, and every set of codes the file
 * showed along the way is kept (a diagnostic that vanished for a moment would be seen in it).
 */
async function editor(text: string, options: CatalogIndexOptions = {}) {
  const service = createLanguageService(resolveSettings({}));
  // Short delays, the same doubling: the test sees in milliseconds what the editor sees in seconds.
  const index = new CatalogIndex(clientOf(sandbox), { retryBaseMs: 20, retryMaxMs: 200, ...options, onChange: () => shown.push(codes()) });
  service.setCatalog(index);
  const l = load(text, service);
  const codes = () => service.validate(l.document, l.model).map((d) => String(d.code)).sort().join(' ');
  const shown: string[] = [];
  await index.start();
  shown.push(codes());
  await index.settled();
  return { index, codes, shown };
}

const tableRequests = (name: string) => sandbox.requests().filter((r) => r.method === 'GET' && r.path.split('?')[0].endsWith(`/tables/name/${SHOPIFY}.${name}`));

test('one 500 on a table never seen: asked again soon, its unknown-table diagnostic comes, the checks never pause', async (t) => {
  sandbox.faults.add({ method: 'GET', path: `/api/v1/tables/name/${SHOPIFY}.fact_sal`, status: 500, times: 1 });
  const { index, codes, shown } = await editor(FILE);
  t.after(() => index.stop());
  assert.equal(codes(), 'sensitive-data unknown-table');
  assert.equal(index.state.kind, 'ready');
  assert.ok(shown.every((c) => !c.includes('catalog-unavailable')), `shown along the way: ${JSON.stringify(shown)}`);
  assert.deepEqual(tableRequests('fact_sal').map((r) => r.status), [500, 404]);
});

test('a refresh that fails: what is known is still reported, with no pause, and the refresh is asked again', async (t) => {
  let now = 1_000_000;
  const { index, codes, shown } = await editor(FILE, { now: () => now, ttlMs: 60_000 });
  t.after(() => index.stop());
  assert.equal(codes(), 'sensitive-data unknown-table');
  shown.length = 0;
  // Past the TTL every answer is refreshed when asked; each table's refresh meets a 500 once.
  now += 120_000;
  const before = sandbox.requests().length;
  sandbox.faults.add({ method: 'GET', path: '/api/v1/tables/name/', status: 500, times: 2 });
  assert.equal(codes(), 'sensitive-data unknown-table', 'while refreshing');
  await index.settled();
  assert.equal(codes(), 'sensitive-data unknown-table', 'after the refresh');
  assert.equal(index.state.kind, 'ready');
  assert.ok(shown.every((c) => c === 'sensitive-data unknown-table'), `shown along the way: ${JSON.stringify(shown)}`);
  const refreshes = sandbox.requests().slice(before).filter((r) => r.path.includes('/tables/name/'));
  assert.deepEqual(refreshes.map((r) => r.status).sort(), [200, 404, 500, 500]);
});

test('an outage: the checks pause, what is known is still reported, and the index reconnects by itself', async (t) => {
  const { index, codes } = await editor(FILE);
  t.after(() => index.stop());
  assert.equal(codes(), 'sensitive-data unknown-table');
  const outage = sandbox.faults.add({ path: '/api/v1/', status: 500 });
  index.table(`${SHOPIFY}.fact_order`);
  await index.settled();
  assert.equal(index.state.kind, 'error', 'a request that keeps failing pauses the checks');
  assert.equal(codes(), 'catalog-unavailable sensitive-data unknown-table', 'paused, and what is known still checked');

  sandbox.faults.remove(outage);
  // Nobody asks: the index comes back on its own, within its (short, here) backoff.
  const deadline = Date.now() + 5_000;
  while ((index.state.kind as string) !== 'ready' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(index.state.kind as string, 'ready', 'reconnected without being asked');
  index.table(`${SHOPIFY}.fact_order`);
  await index.settled();
  assert.equal(index.table(`${SHOPIFY}.fact_order`).status, 'found');
  assert.equal(codes(), 'sensitive-data unknown-table');
});

test('the delay before reconnecting doubles with each failure, and the attempts stay few', async (t) => {
  const outage = sandbox.faults.add({ path: '/api/v1/', status: 500 });
  const index = new CatalogIndex(clientOf(sandbox), { retryBaseMs: 20, retryMaxMs: 160, requestRetries: 0 });
  t.after(() => index.stop());
  await index.start();
  assert.equal(index.state.kind, 'error');
  const started = sandbox.requests().length;
  await new Promise((r) => setTimeout(r, 700));
  // 20, 40, 80, 160, 160… ms apart: about 6 reconnections in 700 ms (each two requests), not 35.
  const attempts = sandbox.requests().slice(started).filter((r) => r.path.endsWith('/system/version')).length;
  assert.ok(attempts >= 3 && attempts <= 8, `${attempts} reconnections in 700 ms`);
  sandbox.faults.remove(outage);
});
