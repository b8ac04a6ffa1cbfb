// Import from MLflow (mlmodel/importMlflow): the client reads the MLmodel file and writes the
// result; the server converts the text and touches no file. The converter loads on first use:
// few sessions import.

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import type { MlflowImportResult } from '../shared/mlflow';
import { ImportMlflowRequest } from '../shared/protocol';
import { guard } from './guard';

export class MlflowImportHandler {
  constructor(private readonly connection: Pick<Connection, 'console'>) {}

  register(connection: Pick<Connection, 'onRequest'>): void {
    connection.onRequest(ImportMlflowRequest.type, (params) => this.importMlflow(params));
  }

  importMlflow({ uri, text, label }: { uri: string; text: string; label?: string }): MlflowImportResult {
    return guard(
      this.connection.console,
      'importMlflow',
      () => {
        const { importMlflow } = require('../mlflow/convert') as typeof import('../mlflow/convert');
        const path = uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(new URL(uri).pathname);
        return importMlflow(text, { file: label ?? path, folder: dirname(path) });
      },
      { ok: false, message: 'The import failed unexpectedly; the output log says why.' },
    );
  }
}
