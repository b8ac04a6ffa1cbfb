// The language server in this process (server/src/handlers), on a connection over in-memory
// streams: a test drives it as an editor does and can also call its handlers directly.
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { createLanguageServer, type LanguageServer, type LanguageServerOptions } from '../../server/src/handlers/languageServer';

export interface InProcess {
  server: LanguageServer;
  client: MessageConnection;
  /** Every notification the server sent, in order. */
  notifications: Array<{ method: string; params: any }>;
  /** The next notification of `method` that satisfies `accept` (one already received counts). */
  next<T>(method: string, accept?: (params: T) => boolean, ms?: number): Promise<T>;
  open(uri: string, text: string): Promise<PublishDiagnosticsParams>;
  /** Replace the whole text; resolves with the diagnostics of the new version. */
  change(uri: string, version: number, text: string): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

export async function inProcessServer(settings: Record<string, unknown> = {}, options: Partial<LanguageServerOptions> = {}): Promise<InProcess> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const server = createLanguageServer(connection, { env: {}, version: 'test', ...options });
  connection.listen();
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const notifications: InProcess['notifications'] = [];
  const waiters: Array<{ method: string; accept: (p: any) => boolean; resolve: (p: any) => void; from: number }> = [];
  client.onNotification((method, params) => {
    notifications.push({ method, params });
    for (const w of [...waiters]) {
      if (w.method === method && w.accept(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  client.onRequest(() => null);
  client.listen();
  // No processId: the server would watch this process's pid on a timer, and keep it alive.
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { settings } });
  await client.sendNotification('initialized', {});

  const next = <T>(method: string, accept: (params: T) => boolean = () => true, ms = 10_000): Promise<T> => {
    const seen = notifications.find((n) => n.method === method && accept(n.params));
    if (seen) return Promise.resolve(seen.params as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${ms} ms`)), ms);
      waiters.push({ method, accept, from: notifications.length, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  };
  const diagnosticsOf = (uri: string, version: number) => next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
  return {
    server,
    client,
    notifications,
    next,
    async open(uri, text) {
      await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version: 1, text } });
      return diagnosticsOf(uri, 1);
    },
    async change(uri, version, text) {
      await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      return diagnosticsOf(uri, version);
    },
    async close() {
      server.dispose();
      // Let what the server already sent reach the client: a write still pending on a disposed
      // connection rejects.
      await new Promise((resolve) => setTimeout(resolve, 50));
      client.dispose();
      connection.dispose();
      toServer.end();
      toClient.end();
    },
  };
}
