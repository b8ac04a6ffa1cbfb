// Open documents and their parsed models, one parse per version. Incremental changes are applied
// to the tree as they arrive (a few milliseconds); when only a full parse can tell, the model is
// dropped and parsed once, when it is next needed, however many edits came in between.
// The edits also tell where the user is writing (see `Editing`), which validation reads.

import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../service/languageService';
import type { ModelDocument } from '../service/document';
import type { Editing } from '../service/types';

/**
 * The text being written: `start`–`end`, the run of edits each touching the one before; `at`, where
 * the user is in it. An edit elsewhere starts a new run: the user has moved on.
 */
export interface WritingRun {
  start: number;
  end: number;
  at: number;
}

/**
 * The run after an edit replacing `removed` characters at `offset` by `text`. The user is at the
 * end of what was typed; but inserted lines holding more than indentation (a snippet, a paste)
 * put them at its start, where a snippet's first placeholder is: its later lines are still to come.
 */
export function followEdit(run: WritingRun | undefined, offset: number, removed: number, text: string): WritingRun {
  const at = /\n[^\n]*\S/.test(text) ? offset : offset + text.length;
  if (run && run.start <= offset && offset + removed <= run.end) return { start: run.start, end: run.end + text.length - removed, at };
  return { start: offset, end: offset + text.length, at };
}

export class DocumentStore {
  private readonly models = new Map<string, ModelDocument | undefined>();
  private readonly runs = new Map<string, WritingRun>();
  readonly documents: TextDocuments<TextDocument>;

  constructor(private readonly service: LanguageService) {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => {
        this.models.delete(uri);
        this.runs.delete(uri);
        return TextDocument.create(uri, languageId, version, content);
      },
      update: (document, changes, version) => this.applyChanges(document, changes, version),
    });
    this.documents.onDidClose((e) => {
      this.models.delete(e.document.uri);
      this.runs.delete(e.document.uri);
    });
  }

  private applyChanges(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    let model = this.models.get(document.uri);
    let run = this.runs.get(document.uri);
    for (const change of changes) {
      if ('range' in change) {
        const offset = document.offsetAt(change.range.start);
        const removed = document.offsetAt(change.range.end) - offset;
        TextDocument.update(document, [change], version);
        if (model) model = this.service.update(model, document.getText(), { offset, removed, text: change.text });
        run = followEdit(run, offset, removed, change.text);
      } else {
        TextDocument.update(document, [change], version);
        model = undefined;
        run = undefined;
      }
    }
    this.models.set(document.uri, model);
    if (run) this.runs.set(document.uri, run);
    else this.runs.delete(document.uri);
    return document;
  }

  /** Where the user is writing in the document: whole lines, from the one they are on to the end of the run. */
  editing(document: TextDocument): Editing | undefined {
    const run = this.runs.get(document.uri);
    if (!run) return undefined;
    const from = document.positionAt(Math.max(run.start, run.at)).line;
    const to = document.positionAt(run.end).line;
    return { start: document.offsetAt({ line: from, character: 0 }), end: document.offsetAt({ line: to, character: Number.MAX_SAFE_INTEGER }) };
  }

  /** The user is done writing (the document was saved): everything is reported again. */
  doneEditing(uri: string): void {
    this.runs.delete(uri);
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
