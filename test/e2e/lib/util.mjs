import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where each run keeps its user data, profiles and TMPDIR. Under the system temp dir, not the clone:
 * Chromium and VS Code put unix sockets in TMPDIR, and a socket path longer than 107 bytes is fatal
 * (Chromium aborts with "Socket path too long" when the clone itself sits in a deep directory).
 */
export const runsDir = join(tmpdir(), 'mlmodel-e2e-runs');

/** Rejects with a message naming `what` when `promise` has not settled within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
