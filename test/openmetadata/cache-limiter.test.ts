// The client's building blocks: an expiring cache with one load in flight per key, and a
// concurrency limit that never lets more than N tasks run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpiringCache } from '../../server/src/openmetadata/cache';
import { ConcurrencyLimiter } from '../../server/src/openmetadata/limiter';

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('the cache shares one load per key, keeps the value until it expires, and never caches failures', async () => {
  let now = 1000;
  const cache = new ExpiringCache<string>(500, 100, () => now);
  let loads = 0;
  const pending = deferred<string>();
  const load = (): Promise<string> => {
    loads++;
    return pending.promise;
  };
  const a = cache.get('k', load);
  const b = cache.get('k', load);
  pending.resolve('v1');
  assert.deepEqual(await Promise.all([a, b]), ['v1', 'v1']);
  assert.equal(loads, 1);

  now += 499;
  assert.equal(await cache.get('k', () => Promise.resolve('v2')), 'v1');
  now += 2;
  assert.equal(await cache.get('k', () => Promise.resolve('v2')), 'v2', 'reloaded after expiry');

  await assert.rejects(cache.get('bad', () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await cache.get('bad', () => Promise.resolve('ok')), 'ok', 'a failure is not cached');

  cache.invalidate('k');
  assert.equal(await cache.get('k', () => Promise.resolve('v3')), 'v3');
});

test('the cache evicts its oldest entry beyond its size', async () => {
  const cache = new ExpiringCache<number>(10_000, 3);
  for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, () => Promise.resolve(1));
  assert.equal(cache.size, 3);
  let reloaded = false;
  await cache.get('a', () => ((reloaded = true), Promise.resolve(2)));
  assert.equal(reloaded, true);
});

test('the limiter runs at most N tasks at once, in arrival order, even when tasks finish and start together', async () => {
  const limiter = new ConcurrencyLimiter(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const gates = Array.from({ length: 6 }, () => deferred<void>());
  const tasks = gates.map((gate, i) =>
    limiter.run(async () => {
      order.push(i);
      running++;
      peak = Math.max(peak, running);
      await gate.promise;
      running--;
    }),
  );
  await new Promise((r) => setImmediate(r));
  assert.equal(limiter.running, 2);
  assert.equal(limiter.queued, 4);
  // A task finishing while a newcomer arrives must not let three run.
  gates[0].resolve();
  const late = limiter.run(async () => {
    running++;
    peak = Math.max(peak, running);
    running--;
  });
  for (const gate of gates) gate.resolve();
  await Promise.all([...tasks, late]);
  assert.equal(peak, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  assert.throws(() => new ConcurrencyLimiter(0), RangeError);
});
