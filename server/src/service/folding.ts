// Folding: every mapping entry and list item that spans several lines.

import type { FoldingRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModelDocument } from './document';
import { dashOf, type YamlNode } from './yaml/ast';

export function foldingRanges(document: TextDocument, model: ModelDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (start: number, end: number) => {
    const startLine = document.positionAt(start).line;
    const endLine = document.positionAt(end).line;
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  const visit = (node: YamlNode): void => {
    if (node.kind === 'map') {
      for (const pair of node.pairs) {
        if (pair.value.kind === 'map' || pair.value.kind === 'seq' || pair.value.kind === 'scalar') add(pair.start, pair.end);
        visit(pair.value);
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, i) => {
        add(node.flow ? item.start : dashOf(node, i), item.end);
        visit(item);
      });
    }
  };
  if (model.yaml.root) visit(model.yaml.root);
  return out;
}
