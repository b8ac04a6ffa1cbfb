// The language server on a connection: `initialize` and settings, and the handlers, one per
// concern (catalog connection, validation scheduling, publish and preview, lineage, MLflow import,
// the language features). All state lives in the handlers this creates: a test can run several
// servers in one process (see test/handlers/).

import { CodeActionKind, CodeLensRefreshRequest, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { DocumentStore } from './documentStore';
import { createLanguageService } from '../service/languageService';
import { DidChangeSettingsNotification, type InitializationOptions } from '../shared/protocol';
import { resolveSettings, type Settings } from '../shared/settings';
import { CatalogConnection, type CatalogConnectionOptions } from './catalogConnection';
import { MlflowImportHandler } from './importMlflow';
import { registerLanguageFeatures } from './languageFeatures';
import { LineageHandler } from './lineage';
import { PublishHandler } from './publish';
import { ValidationScheduler } from './validation';

export interface LanguageServerOptions {
  /** The server process's environment, where the extension puts the token. */
  env: NodeJS.ProcessEnv;
  /** `serverInfo.version`. */
  version: string;
  /** The REST client (tests inject theirs); the real one by default. */
  createClient?: CatalogConnectionOptions['createClient'];
}

export interface LanguageServer {
  readonly store: DocumentStore;
  readonly catalog: CatalogConnection;
  readonly validation: ValidationScheduler;
  readonly publish: PublishHandler;
  readonly lineage: LineageHandler;
  readonly mlflow: MlflowImportHandler;
  settings(): Settings;
  /** Stop timers and the catalog connection (the process is not ending: a test's server). */
  dispose(): void;
}

export function createLanguageServer(connection: Connection, options: LanguageServerOptions): LanguageServer {
  const service = createLanguageService();
  const store = new DocumentStore(service);
  let current: Settings = resolveSettings({});
  const settings = () => current;
  /** Whether the client redraws code lenses when asked (`workspace/codeLens/refresh`). */
  let lensRefresh = false;
  const refreshCodeLenses = () => {
    if (lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };

  const validation = new ValidationScheduler({ connection, service, store, settings });
  const catalog = new CatalogConnection({
    connection,
    settings,
    service,
    env: options.env,
    createClient: options.createClient,
    // Lenses show what the catalog knows of the model.
    onSettled: () => {
      validation.validateAll();
      refreshCodeLenses();
    },
  });
  const publish = new PublishHandler({ connection, store, catalog, validation, refreshCodeLenses });
  const lineage = new LineageHandler({ connection, service, store });
  const mlflow = new MlflowImportHandler(connection);

  connection.onInitialize((params): InitializeResult => {
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    current = resolveSettings((params.initializationOptions as Partial<InitializationOptions> | undefined)?.settings);
    service.configure(current);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: [' ', '.'] },
        hoverProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentLinkProvider: {},
        codeLensProvider: {},
      },
      serverInfo: { name: 'mlmodel-yaml', version: options.version },
    };
  });
  connection.onInitialized(() => catalog.connect());
  connection.onNotification(DidChangeSettingsNotification.type, (next) => {
    const previous = current;
    current = resolveSettings(next);
    service.configure(current);
    if (current.maxFileSizeMB !== previous.maxFileSizeMB) store.invalidate();
    if (current.serverUrl !== previous.serverUrl) catalog.connect();
    validation.validateAll();
  });

  registerLanguageFeatures(connection, service, store);
  publish.register(connection);
  catalog.register(connection);
  lineage.register(connection);
  mlflow.register(connection);
  store.documents.listen(connection);

  return {
    store,
    catalog,
    validation,
    publish,
    lineage,
    mlflow,
    settings,
    dispose() {
      validation.dispose();
      catalog.stop();
    },
  };
}
