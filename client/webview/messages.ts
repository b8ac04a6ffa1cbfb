// Messages between the lineage view's panel (client/src/lineageView.ts, in the extension host) and
// its webview script (./lineage.ts, in the webview's iframe). Both sides import these types only.

import type { LineageNode } from '../../server/src/shared/lineageGraph';
import type { LineageGraphResult } from '../../server/src/shared/protocol';

/** Extension → webview. */
export type ToWebview =
  /** The graph to draw; null when the language server does not have the document (it was closed). */
  { type: 'graph'; graph: LineageGraphResult | null };

/** What the webview drew, reported after every drawing: node ids as they are in the SVG. */
export interface RenderReport {
  version: number;
  nodes: string[];
  edges: number;
  sensitive: string[];
  unknown: string[];
  /** Set when the layout failed; nothing was drawn. */
  error?: string;
}

/** Webview → extension. */
export type FromWebview =
  /** The script has loaded and listens: (re)send the graph (also after the panel was hidden and shown). */
  | { type: 'ready' }
  /** Show the node's place in the file. */
  | { type: 'reveal'; range: NonNullable<LineageNode['range']> }
  /** Open the node's page in OpenMetadata (checked against the configured server before opening). */
  | { type: 'open'; url: string }
  | ({ type: 'rendered' } & RenderReport);
