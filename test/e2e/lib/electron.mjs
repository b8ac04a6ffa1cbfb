// Desktop VS Code through @vscode/test-electron, for machines that can download it. Only the download
// comes from test-electron; VS Code is started here, in its own process group, so a timeout can kill
// it and everything it spawned.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import { copyLogs, isolatedDirs } from './code-server.mjs';
import { withTimeout } from './util.mjs';

const UPDATE_HOST = 'update.code.visualstudio.com';

export function vscodeCacheDir(cacheDir) {
  return join(cacheDir, 'vscode');
}

/** Whether desktop VS Code can run here: a display (or xvfb-run) and a cached or downloadable build. */
export async function probeElectron(cacheDir) {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !onPath('xvfb-run')) {
    return { ok: false, reason: 'no display and no xvfb-run' };
  }
  const cached = existsSync(vscodeCacheDir(cacheDir)) && readdirSync(vscodeCacheDir(cacheDir)).some((d) => d.startsWith('vscode-'));
  if (cached) return { ok: true, reason: `VS Code cached in ${vscodeCacheDir(cacheDir)}` };
  try {
    await withTimeout(lookup(UPDATE_HOST), 3000, `resolving ${UPDATE_HOST}`);
    const res = await fetch(`https://${UPDATE_HOST}/api/releases/stable`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return { ok: false, reason: `${UPDATE_HOST} answered ${res.status}` };
    return { ok: true, reason: `${UPDATE_HOST} reachable` };
  } catch (err) {
    return { ok: false, reason: `${UPDATE_HOST} unreachable (${err.cause?.code ?? err.message})` };
  }
}

/**
 * Downloads (or finds in the cache) desktop VS Code. test-electron wants Node >= 22, so this runs on
 * the cached Node 24 in a child process.
 */
export async function downloadVSCode({ node, cacheDir, repoRoot, groups, logFile }) {
  const script =
    "require('@vscode/test-electron').downloadAndUnzipVSCode({ cachePath: process.argv[1], version: 'stable' })" +
    '.then((p) => console.log("VSCODE_EXECUTABLE=" + p), (e) => { console.error(e); process.exit(1); })';
  let out = '';
  const { child, exited } = groups.start(node, ['-e', script, vscodeCacheDir(cacheDir)], { cwd: repoRoot, logFile });
  child.stdout.on('data', (d) => (out += d));
  const code = await withTimeout(exited, 10 * 60_000, 'downloading VS Code');
  const executable = /VSCODE_EXECUTABLE=(.*)/.exec(out)?.[1];
  if (code !== 0 || !executable) throw new Error(`VS Code download failed (exit ${code}); see ${logFile}`);
  return executable;
}

/**
 * Runs the mocha suite in desktop VS Code; resolves with its exit code (undefined on timeout). The
 * options `name`, `settings` and `workspaceTrust` are those of runSuiteInCodeServer.
 */
export async function runSuiteInElectron({ name = 'suite', settings, workspaceTrust = false, executable, runDir, groups, repoRoot, testsPath, workspace, extensionEnv, timeoutMs, onOutput, artifacts }) {
  const dirs = isolatedDirs(runDir, { settings });
  const args = [
    workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    '--no-cached-data',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    `--user-data-dir=${dirs.userData}`,
    `--extensions-dir=${dirs.extensions}`,
    `--extensionDevelopmentPath=${repoRoot}`,
    `--extensionTestsPath=${testsPath}`,
  ];
  const needsXvfb = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const [cmd, cmdArgs] = needsXvfb ? ['xvfb-run', ['-a', executable, ...args]] : [executable, args];
  const env = { ...dirs.env, ...extensionEnv, MLMODEL_E2E_RUN_DIR: runDir, MLMODEL_E2E_USER_DATA: dirs.userData };
  const { child, exited } = groups.start(cmd, cmdArgs, { env, logFile: join(artifacts, name === 'suite' ? 'vscode.log' : `${name}-vscode.log`) });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => onOutput(String(d)));
  try {
    return { code: await withTimeout(exited, timeoutMs, 'VS Code test run') };
  } catch (err) {
    return { code: undefined, error: err.message };
  } finally {
    copyLogs(dirs, artifacts, name);
  }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
