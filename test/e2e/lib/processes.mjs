// Every process a run starts is a process group leader (spawn with detached: true is setsid) and
// carries MLMODEL_E2E_RUN=<run id> in its environment, which its descendants inherit. Cleanup kills
// each group by its own id, then looks for any process that still carries this run's id (one that
// left its group, say) and kills it by pid. Nothing is ever killed by name.
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';

export const RUN_ENV = 'MLMODEL_E2E_RUN';

export class ProcessGroups {
  /** @param {string} runId */
  constructor(runId) {
    this.runId = runId;
    /** @type {Set<number>} */
    this.groups = new Set();
  }

  /** Environment for anything started by this run (including by Playwright). */
  env(extra = {}) {
    return { ...process.env, ...extra, [RUN_ENV]: this.runId };
  }

  /**
   * Starts cmd in its own process group, output appended to logFile.
   * Resolves `exited` with the exit code, or null when it died by a signal.
   */
  start(cmd, args, { env = {}, cwd, logFile } = {}) {
    const child = spawn(cmd, args, { cwd, env: this.env(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.groups.add(child.pid);
    const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => log?.write(chunk));
    }
    const exited = new Promise((resolve) => {
      child.on('error', (err) => {
        log?.write(`spawn failed: ${err.message}\n`);
        resolve(null);
      });
      child.on('exit', (code) => resolve(code));
    });
    child.on('close', () => log?.end());
    return { child, exited };
  }

  /** Kills every group this run started, then any straggler that still carries the run id. */
  async killAll() {
    for (const pgid of this.groups) signalGroup(pgid, 'SIGTERM');
    await waitUntil(() => this.survivors().length === 0, 3000);
    for (const pgid of this.groups) signalGroup(pgid, 'SIGKILL');
    this.groups.clear();
    for (const pid of this.survivors()) signalPid(pid, 'SIGKILL');
    await waitUntil(() => this.survivors().length === 0, 2000);
    return this.survivors();
  }

  /** Pids of live processes whose environment carries this run's id. */
  survivors() {
    return [...runProcesses()].filter(([, id]) => id === this.runId).map(([pid]) => pid);
  }
}

/** Run ids are `<time>-<runner pid>`. */
export function runnerPid(runId) {
  return Number(/-(\d+)$/.exec(runId)?.[1]) || undefined;
}

/**
 * Kills what an earlier run left when its runner was itself killed (SIGKILL, a lost CI job): any
 * process carrying a run id whose runner is gone. Returns how many.
 */
export function reapOrphans() {
  const orphans = [...runProcesses()].filter(([, id]) => {
    const pid = runnerPid(id);
    return pid !== undefined && pid !== process.pid && !isAlive(pid);
  });
  for (const [pid] of orphans) signalPid(pid, 'SIGKILL');
  return orphans.length;
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Live processes that carry a run id, as [pid, run id]. */
function* runProcesses() {
  const prefix = `${RUN_ENV}=`;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let environ;
    try {
      environ = readFileSync(`/proc/${name}/environ`, 'latin1');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    const entry = environ.split('\0').find((e) => e.startsWith(prefix));
    if (entry && !isZombie(name)) yield [Number(name), entry.slice(prefix.length)];
  }
}

function isZombie(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // group already gone
  }
}

function signalPid(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function waitUntil(predicate, ms) {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
