// `npm run test:python`: the suites that need Python. OpenMetadata's own Python SDK as a peer client of
// the sandbox (test/python/sdk), real MLflow files through `mlmodel import-mlflow` (test/python/mlflow),
// and this repository's pre-commit hook run by pre-commit itself (test/python/precommit).
//
// Each suite runs in a virtualenv under .cache/python/, made from a pinned requirements file in this
// folder and named after its content's hash, so an edited file makes a new one and an unchanged one
// is reused. Each pinned SDK (requirements-sdk-<major.minor>.txt) runs against the sandbox playing
// that release (checked through /api/v1/system/version); the SDK itself refuses a server of another
// major.minor. Without python3 the run is skipped with one line; with python3, a failed
// install fails the run (CI must see it). `node test/python/run.mjs sdk`, `mlflow` or `precommit` runs one suite.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const here = join(root, 'test', 'python');
const cache = join(root, '.cache', 'python');
const cli = join(root, 'dist', 'cli.js');
const wanted = process.argv.slice(2);

function fail(message) {
  console.error(`test:python: ${message}`);
  process.exit(1);
}

/** The version of `python3` on the PATH; undefined when there is none. One that cannot make a venv fails the run. */
function python3() {
  const found = spawnSync('python3', ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) return undefined;
  const venv = spawnSync('python3', ['-c', 'import venv, ensurepip'], { encoding: 'utf8' });
  if (venv.status !== 0) fail(`python3 ${found.stdout.trim()} cannot make virtualenvs (on Debian: apt-get install python3-venv)`);
  return found.stdout.trim();
}

function newestIn(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestIn(path) : stat.mtimeMs);
  }
  return newest;
}

/** `npm run build` unless dist/cli.js is newer than every source it is built from. */
function buildIfNeeded() {
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestIn(join(root, 'server', 'src'))) return;
  console.log('test:python: building the CLI (npm run build)');
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) fail('npm run build failed');
}

/** The version a sandbox reports (playing `serverVersion`, or its default), read from one started for the purpose. */
async function sandboxVersion(serverVersion) {
  const args = [cli, 'sandbox', '--port', '0', '--seed', 'empty', ...(serverVersion ? ['--server-version', serverVersion] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const found = / at (http:\/\/\S+) /.exec(out);
        if (found) resolve(found[1]);
      });
      child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it listened: ${out.trim()}`)));
    });
    const response = await fetch(`${url}/api/v1/system/version`);
    return (await response.json()).version;
  } finally {
    child.kill();
  }
}

/**
 * The virtualenv for `requirements`, made once: `.cache/python/<file's stem>-<hash of its content>`.
 * A venv is only used once its install finished (the `.installed` marker); a venv whose install
 * failed is removed, and so are the other venvs of the same stem once one has installed.
 */
function venvFor(requirements) {
  const stem = requirements.replace(/^requirements-|\.txt$/g, '');
  const hash = createHash('sha256').update(readFileSync(join(here, requirements))).digest('hex').slice(0, 12);
  const dir = join(cache, `${stem}-${hash}`);
  const python = join(dir, 'bin', 'python');
  if (existsSync(join(dir, '.installed'))) return python;
  mkdirSync(cache, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  console.log(`test:python: installing ${requirements} into ${relative(root, dir)} (once)`);
  const started = Date.now();
  const steps = [
    ['python3', ['-m', 'venv', dir]],
    [python, ['-m', 'pip', 'install', '--no-deps', '--disable-pip-version-check', '--no-input', '--quiet', '-r', join(here, requirements)]],
  ];
  for (const [command, args] of steps) {
    const done = spawnSync(command, args, { stdio: 'inherit' });
    if (done.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      fail(`installing ${requirements} failed (${command} ${args.slice(0, 3).join(' ')} … exited ${done.status ?? done.signal})`);
    }
  }
  writeFileSync(join(dir, '.installed'), `${new Date().toISOString()}\n`);
  for (const name of readdirSync(cache)) if (name.startsWith(`${stem}-`) && join(cache, name) !== dir) rmSync(join(cache, name), { recursive: true, force: true });
  console.log(`test:python: installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return python;
}

/** pytest on one suite folder; its exit status (5, no test collected, is a failure too). */
function pytest(python, suite, extra = []) {
  const args = ['-m', 'pytest', join(here, suite), '-p', 'no:cacheprovider', '-W', 'ignore::FutureWarning', '-W', 'ignore::DeprecationWarning', ...extra];
  const done = spawnSync(python, args, { cwd: root, stdio: 'inherit', env: { ...process.env, MLMODEL_CLI: cli, NODE: process.execPath, PYTHONDONTWRITEBYTECODE: '1' } });
  return done.status ?? 1;
}

const version = python3();
if (!version) {
  console.log('test:python: skipped: python3 not found');
  process.exit(0);
}
buildIfNeeded();
const failures = [];

if (!wanted.length || wanted.includes('sdk')) {
  // The sandbox's default (the newest it plays) must have its SDK pinned; every other pinned SDK
  // runs too, against the sandbox playing that release.
  const newest = /^(\d+\.\d+)/.exec((await sandboxVersion()) ?? '')?.[1];
  if (!newest || !existsSync(join(here, `requirements-sdk-${newest}.txt`))) {
    fail(`the sandbox plays OpenMetadata ${newest} by default, and test/python has no requirements-sdk-${newest}.txt: write it with python3 test/python/lock.py sdk ${newest}`);
  }
  const pinned = readdirSync(here).map((f) => /^requirements-sdk-(\d+\.\d+)\.txt$/.exec(f)?.[1]).filter(Boolean);
  for (const majorMinor of pinned) {
    const server = await sandboxVersion(majorMinor);
    if (!server?.startsWith(`${majorMinor}.`)) fail(`a sandbox asked to play ${majorMinor} says it is ${server}`);
    console.log(`test:python: OpenMetadata's Python SDK ${majorMinor} against the sandbox (OpenMetadata ${server}, Python ${version})`);
    process.env.MLMODEL_PYTHON_SERVER_VERSION = majorMinor;
    // The SDK's wheel registers a pytest plugin for its own tests, which needs packages it does not declare.
    if (pytest(venvFor(`requirements-sdk-${majorMinor}.txt`), 'sdk', ['-p', 'no:pytest_openmetadata']) !== 0) failures.push(`sdk ${majorMinor}`);
  }
  delete process.env.MLMODEL_PYTHON_SERVER_VERSION;
}

if (!wanted.length || wanted.includes('mlflow')) {
  console.log('test:python: real MLflow files through mlmodel import-mlflow, validate and publish');
  if (pytest(venvFor('requirements-mlflow.txt'), 'mlflow') !== 0) failures.push('mlflow');
}

if (!wanted.length || wanted.includes('precommit')) {
  console.log('test:python: the mlmodel-validate hook through pre-commit try-repo (installs the package from this checkout with npm)');
  if (pytest(venvFor('requirements-precommit.txt'), 'precommit') !== 0) failures.push('precommit');
}

if (failures.length) fail(`failed: ${failures.join(', ')}`);
