// What every handler does with an exception: log it (message and stack, never request data) and
// answer empty, so one failing request never takes the server down.

import type { RemoteConsole } from 'vscode-languageserver';

export function logFailure(console: RemoteConsole, name: string, e: unknown): void {
  console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

/** Run a handler; an exception is logged and answered with `empty`. */
export function guard<T>(console: RemoteConsole, name: string, run: () => T, empty: T): T {
  try {
    return run();
  } catch (e) {
    logFailure(console, name, e);
    return empty;
  }
}
