// `--tables 100000`: starts in a few seconds, keeps memory lean, finds tables by name and id,
// and keeps search fast. Bounds are loose: CI machines are slow and shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from '../../server/src/sandbox/server';
import { call } from './helpers';

test('100,000 generated tables: start, lookups and search stay fast', async () => {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const sandbox = await startSandbox({ tables: 100_000 });
  try {
    const startMs = performance.now() - started;
    assert.ok(startMs < 8000, `started in ${Math.round(startMs)} ms`);
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    assert.ok(heapMb < 250, `heap grew ${Math.round(heapMb)} MB`);

    const list = await call(sandbox, 'GET', '/api/v1/tables?limit=3');
    assert.equal(list.body.paging.total, 100_018);
    const last = await call(sandbox, 'GET', `/api/v1/tables/name/bench_postgres.warehouse.schema_49.trip_clean_99999`);
    assert.equal(last.status, 200);
    assert.equal((await call(sandbox, 'GET', `/api/v1/tables/${last.body.id}`)).body.fullyQualifiedName, last.body.fullyQualifiedName);

    const timings: number[] = [];
    for (const q of ['customer', 'customer_events', 'custmer', 'fact_sale', 'schema_07', 'zzzz']) {
      await call(sandbox, 'GET', `/api/v1/search/query?q=${q}&index=table_search_index&size=10`);
      const t = performance.now();
      const reply = await call(sandbox, 'GET', `/api/v1/search/query?q=${q}&index=table_search_index&size=10`);
      timings.push(performance.now() - t);
      assert.equal(reply.status, 200);
    }
    const median = [...timings].sort((a, b) => a - b)[Math.floor(timings.length / 2)];
    assert.ok(median < 500, `median search ${Math.round(median)} ms (${timings.map(Math.round).join(', ')})`);
    const typo = await call(sandbox, 'GET', '/api/v1/search/query?q=custmer_evnts&index=table_search_index&size=1');
    assert.match(typo.body.hits.hits[0]._source.name, /^customer_events_/);
  } finally {
    await sandbox.close();
  }
});
