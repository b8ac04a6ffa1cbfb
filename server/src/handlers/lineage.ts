// The lineage view's graph (mlmodel/lineageGraph): answered at once from the document and what the
// catalog index holds; the view asks again when the document or the catalog changes.

import type { Connection } from 'vscode-languageserver';
import type { DocumentStore } from './documentStore';
import type { LanguageService } from '../service/languageService';
import { LineageGraphRequest, type LineageGraphResult } from '../shared/protocol';
import { guard } from './guard';

export interface LineageOptions {
  connection: Pick<Connection, 'console'>;
  service: LanguageService;
  store: DocumentStore;
}

export class LineageHandler {
  constructor(private readonly options: LineageOptions) {}

  register(connection: Pick<Connection, 'onRequest'>): void {
    connection.onRequest(LineageGraphRequest.type, ({ uri }) => this.lineageGraph(uri));
  }

  /** The graph of the document's current version; null when the document is not open. */
  lineageGraph(uri: string): LineageGraphResult | null {
    const { connection, service, store } = this.options;
    const document = store.get(uri);
    if (!document) return null;
    return guard(connection.console, 'lineageGraph', () => ({ uri, version: document.version, ...service.lineageGraph(document, store.model(document)) }), null);
  }
}
