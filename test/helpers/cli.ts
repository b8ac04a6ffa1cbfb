// Running the built CLI from tests, without blocking this process's event loop (a sandbox started
// by the test answers from it).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No token and no server from the environment that runs the tests: each test says what it uses.
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...process.env, OPENMETADATA_TOKEN: '', OPENMETADATA_HOST_PORT: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
