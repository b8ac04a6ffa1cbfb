// Runs the node:test suites compiled to out/test (unit, protocol, contract, CLI). The e2e suite
// runs inside VS Code instead (npm run test:e2e). Node 20's --test has no glob support, so the
// files are listed here. `node test/run-tests.mjs [filter...]` runs the files whose path contains any filter.
import { spawn } from 'node:child_process';
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
// A test file whose process never exits (a timer or socket left alive) would stall CI forever:
// --test-timeout bounds each test, and the whole run is bounded too: past the deadline the run's
// process group (the runner and every test file's process) is killed and the run fails.
const DEADLINE_MS = 20 * 60_000;
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files], { stdio: 'inherit', detached: true });
const deadline = setTimeout(() => {
  console.error(`run-tests: the tests did not finish within ${DEADLINE_MS / 60_000} minutes; killed`);
  process.kill(-child.pid, 'SIGKILL');
}, DEADLINE_MS);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.kill(-child.pid, 'SIGKILL'));
child.on('exit', (code) => {
  clearTimeout(deadline);
  process.exit(code ?? 1);
});
