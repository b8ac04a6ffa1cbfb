// The built language server (dist/server.js) over stdio, as an editor drives it, keeping
// everything it says: every byte of its stdout and stderr, and every notification, so a test can
// search all of it (for a token) or wait for one (diagnostics of a version).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { connectTo } from '../helpers/lspClient';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = join(__dirname, '..', '..', '..', 'dist', 'server.js');

export interface Server {
  connection: MessageConnection;
  process: ChildProcess;
  /** Every notification so far, in order. */
  notifications: Array<{ method: string; params: unknown }>;
  /** Everything the process wrote, raw. */
  output(): string;
  /** The first notification of `method` (from `since` on) that `accept`s, waiting up to `ms`. */
  next<T>(method: string, accept?: (params: T) => boolean, ms?: number, since?: number): Promise<T>;
  /** A request that must be answered within `ms`. */
  request<T>(method: string, params: unknown, ms?: number): Promise<T>;
  open(uri: string, text: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Diagnostics published for this document version. */
  diagnostics(uri: string, version: number, since?: number): Promise<PublishDiagnosticsParams>;
  /** Whether the process has exited. */
  exited(): boolean;
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
  /** shutdown and exit, or SIGKILL when it does not go. */
  close(): Promise<void>;
}

export async function startServer(env: NodeJS.ProcessEnv = {}, settings: Record<string, unknown> = {}): Promise<Server> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const connection = connectTo(child);
  const notifications: Server['notifications'] = [];
  const listeners = new Set<() => void>();
  connection.onNotification((method, params) => {
    notifications.push({ method, params });
    for (const listener of [...listeners]) listener();
  });
  connection.onRequest(() => null);
  connection.onError(() => undefined);
  connection.listen();
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const server: Server = {
    connection,
    process: child,
    notifications,
    output: () => output,
    next<T>(method: string, accept: (params: T) => boolean = () => true, ms = 10_000, since = 0): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = (): boolean => {
          const found = notifications.slice(since).find((n) => n.method === method && accept(n.params as T));
          if (!found) return false;
          cleanup();
          resolve(found.params as T);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${method} within ${ms} ms; server output: ${output.slice(-2000)}`));
        }, ms);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        if (!check()) listeners.add(check);
      });
    },
    request<T>(method: string, params: unknown, ms = 10_000): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${method} not answered within ${ms} ms`)), ms);
      });
      return Promise.race([connection.sendRequest(method, params) as Promise<T>, timeout]).finally(() => clearTimeout(timer));
    },
    async open(uri, text, version = 1) {
      const since = notifications.length;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version, text } });
      return server.diagnostics(uri, version, since);
    },
    diagnostics(uri, version, since = 0) {
      return server.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version, 30_000, since);
    },
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async kill() {
      if (!server.exited()) child.kill('SIGKILL');
      await exit;
      connection.dispose();
    },
    async close() {
      if (!server.exited()) {
        try {
          await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
          await connection.sendNotification('exit');
        } catch {
          // Already gone.
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exit;
        clearTimeout(timer);
      }
      connection.dispose();
    },
  };
  try {
    await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { settings } });
    await connection.sendNotification('initialized', {});
  } catch (e) {
    await server.kill();
    throw e;
  }
  return server;
}
