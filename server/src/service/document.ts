// A parsed mlmodel document: the YAML tree of one version of the text. The caller (the LSP server,
// the CLI) parses once per version and passes the result to every feature.

import type { YamlDocument } from './yaml/ast';
import { reparseYaml, type TextChange } from './yaml/incremental';
import { parseYaml } from './yaml/parser';

export interface ModelDocument {
  readonly yaml: YamlDocument;
  /** Set instead of parsing when the text is larger than the limit. */
  readonly tooLarge?: { bytes: number; limitBytes: number };
  /**
   * Offsets of the characters no model file may hold, in order: NUL, and U+FFFD, which an editor
   * puts where the bytes it read were not UTF-8. Kept up to date by edits, so that finding them
   * does not cost a scan of the whole text per keystroke.
   */
  readonly badCharacters: readonly number[];
}

export type { TextChange };

export function parseModel(text: string, maxBytes = Infinity): ModelDocument {
  if (text.length > maxBytes) {
    return { yaml: { text, root: null, errors: [], hasAliases: false, reparsed: 'full' }, tooLarge: { bytes: text.length, limitBytes: maxBytes }, badCharacters: [] };
  }
  return { yaml: parseYaml(text), badCharacters: badCharactersIn(text, 0) };
}

/**
 * The document after one change, reparsing locally; undefined when only a full parse can tell
 * (the caller may then parse later, once, instead of on every keystroke). `previous` is consumed.
 */
export function updateModel(previous: ModelDocument, newText: string, change: TextChange, maxBytes = Infinity): ModelDocument | undefined {
  if (previous.tooLarge || newText.length > maxBytes) return parseModel(newText, maxBytes);
  const yaml = reparseYaml(previous.yaml, newText, change, { fallback: false });
  if (!yaml) return undefined;
  const end = change.offset + change.removed;
  const delta = change.text.length - change.removed;
  const badCharacters = [
    ...previous.badCharacters.filter((p) => p < change.offset),
    ...badCharactersIn(change.text, change.offset),
    ...previous.badCharacters.filter((p) => p >= end).map((p) => p + delta),
  ];
  return { yaml, badCharacters };
}

function badCharactersIn(text: string, base: number): number[] {
  const found: number[] = [];
  // indexOf is native: a text without them (nearly every one) costs two fast scans.
  for (const c of ['\0', '\uFFFD']) for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) found.push(base + i);
  return found.sort((a, b) => a - b);
}
