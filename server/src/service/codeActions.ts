// Quick fixes for the service's own diagnostics: replace with a suggestion, add a missing field.

import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModelDocument } from './document';
import type { DiagnosticData } from './diagnostics';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { nodeAtOffset } from './yaml/query';

export function quickFixes(document: TextDocument, model: ModelDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !diagnostic.data) continue;
    const data = diagnostic.data as DiagnosticData;
    if ('replace' in data) {
      data.replace.forEach((replacement, i) => {
        actions.push({
          title: `Change to \`${replacement}\``,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: i === 0 && data.replace.length === 1,
          edit: { changes: { [document.uri]: [{ range: diagnostic.range, newText: replacement }] } },
        });
      });
    } else if ('addFields' in data) {
      const edit = addFieldsEdit(document, model, data.mapStart, data.addFields);
      if (edit) {
        actions.push({
          title: data.addFields.length === 1 ? `Add the missing field \`${data.addFields[0]}\`` : `Add the missing fields ${data.addFields.map((f) => `\`${f}\``).join(', ')}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: { changes: { [document.uri]: [edit] } },
        });
      }
    }
  }
  return actions;
}

/** New `field: ` lines after the last entry of the mapping that starts at `mapStart`. */
function addFieldsEdit(document: TextDocument, model: ModelDocument, mapStart: number, fields: string[]) {
  const text = model.yaml.text;
  const root = model.yaml.root;
  let map = root?.kind === 'map' && root.start === mapStart ? root : undefined;
  if (!map && root) {
    const node = nodeAtOffset(root, mapStart);
    const candidate = node.kind === 'pair' ? node.parent : node.kind === 'scalar' && node.parent?.kind === 'pair' ? node.parent.parent : undefined;
    if (candidate?.start === mapStart) map = candidate;
  }
  if (!map) {
    // An empty document: start the model.
    if (root) return undefined;
    return { range: { start: document.positionAt(text.length), end: document.positionAt(text.length) }, newText: fields.map((f) => `${f}: \n`).join('') };
  }
  if (map.flow) return undefined;
  const last = map.pairs[map.pairs.length - 1];
  const at = last ? last.end : map.start;
  const pad = ' '.repeat(map.column);
  return {
    range: { start: document.positionAt(at), end: document.positionAt(at) },
    newText: fields.map((f) => `\n${pad}${f}: `).join(''),
  };
}
