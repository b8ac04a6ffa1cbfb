// Open documents and their parsed models, one parse per version. Incremental changes are applied
// to the tree as they arrive (a few milliseconds); when only a full parse can tell, the model is
// dropped and parsed once, when it is next needed, however many edits came in between.

import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';
import type { ModelDocument } from '../service/document';

export class DocumentStore {
  private readonly models = new Map<string, ModelDocument | undefined>();
  readonly documents: TextDocuments<TextDocument>;

  constructor(private readonly service: LanguageService) {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => {
        this.models.delete(uri);
        return TextDocument.create(uri, languageId, version, content);
      },
      update: (document, changes, version) => this.applyChanges(document, changes, version),
    });
    this.documents.onDidClose((e) => this.models.delete(e.document.uri));
  }

  private applyChanges(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    let model = this.models.get(document.uri);
    for (const change of changes) {
      if ('range' in change) {
        const offset = document.offsetAt(change.range.start);
        const removed = document.offsetAt(change.range.end) - offset;
        TextDocument.update(document, [change], version);
        if (model) model = this.service.update(model, document.getText(), { offset, removed, text: change.text });
      } else {
        TextDocument.update(document, [change], version);
        model = undefined;
      }
    }
    this.models.set(document.uri, model);
    return document;
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The parsed model of the document's current version. */
  model(document: TextDocument): ModelDocument {
    let model = this.models.get(document.uri);
    if (!model) {
      model = this.service.parse(document.getText());
      this.models.set(document.uri, model);
    }
    return model;
  }

  /** Drop every parsed model (after a settings change that affects parsing). */
  invalidate(): void {
    this.models.clear();
  }
}
