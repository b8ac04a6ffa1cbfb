// The lineage view's script, in the webview (bundled with elkjs into dist/lineage.js). ELK's
// layered algorithm places the graph left to right, one column per kind of node (upstream tables,
// tables, columns, features, model, dashboard); this script only measures the boxes and draws the
// SVG. Colours are VS Code's theme variables (see the panel's style). Nodes are buttons: click,
// Enter or Space goes to the node's line (or opens it in OpenMetadata when the file does not name
// it); ↗ opens it in OpenMetadata; the arrow keys follow the edges.
// The SVG fills the panel and its viewBox is the window onto the picture (./viewport.ts does the
// arithmetic): fitted on first drawing, zoomed with Ctrl+wheel or a pinch, the toolbar's buttons or
// + − 0, panned by dragging the background or scrolling. A new drawing (an edit, a catalog answer)
// keeps the user's zoom and pan; only Fit (or a view never zoomed) fits again.

import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { LineageNode, LineageNodeKind } from '../../server/src/shared/lineageGraph';
import type { LineageGraphResult } from '../../server/src/shared/protocol';
import type { FromWebview, PressTarget, ToWebview, ViewportReport } from './messages';
import { clampPan, fit, panBy, readableScale, reveal, viewBox, wheelZoomFactor, zoomAt, ZOOM_STEP, type Box as Area, type Size, type Viewport } from './viewport';

/** Kept by VS Code while the panel lives, also when it is hidden and its page is thrown away. */
interface SavedState {
  view: Viewport;
  fitted: boolean;
}

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void; getState(): SavedState | undefined; setState(state: SavedState): void };

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
const zoomLevelElement = document.getElementById('zoom-level')!;
const buttons: Record<'zoomIn' | 'zoomOut' | 'fit', HTMLButtonElement> = {
  zoomIn: document.getElementById('zoom-in') as HTMLButtonElement,
  zoomOut: document.getElementById('zoom-out') as HTMLButtonElement,
  fit: document.getElementById('zoom-fit') as HTMLButtonElement,
};

/** A newer graph may arrive while ELK lays out an older one: only the newest is drawn. */
let drawing = 0;

/** What is drawn: the SVG, the picture's size and each node's place in it (picture units). */
let picture: { svg: SVGSVGElement; size: Size; boxes: Map<string, Area>; fontPx: number } | undefined;
const saved = vscode.getState();
let view: Viewport = saved?.view ?? { scale: 1, x: 0, y: 0 };
/** Fitted views fit again when the picture or the panel changes; a zoom or a pan ends that until Fit. */
let fitted = saved?.fitted ?? true;
/** Focus put back on a node after a new drawing must not pan the user's view to it. */
let restoringFocus = false;

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message?.type === 'graph') {
    void draw(message.graph);
  } else if (message?.type === 'press') {
    press(message.target);
  }
});
listenForZoomAndPan();
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
    clearPicture();
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
    clearPicture();
    vscode.postMessage({ type: 'rendered', version: graph.version, nodes: [], edges: 0, sensitive: [], unknown: [], error });
    return;
  }
  if (run !== drawing) return;

  const focused = (document.activeElement as Element | null)?.closest('[data-id]')?.getAttribute('data-id');
  const svg = render(graph, layout, boxes, metrics);
  graphElement.replaceChildren(svg);
  picture = {
    svg,
    size: { width: Number(svg.getAttribute('data-width')), height: Number(svg.getAttribute('data-height')) },
    boxes: new Map((layout.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0, width: boxes.get(c.id)!.width, height: boxes.get(c.id)!.height }])),
    fontPx: metrics.size,
  };
  setButtonsEnabled(graph.nodes.length > 0);
  if (fitted) fitToPanel();
  else show(view, false);
  if (focused) {
    restoringFocus = true;
    (svg.querySelector(`[data-id="${CSS.escape(focused)}"]`) as SVGGElement | null)?.focus({ preventScroll: true });
    restoringFocus = false;
  }

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

function render(graph: LineageGraphResult, layout: ElkNode, boxes: Map<string, Box>, m: Metrics): SVGSVGElement {
  const width = Math.ceil((layout.width ?? 0) + 8);
  const height = Math.ceil((layout.height ?? 0) + 8);
  const svg = el('svg', { width: '100%', height: '100%', 'data-width': String(width), 'data-height': String(height), role: 'group', 'aria-label': titleElement.textContent ?? 'Lineage' });
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
  // A click moves the focus to the editor (reveal), so it must not give it to the view first: VS Code
  // polls a webview's focus (every 250 ms) and, seeing it late, would make the view the active
  // editor again after the cursor had moved, the keys then going to the view. Tab still focuses nodes.
  g.addEventListener('mousedown', (e) => e.preventDefault());
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

function clearPicture(): void {
  picture = undefined;
  graphElement.replaceChildren();
  setButtonsEnabled(false);
}

function setButtonsEnabled(enabled: boolean): void {
  for (const button of Object.values(buttons)) button.disabled = !enabled;
}

function panelSize(): Size {
  return { width: graphElement.clientWidth, height: graphElement.clientHeight };
}

function fitToPanel(): void {
  if (picture) show(fit(picture.size, panelSize(), readableScale(picture.fontPx)), true);
}

/** Shows `next` (kept on the picture), remembers it across drawings and hiding, and tells the extension. */
function show(next: Viewport, isFit: boolean, report: 'now' | 'soon' = 'now'): void {
  if (!picture) return;
  const panel = panelSize();
  view = clampPan(next, picture.size, panel);
  fitted = isFit;
  const box = viewBox(view, panel);
  picture.svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
  zoomLevelElement.textContent = `${Math.round(view.scale * 100)} %`;
  vscode.setState({ view, fitted });
  clearTimeout(reportTimer);
  if (report === 'now') reportViewport();
  else reportTimer = setTimeout(reportViewport, 100);
}

let reportTimer: ReturnType<typeof setTimeout> | undefined;

function reportViewport(): void {
  if (!picture) return;
  const panel = panelSize();
  const report: ViewportReport = { scale: view.scale, viewBox: viewBox(view, panel), fitted, panel, picture: picture.size, textPx: picture.fontPx * view.scale };
  vscode.postMessage({ type: 'viewport', ...report });
}

function zoomBy(factor: number, anchor?: { x: number; y: number }, report: 'now' | 'soon' = 'now'): void {
  const panel = panelSize();
  show(zoomAt(view, factor, anchor ?? { x: panel.width / 2, y: panel.height / 2 }), false, report);
}

/** What a user's press does, for the extension's tests (the same handlers run). */
function press(target: PressTarget): void {
  if (typeof target === 'string') buttons[target].click();
  else graphElement.querySelector(`g.node[data-id="${CSS.escape(target.node)}"]`)?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
}

function listenForZoomAndPan(): void {
  buttons.zoomIn.addEventListener('click', () => zoomBy(ZOOM_STEP));
  buttons.zoomOut.addEventListener('click', () => zoomBy(1 / ZOOM_STEP));
  buttons.fit.addEventListener('click', fitToPanel);
  setButtonsEnabled(false);

  new ResizeObserver(() => (fitted ? fitToPanel() : show(view, false))).observe(graphElement);

  // Ctrl+wheel zooms about the pointer (a touchpad pinch arrives as one); the wheel alone scrolls
  // the picture, Shift+wheel sideways.
  graphElement.addEventListener(
    'wheel',
    (e) => {
      if (!picture) return;
      e.preventDefault();
      const bounds = graphElement.getBoundingClientRect();
      if (e.ctrlKey) {
        zoomBy(wheelZoomFactor(e.deltaY, e.deltaMode), { x: e.clientX - bounds.left, y: e.clientY - bounds.top }, 'soon');
        return;
      }
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? bounds.height : 1;
      const [dx, dy] = e.shiftKey && !e.deltaX ? [e.deltaY, 0] : [e.deltaX, e.deltaY];
      show(panBy(view, -dx * unit, -dy * unit), false, 'soon');
    },
    { passive: false },
  );

  // Dragging the background pans; a press on a node stays a click on it.
  let drag: { pointer: number; x: number; y: number } | undefined;
  graphElement.addEventListener('pointerdown', (e) => {
    if (!picture || e.button !== 0 || (e.target as Element).closest('g.node')) return;
    drag = { pointer: e.pointerId, x: e.clientX, y: e.clientY };
    graphElement.setPointerCapture(e.pointerId);
    graphElement.classList.add('panning');
  });
  graphElement.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.pointer) return;
    show(panBy(view, e.clientX - drag.x, e.clientY - drag.y), false, 'soon');
    drag = { ...drag, x: e.clientX, y: e.clientY };
  });
  const endDrag = (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.pointer) return;
    drag = undefined;
    graphElement.classList.remove('panning');
    reportViewport();
  };
  graphElement.addEventListener('pointerup', endDrag);
  graphElement.addEventListener('pointercancel', endDrag);

  // A node reached with Tab or the arrow keys is brought into view.
  graphElement.addEventListener('focusin', (e) => {
    const id = (e.target as Element).closest('g.node')?.getAttribute('data-id');
    const box = id ? picture?.boxes.get(id) : undefined;
    if (!box || restoringFocus) return;
    const next = reveal(view, box, panelSize());
    if (next.x !== view.x || next.y !== view.y) show(next, false);
  });

  // + and − zoom, 0 fits, wherever the focus is in the view (not with Ctrl: that zooms the window).
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !picture) return;
    const action = e.key === '+' || e.key === '=' ? buttons.zoomIn : e.key === '-' ? buttons.zoomOut : e.key === '0' ? buttons.fit : undefined;
    if (!action) return;
    e.preventDefault();
    action.click();
  });
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  return element;
}
