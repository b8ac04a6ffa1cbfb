// The language service: pure functions of a parsed document and the catalog index, returning LSP
// types. No connection, no HTTP, no files: the LSP server's handlers (../handlers) and the CLI
// (../cli) own all I/O and pass documents in.

import type { CodeAction, CodeLens, CompletionList, Diagnostic, DocumentLink, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseModel, updateModel, type ModelDocument, type TextChange } from './document';
import { validateModel } from './validation';
import { toDiagnostics } from './diagnostics';
import { completeSchema, toList } from './completion';
import type { CursorContext } from './context';
import { hoverKey } from './hover';
import { documentSymbols } from './symbols';
import { foldingRanges } from './folding';
import { quickFixes } from './codeActions';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import type { CatalogIndex } from './catalogIndex';
import { catalogProblems } from './catalogValidation';
import { completeReferences } from './catalogCompletion';
import { hoverReference } from './catalogHover';
import { documentLinks } from './links';
import { codeLenses } from './codeLens';
import { lineageGraph } from './lineageGraph';
import type { LineageGraph } from '../shared/lineageGraph';
import type { Editing, Problem } from './types';

/** How long a completion request may wait for the catalog before answering with what is known. */
const COMPLETION_BUDGET_MS = 60;

export interface LanguageService {
  configure(settings: Settings): void;
  /** The catalog to check and complete references against; undefined turns catalog features off. */
  setCatalog(index: CatalogIndex | undefined): void;
  /** Parse a whole text. */
  parse(text: string): ModelDocument;
  /** The document after one change, reparsed locally when possible; undefined when a full parse is needed. `previous` is consumed. */
  update(previous: ModelDocument, newText: string, change: TextChange): ModelDocument | undefined;
  /**
   * Diagnostics; `extra` adds problems found elsewhere (a publish that failed on these lines);
   * `editing` is where the user is writing, whose values left empty are not reported yet.
   */
  validate(document: TextDocument, model: ModelDocument, extra?: readonly Problem[], editing?: Editing): Diagnostic[];
  complete(document: TextDocument, model: ModelDocument, position: Position): Promise<CompletionList>;
  hover(document: TextDocument, model: ModelDocument, position: Position): Hover | null;
  documentSymbols(document: TextDocument, model: ModelDocument): DocumentSymbol[];
  foldingRanges(document: TextDocument, model: ModelDocument): FoldingRange[];
  documentLinks(document: TextDocument, model: ModelDocument): DocumentLink[];
  codeLenses(document: TextDocument, model: ModelDocument): CodeLens[];
  codeActions(document: TextDocument, model: ModelDocument, diagnostics: readonly Diagnostic[]): CodeAction[];
  /** The lineage the document describes, with what the catalog index holds now, for the lineage view. */
  lineageGraph(document: TextDocument, model: ModelDocument): LineageGraph;
}

export function createLanguageService(initial: Settings = DEFAULT_SETTINGS): LanguageService {
  let settings = initial;
  let catalog: CatalogIndex | undefined;
  const maxBytes = () => settings.maxFileSizeMB * 1024 * 1024;
  return {
    configure(next) {
      settings = next;
    },
    setCatalog(index) {
      catalog = index;
    },
    parse: (text) => parseModel(text, maxBytes()),
    update: (previous, newText, change) => updateModel(previous, newText, change, maxBytes()),
    validate(document, model, extra = [], editing) {
      const problems = validateModel(model);
      // What a failed publish found comes before the catalog's checks: on the same characters
      // (a table the server lacks), it is the answer to what was just done (see toDiagnostics).
      problems.push(...extra);
      if (catalog && !model.tooLarge) problems.push(...catalogProblems(model.yaml.root, catalog, settings));
      problems.sort((a, b) => a.target.start - b.target.start);
      const shown = editing ? problems.filter((p) => !(p.emptyValue && editing.start <= p.target.start && p.target.start <= editing.end)) : problems;
      return toDiagnostics(shown, document, settings);
    },
    async complete(document, model, position) {
      const offset = document.offsetAt(position);
      const { context, items } = completeSchema(document, model, offset, { catalog: catalog !== undefined });
      // A value, or a fresh `- ` item of a list whose items may be references (tags).
      const value: CursorContext | undefined =
        context?.kind === 'value'
          ? context
          : context?.kind === 'key' && context.newItem
            ? { kind: 'value', path: context.path, replaceStart: context.replaceStart, replaceEnd: context.replaceEnd, prefix: model.yaml.text.slice(context.replaceStart, offset), column: context.column }
            : undefined;
      if (catalog && value?.kind === 'value') {
        const refs = await completeReferences(document, model, value, catalog, COMPLETION_BUDGET_MS);
        if (refs) return toList([...items, ...refs.items], refs.incomplete);
      }
      return toList(items);
    },
    hover(document, model, position) {
      const offset = document.offsetAt(position);
      return (catalog && hoverReference(document, model, offset, catalog)) || hoverKey(document, model, offset);
    },
    documentSymbols,
    foldingRanges,
    documentLinks: (document, model) => (catalog ? documentLinks(document, model, catalog) : []),
    codeLenses: (document, model) => codeLenses(document, model, catalog),
    codeActions: quickFixes,
    lineageGraph: (document, model) => lineageGraph(document, model, catalog, settings),
  };
}
