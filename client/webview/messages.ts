// Messages between the lineage view's panel (client/src/lineageView.ts, in the extension host) and
// its webview script (./lineage.ts, in the webview's iframe). Both sides import these types only.

import type { LineageNode } from '../../server/src/shared/lineageGraph';
import type { LineageGraphResult } from '../../server/src/shared/protocol';
import type { Box, Size } from './viewport';

/** A toolbar button, or a node by its id. */
export type PressTarget = 'zoomIn' | 'zoomOut' | 'fit' | { node: string };

/** Extension → webview. */
export type ToWebview =
  /** The graph to draw; null when the language server does not have the document (it was closed). */
  | { type: 'graph'; graph: LineageGraphResult | null }
  /** Press a button or click a node as a user does (tests only: the `mlmodel.lineageViewPress` command, registered outside production). */
  | { type: 'press'; target: PressTarget };

/** What the view shows of the picture, reported after every drawing, zoom and pan. */
export interface ViewportReport {
  /** Screen pixels per picture unit (1 = 100 %). */
  scale: number;
  /** The part of the picture shown, in picture units: the SVG's viewBox. */
  viewBox: Box;
  /** Fitted to the panel (first drawing, or Fit pressed) rather than zoomed or panned by the user. */
  fitted: boolean;
  /** The panel's drawing area, in pixels. */
  panel: Size;
  /** The whole picture at 100 %. */
  picture: Size;
  /** The size of a node's label on screen, in pixels: fitting keeps it readable. */
  textPx: number;
}

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
  | ({ type: 'rendered' } & RenderReport)
  | ({ type: 'viewport' } & ViewportReport);
