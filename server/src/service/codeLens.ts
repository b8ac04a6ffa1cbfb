// Code lenses above the model: Publish, Preview changes, and Open in OpenMetadata once the model
// exists there, shown when a catalog is connected and the file names its service; and Show
// lineage, which needs no catalog (it draws what the file names).

import type { CodeLens } from 'vscode-languageserver-types';
import { Commands } from '../shared/commands';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CatalogIndex } from './catalogIndex';
import type { ModelDocument } from './document';
import { modelFqn } from './fqn';
import { entityUrl } from './links';
import { getPair, stringValue } from './yaml/query';

export function codeLenses(document: TextDocument, model: ModelDocument, index: CatalogIndex | undefined): CodeLens[] {
  const root = model.yaml.root;
  if (!root || root.kind !== 'map') return [];
  const namePair = getPair(root, 'name');
  const name = stringValue(namePair?.value);
  if (!namePair || !name) return [];
  const range = { start: document.positionAt(namePair.start), end: document.positionAt(namePair.end) };
  const lineage: CodeLens = { range, command: { title: 'Show lineage', command: Commands.showLineage, arguments: [document.uri] } };
  if (!index) return [lineage];
  const lenses: CodeLens[] = [
    { range, command: { title: 'Publish to OpenMetadata', command: Commands.publish, arguments: [document.uri] } },
    { range, command: { title: 'Preview changes', command: Commands.preview, arguments: [document.uri] } },
  ];
  const service = stringValue(getPair(root, 'service')?.value);
  // Only a name and service that could be an entity's are looked up.
  if (service && !/[\r\n]/.test(service + name) && service.length + name.length < 512) {
    const fqn = modelFqn(service, name, index.quoting);
    const found = fqn ? index.mlModel(fqn) : undefined;
    const url = fqn && entityUrl(index.uiBaseUrl, 'mlmodel', fqn);
    if (found?.status === 'found' && url) {
      lenses.push({ range, command: { title: `Open in OpenMetadata (${found.value.version ?? '?'})`, command: Commands.openInOpenMetadata, arguments: [url] } });
    }
  }
  lenses.push(lineage);
  return lenses;
}
