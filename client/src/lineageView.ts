// The lineage view: one webview panel per document, drawing the graph the language server builds
// from the file and the catalog's memory (mlmodel/lineageGraph). It follows edits (debounced),
// catalog answers and theme changes; the webview keeps the user's zoom and pan across them. The
// webview may ask for two things only: show a range of its document, or open a page of the
// configured OpenMetadata server.

import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/shared/commands';
import { LineageGraphRequest, type LineageGraphResult } from '../../server/src/shared/protocol';
import type { FromWebview, PressTarget, RenderReport, ToWebview, ViewportReport } from '../webview/messages';
import { currentSettings } from './settings';
import { targetUri } from './target';

const VIEW_TYPE = 'mlmodel.lineage';
/** After the last keystroke: a layout per keystroke would only flicker. */
const EDIT_DEBOUNCE_MS = 300;
/** Catalog answers arrive in bursts. */
const CATALOG_DEBOUNCE_MS = 250;

export interface LineageViewState {
  posted?: LineageGraphResult | null;
  rendered?: RenderReport;
  viewport?: ViewportReport;
  /** How many times the webview's page has loaded: VS Code throws it away while the panel is hidden. */
  pages: number;
}

export class LineageViews implements vscode.Disposable {
  private readonly panels = new Map<string, LineagePanel>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.panels.get(e.document.uri.toString())?.refresh(EDIT_DEBOUNCE_MS)),
      vscode.workspace.onDidOpenTextDocument((d) => this.panels.get(d.uri.toString())?.refresh(0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.panels.get(d.uri.toString())?.refresh(0)),
      // Colours follow the theme by themselves (CSS variables); text sizes may not, so it is drawn again.
      vscode.window.onDidChangeActiveColorTheme(() => this.panels.forEach((p) => p.repost())),
    ];
  }

  commands(mode: vscode.ExtensionMode): vscode.Disposable[] {
    const commands = [vscode.commands.registerCommand(Commands.showLineage, (arg?: unknown) => this.show(arg))];
    if (mode !== vscode.ExtensionMode.Production) {
      commands.push(
        vscode.commands.registerCommand(Commands.lineageViewState, (uri: string): LineageViewState | undefined => this.panels.get(uri)?.state()),
        vscode.commands.registerCommand(Commands.lineageViewPress, (uri: string, target: PressTarget): boolean => this.panels.get(uri)?.press(target) ?? false),
      );
    }
    return commands;
  }

  /** Opens the view of a document (the lens's argument, or the active editor's), or reveals it. */
  async show(arg?: unknown): Promise<void> {
    const uri = targetUri(arg, true);
    if (!uri) {
      void vscode.window.showInformationMessage('MLModel: open a *.mlmodel.yaml file to see its lineage.');
      return;
    }
    const existing = this.panels.get(uri);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return;
    }
    // The server answers for open documents only.
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const panel = new LineagePanel(document.uri, this.client, this.extensionUri, this.output, () => this.panels.delete(uri));
    this.panels.set(uri, panel);
  }

  /** The catalog's state or answers changed: every view asks again. */
  catalogChanged(): void {
    this.panels.forEach((p) => p.refresh(CATALOG_DEBOUNCE_MS));
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    [...this.panels.values()].forEach((p) => p.panel.dispose());
  }
}

class LineagePanel {
  readonly panel: vscode.WebviewPanel;
  private posted?: LineageGraphResult | null;
  private rendered?: RenderReport;
  private viewport?: ViewportReport;
  private pages = 0;
  private timer?: NodeJS.Timeout;
  /** Answers can overtake each other; only the newest request's is posted. */
  private sequence = 0;

  constructor(
    private readonly uri: vscode.Uri,
    private readonly client: LanguageClient,
    extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Lineage: ${posix.basename(uri.path)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [dist] });
    this.panel.webview.html = html(this.panel.webview, vscode.Uri.joinPath(dist, 'lineage.js'));
    const received = this.panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m));
    this.panel.onDidDispose(() => {
      clearTimeout(this.timer);
      received.dispose();
      onDispose();
    });
  }

  state(): LineageViewState {
    return { posted: this.posted, rendered: this.rendered, viewport: this.viewport, pages: this.pages };
  }

  /** Has the webview press a button or click a node (tests). */
  press(target: PressTarget): boolean {
    this.post({ type: 'press', target });
    return true;
  }

  /** Ask the server for the graph again, after `delayMs`, and post it. */
  refresh(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delayMs);
  }

  /** Post the last graph again (the webview draws it anew). */
  repost(): void {
    if (this.posted !== undefined) this.post({ type: 'graph', graph: this.posted });
  }

  private async update(): Promise<void> {
    const sequence = ++this.sequence;
    let graph: LineageGraphResult | null;
    try {
      graph = await this.client.sendRequest(LineageGraphRequest.type, { uri: this.uri.toString() });
    } catch (e) {
      // The server is restarting, or failed: the last graph stays; the next edit or catalog change asks again.
      this.output.warn(`Lineage of ${this.uri.toString()} not updated: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (sequence !== this.sequence) return;
    this.posted = graph;
    this.post({ type: 'graph', graph });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(message: FromWebview): void {
    switch (message?.type) {
      case 'ready':
        // A new page, which has drawn nothing yet.
        this.pages++;
        this.rendered = undefined;
        this.viewport = undefined;
        this.refresh(0);
        return;
      case 'rendered': {
        const { type: _type, ...report } = message;
        this.rendered = report;
        if (report.error) this.output.error(`Lineage view: the layout failed: ${report.error}`);
        return;
      }
      case 'viewport': {
        const { type: _type, ...viewport } = message;
        this.viewport = viewport;
        return;
      }
      case 'reveal':
        void this.reveal(message.range);
        return;
      case 'open': {
        const url = serverPage(message.url);
        if (url) void vscode.env.openExternal(url);
        else this.output.warn('Lineage view: a link that is not a page of the configured OpenMetadata server was not opened.');
        return;
      }
    }
  }

  /**
   * Puts the cursor at the start of the node's text and scrolls the editor up or down only. Every
   * TextEditorRevealType, and showTextDocument's `selection`, also scroll sideways to show the whole
   * range with the cursor at its end: selecting the node's value, as this did, scrolled an editor
   * beside the view to the end of a long table FQN. The built-in `revealLine` scrolls vertically only.
   */
  private async reveal(range: { start: { line: number; character: number } }): Promise<void> {
    const cursor = new vscode.Position(range.start.line, range.start.character);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const column = shown?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(this.uri, { viewColumn: column });
    // Setting the selection through the API moves the cursor without revealing it.
    editor.selection = new vscode.Selection(cursor, cursor);
    if (!editor.visibleRanges.some((r) => r.start.line < cursor.line && cursor.line < r.end.line)) {
      await vscode.commands.executeCommand('revealLine', { lineNumber: cursor.line, at: 'center' });
    }
  }
}

/** `url` if it is an http(s) page of the configured server (none in an untrusted workspace), else undefined. */
function serverPage(url: unknown, serverUrl = currentSettings().serverUrl): vscode.Uri | undefined {
  if (typeof url !== 'string' || !serverUrl) return undefined;
  let page: URL;
  let server: URL;
  try {
    page = new URL(url);
    server = new URL(serverUrl);
  } catch {
    return undefined;
  }
  if (page.protocol !== 'http:' && page.protocol !== 'https:') return undefined;
  if (page.origin !== server.origin || page.username || page.password) return undefined;
  const base = server.pathname.replace(/\/+$/, '');
  if (base && page.pathname !== base && !page.pathname.startsWith(`${base}/`)) return undefined;
  return vscode.Uri.parse(page.href, true);
}


function html(webview: vscode.Webview, script: vscode.Uri): string {
  const nonce = randomNonce();
  // Nothing but this script and this style runs or loads; the graph arrives as a message.
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Lineage</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
<span id="title"></span><span id="status" role="status" aria-live="polite"></span>
<span id="zoom" role="toolbar" aria-label="Zoom">
<button id="zoom-out" type="button" title="Zoom out (−)" aria-label="Zoom out">−</button>
<span id="zoom-level" title="Zoom level"></span>
<button id="zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button id="zoom-fit" type="button" title="Fit to the view (0)" aria-label="Fit to the view">Fit</button>
</span>
</header>
<p id="hint">Click a node or press Enter to go to its line; ↗ opens it in OpenMetadata. Drag or scroll to move; Ctrl+wheel, pinch or + − to zoom.</p>
<main id="graph" aria-label="Lineage graph"></main>
<script nonce="${nonce}" src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
}

function randomNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

// Theme colours only (VS Code sets these variables in every webview): light, dark and high contrast.
const STYLE = `
html, body { height: 100%; }
/* The graph takes what the header and hint leave; the page itself never scrolls (the viewBox pans). */
body { color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); margin: 0; padding: 8px 12px; box-sizing: border-box; display: flex; flex-direction: column; overflow: hidden; }
header { display: flex; gap: 1em; align-items: baseline; flex-wrap: wrap; }
#title { font-weight: 600; }
#status, #hint { color: var(--vscode-descriptionForeground); }
#hint { margin: 4px 0 8px; }
#zoom { margin-left: auto; display: flex; gap: 4px; align-items: center; }
#zoom button { font: inherit; min-width: 2em; padding: 1px 8px; color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground)); background: var(--vscode-button-secondaryBackground, var(--vscode-button-background)); border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer; }
#zoom button:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-hoverBackground)); }
#zoom button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
#zoom button:disabled { opacity: 0.5; cursor: default; }
#zoom-level { min-width: 3.5em; text-align: center; color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
#graph { flex: 1; min-height: 0; overflow: hidden; cursor: grab; touch-action: none; }
#graph.panning { cursor: grabbing; }
svg { display: block; overflow: hidden; }
/* descriptionForeground is readable on every theme's background; widget borders are too faint on light ones. */
.edge { fill: none; stroke: var(--vscode-descriptionForeground); stroke-opacity: 0.7; stroke-width: 1.25; }
.arrow { fill: var(--vscode-descriptionForeground); fill-opacity: 0.7; }
.node rect.box { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); stroke: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, var(--vscode-descriptionForeground))); stroke-width: 1; }
.node { cursor: pointer; outline: none; }
.node:focus rect.box, .node:hover rect.box { stroke: var(--vscode-focusBorder); stroke-width: 2; }
.node text { fill: var(--vscode-editor-foreground); }
.node text.model { font-weight: 600; }
.node text.kind { fill: var(--vscode-descriptionForeground); font-size: 0.8em; letter-spacing: 0.04em; }
.node text.detail { fill: var(--vscode-descriptionForeground); font-size: 0.9em; }
.node rect.accent { stroke: none; }
.kind-upstreamTable rect.accent { fill: var(--vscode-charts-purple); }
.kind-table rect.accent { fill: var(--vscode-charts-blue); }
.kind-column rect.accent { fill: var(--vscode-charts-green); }
.kind-feature rect.accent { fill: var(--vscode-charts-orange); }
.kind-model rect.accent { fill: var(--vscode-charts-red); }
.kind-dashboard rect.accent { fill: var(--vscode-charts-yellow); }
.kind-upstreamTable rect.box { stroke-dasharray: 4 3; }
.node.sensitive rect.box { stroke: var(--vscode-editorWarning-foreground); stroke-width: 2.5; }
.node text.badge-sensitive { fill: var(--vscode-editorWarning-foreground); font-weight: 600; font-size: 0.85em; }
.node.unknown rect.box { stroke: var(--vscode-errorForeground); stroke-dasharray: 2 2; }
.node text.badge-unknown { fill: var(--vscode-errorForeground); font-size: 0.85em; }
.open { cursor: pointer; outline: none; }
.open text { fill: var(--vscode-textLink-foreground); font-weight: 600; }
.open:focus rect, .open:hover rect { stroke: var(--vscode-focusBorder); stroke-width: 1.5; }
.open rect { fill: transparent; stroke: none; }
`;
