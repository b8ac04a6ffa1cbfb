// End-to-end tests in a real VS Code (npm run test:e2e).
//
//   node test/e2e/run.mjs [--host auto|electron|code-server] [--no-ui] [--no-build] [--keep] [--grep TEXT]
//
// 1. Builds the extension (dist/) and compiles the in-host mocha suite (out/test/e2e).
// 2. Picks a host: desktop VS Code via @vscode/test-electron when it can be had (a cached build, or
//    its update server answers, and a display or xvfb-run), otherwise code-server driven by headless
//    Chromium. MLMODEL_E2E_HOST or --host forces one. Prints which one ran.
// 3. Starts a sandbox catalog (node dist/cli.js sandbox, a free port, the sample seed) for this run.
// 4. Runs the suite (test/e2e/suite) inside that host's Node extension host, on a fresh copy of
//    examples/; the sandbox's URL reaches it as MLMODEL_E2E_SANDBOX_URL.
// 4b. Runs test/e2e/suite/untrusted in a second launch with workspace trust on and the folder not
//    trusted; its workspace settings and user settings each point at a sandbox of its own.
// 5. UI smoke test: starts a sandbox of its own on an address that is not loopback (a server
//    "elsewhere", which publishing asks about), packages the .vsix, installs it into a fresh
//    code-server whose settings point at that sandbox, drives the README's journeys in the browser
//    (lib/ui-smoke.mjs) and saves their screenshots under test-results/e2e/ui/.
//
// Tools (Node 24, code-server) are installed once into .cache/e2e/. Every run gets its own dir under
// $TMPDIR/mlmodel-e2e-runs/ (user data, extensions, browser profile, XDG dirs, TMPDIR), removed afterwards
// unless --keep. Every process started is killed by its process group id at the end. A missing exit
// code, a timeout, a run with no passing test or a process left behind is a failure.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, parseArgs } from 'node:util';
import { copyLogs, isolatedDirs, runSuiteInCodeServer } from './lib/code-server.mjs';
import { downloadVSCode, probeElectron, runSuiteInElectron } from './lib/electron.mjs';
import { CODE_SERVER_VERSION, ensureCodeServer, ensureNode, findChromium, toolCacheDir } from './lib/install.mjs';
import { packageVsix } from './lib/package.mjs';
import { ProcessGroups, RUN_ENV, isAlive, reapOrphans, runnerPid } from './lib/processes.mjs';
import { startOutwardSandbox, startSandbox } from './lib/sandbox.mjs';
import { runUiSmoke } from './lib/ui-smoke.mjs';
import { runsDir, seconds } from './lib/util.mjs';

const repoRoot = join(import.meta.dirname, '..', '..');
const cacheDir = toolCacheDir(repoRoot);
const artifacts = join(repoRoot, 'test-results', 'e2e');
const suiteIndex = join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');
const untrustedIndex = join(repoRoot, 'out', 'test', 'e2e', 'suite', 'untrusted', 'index.js');
const RESULT_MARKER = 'MLMODEL_E2E_RESULT';
const SUITE_TIMEOUT_MS = Number(process.env.MLMODEL_E2E_TIMEOUT_S || 300) * 1000;
// Workbench chatter that says nothing about the suite (offline gallery and telemetry, connection
// setup); it still goes to test-results/e2e/workbench-console.log.
const OFFLINE_NOISE = [
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|Failed to fetch|Timed out waiting for authentication provider/,
  /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin extensions cache)/,
  /^\[(Service Worker|AgentHost:remote|AccountPolicyGate)\]/,
];

const { values: opts } = parseArgs({
  options: {
    host: { type: 'string', default: process.env.MLMODEL_E2E_HOST || 'auto' },
    'no-ui': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: process.env.MLMODEL_E2E_KEEP === '1' },
    grep: { type: 'string' },
  },
});
if (!['auto', 'electron', 'code-server'].includes(opts.host)) usage(`unknown host ${opts.host}`);

const log = (...args) => console.log(`[e2e] ${format(...args)}`);
const started = Date.now();
const runId = `${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${process.pid}`;
const runRoot = join(runsDir, runId);
const groups = new ProcessGroups(runId);
// Inherited by everything started from here, spawnSync'd builds included, so cleanup can find it.
process.env[RUN_ENV] = runId;
const tally = { passed: 0, failed: 0 };
const failures = [];

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    log(`${signal}: stopping`);
    await groups.killAll();
    if (!opts.keep) rmSync(runRoot, { recursive: true, force: true });
    process.exit(130);
  });
}

try {
  await main();
} catch (err) {
  failures.push(err.message);
  // A plain Error is one of this script's own verdicts; anything else is a bug worth a stack.
  if (err.constructor !== Error) console.error(err.stack ?? err);
} finally {
  const left = await groups.killAll();
  if (left.length) failures.push(`processes still alive after SIGKILL: ${left.join(', ')}`);
  if (!opts.keep) rmSync(runRoot, { recursive: true, force: true });
  else log(`kept run dir ${runRoot}`);
}

if (failures.length) {
  tally.failed = Math.max(tally.failed, 1);
  for (const f of failures) console.error(`[e2e] FAILED: ${f}`);
}
log(`done in ${seconds(started)}; artifacts in ${artifacts}`);
console.log(`e2e: ${tally.passed} passed, ${tally.failed} failed`);
process.exit(failures.length ? 1 : 0);

async function main() {
  cleanUpAfterKilledRuns();
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  mkdirSync(runRoot, { recursive: true });

  if (!opts['no-build']) build();
  for (const index of [suiteIndex, untrustedIndex]) if (!existsSync(index)) throw new Error(`${index} missing: compile with tsc -p test/e2e`);
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: npm run build');

  const host = await chooseHost();
  log(host.name === 'electron' ? `host: desktop VS Code (@vscode/test-electron), ${host.executable}` : `host: code-server ${CODE_SERVER_VERSION} in headless Chromium (${host.chromium})`);
  // One sandbox for the run, fresh from the seed; the suite resets it between scenarios.
  const sandbox = await startSandbox({ groups, repoRoot, logFile: join(artifacts, 'sandbox.log') });
  log(`sandbox catalog at ${sandbox.url}`);
  await runLaunch(host, {
    name: 'suite',
    testsPath: suiteIndex,
    workspace: freshWorkspace('suite-workspace'),
    extensionEnv: { MLMODEL_E2E_SANDBOX_URL: sandbox.url },
    allowEmpty: !!opts.grep,
  });
  await untrustedLaunch(host);
  if (tally.passed === 0 && tally.failed === 0) throw new Error(`no test ran${opts.grep ? ` (--grep ${opts.grep})` : ''}`);
  if (!opts['no-ui']) await uiSmoke(host);
}

/**
 * The suite of untrusted/ in a launch of its own: workspace trust on and the folder not trusted. Its
 * .vscode/settings.json names one sandbox and the user settings another, both fresh, so any request
 * either logs came from this launch.
 */
async function untrustedLaunch(host) {
  const [inWorkspace, inUser] = await Promise.all(
    ['workspace', 'user'].map((where) => startSandbox({ groups, repoRoot, logFile: join(artifacts, `untrusted-sandbox-${where}.log`) })),
  );
  const workspace = freshWorkspace('untrusted-workspace');
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'mlmodel.server.url': inWorkspace.url }, null, 2)}\n`);
  await runLaunch(host, {
    name: 'untrusted',
    testsPath: untrustedIndex,
    workspace,
    workspaceTrust: true,
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'mlmodel.server.url': inUser.url,
    },
    extensionEnv: { MLMODEL_E2E_WORKSPACE_SANDBOX_URL: inWorkspace.url, MLMODEL_E2E_USER_SANDBOX_URL: inUser.url },
    allowEmpty: !!opts.grep, // --grep may select no test of one launch (not of both)
  });
}

/** Runs one suite entry point (`testsPath`) in its own host launch and counts its results. */
async function runLaunch(host, { name, testsPath, workspace, extensionEnv, settings, workspaceTrust = false, allowEmpty = false }) {
  const started = Date.now();
  let output = ''; // everything the test host printed, where the result line is looked for
  const common = {
    name,
    groups,
    repoRoot,
    testsPath,
    workspace,
    settings,
    workspaceTrust,
    extensionEnv: { MLMODEL_E2E: '1', ...extensionEnv, ...(opts.grep ? { MLMODEL_E2E_GREP: opts.grep } : {}) },
    timeoutMs: SUITE_TIMEOUT_MS,
    runDir: join(runRoot, name),
    artifacts,
  };
  let result;
  if (host.name === 'electron') {
    result = await runSuiteInElectron({
      ...common,
      executable: host.executable,
      onOutput: (text) => {
        process.stdout.write(text);
        output += text;
      },
    });
  } else {
    const consoleLog = join(artifacts, name === 'suite' ? 'workbench-console.log' : `${name}-workbench-console.log`);
    result = await runSuiteInCodeServer({
      ...common,
      tools: host.tools,
      chromium: host.chromium,
      onLog: (type, args) => {
        const text = format(...args);
        appendFileSync(consoleLog, `[${type}] ${text}\n`);
        output += `${text}\n`;
        // Trace and debug lines (a scenario may turn the log level up) go to the file only.
        if (type !== 'trace' && type !== 'debug' && !OFFLINE_NOISE.some((re) => re.test(text))) (type === 'error' ? console.error : console.log)(text);
      },
    });
  }
  checkSuite(name, result, readCounts(output), host.name, started, allowEmpty);
}

/** Processes and run dirs of earlier runs whose runner died without cleaning up. */
function cleanUpAfterKilledRuns() {
  const reaped = reapOrphans();
  if (reaped) log(`killed ${reaped} process(es) left by an earlier run that was killed`);
  for (const id of existsSync(runsDir) ? readdirSync(runsDir) : []) {
    const pid = runnerPid(id);
    if (id !== runId && pid !== undefined && !isAlive(pid)) rmSync(join(runsDir, id), { recursive: true, force: true });
  }
}

function build() {
  const t = Date.now();
  for (const [what, args] of [
    ['bundle', ['esbuild.mjs']],
    ['compile e2e suite', [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', join('test', 'e2e')]],
  ]) {
    const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
  }
  log(`built extension and suite in ${seconds(t)}`);
}

async function chooseHost() {
  if (opts.host !== 'code-server') {
    const probe = opts.host === 'electron' ? { ok: true, reason: 'forced by --host/MLMODEL_E2E_HOST' } : await probeElectron(cacheDir);
    log(`desktop VS Code: ${probe.ok ? 'usable' : 'not usable'} (${probe.reason})`);
    if (probe.ok) {
      try {
        const { node } = ensureNode(cacheDir, log);
        const executable = await downloadVSCode({ node, cacheDir, repoRoot, groups, logFile: join(artifacts, 'vscode-download.log') });
        return { name: 'electron', executable };
      } catch (err) {
        if (opts.host === 'electron') throw err;
        log(`desktop VS Code unavailable (${err.message}); falling back to code-server`);
      }
    }
  }
  return codeServerTools();
}

function codeServerTools() {
  const t = Date.now();
  const chromium = findChromium();
  const tools = ensureCodeServer(cacheDir, log);
  log(`tools ready in ${seconds(t)}`);
  return { name: 'code-server', tools, chromium };
}

/** A copy of examples/ for one host, so tests that add or edit files never touch the repo. */
function freshWorkspace(name) {
  const dir = join(runRoot, name);
  const examples = join(repoRoot, 'examples');
  if (!existsSync(examples)) throw new Error('examples/ missing');
  cpSync(examples, dir, { recursive: true });
  return dir;
}

function checkSuite(name, result, counts, hostName, since, allowEmpty) {
  if (counts) {
    tally.passed += counts.passed;
    tally.failed += counts.failed;
  }
  const summary = `${name} on ${hostName}: exit code ${result.code ?? 'none'}, ${counts ? `${counts.passed} passed, ${counts.failed} failed` : 'no result line'}, ${seconds(since)}`;
  log(summary);
  if (result.error) failures.push(`${name}: ${result.error}`);
  else if (result.code !== 0) failures.push(`${name}: exit code ${result.code}`);
  else if (!counts) failures.push(`${name}: exit code 0 but the suite printed no result line`);
  else if (counts.failed > 0 || (counts.passed === 0 && !allowEmpty)) failures.push(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
}

/** A suite's result line, collected from whatever its host printed. */
function readCounts(output) {
  const line = output.split('\n').findLast((l) => l.includes(RESULT_MARKER));
  return line ? JSON.parse(line.slice(line.indexOf(RESULT_MARKER) + RESULT_MARKER.length)) : undefined;
}

async function uiSmoke(host) {
  const t = Date.now();
  // A sandbox of its own, fresh from the seed, on an address that is not loopback: the publish
  // journey meets the confirmation a shared server gets.
  const sandbox = await startOutwardSandbox({ groups, repoRoot, logFile: join(artifacts, 'ui-sandbox.log') });
  log(`UI smoke test's sandbox catalog at ${sandbox.url}`);
  const cs = host.name === 'code-server' ? host : codeServerTools();
  const packaged = await packageVsix({
    node: cs.tools.node,
    repoRoot,
    out: join(runRoot, 'mlmodel-yaml.vsix'),
    groups,
    logFile: join(artifacts, 'vsce.log'),
  });
  log(`packaged ${packaged.out} (${Math.round(packaged.size / 1024)} KB) in ${seconds(t)}`);
  const runDir = join(runRoot, 'ui');
  const dirs = isolatedDirs(runDir, { settings: { 'mlmodel.server.url': sandbox.url } });
  try {
    await runUiSmoke({
      tools: cs.tools,
      chromium: cs.chromium,
      dirs,
      groups,
      vsix: packaged.out,
      workspace: freshWorkspace('ui-workspace'),
      catalog: sandbox.url,
      artifacts: join(artifacts, 'ui'),
      log,
    });
    tally.passed += 1;
    log(`UI smoke test passed in ${seconds(t)}`);
  } catch (err) {
    tally.failed += 1;
    failures.push(`UI smoke test: ${err.message}`);
  } finally {
    copyLogs(dirs, join(artifacts, 'ui'), 'ui');
  }
}

function usage(message) {
  console.error(`${message}\nusage: node test/e2e/run.mjs [--host auto|electron|code-server] [--no-ui] [--no-build] [--keep] [--grep TEXT]`);
  process.exit(2);
}
