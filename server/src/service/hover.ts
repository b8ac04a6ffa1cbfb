// Hover on a key: its documentation from the schema. Hover on catalog references is added by
// ./catalogHover.ts.

import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModelDocument } from './document';
import { schemaAtPath } from './schema';
import { markdown, typeName } from './completion';
import { nodeAtOffset, pathOf } from './yaml/query';

export function hoverKey(document: TextDocument, model: ModelDocument, offset: number): Hover | null {
  const root = model.yaml.root;
  if (!root) return null;
  const node = nodeAtOffset(root, offset);
  // A key, or an enum value (whose field's documentation lists the allowed values).
  const pair = node.kind === 'pair' ? node : node.parent?.kind === 'pair' ? node.parent : undefined;
  if (!pair || pair.colon < 0) return null;
  const onKey = node === pair.key;
  const onValue = node === pair.value && node.kind === 'scalar';
  if (!onKey && !onValue) return null;
  const path = pathOf(pair.value);
  const schema = schemaAtPath(path);
  if (!schema) return null;
  const doc = markdown(schema);
  const target = onKey ? pair.key : pair.value;
  if (onValue && !doc?.value.includes('Allowed values')) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: [`**${String(pair.key.value)}**: ${typeName(schema)}`, doc?.value].filter(Boolean).join('\n\n') },
    range: { start: document.positionAt(target.start), end: document.positionAt(target.end) },
  };
}
