// npm run demo: the packaged extension in a real VS Code (code-server) that a person opens in a
// browser, on a fresh copy of examples/ (or --folder DIR, opened in place). Runs until Ctrl+C, then
// stops everything it started.
//
//   node test/e2e/demo.mjs [--port 8080] [--folder DIR]
//
// It listens on 127.0.0.1 only, without a password; forward the port to reach it from elsewhere.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installExtension, isolatedDirs, startCodeServer, workbenchUrl } from './lib/code-server.mjs';
import { ensureCodeServer, toolCacheDir } from './lib/install.mjs';
import { packageVsix } from './lib/package.mjs';
import { ProcessGroups, RUN_ENV, reapOrphans } from './lib/processes.mjs';

const repoRoot = join(import.meta.dirname, '..', '..');
const cacheDir = toolCacheDir(repoRoot);
const { values: opts } = parseArgs({ options: { port: { type: 'string' }, folder: { type: 'string' } } });
const log = (message) => console.log(`[demo] ${message}`);

const runId = `demo${Date.now()}-${process.pid}`;
const runDir = join(cacheDir, 'runs', runId);
const groups = new ProcessGroups(runId);
process.env[RUN_ENV] = runId;

async function stop(code) {
  await groups.killAll();
  rmSync(runDir, { recursive: true, force: true });
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));

try {
  reapOrphans();
  mkdirSync(runDir, { recursive: true });
  const tools = ensureCodeServer(cacheDir, log);
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const { out: vsix } = await packageVsix({ node: tools.node, repoRoot, out: join(runDir, 'mlmodel-yaml.vsix'), groups, logFile: join(runDir, 'vsce.log') });

  const dirs = isolatedDirs(join(runDir, 'vscode'));
  const logFile = join(runDir, 'code-server.log');
  await installExtension({ tools, dirs, groups, vsix, logFile });
  let folder = opts.folder && resolve(opts.folder);
  if (!folder) {
    folder = join(runDir, 'examples');
    cpSync(join(repoRoot, 'examples'), folder, { recursive: true });
  }
  const server = await startCodeServer({ tools, dirs, groups, logFile, port: opts.port ? Number(opts.port) : undefined });
  log(`open ${workbenchUrl(server, folder)}`);
  log(`folder ${folder}${opts.folder ? '' : ' (a copy of examples/, removed on exit)'}; server log ${logFile}`);
  log('Ctrl+C to stop');
  const code = await server.exited;
  log(`code-server exited (${code}); see ${logFile}`);
  await stop(1);
} catch (err) {
  console.error(`[demo] ${err.message}`);
  await stop(1);
}
