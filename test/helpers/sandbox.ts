// The sandbox a test file publishes to: started before its tests, reset before each one (what one
// test wrote is not there for the next), closed after. A handle for `beforeEach` hooks and tests:
// another top-level `before` hook of the file may run before the sandbox has started.
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../server/src/sandbox/server';
import { OpenMetadataClient, type OpenMetadataClientOptions } from '../../server/src/openmetadata/client';
import { planPublish, type PublishPlan } from '../../server/src/publish/plan';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';

export function useSandbox(options: SandboxOptions = {}): Sandbox {
  let started: Sandbox | undefined;
  before(async () => {
    started = await startSandbox(options);
  });
  beforeEach(() => started!.reset());
  after(() => started?.close());
  return new Proxy({} as Sandbox, {
    get(_, key) {
      if (!started) throw new Error('the sandbox starts in the test file\'s before hook');
      const value = Reflect.get(started, key, started);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/** A client of the sandbox that fails at once (no retries), as publish tests want. */
export function clientOf(sandbox: Sandbox, options: Partial<OpenMetadataClientOptions> = {}): OpenMetadataClient {
  return new OpenMetadataClient({ baseUrl: sandbox.url, retries: 0, ...options });
}

/** The publish plan of a model's text against `client`'s server; fails the test when a reference does not resolve. */
export async function planFor(client: OpenMetadataClient, text: string): Promise<PublishPlan> {
  const result = await planPublish(readModel(parseModel(text)), client);
  assert.ok(result.plan, `unresolved: ${JSON.stringify(result.unresolved)}`);
  return result.plan;
}
