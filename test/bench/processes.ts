// Child processes the bench starts, each in its own process group, all killed when the bench ends
// however it ends. Only these processes are ever killed.
import { spawn, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

export function spawnGroup(command: string, args: string[], cwd: string): ChildProcess {
  const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

export function killGroup(child: ChildProcess): void {
  live.delete(child);
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

process.on('exit', () => [...live].forEach(killGroup));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    [...live].forEach(killGroup);
    process.exit(130);
  });
}
