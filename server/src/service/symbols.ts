// The outline: the model, its fields, features with their sources, hyperparameters.

import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModelDocument } from './document';
import type { PairNode, YamlNode } from './yaml/ast';
import { getValue, stringValue } from './yaml/query';

export function documentSymbols(document: TextDocument, model: ModelDocument): DocumentSymbol[] {
  const root = model.yaml.root;
  if (!root || root.kind !== 'map') return [];
  const range = (n: { start: number; end: number }) => ({ start: document.positionAt(n.start), end: document.positionAt(n.end) });
  const symbol = (name: string, kind: SymbolKind, node: { start: number; end: number }, selection: { start: number; end: number }, detail?: string, children?: DocumentSymbol[]): DocumentSymbol => ({
    name: name || '(unnamed)',
    kind,
    range: range(node),
    selectionRange: range(selection),
    detail,
    children,
  });

  const named = (item: YamlNode, kind: SymbolKind, detailKey: string, childrenOf?: (item: YamlNode) => DocumentSymbol[]): DocumentSymbol => {
    const nameNode = getValue(item, 'name');
    const detailNode = getValue(item, detailKey);
    return symbol(stringValue(nameNode) ?? '', kind, item, nameNode && nameNode.end > nameNode.start ? nameNode : item, scalarText(detailNode), childrenOf?.(item));
  };
  const sources = (feature: YamlNode): DocumentSymbol[] => {
    const list = getValue(feature, 'featureSources');
    return list?.kind === 'seq' ? list.items.map((s) => named(s, SymbolKind.Property, 'dataSource')) : [];
  };

  const children = root.pairs
    .filter((p) => p.colon >= 0)
    .map((pair: PairNode) => {
      const key = String(pair.key.value);
      const v = pair.value;
      if (key === 'mlFeatures' && v.kind === 'seq') return symbol(key, SymbolKind.Array, pair, pair.key, `${v.items.length} features`, v.items.map((f) => named(f, SymbolKind.Field, 'dataType', sources)));
      if (key === 'mlHyperParameters' && v.kind === 'seq') return symbol(key, SymbolKind.Array, pair, pair.key, `${v.items.length} hyperparameters`, v.items.map((h) => named(h, SymbolKind.Variable, 'value')));
      return symbol(key, v.kind === 'map' ? SymbolKind.Object : v.kind === 'seq' ? SymbolKind.Array : SymbolKind.Property, pair, pair.key, scalarText(v));
    });
  const name = stringValue(getValue(root, 'name'));
  return [symbol(name ?? 'ML model', SymbolKind.Class, root, getValue(root, 'name') ?? root, stringValue(getValue(root, 'algorithm')), children)];
}

function scalarText(node: YamlNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  const text = node.source ?? String(node.value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}
