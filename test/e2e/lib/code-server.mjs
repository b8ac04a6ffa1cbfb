// code-server (VS Code's server + web workbench) on 127.0.0.1 with everything it writes kept in the
// run dir: user data, extensions, XDG config/data/cache and TMPDIR. The workbench only honours the
// `payload` query parameter (extension development + tests paths) when the server is started with
// --vscode-option enable-smoke-test-driver; that flag also hides every notification toast, so only
// the suite's server gets it, never one a person or the UI smoke test looks at.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { closeBrowser, launchBrowser } from './browser.mjs';
import { withTimeout } from './util.mjs';

export const SETTINGS_FILE = new URL('../settings.json', import.meta.url).pathname;

/**
 * Directories and environment for one isolated code-server; the browser gets its own profile beside
 * them. `settings` are added to the user settings, and written as machine settings too: code-server's
 * workbench is a remote window, which ignores machine-scoped settings (`mlmodel.server.url` is
 * machine-overridable) in the user settings and reads them from <user-data>/Machine/settings.json.
 */
export function isolatedDirs(runDir, { settings = {} } = {}) {
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    tmp: join(runDir, 'tmp'),
    xdgConfig: join(runDir, 'xdg-config'),
    xdgData: join(runDir, 'xdg-data'),
    xdgCache: join(runDir, 'xdg-cache'),
    browserProfile: join(runDir, 'browser-profile'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const base = JSON.parse(readFileSync(SETTINGS_FILE, 'utf8'));
  writeSettings(join(dirs.userData, 'User'), { ...base, ...settings });
  if (Object.keys(settings).length) writeSettings(join(dirs.userData, 'Machine'), settings);
  const env = {
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
  };
  return { ...dirs, env };
}

function writeSettings(dir, settings) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** `code-server --install-extension`, into this run's extensions dir only. */
export async function installExtension({ tools, dirs, groups, vsix, logFile }) {
  const { exited } = groups.start(
    tools.node,
    [tools.codeServer, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix],
    { env: dirs.env, logFile },
  );
  const code = await withTimeout(exited, 90_000, 'code-server --install-extension');
  if (code !== 0) throw new Error(`code-server --install-extension ${vsix} exited with ${code}; see ${logFile}`);
}

/** Starts the server and resolves once /healthz answers; `exited` settles if it dies. */
export async function startCodeServer({ tools, dirs, groups, logFile, port: wanted, testDriver = false, workspaceTrust = false }) {
  const port = wanted ?? (await freePort());
  const { exited } = groups.start(
    tools.node,
    [
      tools.codeServer,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ],
    { env: dirs.env, logFile },
  );
  const origin = `http://127.0.0.1:${port}`;
  let dead = false;
  exited.then(() => (dead = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (dead) throw new Error(`code-server exited before it was ready; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`code-server not ready after 60 s; see ${logFile}`);
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { origin, authority: `127.0.0.1:${port}`, exited };
}

/** The workbench URL that opens `folder`, optionally with an extension development payload. */
export function workbenchUrl(server, folder, { developmentPath, testsPath, extensionEnv } = {}) {
  const params = new URLSearchParams({ folder });
  if (developmentPath) {
    // vscode-remote URIs make the workbench load these from the server's (Node) extension host.
    const remote = (path) => `vscode-remote://${server.authority}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(testsPath)],
      ['extensionEnvironment', JSON.stringify(extensionEnv ?? {})],
    ];
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.origin}/?${params}`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs the mocha suite in code-server's Node extension host, started by a headless Chromium page.
 * Resolves with the code the test host passed to window.codeAutomationExit; undefined (a failure)
 * when it never did: timeout, crashed page, dead server. `name` prefixes its artifacts; `settings`
 * go to its user and machine settings; `workspaceTrust` leaves VS Code's workspace trust on (the
 * folder then opens in restricted mode). The suite learns its run dir and user-data dir from
 * MLMODEL_E2E_RUN_DIR and MLMODEL_E2E_USER_DATA, to look at what was written to disk.
 */
export async function runSuiteInCodeServer({ name = 'suite', settings, workspaceTrust = false, tools, chromium, runDir, groups, repoRoot, testsPath, workspace, extensionEnv, timeoutMs, onLog, artifacts }) {
  const dirs = isolatedDirs(runDir, { settings });
  const logFile = join(artifacts, name === 'suite' ? 'code-server.log' : `${name}-code-server.log`);
  const server = await startCodeServer({ tools, dirs, groups, logFile, testDriver: true, workspaceTrust });
  const browser = await launchBrowser({ executablePath: chromium, dirs, groups });
  const { page } = browser;
  const env = { ...extensionEnv, MLMODEL_E2E_RUN_DIR: runDir, MLMODEL_E2E_USER_DATA: dirs.userData };
  try {
    let settle;
    const outcome = new Promise((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => settle({ code }));
    await page.exposeFunction('codeAutomationLog', (type, args) => onLog(type, args ?? []));
    page.on('crash', () => settle({ code: undefined, error: 'the workbench page crashed' }));
    server.exited.then((code) => settle({ code: undefined, error: `code-server exited (${code}) during the run` }));
    const timer = setTimeout(() => settle({ code: undefined, error: `no exit code from the test host after ${timeoutMs / 1000} s` }), timeoutMs);
    const url = workbenchUrl(server, workspace, { developmentPath: repoRoot, testsPath, extensionEnv: env });
    await page.goto(url, { timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const result = await outcome;
    clearTimeout(timer);
    if (result.code === undefined) await page.screenshot({ path: join(artifacts, `${name}-no-exit.png`) }).catch(() => {});
    return result;
  } catch (err) {
    await page.screenshot({ path: join(artifacts, `${name}-error.png`) }).catch(() => {});
    return { code: undefined, error: err.message };
  } finally {
    await closeBrowser(browser);
    copyLogs(dirs, artifacts, name);
  }
}

/** VS Code's own logs (extension host, language server output channels) kept as artifacts. */
export function copyLogs(dirs, artifacts, name) {
  const logs = join(dirs.userData, 'logs');
  if (existsSync(logs)) cpSync(logs, join(artifacts, `${name}-vscode-logs`), { recursive: true });
}
