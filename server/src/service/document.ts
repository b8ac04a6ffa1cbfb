// A parsed mlmodel document: the YAML tree of one version of the text. The caller (the LSP server,
// the CLI) parses once per version and passes the result to every feature.

import type { YamlDocument } from './yaml/ast';
import { reparseYaml, type TextChange } from './yaml/incremental';
import { parseYaml } from './yaml/parser';

export interface ModelDocument {
  readonly yaml: YamlDocument;
  /** Set instead of parsing when the text is larger than the limit. */
  readonly tooLarge?: { bytes: number; limitBytes: number };
}

export type { TextChange };

export function parseModel(text: string, maxBytes = Infinity): ModelDocument {
  if (text.length > maxBytes) {
    return { yaml: { text, root: null, errors: [], hasAliases: false, reparsed: 'full' }, tooLarge: { bytes: text.length, limitBytes: maxBytes } };
  }
  return { yaml: parseYaml(text) };
}

/**
 * The document after one change, reparsing locally; undefined when only a full parse can tell
 * (the caller may then parse later, once, instead of on every keystroke). `previous` is consumed.
 */
export function updateModel(previous: ModelDocument, newText: string, change: TextChange, maxBytes = Infinity): ModelDocument | undefined {
  if (previous.tooLarge || newText.length > maxBytes) return parseModel(newText, maxBytes);
  const yaml = reparseYaml(previous.yaml, newText, change, { fallback: false });
  return yaml ? { yaml } : undefined;
}
