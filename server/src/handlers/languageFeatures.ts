// The LSP requests the language service answers directly: completion, hover, symbols, folding,
// code actions (quick fixes, Fix all), document links and code lenses, each on the open document's parsed model.

import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documentStore';
import type { LanguageService } from '../service/languageService';
import { guard, logFailure } from './guard';

/** `snippetEdits`: whether the client applies snippet edits in a workspace edit (said in `initialize`). */
export function registerLanguageFeatures(connection: Connection, service: LanguageService, store: DocumentStore, snippetEdits: () => boolean): void {
  const withDocument = <T>(name: string, uri: string, empty: T, run: (document: TextDocument) => T): T => {
    const document = store.get(uri);
    if (!document) return empty;
    return guard(connection.console, name, () => run(document), empty);
  };
  connection.onCompletion(async (params) => {
    const document = store.get(params.textDocument.uri);
    if (!document) return null;
    try {
      return await service.complete(document, store.model(document), params.position);
    } catch (e) {
      logFailure(connection.console, 'completion', e);
      return null;
    }
  });
  connection.onHover((params) => withDocument('hover', params.textDocument.uri, null, (d) => service.hover(d, store.model(d), params.position)));
  connection.onDocumentSymbol((params) => withDocument('documentSymbol', params.textDocument.uri, [], (d) => service.documentSymbols(d, store.model(d))));
  connection.onFoldingRanges((params) => withDocument('foldingRange', params.textDocument.uri, [], (d) => service.foldingRanges(d, store.model(d))));
  connection.onCodeLens((params) => withDocument('codeLens', params.textDocument.uri, [], (d) => service.codeLenses(d, store.model(d))));
  connection.onDocumentLinks((params) => withDocument('documentLink', params.textDocument.uri, [], (d) => service.documentLinks(d, store.model(d))));
  connection.onCodeAction((params) => withDocument('codeAction', params.textDocument.uri, [], (d) => service.codeActions(d, store.model(d), params.context.diagnostics, { only: params.context.only, snippets: snippetEdits() })));
}
