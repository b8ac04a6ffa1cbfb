// The sandbox catalog (`node dist/cli.js sandbox`) as a child process in its own process group, so
// the runner and the demo stop it with everything else they started, even when a test fails.
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { withTimeout } from './util.mjs';

const READY = /OpenMetadata sandbox catalog at (http:\/\/\S+)/;

/**
 * Starts a sandbox seeded with the sample data and resolves once it prints its URL. `port` 0 picks a
 * free one; with `fallbackToFreePort`, a port in use is not an error: a free one is taken instead.
 * `host` is the address it listens on (127.0.0.1 unless given).
 */
export async function startSandbox({ groups, repoRoot, port = 0, host, fallbackToFreePort = false, logFile }) {
  const cli = join(repoRoot, 'dist', 'cli.js');
  const args = [cli, 'sandbox', '--port', String(port), ...(host ? ['--host', host] : [])];
  const { child, exited } = groups.start(process.execPath, args, { cwd: repoRoot, logFile });
  let output = '';
  const url = new Promise((resolve) => {
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        const found = READY.exec(output);
        if (found) resolve(found[1]);
      });
    }
  });
  // 'close', not 'exit': the reason it gives is read only once its output has been drained.
  const closed = new Promise((resolve) => child.on('close', (code) => resolve({ code })));
  const result = await withTimeout(Promise.race([url, closed]), 30_000, 'starting the sandbox');
  if (typeof result === 'string') return { url: result, exited, ...admin(result) };
  if (fallbackToFreePort && port !== 0 && /already in use/.test(output)) {
    return startSandbox({ groups, repoRoot, port: 0, host, logFile });
  }
  throw new Error(`the sandbox exited (${result.code}) before it was ready: ${output.trim() || `see ${logFile}`}`);
}

/**
 * A sandbox the extension takes for a server elsewhere, so that it asks before publishing: on this
 * machine's first non-internal IPv4 address; without one, on every address and named by the host
 * name (not a loopback name either). test/e2e/suite/publish.test.ts picks its address the same way:
 * it runs in the extension host, built apart from these scripts, and cannot import this module.
 */
export async function startOutwardSandbox(options) {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
  const sandbox = await startSandbox({ ...options, host: address ?? '0.0.0.0' });
  if (address) return sandbox;
  const url = sandbox.url.replace('0.0.0.0', hostname());
  return { ...sandbox, url, ...admin(url) };
}

/** The sandbox's admin endpoints (not part of OpenMetadata's API). */
function admin(url) {
  return {
    /** Back to the seed: no models, no lineage, no fault rules. */
    async reset() {
      const res = await fetch(`${url}/__sandbox/reset`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`POST ${url}/__sandbox/reset answered ${res.status}`);
    },
  };
}
