// When documents are validated: at once when one opens, after the configured debounce when it
// changes, all of them when settings or the catalog's answers change. Diagnostics go to the client
// with the document's version, and mlmodel/documentStatus says how long validation took. A value
// left empty where the user is writing is reported once they move on, or save.

import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documentStore';
import type { LanguageService } from '../service/languageService';
import type { Problem } from '../service/types';
import { DocumentStatusNotification } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import { guard } from './guard';

export interface ValidationOptions {
  connection: Pick<Connection, 'console' | 'sendDiagnostics' | 'sendNotification'>;
  service: LanguageService;
  store: DocumentStore;
  settings: () => Settings;
}

export class ValidationScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Problems a publish found on a document version, shown until that version changes. */
  private readonly publishProblems = new Map<string, { version: number; problems: Problem[] }>();
  /** TextDocuments fires onDidOpen and then onDidChangeContent for an opened document; only later changes are debounced. */
  private readonly justOpened = new Set<string>();

  constructor(private readonly options: ValidationOptions) {
    const { documents } = options.store;
    documents.onDidOpen((e) => {
      this.justOpened.add(e.document.uri);
      this.validate(e.document);
    });
    documents.onDidChangeContent((e) => {
      if (!this.justOpened.delete(e.document.uri)) this.schedule(e.document);
    });
    documents.onDidSave((e) => this.doneWriting(e.document));
    documents.onDidClose((e) => {
      this.cancel(e.document.uri);
      this.publishProblems.delete(e.document.uri);
      void options.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
  }

  validate(document: TextDocument): void {
    const { connection, service, store } = this.options;
    this.cancel(document.uri);
    guard(connection.console, 'validate', () => {
      const started = performance.now();
      const failed = this.publishProblems.get(document.uri);
      const diagnostics = service.validate(document, store.model(document), failed?.version === document.version ? failed.problems : [], store.editing(document));
      const validationMs = Math.round((performance.now() - started) * 10) / 10;
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
      void connection.sendNotification(DocumentStatusNotification.type, { uri: document.uri, version: document.version, validationMs, diagnostics: diagnostics.length });
    }, undefined);
  }

  validateAll(): void {
    for (const document of this.options.store.documents.all()) this.validate(document);
  }

  /** What a publish found on this version of the document (unresolved references), shown on its lines until it changes. */
  showPublishProblems(document: TextDocument, problems: Problem[]): void {
    this.publishProblems.set(document.uri, { version: document.version, problems });
    this.doneWriting(document);
  }

  /**
   * The user is done writing for now (saved, or asked to publish or preview): a value they left
   * empty is reported even where they were writing.
   */
  doneWriting(document: TextDocument): void {
    this.options.store.doneEditing(document.uri);
    this.validate(document);
  }

  /** A publish succeeded: what an earlier one found no longer stands. */
  clearPublishProblems(document: TextDocument): void {
    this.publishProblems.delete(document.uri);
    this.validate(document);
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  private schedule(document: TextDocument): void {
    this.cancel(document.uri);
    this.timers.set(
      document.uri,
      setTimeout(() => {
        const current = this.options.store.get(document.uri);
        if (current) this.validate(current);
      }, this.options.settings().debounceMs),
    );
  }

  private cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }
}
