// The language service: pure functions of a parsed document (and, later, the catalog index),
// returning LSP types. No connection, no HTTP, no files: the LSP server (../server.ts) and the CLI
// (../cli) own all I/O and pass documents in.

import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseModel, updateModel, type ModelDocument, type TextChange } from './document';
import { validateModel } from './validation';
import { toDiagnostics } from './diagnostics';
import { completeSchema, toList } from './completion';
import { hoverKey } from './hover';
import { documentSymbols } from './symbols';
import { foldingRanges } from './folding';
import { quickFixes } from './codeActions';
import { DEFAULT_SETTINGS, type Settings } from './settings';

export interface LanguageService {
  configure(settings: Settings): void;
  /** Parse a whole text. */
  parse(text: string): ModelDocument;
  /** The document after one change, reparsed locally when possible; undefined when a full parse is needed. `previous` is consumed. */
  update(previous: ModelDocument, newText: string, change: TextChange): ModelDocument | undefined;
  validate(document: TextDocument, model: ModelDocument): Diagnostic[];
  complete(document: TextDocument, model: ModelDocument, position: Position): CompletionList;
  hover(document: TextDocument, model: ModelDocument, position: Position): Hover | null;
  documentSymbols(document: TextDocument, model: ModelDocument): DocumentSymbol[];
  foldingRanges(document: TextDocument, model: ModelDocument): FoldingRange[];
  codeActions(document: TextDocument, model: ModelDocument, diagnostics: readonly Diagnostic[]): CodeAction[];
}

export function createLanguageService(initial: Settings = DEFAULT_SETTINGS): LanguageService {
  let settings = initial;
  const maxBytes = () => settings.maxFileSizeMB * 1024 * 1024;
  return {
    configure(next) {
      settings = next;
    },
    parse: (text) => parseModel(text, maxBytes()),
    update: (previous, newText, change) => updateModel(previous, newText, change, maxBytes()),
    validate: (document, model) => toDiagnostics(validateModel(model), document, settings),
    complete(document, model, position) {
      const { items } = completeSchema(document, model, document.offsetAt(position));
      return toList(items);
    },
    hover: (document, model, position) => hoverKey(document, model, document.offsetAt(position)),
    documentSymbols,
    foldingRanges,
    codeActions: quickFixes,
  };
}
