// dist/server.js's V8 code cache: one file per build and flag set (V8 rejects data made under other
// flags), written a moment after start, in a private directory; caches unused for a week go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER } from '../helpers/lspClient';

/** Runs the server (idle, on stdio) for long enough to write its cache, then stops it. */
async function runServer(cache: string, flags: string[] = []): Promise<void> {
  const child = spawn(process.execPath, [...flags, SERVER, '--stdio'], { env: { ...process.env, MLMODEL_CACHE_DIR: cache }, stdio: 'pipe' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 10_000;
  const before = new Set(readdirSync(cache));
  while (Date.now() < deadline && !readdirSync(cache).some((f) => !before.has(f) && f.endsWith('.bin'))) await new Promise((r) => setTimeout(r, 100));
  child.kill();
  await exited;
}

const caches = (dir: string) => readdirSync(dir).filter((f) => /^server-[0-9a-f]{20}\.bin$/.test(f)).sort();

test('one code cache per flag set; a start under other flags keeps the first; week-old caches are removed', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'mlmodel-cache-'));
  try {
    const stale = join(cache, 'server-00000000000000000000.bin');
    const recent = join(cache, 'server-11111111111111111111.bin');
    writeFileSync(stale, 'old build');
    writeFileSync(recent, 'another build, used yesterday');
    const tenDaysAgo = (Date.now() - 10 * 24 * 3600_000) / 1000;
    utimesSync(stale, tenDaysAgo, tenDaysAgo);

    await runServer(cache);
    const plain = caches(cache).filter((f) => !f.startsWith('server-1111'));
    assert.equal(plain.length, 1, `expected one new cache, found ${caches(cache).join(', ')}`);
    assert.ok(!caches(cache).includes('server-00000000000000000000.bin'), 'the week-old cache is still there');
    assert.ok(caches(cache).includes('server-11111111111111111111.bin'), 'a recent cache of another build was removed');
    assert.equal(statSync(join(cache, plain[0])).mode & 0o077, 0, 'the cache is readable by others');

    await runServer(cache, ['--max-semi-space-size=4']);
    const withFlag = caches(cache).filter((f) => !f.startsWith('server-1111') && f !== plain[0]);
    assert.equal(withFlag.length, 1, `the flagged start wrote no cache of its own: ${caches(cache).join(', ')}`);
    assert.ok(caches(cache).includes(plain[0]), "the flagged start replaced the plain start's cache");
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
