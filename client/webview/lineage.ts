// The lineage view's script, in the webview (bundled with elkjs into dist/lineage.js). ELK's
// layered algorithm places the graph left to right, one column per kind of node (upstream tables,
// tables, columns, features, model, dashboard); this script only measures the boxes and draws the
// SVG. Colours are VS Code's theme variables (see the panel's style). Nodes are buttons: click,
// Enter or Space goes to the node's line (or opens it in OpenMetadata when the file does not name
// it); ↗ opens it in OpenMetadata; the arrow keys follow the edges.

import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { LineageNode, LineageNodeKind } from '../../server/src/shared/lineageGraph';
import type { LineageGraphResult } from '../../server/src/shared/protocol';
import type { FromWebview, ToWebview } from './messages';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };

const vscode = acquireVsCodeApi();
const elk = new ELK();
const SVG = 'http://www.w3.org/2000/svg';

const KIND_CAPTION: Record<LineageNodeKind, string> = {
  upstreamTable: 'UPSTREAM TABLE',
  table: 'TABLE',
  column: 'COLUMN',
  feature: 'FEATURE',
  model: 'MODEL',
  dashboard: 'DASHBOARD',
};
/** The column each kind is drawn in, left to right. */
const PARTITION: Record<LineageNodeKind, number> = { upstreamTable: 0, table: 1, column: 2, feature: 3, model: 4, dashboard: 5 };

const CATALOG_STATUS: Record<LineageGraphResult['catalog'], string> = {
  off: 'No catalog configured: only what the file names.',
  connecting: 'Connecting to the catalog…',
  ready: '',
  error: 'The catalog cannot be reached: drawn from the file and what was already known.',
};

const graphElement = document.getElementById('graph')!;
const statusElement = document.getElementById('status')!;
const titleElement = document.getElementById('title')!;

/** A newer graph may arrive while ELK lays out an older one: only the newest is drawn. */
let drawing = 0;

window.addEventListener('resize', () => {
  const svg = graphElement.querySelector('svg');
  if (svg) fit(svg);
});
window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message?.type === 'graph') {
    void draw(message.graph);
  }
});
vscode.postMessage({ type: 'ready' });

interface Box {
  node: LineageNode;
  width: number;
  height: number;
  lines: Array<{ text: string; className: string }>;
}

async function draw(graph: LineageGraphResult | null): Promise<void> {
  const run = ++drawing;
  if (!graph) {
    titleElement.textContent = 'Lineage';
    statusElement.textContent = 'The file is closed: open it to see its lineage.';
    graphElement.replaceChildren();
    return;
  }
  const model = graph.nodes.find((n) => n.kind === 'model');
  titleElement.textContent = model ? `Lineage of ${model.label}` : 'Lineage';
  const notes = [CATALOG_STATUS[graph.catalog]];
  if (graph.omittedFeatures) notes.push(`${graph.omittedFeatures} more feature${graph.omittedFeatures === 1 ? '' : 's'} not drawn.`);
  if (!graph.nodes.length) notes.push('Nothing to draw: the file does not describe a model yet.');
  statusElement.textContent = notes.filter(Boolean).join(' ');

  const metrics = fontMetrics();
  const boxes = new Map(graph.nodes.map((n) => [n.id, measure(n, metrics)]));
  // One width per kind: the columns of the picture line up.
  const widths = new Map<LineageNodeKind, number>();
  for (const box of boxes.values()) widths.set(box.node.kind, Math.max(widths.get(box.node.kind) ?? 0, box.width));
  for (const box of boxes.values()) box.width = widths.get(box.node.kind)!;
  const layoutInput: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.partitioning.activate': 'true',
      // The file's order within each column, so a small edit does not reshuffle the picture.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(Math.round(metrics.size * 4)),
      'elk.spacing.nodeNode': String(Math.round(metrics.size)),
      'elk.padding': '[top=4,left=4,bottom=4,right=4]',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: boxes.get(n.id)!.width, height: boxes.get(n.id)!.height, layoutOptions: { 'elk.partitioning.partition': String(PARTITION[n.kind]) } })),
    edges: graph.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
  let layout: ElkNode;
  try {
    layout = await elk.layout(layoutInput);
  } catch (e) {
    if (run !== drawing) return;
    const error = e instanceof Error ? e.message : String(e);
    statusElement.textContent = `The lineage could not be laid out: ${error}`;
    graphElement.replaceChildren();
    vscode.postMessage({ type: 'rendered', version: graph.version, nodes: [], edges: 0, sensitive: [], unknown: [], error });
    return;
  }
  if (run !== drawing) return;

  const focused = (document.activeElement as Element | null)?.closest('[data-id]')?.getAttribute('data-id');
  const svg = render(graph, layout, boxes, metrics);
  graphElement.replaceChildren(svg);
  fit(svg);
  if (focused) (svg.querySelector(`[data-id="${CSS.escape(focused)}"]`) as SVGGElement | null)?.focus();

  const drawn = [...svg.querySelectorAll<SVGGElement>('g.node')];
  vscode.postMessage({
    type: 'rendered',
    version: graph.version,
    nodes: drawn.map((g) => g.getAttribute('data-id')!),
    edges: svg.querySelectorAll('path.edge').length,
    sensitive: drawn.filter((g) => g.classList.contains('sensitive')).map((g) => g.getAttribute('data-id')!),
    unknown: drawn.filter((g) => g.classList.contains('unknown')).map((g) => g.getAttribute('data-id')!),
  });
}

interface Metrics {
  size: number;
  line: number;
  measure: (text: string, scale: number, bold?: boolean) => number;
}

function fontMetrics(): Metrics {
  const style = getComputedStyle(document.body);
  const size = parseFloat(style.fontSize) || 13;
  const context = document.createElement('canvas').getContext('2d');
  const measure = (text: string, scale: number, bold = false) => {
    if (!context) return text.length * size * scale * 0.6;
    context.font = `${bold ? '600 ' : ''}${size * scale}px ${style.fontFamily}`;
    return context.measureText(text).width;
  };
  return { size, line: Math.round(size * 1.45), measure };
}

const PAD = 8;
const ACCENT = 4;
const OPEN = 20;

function measure(node: LineageNode, m: Metrics): Box {
  const lines: Box['lines'] = [
    { text: KIND_CAPTION[node.kind], className: 'kind' },
    { text: node.label, className: node.kind === 'model' ? 'label model' : 'label' },
  ];
  if (node.detail) lines.push({ text: node.detail, className: 'detail' });
  for (const tag of node.sensitiveTags) lines.push({ text: `⚠ ${tag}`, className: 'badge-sensitive' });
  if (node.unknown) lines.push({ text: '✕ not in the catalog', className: 'badge-unknown' });
  const scale = (c: string) => (c === 'kind' ? 0.8 : c === 'detail' ? 0.9 : c.startsWith('badge') ? 0.85 : 1);
  const textWidth = Math.max(...lines.map((l) => m.measure(l.text, scale(l.className), l.className !== 'detail' && l.className !== 'kind')));
  const width = Math.ceil(ACCENT + PAD * 2 + textWidth + (node.url ? OPEN : 0));
  return { node, width: Math.max(width, 90), height: PAD * 2 + lines.length * m.line, lines };
}

/** Below this the text is too small to read: the picture keeps its size and scrolls instead. */
const MIN_SCALE = 0.6;

/** Scales the picture down to the view's width when that keeps it readable. */
function fit(svg: SVGSVGElement): void {
  const width = Number(svg.getAttribute('data-width'));
  const height = Number(svg.getAttribute('data-height'));
  const available = graphElement.clientWidth;
  const scale = available > 0 && width > available && available / width >= MIN_SCALE ? available / width : 1;
  svg.setAttribute('width', String(Math.floor(width * scale)));
  svg.setAttribute('height', String(Math.ceil(height * scale)));
}

function render(graph: LineageGraphResult, layout: ElkNode, boxes: Map<string, Box>, m: Metrics): SVGSVGElement {
  const width = Math.ceil((layout.width ?? 0) + 8);
  const height = Math.ceil((layout.height ?? 0) + 8);
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, 'data-width': String(width), 'data-height': String(height), role: 'group', 'aria-label': titleElement.textContent ?? 'Lineage' });
  const defs = el('defs');
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }));
  defs.append(marker);
  svg.append(defs);

  for (const edge of layout.edges ?? []) {
    for (const section of (edge as ElkExtendedEdge).sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      svg.append(el('path', { class: 'edge', d: points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' '), 'marker-end': 'url(#arrow)' }));
    }
  }

  // Tab order: column by column, top to bottom, as the picture reads.
  const placed = (layout.children ?? []).slice().sort((a, b) => (a.x ?? 0) - (b.x ?? 0) || (a.y ?? 0) - (b.y ?? 0));
  const order = placed.map((p) => p.id);
  for (const child of placed) {
    const box = boxes.get(child.id)!;
    svg.append(nodeElement(box, child.x ?? 0, child.y ?? 0, m, graph, order));
  }
  return svg;
}

function nodeElement(box: Box, x: number, y: number, m: Metrics, graph: LineageGraphResult, order: string[]): SVGGElement {
  const { node } = box;
  const classes = ['node', `kind-${node.kind}`];
  if (node.sensitiveTags.length) classes.push('sensitive');
  if (node.unknown) classes.push('unknown');
  const where = node.range ? `line ${node.range.start.line + 1}` : node.url ? 'not in the file; opens in OpenMetadata' : 'not in the file';
  const label = [KIND_CAPTION[node.kind].toLowerCase(), node.label, node.detail, ...node.sensitiveTags.map((t) => `sensitive: ${t}`), node.unknown ? 'not in the catalog' : undefined, where].filter(Boolean).join(', ');
  const g = el('g', { class: classes.join(' '), transform: `translate(${x} ${y})`, tabindex: '0', role: 'button', 'data-id': node.id, 'aria-label': label });
  const title = el('title');
  title.textContent = [node.fqn ?? node.label, ...node.sensitiveTags.map((t) => `Sensitive: ${t}`), node.unknown ? 'The catalog has no such entity.' : undefined].filter(Boolean).join('\n');
  g.append(title);
  g.append(el('rect', { class: 'box', width: String(box.width), height: String(box.height), rx: '4', ry: '4' }));
  g.append(el('rect', { class: 'accent', width: String(ACCENT), height: String(box.height - 2), x: '1', y: '1', rx: '2', ry: '2' }));
  box.lines.forEach((line, i) => {
    const text = el('text', { class: line.className, x: String(ACCENT + PAD), y: String(PAD + i * m.line + m.line * 0.75) });
    text.textContent = line.text;
    g.append(text);
  });

  const activate = () => {
    if (node.range) vscode.postMessage({ type: 'reveal', range: node.range });
    else if (node.url) vscode.postMessage({ type: 'open', url: node.url });
  };
  g.addEventListener('click', activate);
  g.addEventListener('keydown', (e) => {
    if (e.target !== g) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
    } else if (e.key.startsWith('Arrow')) {
      const next = neighbour(node.id, e.key, graph, order);
      if (next) {
        e.preventDefault();
        (document.querySelector(`g.node[data-id="${CSS.escape(next)}"]`) as SVGGElement | null)?.focus();
      }
    }
  });

  if (node.url) {
    const url = node.url;
    const open = el('g', { class: 'open', transform: `translate(${box.width - OPEN - 2} 2)`, tabindex: '0', role: 'link', 'aria-label': `Open ${node.label} in OpenMetadata` });
    const openTitle = el('title');
    openTitle.textContent = 'Open in OpenMetadata';
    open.append(openTitle, el('rect', { width: String(OPEN), height: String(OPEN), rx: '3', ry: '3' }));
    const glyph = el('text', { x: String(OPEN / 2), y: String(OPEN * 0.72), 'text-anchor': 'middle' });
    glyph.textContent = '↗';
    open.append(glyph);
    const go = (e: Event) => {
      e.stopPropagation();
      e.preventDefault();
      vscode.postMessage({ type: 'open', url });
    };
    open.addEventListener('click', go);
    open.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && go(e));
    g.append(open);
  }
  return g;
}

/** Right: the first node this one feeds; Left: the first that feeds it; Up and Down: the neighbours in reading order. */
function neighbour(id: string, key: string, graph: LineageGraphResult, order: string[]): string | undefined {
  if (key === 'ArrowRight') return order.find((n) => graph.edges.some((e) => e.from === id && e.to === n));
  if (key === 'ArrowLeft') return order.find((n) => graph.edges.some((e) => e.to === id && e.from === n));
  const i = order.indexOf(id);
  if (key === 'ArrowDown') return order[i + 1];
  if (key === 'ArrowUp') return order[i - 1];
  return undefined;
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  return element;
}
