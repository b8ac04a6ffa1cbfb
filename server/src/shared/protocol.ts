// The client↔server protocol beyond LSP: one place for every custom message, its direction and
// its payload. Imported by the server (../handlers) and the extension (client/src); like everything
// in server/src/shared it imports nothing else of the server, so the extension can bundle it.

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Settings } from './settings';
import type { LineageGraph } from './lineageGraph';
import type { MlflowImportResult } from './mlflow';

/** Sent by the client in `initialize`. */
export interface InitializationOptions {
  settings: Settings;
}

/**
 * Client → server: the resolved settings changed (VS Code settings, workspace trust). The server
 * never reads raw VS Code settings.
 */
export namespace DidChangeSettingsNotification {
  export const method = 'mlmodel/didChangeSettings';
  export const type = new NotificationType<Settings>(method);
}

/** What the server reports about a document after validating it. */
export interface DocumentStatus {
  uri: string;
  version: number;
  /** Time spent parsing and validating this version, in milliseconds. */
  validationMs: number;
  diagnostics: number;
}

/** Server → client: after each validation, for the language status item. */
export namespace DocumentStatusNotification {
  export const method = 'mlmodel/documentStatus';
  export const type = new NotificationType<DocumentStatus>(method);
}

/** The catalog connection as the server sees it. */
export interface CatalogStatus {
  state: 'off' | 'connecting' | 'ready' | 'error';
  /** The OpenMetadata server URL (never a token). */
  url?: string;
  version?: string;
  /** Who the token belongs to. */
  user?: string;
  /** Whether a token is in use. */
  signedIn: boolean;
  /** `error`: what went wrong and what to do; `auth` when the token was refused. */
  message?: string;
  auth?: boolean;
  /** `error`: what failed, for the status bar and the sign-in outcome. */
  reason?: CatalogFailure;
  /** Tables known in memory, for completion. */
  tables?: number;
}

/**
 * Why the catalog cannot be used: the token is missing or was refused (401), lacks a permission
 * (403), the server cannot be reached or did not answer in time, the address answers but is not
 * OpenMetadata's API, or something else (a server error, throttling…; the message says).
 */
export type CatalogFailure = 'unauthorized' | 'forbidden' | 'unreachable' | 'notOpenMetadata' | 'other';

/** Server → client: whenever the catalog connection changes, for the status item. */
export namespace CatalogStatusNotification {
  export const method = 'mlmodel/catalogStatus';
  export const type = new NotificationType<CatalogStatus>(method);
}

/**
 * How the extension hands the server its token: environment variables of the server process, set
 * when it starts (LSP messages can be traced to the output channel; the environment is not). The
 * token is used only while the server URL equals MLMODEL_TOKEN_URL, the URL it was stored for.
 */
export const TOKEN_ENV = 'MLMODEL_TOKEN';
export const TOKEN_URL_ENV = 'MLMODEL_TOKEN_URL';

/**
 * Node options the server process runs with (the extension and the benchmark both use these).
 * A parse allocates little besides the tree it keeps, so nearly everything in the young generation
 * survives; letting that generation grow to its default 3 × 16 MB buys no speed and ~60 MB of peak
 * memory on a 5,000-feature model (measured with `npm run bench`).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];

/**
 * Why a publish or a preview did not happen: problems in the file (on its lines, in the Problems
 * view), no server configured, the plan the user confirmed is no longer what a publish would do,
 * cancelled, or the server could not be used (the catalog's failure kinds).
 */
export type PublishFailure = 'problems' | 'notConnected' | 'planChanged' | 'cancelled' | CatalogFailure;

/** What a publish did, for the result message. */
export interface PublishResult {
  ok: boolean;
  /** One line for the notification: what happened, or what stopped it. */
  message: string;
  /** Not `ok` and nothing was written: why, so the editor offers what to do about it. */
  reason?: PublishFailure;
  fqn?: string;
  url?: string;
  version?: number;
  /** Lineage edges that could not be written (publishing again completes them). */
  lineageFailed?: Array<{ table: string; message: string }>;
  /** Stale lineage edges (tables no longer a source) that could not be removed; publishing again removes them. */
  lineageRemoveFailed?: Array<{ table: string; message: string }>;
  /** `reason: problems`: how many entries of the Problems view stop the publish. */
  problems?: number;
  /** Written, but these edits of the file were not applied: the server keeps them from a bot's token. */
  keptForBot?: string[];
}

/** A plan the user reviewed (from a PreviewResult), which a publish must still match to go ahead. */
export interface ConfirmedPlan {
  /** PreviewResult.planKey. */
  key: string;
  /** PreviewResult.version. */
  version: { from?: number; to: number };
}

export interface PublishParams {
  uri: string;
  /**
   * Publish only if a fresh plan is still this one; otherwise nothing is written and the result
   * says what changed (`reason: planChanged`), so the user is asked again.
   */
  confirmed?: ConfirmedPlan;
}

/**
 * Client → server: publish the model in this document (the text the editor has, saved or not) and
 * its lineage. Cancellable until the model is written. Problems are shown on the document.
 */
export namespace PublishRequest {
  export const method = 'mlmodel/publish';
  export const type = new RequestType<PublishParams, PublishResult, void>(method);
}

/** Both sides of the preview diff, in the file format, and the plan behind them. */
export interface PreviewResult {
  ok: boolean;
  message: string;
  /** Not `ok`: why (see PublishResult.reason). */
  reason?: PublishFailure;
  /** `reason: problems`: how many entries of the Problems view stop the publish. */
  problems?: number;
  fqn?: string;
  /** The server the plan was made against (never a token or credentials). */
  serverUrl?: string;
  /** The server's model (empty when publishing would create it) and the file's. */
  server?: string;
  file?: string;
  action?: 'create' | 'update' | 'restore' | 'unchanged';
  /** The server's version now (none: not there yet) and the one a publish makes. */
  version?: { from?: number; to: number };
  /** e.g. `0.3 → 1.3: algorithm changed (major)`. */
  summary?: string;
  lineageToAdd?: string[];
  /** Tables that were sources on the server and are not in the file: their edge to the model is removed. */
  lineageToRemove?: string[];
  /** Such tables whose edge stays, because it carries what a publish never draws (a pipeline, a description…). */
  lineageKept?: Array<{ table: string; reason: string }>;
  /** The file's sensitive-data warnings, as the Problems view shows them (for the confirmation). */
  sensitive?: string[];
  /** Identifies this plan; a publish sent with it (PublishParams.confirmed) writes this plan or nothing. */
  planKey?: string;
}

/** Client → server: what publishing this document would change. Writes nothing. */
export namespace PreviewRequest {
  export const method = 'mlmodel/preview';
  export const type = new RequestType<{ uri: string }, PreviewResult, void>(method);
}

/** The lineage graph of one version of a document. */
export interface LineageGraphResult extends LineageGraph {
  uri: string;
  version: number;
}

/**
 * Client → server: the lineage the document describes, for the lineage view, answered at once from
 * what the catalog index holds; null when the document is not open. The view asks again when the
 * document or the catalog changes.
 */
export namespace LineageGraphRequest {
  export const method = 'mlmodel/lineageGraph';
  export const type = new RequestType<{ uri: string }, LineageGraphResult | null, void>(method);
}

/**
 * Client → server: an MLflow `MLmodel` file converted to the text of a *.mlmodel.yaml file, or why
 * it cannot be (`ok: false`, a message naming what is wrong). The client reads the file and writes
 * the result; the server touches no file. `label` names the file in the result's header comment
 * (e.g. relative to the workspace); its path by default.
 */
export namespace ImportMlflowRequest {
  export const method = 'mlmodel/importMlflow';
  export const type = new RequestType<{ uri: string; text: string; label?: string }, MlflowImportResult, void>(method);
}

/** Whether an address answers as an OpenMetadata server, asked without any token. */
export interface ProbeServerResult {
  ok: boolean;
  /** `ok`: the server's version. */
  version?: string;
  /** Not `ok`: what failed (a 401 means it answers but wants a token). */
  reason?: CatalogFailure;
  message?: string;
}

/**
 * Client → server: does this URL answer as OpenMetadata (its version endpoint, a short timeout)?
 * For the sign-in picker (is the local sandbox running?). Never sends a token: tokens reach the
 * server only through its environment (TOKEN_ENV), and a sign-in's outcome comes back as the
 * catalog status of the restarted server.
 */
export namespace ProbeServerRequest {
  export const method = 'mlmodel/probeServer';
  export const type = new RequestType<{ url: string }, ProbeServerResult, void>(method);
}
