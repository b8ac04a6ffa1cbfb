// The lineage view's graph, as the server sends it (mlmodel/lineageGraph) and the webview draws it.
// Built by server/src/service/lineageGraph.ts.

import type { Range } from 'vscode-languageserver-types';

export type LineageNodeKind = 'upstreamTable' | 'table' | 'column' | 'feature' | 'model' | 'dashboard';

export interface LineageNode {
  /** Unique in the graph, stable across edits that keep the node (for focus and selection). */
  id: string;
  kind: LineageNodeKind;
  label: string;
  /** A second line: a data type, an algorithm. */
  detail?: string;
  /** Tables, the dashboard, the model (`service.name`); columns: `table.column`. */
  fqn?: string;
  /** Where the file names it (first mention); absent for upstream tables, which the file does not name. */
  range?: Range;
  /** Its page in the OpenMetadata UI, when a server is configured (the model's once it exists there). */
  url?: string;
  /** The configured sensitive tags it carries, in the file or in the catalog. */
  sensitiveTags: string[];
  /** The catalog answered that it has no such entity. */
  unknown?: boolean;
}

export interface LineageEdge {
  from: string;
  to: string;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** Where catalog facts come from: `off` (none configured), or the connection's state. */
  catalog: 'off' | 'connecting' | 'ready' | 'error';
  /** Features past the drawing limit, left out (a layout of thousands of nodes helps no one). */
  omittedFeatures: number;
}
