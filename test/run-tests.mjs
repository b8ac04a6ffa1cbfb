// Runs the node:test suites compiled to out/test (unit, protocol, contract, CLI). The e2e suite
// runs inside VS Code instead (npm run test:e2e). Node 20's --test has no glob support, so the
// files are listed here. `node test/run-tests.mjs [filter...]` runs the files whose path contains any filter.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', 'out', 'test');
const skip = new Set(['e2e', 'bench']);
const filters = process.argv.slice(2);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return skip.has(name) ? [] : walk(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = walk(root).filter((f) => !filters.length || filters.some((filter) => relative(root, f).includes(filter))).sort();
if (!files.length) {
  console.error(`no test files under ${root}${filters.length ? ` matching ${filters.join(' or ')}` : ''}; run npm run compile first`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
