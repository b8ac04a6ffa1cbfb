// A language client for tests: spawns the built server over stdio and speaks JSON-RPC to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const SERVER = join(__dirname, '..', '..', '..', 'dist', 'server.js');

export interface TestClient {
  connection: MessageConnection;
  process: ChildProcess;
  /** The next notification of `method` that satisfies `accept`, or a rejection after `ms`. */
  next<T>(method: string, accept?: (params: T) => boolean, ms?: number): Promise<T>;
  stderr(): string;
  /** The methods of the requests the server has sent the client, in order (all answered null). */
  serverRequests: string[];
  close(): Promise<void>;
}

export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<TestClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const connection = connectTo(child);
  const waiters: Array<{ method: string; accept: (p: unknown) => boolean; resolve: (p: unknown) => void }> = [];
  const seen: Array<{ method: string; params: unknown }> = [];
  connection.onNotification((method, params) => {
    const i = waiters.findIndex((w) => w.method === method && w.accept(params));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(params);
    else seen.push({ method, params });
  });
  const serverRequests: string[] = [];
  connection.onRequest((method) => {
    serverRequests.push(method);
    return null;
  });
  connection.listen();
  return {
    connection,
    process: child,
    next<T>(method: string, accept: (params: T) => boolean = () => true, ms = 10_000): Promise<T> {
      const i = seen.findIndex((s) => s.method === method && accept(s.params as T));
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0].params as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${method} within ${ms} ms; server stderr: ${stderr}`)), ms);
        waiters.push({ method, accept: accept as (p: unknown) => boolean, resolve: (p) => (clearTimeout(timer), resolve(p as T)) });
      });
    },
    stderr: () => stderr,
    serverRequests,
    async close() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // Already gone.
      }
      connection.dispose();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => (child.kill('SIGKILL'), resolve()), 3000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
      });
    },
  };
}

export function initialize(client: TestClient, settings: Record<string, unknown> = {}, capabilities: Record<string, unknown> = {}): Promise<unknown> {
  return client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions: { settings } }).then(async (r) => {
    await client.connection.sendNotification('initialized', {});
    return r;
  });
}

/**
 * A JSON-RPC connection over a server process's stdio. The reader's partial-message timer is off:
 * when a server is killed halfway through writing a message, vscode-jsonrpc re-arms that timer
 * every 10 s for as long as the reader lives (dispose does not clear it), which kept a test file's
 * process from ever exiting.
 */
export function connectTo(child: ChildProcess): MessageConnection {
  const reader = new StreamMessageReader(child.stdout!);
  reader.partialMessageTimeout = 0;
  return createMessageConnection(reader, new StreamMessageWriter(child.stdin!));
}
