// npm run demo: a sandbox OpenMetadata catalog, and VS Code with the extension on a fresh copy of
// examples/ (or --folder DIR, opened in place) whose `mlmodel.server.url` points at it. Runs until
// Ctrl+C (or the desktop window is closed), then stops everything it started.
//
//   node test/e2e/demo.mjs [--host auto|code|code-server] [--port N] [--sandbox-port N] [--folder DIR]
//
// VS Code is the desktop `code` command when it is installed (a new window with its own profile, the
// extension loaded from this checkout), otherwise code-server on 127.0.0.1, without a password,
// opened in a browser at the URL printed (the packaged .vsix installed into it). The sandbox listens
// on 127.0.0.1:8585, or a free port when 8585 is taken.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installExtension, isolatedDirs, startCodeServer, workbenchUrl } from './lib/code-server.mjs';
import { ensureCodeServer, toolCacheDir } from './lib/install.mjs';
import { packageVsix } from './lib/package.mjs';
import { ProcessGroups, RUN_ENV, reapOrphans } from './lib/processes.mjs';
import { startSandbox } from './lib/sandbox.mjs';
import { runsDir } from './lib/util.mjs';

const USAGE = 'usage: node test/e2e/demo.mjs [--host auto|code|code-server] [--port N] [--sandbox-port N] [--folder DIR]';
const repoRoot = join(import.meta.dirname, '..', '..');
const cacheDir = toolCacheDir(repoRoot);
const { values: opts } = parseArgs({
  options: {
    host: { type: 'string', default: 'auto' },
    port: { type: 'string' },
    'sandbox-port': { type: 'string', default: '8585' },
    folder: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!['auto', 'code', 'code-server'].includes(opts.host)) {
  console.error(`unknown host ${opts.host}\n${USAGE}`);
  process.exit(2);
}
const log = (message) => console.log(`[demo] ${message}`);

const runId = `demo${Date.now()}-${process.pid}`;
const runDir = join(runsDir, runId);
const groups = new ProcessGroups(runId);
process.env[RUN_ENV] = runId;

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await groups.killAll();
  rmSync(runDir, { recursive: true, force: true });
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log('stopping');
    void stop(0);
  });
}

try {
  reapOrphans();
  mkdirSync(runDir, { recursive: true });
  const desktop = desktopCode();
  if (opts.host === 'code' && !desktop) throw new Error('--host code: no desktop `code` command on PATH');
  const useDesktop = opts.host !== 'code-server' && !!desktop;

  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const sandbox = await startSandbox({ groups, repoRoot, port: Number(opts['sandbox-port']), fallbackToFreePort: true, logFile: join(runDir, 'sandbox.log') });

  let folder = opts.folder && resolve(opts.folder);
  if (!folder) {
    folder = join(runDir, 'examples');
    cpSync(join(repoRoot, 'examples'), folder, { recursive: true });
  }
  const dirs = isolatedDirs(join(runDir, 'vscode'), { settings: { 'mlmodel.server.url': sandbox.url } });
  const window = useDesktop ? await openDesktop(desktop, dirs, folder) : await openCodeServer(dirs, folder);

  const taken = new URL(sandbox.url).port !== opts['sandbox-port'] ? ` (port ${opts['sandbox-port']} is in use)` : '';
  log(`sandbox OpenMetadata catalog at ${sandbox.url}${taken}: OpenMetadata's sample data; what you publish stays until Ctrl+C`);
  log(`folder ${folder}${opts.folder ? '' : ' (a copy of examples/, removed on exit)'}`);
  if (window.url) log(`open ${window.url}`);
  else log('VS Code opened in a new window (its own profile, the extension from this checkout)');
  console.log(tryThis(sandbox.url));
  log(`Ctrl+C stops the sandbox and VS Code${window.url ? '' : ' (closing the window does too)'}`);
  const [what, code] = await Promise.race([window.exited.then((c) => ['VS Code', c]), sandbox.exited.then((c) => ['the sandbox', c])]);
  if (!stopping) {
    log(`${what} exited${code === null ? ' on a signal' : ` (${code})`}; stopping`);
    await stop(what === 'VS Code' && useDesktop ? 0 : 1);
  }
} catch (err) {
  console.error(`[demo] ${err.message}`);
  await stop(1);
}

/**
 * The desktop `code` command, if installed. Not inside a VS Code remote or code-server terminal,
 * where `code` is a remote CLI that opens the folder in the window it runs in, ignoring the profile.
 */
function desktopCode() {
  if (process.env.VSCODE_IPC_HOOK_CLI) return undefined;
  const found = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** A new desktop window on `folder` with its own profile; `exited` settles when it is closed (--wait). */
async function openDesktop(code, dirs, folder) {
  const args = [
    '--new-window',
    '--wait',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--extensionDevelopmentPath', repoRoot,
    // The extension ignores mlmodel.server.url in an untrusted workspace; this copy is ours.
    '--disable-workspace-trust',
    folder,
    ...firstModel(folder),
  ];
  // The desktop's own environment (XDG dirs: fonts, theme, keyring); only the profile is separate.
  const { exited } = groups.start(code, args, { logFile: join(runDir, 'code.log') });
  return { exited };
}

/** code-server with the packaged extension; `exited` settles if it dies. */
async function openCodeServer(dirs, folder) {
  const tools = ensureCodeServer(cacheDir, log);
  const { out: vsix } = await packageVsix({ node: tools.node, repoRoot, out: join(runDir, 'mlmodel-yaml.vsix'), groups, logFile: join(runDir, 'vsce.log') });
  const logFile = join(runDir, 'code-server.log');
  await installExtension({ tools, dirs, groups, vsix, logFile });
  const server = await startCodeServer({ tools, dirs, groups, logFile, port: opts.port ? Number(opts.port) : undefined });
  return { url: workbenchUrl(server, folder), exited: server.exited };
}

function firstModel(folder) {
  const example = join(folder, 'eta_predictions.mlmodel.yaml');
  return existsSync(example) ? [example] : [];
}

function tryThis(url) {
  return `
  Try, in eta_predictions.mlmodel.yaml:
    - hover sample_data.ecommerce_db.shopify.fact_sale: the table as the catalog describes it
    - in a featureSources entry, complete after "dataSource: fa" (tables) and "name: " (that table's columns)
    - click "Publish to OpenMetadata" above name:, then change algorithm: and click "Preview changes"
  and in mistakes.mlmodel.yaml: one mistake per line, with quick fixes (Ctrl+.)
  The CLI against the same sandbox:
    node dist/cli.js validate examples --server ${url}
    node dist/cli.js diff examples/eta_predictions.mlmodel.yaml --server ${url}
`;
}
