// The client's concurrency limit, which never lets more than N tasks run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConcurrencyLimiter } from '../../server/src/openmetadata/limiter';

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

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
