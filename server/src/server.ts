// The LSP server process (`node dist/server.js --stdio`, or over IPC from the extension): a
// connection and the language server on it (./handlers/languageServer.ts).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createLanguageServer } from './handlers/languageServer';

declare const MLMODEL_VERSION: string | undefined;

const connection = createConnection(ProposedFeatures.all);
createLanguageServer(connection, { env: process.env, version: typeof MLMODEL_VERSION === 'string' ? MLMODEL_VERSION : 'dev' });
connection.listen();
