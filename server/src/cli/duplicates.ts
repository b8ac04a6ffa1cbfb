// Two files, one model: files given together (a folder, in CI) that define the same model FQN
// (service + name, however either is quoted) would make each publish undo the other, a new version
// every run. Each such file gets an error naming the others and their lines. Only the CLI sees
// every file: the language server knows the documents open in the editor, not the workspace.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModelDocument } from '../service/document';
import { DIAGNOSTIC_SOURCE } from '../service/diagnostics';
import { fqnKey, modelFqn } from '../service/fqn';
import { getPair, stringValue } from '../service/yaml/query';

/** How many of the other files a duplicate-model error names. */
const NAMED_AT_MOST = 5;

export interface ModelFile {
  file: string;
  document: TextDocument;
  model: ModelDocument;
}

/** The `duplicate-model` diagnostics of each file that shares its model with another. */
export function duplicateModelDiagnostics(files: readonly ModelFile[]): Map<ModelFile, Diagnostic[]> {
  const byModel = new Map<string, Array<{ file: ModelFile; fqn: string; start: number; end: number }>>();
  for (const file of files) {
    const root = file.model.yaml.root;
    if (root?.kind !== 'map') continue;
    const name = getPair(root, 'name')?.value;
    const service = stringValue(getPair(root, 'service')?.value);
    const fqn = service && stringValue(name) ? modelFqn(service, stringValue(name)!) : undefined;
    if (!fqn || !name) continue;
    const key = fqnKey(fqn);
    byModel.set(key, [...(byModel.get(key) ?? []), { file, fqn, start: name.start, end: name.end }]);
  }
  const found = new Map<ModelFile, Diagnostic[]>();
  for (const defining of byModel.values()) {
    if (defining.length < 2) continue;
    for (const one of defining) {
      // Named up to a few (a folder of copies must not print every pair: that grows as n²).
      const others = defining.filter((o) => o !== one);
      const named = others.slice(0, NAMED_AT_MOST);
      const where = named.map((o) => `${o.file.file}:${o.file.document.positionAt(o.start).line + 1}`).join(', ') + (others.length > named.length ? ` and ${others.length - named.length} more` : '');
      const range = { start: one.file.document.positionAt(one.start), end: one.file.document.positionAt(one.end) };
      found.set(one.file, [
        ...(found.get(one.file) ?? []),
        {
          range,
          severity: DiagnosticSeverity.Error,
          code: 'duplicate-model',
          source: DIAGNOSTIC_SOURCE,
          message: `${others.length === 1 ? 'Another file defines' : `${others.length} other files define`} the model \`${one.fqn}\` too: ${where}. Publishing both would make each undo the other, a new version every time: keep one file per model.`,
          relatedInformation: named.map((o) => ({
            location: { uri: o.file.document.uri, range: { start: o.file.document.positionAt(o.start), end: o.file.document.positionAt(o.end) } },
            message: `\`${o.fqn}\` is also defined here.`,
          })),
        },
      ]);
    }
  }
  return found;
}
