// Only test/helpers/upstream.ts (and the seed generator, a build-time script given its folder)
// names the upstream material in ../shared/openmetadata: a test that built the path itself would
// skip nothing and fail on a stranger's clone, which has no ../shared. The product never names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../bench/paths';

// This file names it in its own cases.
const ALLOWED = new Set(['test/helpers/upstream.ts', 'server/scripts/generate-seed.ts', 'test/lint/upstream-reads.test.ts']);
/** `'shared', 'openmetadata'` as path segments, or a string holding `shared/openmetadata`. */
const NAMES_UPSTREAM = /['"`]shared['"`]\s*,\s*['"`]openmetadata['"`]|['"`][^'"`\n]*shared[/\\]+openmetadata/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === '.cache' || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : /\.(ts|mts|cts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A line of code (not a comment) that names ../shared/openmetadata. */
function namesUpstream(line: string): boolean {
  const code = line.trimStart();
  return !(code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) && NAMES_UPSTREAM.test(code);
}

/** The lines below `dirs` that name ../shared/openmetadata, as `file:line: text`. */
function upstreamReads(root: string, dirs: string[]): string[] {
  const found: string[] = [];
  for (const file of dirs.flatMap((d) => sources(join(root, d)))) {
    const rel = relative(root, file).split('\\').join('/');
    if (ALLOWED.has(rel)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (namesUpstream(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

test('no test, script or product file but the upstream helper names ../shared/openmetadata', () => {
  assert.deepEqual(upstreamReads(repoRoot, ['test', 'server', 'client']), []);
});

test('the check finds a path built by hand, in either spelling, and not a comment', () => {
  const cases: Array<[string, boolean]> = [
    ["const s = join(repoRoot, '..', 'shared', 'openmetadata', 'schema');", true],
    ['const s = resolve(__dirname, "../../../shared/openmetadata/sample_data");', true],
    ['// read from ../shared/openmetadata by the helper', false],
    ["import { Commands } from '../shared/commands';", false],
  ];
  for (const [line, names] of cases) assert.equal(namesUpstream(line), names, line);
});
