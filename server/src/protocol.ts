// The client↔server protocol beyond LSP: one place for every custom message, its direction and
// its payload. Imported by the server (server.ts) and the extension (client/src).

import { NotificationType } from 'vscode-languageserver-protocol';
import type { Settings } from './service/settings';

export type { Settings };

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
