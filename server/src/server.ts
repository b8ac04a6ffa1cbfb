// The LSP server process (`node dist/server.js --stdio`): wires the connection to the language
// service. Diagnostics are pushed at once when a document opens and after a short debounce when
// it changes. A failure in one request is logged and answered empty; the server stays up.

import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLanguageService } from './service/languageService';
import { normalizeServerUrl, resolveSettings, type Settings } from './shared/settings';
import { DocumentStore } from './documentStore';
import {
  CatalogStatusNotification,
  DidChangeSettingsNotification,
  DocumentStatusNotification,
  ImportMlflowRequest,
  LineageGraphRequest,
  PreviewRequest,
  PublishRequest,
  TOKEN_ENV,
  TOKEN_URL_ENV,
  type CatalogStatus,
  type InitializationOptions,
  type PublishResult,
} from './shared/protocol';
import type { Problem } from './service/types';
import { readModel } from './service/model';
import { lineageGraph } from './service/lineageGraph';
import { lineageChangesOf, nothingToPreview, notPublished, publishedMessage } from './shared/wording';

// Publishing (with the YAML writer) and the HTTP client load on first use: most sessions start
// without them, and the server answers `initialize` sooner.
const loadPublish = () =>
  [
    require('./publish/prepare') as typeof import('./publish/prepare'),
    require('./publish/execute') as typeof import('./publish/execute'),
    require('./publish/authored') as typeof import('./publish/authored'),
  ] as const;
type PublishModule = ReturnType<typeof loadPublish>;
import { CatalogIndex } from './service/catalogIndex';
import type { OpenMetadataClient } from './openmetadata/client';
import type { PublishPlan } from './publish/plan';

declare const MLMODEL_VERSION: string | undefined;
const version = typeof MLMODEL_VERSION === 'string' ? MLMODEL_VERSION : 'dev';

const connection: Connection = createConnection(ProposedFeatures.all);
const service = createLanguageService();
const store = new DocumentStore(service);
let settings: Settings = resolveSettings({});
const timers = new Map<string, NodeJS.Timeout>();
/** Problems a publish found on a document version, shown until that version changes. */
const publishProblems = new Map<string, { version: number; problems: Problem[] }>();

/** Whether the client redraws code lenses when asked (`workspace/codeLens/refresh`). */
let lensRefresh = false;

function refreshCodeLenses(): void {
  if (lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
}

connection.onInitialize((params): InitializeResult => {
  lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  settings = resolveSettings((params.initializationOptions as Partial<InitializationOptions> | undefined)?.settings);
  service.configure(settings);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [' ', '.'] },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentLinkProvider: {},
      codeLensProvider: {},
    },
    serverInfo: { name: 'mlmodel-yaml', version },
  };
});

connection.onInitialized(() => connectCatalog());

connection.onNotification(DidChangeSettingsNotification.type, (next) => {
  const previous = settings;
  settings = resolveSettings(next);
  service.configure(settings);
  if (settings.maxFileSizeMB !== previous.maxFileSizeMB) store.invalidate();
  if (settings.serverUrl !== previous.serverUrl) connectCatalog();
  for (const document of store.documents.all()) validate(document);
});

// ---------------------------------------------------------------- catalog

let catalog: CatalogIndex | undefined;
let client: OpenMetadataClient | undefined;
let revalidateTimer: NodeJS.Timeout | undefined;

/** The token the extension stored for this URL, if any; never one meant for another server. */
function tokenFor(url: string): string | undefined {
  const token = process.env[TOKEN_ENV];
  const storedFor = process.env[TOKEN_URL_ENV];
  return token && storedFor !== undefined && normalizeServerUrl(storedFor) === url ? token : undefined;
}

/** Why the configured server URL cannot be used (no http(s) scheme, credentials in it), if so. */
let unusableUrl: string | undefined;

function connectCatalog(): void {
  const url = settings.serverUrl;
  const token = url ? tokenFor(url) : undefined;
  catalog?.stop();
  catalog = undefined;
  client = undefined;
  unusableUrl = undefined;
  service.setCatalog(undefined);
  if (!url) {
    sendCatalogStatus();
    return;
  }
  const { OpenMetadataClient } = require('./openmetadata/client') as typeof import('./openmetadata/client');
  try {
    client = new OpenMetadataClient({
      baseUrl: url,
      token,
      // Method, path, status and time only: the client never logs headers, bodies or the token.
      log: (line) => connection.console.log(line),
    });
  } catch (e) {
    unusableUrl = `${(e as Error).message} Set mlmodel.server.url to e.g. http://localhost:8585.`;
    sendCatalogStatus();
    return;
  }
  const index = new CatalogIndex(client, {
    onChange: () => {
      if (catalog !== index) return;
      sendCatalogStatus();
      // Answers arrive in bursts: revalidate (and redraw the lenses, which show what the catalog
      // knows of the model) once they settle.
      clearTimeout(revalidateTimer);
      revalidateTimer = setTimeout(() => {
        store.documents.all().forEach(validate);
        refreshCodeLenses();
      }, 200);
    },
  });
  catalog = index;
  service.setCatalog(index);
  sendCatalogStatus();
  void index.start();
}

function sendCatalogStatus(): void {
  const url = settings.serverUrl || undefined;
  const signedIn = !!(url && tokenFor(url));
  let status: CatalogStatus;
  if (url && unusableUrl) status = { state: 'error', url: withoutCredentials(url), signedIn: false, message: unusableUrl };
  else if (!catalog || !url) status = { state: 'off', signedIn: false };
  else if (catalog.state.kind === 'ready') status = { state: 'ready', url, signedIn, version: catalog.state.info.version, user: catalog.state.identity.name, tables: catalog.knownTables };
  else if (catalog.state.kind === 'error') status = { state: 'error', url, signedIn, message: catalog.state.message, auth: catalog.state.auth };
  else status = { state: 'connecting', url, signedIn };
  void connection.sendNotification(CatalogStatusNotification.type, status);
}

// ---------------------------------------------------------------- diagnostics

function validate(document: TextDocument): void {
  clearTimeout(timers.get(document.uri));
  timers.delete(document.uri);
  guard('validate', () => {
    const started = performance.now();
    const failed = publishProblems.get(document.uri);
    const diagnostics = service.validate(document, store.model(document), failed?.version === document.version ? failed.problems : []);
    const validationMs = Math.round((performance.now() - started) * 10) / 10;
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    void connection.sendNotification(DocumentStatusNotification.type, { uri: document.uri, version: document.version, validationMs, diagnostics: diagnostics.length });
  }, undefined);
}

function scheduleValidation(document: TextDocument): void {
  clearTimeout(timers.get(document.uri));
  timers.set(
    document.uri,
    setTimeout(() => {
      const current = store.get(document.uri);
      if (current) validate(current);
    }, settings.debounceMs),
  );
}

// TextDocuments fires onDidOpen and then onDidChangeContent for an opened document; only later
// content changes are debounced.
const justOpened = new Set<string>();
store.documents.onDidOpen((e) => {
  justOpened.add(e.document.uri);
  validate(e.document);
});
store.documents.onDidChangeContent((e) => {
  if (!justOpened.delete(e.document.uri)) scheduleValidation(e.document);
});
store.documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  publishProblems.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// ---------------------------------------------------------------- requests

function withDocument<T>(name: string, uri: string, empty: T, run: (document: TextDocument) => T): T {
  const document = store.get(uri);
  if (!document) return empty;
  return guard(name, () => run(document), empty);
}

connection.onCompletion(async (params) => {
  const document = store.get(params.textDocument.uri);
  if (!document) return null;
  try {
    return await service.complete(document, store.model(document), params.position);
  } catch (e) {
    logFailure('completion', e);
    return null;
  }
});
connection.onHover((params) => withDocument('hover', params.textDocument.uri, null, (d) => service.hover(d, store.model(d), params.position)));
connection.onDocumentSymbol((params) => withDocument('documentSymbol', params.textDocument.uri, [], (d) => service.documentSymbols(d, store.model(d))));
connection.onFoldingRanges((params) => withDocument('foldingRange', params.textDocument.uri, [], (d) => service.foldingRanges(d, store.model(d))));
connection.onCodeLens((params) => withDocument('codeLens', params.textDocument.uri, [], (d) => service.codeLenses(d, store.model(d))));
connection.onDocumentLinks((params) => withDocument('documentLink', params.textDocument.uri, [], (d) => service.documentLinks(d, store.model(d))));
connection.onRequest(LineageGraphRequest.type, ({ uri }) =>
  withDocument('lineageGraph', uri, null, (d) => ({ uri, version: d.version, ...lineageGraph(d, store.model(d), catalog, settings) })),
);
connection.onCodeAction((params) =>
  withDocument('codeAction', params.textDocument.uri, [], (d) => service.codeActions(d, store.model(d), params.context.diagnostics)),
);

// ---------------------------------------------------------------- publish

function notConnected(): { ok: false; message: string } {
  if (unusableUrl) return { ok: false, message: unusableUrl };
  return { ok: false, message: settings.serverUrl ? `OpenMetadata at ${settings.serverUrl} is not ready yet.` : 'Not connected to OpenMetadata: set mlmodel.server.url, or run "MLModel: Sign In to OpenMetadata".' };
}

/** A URL fit to show: any `user:password@` taken out. */
function withoutCredentials(url: string): string {
  return url.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1');
}

type Planned = { plan: PublishPlan; document: TextDocument; om: OpenMetadataClient; signal: AbortSignal; modules: PublishModule };

/**
 * What Publish and Preview share: find the open document, check the connection, plan against the
 * server (cancellable), and if the file cannot be published put the reasons on its lines.
 * Returns the plan, or the answer to send instead.
 */
async function planFor(uri: string, token: CancellationToken, refused: (problems: number) => string): Promise<Planned | { ok: false; message: string; problems?: number }> {
  const document = store.get(uri);
  if (!document) return { ok: false, message: 'The document is not open.' };
  const om = client;
  if (!om) return notConnected();
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  const modules = loadPublish();
  const version = document.version;
  const prepared = await modules[0].preparePublish(store.model(document), om, { signal: abort.signal });
  if (!prepared.plan) {
    // The file's own errors are already on its lines; only what the publish found is added.
    if (prepared.reason === 'blocked') {
      publishProblems.set(uri, { version, problems: prepared.problems });
      validate(document);
    }
    return { ok: false, message: refused(prepared.problems.length), problems: prepared.problems.length };
  }
  return { plan: prepared.plan, document, om, signal: abort.signal, modules };
}

connection.onRequest(PublishRequest.type, async ({ uri }, token): Promise<PublishResult> => {
  let signal: AbortSignal | undefined;
  try {
    const planned = await planFor(uri, token, notPublished);
    if (!('plan' in planned)) return planned;
    ({ signal } = planned);
    const { plan, document, om, modules } = planned;
    if (signal.aborted) return { ok: false, message: 'Cancelled; nothing was written.' };
    const report = await modules[1].executePlan(plan, om, { signal, onStep: (step) => connection.console.info(step) });
    catalog?.noteMlModel({ id: report.model.id, fullyQualifiedName: report.fqn, version: report.version });
    publishProblems.delete(uri);
    validate(document);
    refreshCodeLenses();
    const message = publishedMessage({
      fqn: report.fqn,
      action: plan.action,
      version: report.version,
      summary: plan.summary,
      tables: plan.lineage.tables.length,
      written: report.lineageWritten.length,
      removed: report.lineageRemoved,
      failed: report.lineageFailed,
      removeFailed: report.lineageRemoveFailed,
    });
    if (report.lineageFailed.length || report.lineageRemoveFailed.length) {
      return { ok: false, fqn: report.fqn, url: report.url, version: report.version, lineageFailed: report.lineageFailed, lineageRemoveFailed: report.lineageRemoveFailed, message };
    }
    return { ok: true, fqn: report.fqn, url: report.url, version: report.version, message };
  } catch (e) {
    // Cancelled during the model's write: say that it may have happened.
    const uncertain = (e as { uncertain?: boolean }).uncertain === true;
    return { ok: false, message: signal?.aborted && !uncertain ? 'Cancelled; nothing was written.' : signal?.aborted ? `Cancelled. ${(e as Error).message}` : (e as Error).message };
  }
});

connection.onRequest(PreviewRequest.type, async ({ uri }, token) => {
  try {
    const planned = await planFor(uri, token, nothingToPreview);
    if (!('plan' in planned)) return planned;
    const { plan, document, modules } = planned;
    const { authoredFromEntity, modelYaml } = modules[2];
    const changes = lineageChangesOf(plan.lineage);
    return {
      ok: true,
      message: plan.summary,
      fqn: plan.fqn,
      summary: plan.summary,
      server: plan.current ? modelYaml(authoredFromEntity(plan.current)) : '',
      file: modelYaml(readModel(store.model(document))),
      lineageToAdd: changes.add,
      lineageToRemove: changes.remove,
      lineageKept: changes.kept,
    };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
});

// ---------------------------------------------------------------- import from MLflow

connection.onRequest(ImportMlflowRequest.type, ({ uri, text, label }) =>
  guard('importMlflow', () => {
    // Loaded on first use, as publishing is: few sessions import.
    const { importMlflow } = require('./mlflow/convert') as typeof import('./mlflow/convert');
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(new URL(uri).pathname);
    return importMlflow(text, { file: label ?? path, folder: dirname(path) });
  }, { ok: false, message: 'The import failed unexpectedly; the output log says why.' }),
);

/** Run a handler; an exception is logged (message and stack, never request data) and answered with `empty`. */
function guard<T>(name: string, run: () => T, empty: T): T {
  try {
    return run();
  } catch (e) {
    logFailure(name, e);
    return empty;
  }
}

function logFailure(name: string, e: unknown): void {
  connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

store.documents.listen(connection);
connection.listen();
