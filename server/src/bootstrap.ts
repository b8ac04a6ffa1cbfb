// dist/server.js: loads the language server bundle (dist/server-main.js) through V8's code cache.
// Compiling the ~500 KB bundle is most of what this process does before it can answer `initialize`
// (about 65 ms here); with cached code it takes about half. The cache is written once, a moment
// after start-up so that the functions compiled for the first requests are in it, to a directory
// only this user can write: V8 checks that cached data matches the source, not who wrote it.

import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Module from 'node:module';
import vm from 'node:vm';

const main = join(__dirname, 'server-main.js');
const source = readFileSync(main, 'utf8');
const cacheDir = privateCacheDir();
// V8 rejects cached data made under other flags (the extension starts the server with
// --max-semi-space-size, tests and the CLI without): one cache per flag set, or each start under
// one set would throw away the other's cache and compile everything again.
const cacheKey = createHash('sha256').update(process.version).update(process.execArgv.join('\0')).update(source).digest('hex').slice(0, 20);
const cacheFile = cacheDir && join(cacheDir, `server-${cacheKey}.bin`);

let cachedData: Buffer | undefined;
try {
  if (cacheFile) cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet.
}
const script = new vm.Script(Module.wrap(source), { filename: main, cachedData });
if (cacheFile && (!cachedData || script.cachedDataRejected)) {
  setTimeout(() => {
    try {
      const temp = `${cacheFile}.${process.pid}`;
      writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
      // Stale caches go first: once the new one is there, the clean-up is done, even if the
      // process is killed the moment after (the code cache test stops the server on seeing it).
      removeStaleCaches(cacheDir, cacheFile);
      renameSync(temp, cacheFile);
    } catch {
      // A cache is an optimisation: without one the server starts a little slower.
    }
  }, 3000).unref();
}
const module_ = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module_.exports, module_.exports, Module.createRequire(main), module_, main, __dirname);

/** Each build (and flag set) has its own file: drop those nobody has rewritten for a week. */
function removeStaleCaches(dir: string, current: string): void {
  const weekAgo = Date.now() - 7 * 24 * 3600_000;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (file !== current && /^server-[0-9a-f]{20}\.bin$/.test(name) && statSync(file).mtimeMs < weekAgo) rmSync(file, { force: true });
  }
}

function privateCacheDir(): string | undefined {
  const dir = process.env.MLMODEL_CACHE_DIR || join(tmpdir(), `mlmodel-yaml-${process.getuid?.() ?? 'cache'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    // Not a directory this user owns alone (someone else made it first): no cache.
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || st.mode & 0o022) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}
