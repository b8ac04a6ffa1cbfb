// Fixtures for service tests: `|` marks the caret, ⟦…⟧ marks expected ranges.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type LanguageService } from '../../server/src/service/languageService';
import type { ModelDocument } from '../../server/src/service/document';

export function caret(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('fixture has no | caret');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

export function ranges(marked: string): { text: string; ranges: Array<{ start: number; end: number; text: string }> } {
  let text = '';
  const found: Array<{ start: number; end: number; text: string }> = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === '⟦') open = text.length;
    else if (ch === '⟧') {
      found.push({ start: open, end: text.length, text: text.slice(open, text.length) });
      open = -1;
    } else text += ch;
  }
  return { text, ranges: found };
}

export interface Loaded {
  service: LanguageService;
  document: TextDocument;
  model: ModelDocument;
}

export function load(text: string, service: LanguageService = createLanguageService()): Loaded {
  const document = TextDocument.create('file:///test/model.mlmodel.yaml', 'mlmodel-yaml', 1, text);
  return { service, document, model: service.parse(text) };
}

/** Diagnostics as [line (1-based), the text they cover, code]. */
export function summarize(loaded: Loaded): Array<[number, string, string]> {
  const text = loaded.document.getText();
  return loaded.service.validate(loaded.document, loaded.model).map((d) => [
    d.range.start.line + 1,
    text.slice(loaded.document.offsetAt(d.range.start), loaded.document.offsetAt(d.range.end)),
    String(d.code),
  ]);
}
