// The LSP server process (`node dist/server.js --stdio`, or over IPC from the extension): a
// connection and the language server on it (./handlers/languageServer.ts).
//
// Everything the server sends goes through one writer that hides any piece of the token in every
// string of every message (openmetadata/errors.ts, hideSecretIn): diagnostics, status, publish
// results, hovers, logs. Server text reaches many of them (errors, names, descriptions), so the
// one place every message passes is where the token is taken out. That is why the transport is
// set up here rather than by createConnection from the command line, as it otherwise would be.

import { format } from 'node:util';
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { createLanguageServer } from './handlers/languageServer';
import { hideSecretIn } from './openmetadata/errors';
import { TOKEN_ENV } from './shared/protocol';

declare const MLMODEL_VERSION: string | undefined;

/** `writer`, sending every message with no piece of `secret` in it. */
function hidingSecret(writer: MessageWriter, secret: string | undefined): MessageWriter {
  return {
    onError: writer.onError,
    onClose: writer.onClose,
    write: (message) => writer.write(hideSecretIn(message, secret)),
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };
}

/**
 * The transport the client asked for, read from the command line as vscode-languageserver reads
 * it: `--node-ipc`, `--stdio`, `--socket=PORT` or `--pipe=NAME` (or the value as the next argument).
 */
function transport(argv: string[]): { input: MessageReader; output: MessageWriter } {
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[i + 1];
    if (name === '--node-ipc') return { input: new IPCMessageReader(process), output: new IPCMessageWriter(process) };
    if (name === '--stdio') {
      // The input stays the stream (createConnection reads a stream as a reader): the process then
      // ends when the client closes it, as it does when createConnection picks the transport.
      return { input: process.stdin as unknown as MessageReader, output: new StreamMessageWriter(process.stdout) };
    }
    if (name === '--socket') {
      const [input, output] = createServerSocketTransport(Number(value));
      return { input, output };
    }
    if (name === '--pipe') {
      const [input, output] = createServerPipeTransport(value);
      return { input, output };
    }
  }
  throw new Error('Start the server with --node-ipc, --stdio, --socket=PORT or --pipe=NAME');
}

/**
 * console.* goes to the client's log, through the same writer: on stdio, standard output is the
 * protocol itself, and elsewhere the client shows the process's output as it is.
 */
function consoleToClient(connection: Connection): void {
  const send = (log: (text: string) => void) => (...args: unknown[]) => log(format(...args));
  console.log = console.info = console.debug = send((text) => connection.console.log(text));
  console.warn = send((text) => connection.console.warn(text));
  console.error = send((text) => connection.console.error(text));
}

const { input, output } = transport(process.argv.slice(2));
const connection = createConnection(ProposedFeatures.all, input, hidingSecret(output, process.env[TOKEN_ENV] || undefined));
consoleToClient(connection);
createLanguageServer(connection, { env: process.env, version: typeof MLMODEL_VERSION === 'string' ? MLMODEL_VERSION : 'dev' });
connection.listen();
