// An editor for protocol tests: one open document in the built server, changed as an editor
// changes it (one incremental didChange per edit), with the diagnostics the server pushes for each
// version; completion items are accepted as VS Code accepts them.
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { InsertTextFormat, type CompletionItem, type CompletionList, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TestClient } from './lspClient';

/** An open document in a server validating without delay. */
export class Editor {
  private version = 1;
  document: TextDocument;

  constructor(
    private readonly client: TestClient,
    readonly uri: string,
    text: string,
  ) {
    this.document = TextDocument.create(uri, 'mlmodel-yaml', 1, text);
  }

  get text(): string {
    return this.document.getText();
  }

  async open(): Promise<Diagnostic[]> {
    const published = this.published(1);
    await this.client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'mlmodel-yaml', version: 1, text: this.text } });
    return published;
  }

  /** Replaces `removed` characters at `offset` with `text` in one change; the diagnostics pushed for it. */
  async change(offset: number, removed: number, text: string): Promise<Diagnostic[]> {
    return this.edit([{ range: { start: this.document.positionAt(offset), end: this.document.positionAt(offset + removed) }, newText: text }]);
  }

  /** Types `chars` at `offset`, one change per character, calling `check` with the diagnostics after each. */
  async type(offset: number, chars: string, check: (diagnostics: Diagnostic[], typed: string) => void): Promise<void> {
    for (let i = 0; i < chars.length; i++) check(await this.change(offset + i, 0, chars[i]), chars.slice(0, i + 1));
  }

  /** The text each diagnostic covers, with its line (0-based) and code. */
  covered(diagnostics: Diagnostic[]): Array<[number, string, string]> {
    return diagnostics.map((d) => [d.range.start.line, this.document.getText(d.range), String(d.code)]);
  }

  /** The completion list at `offset`. */
  async complete(offset: number): Promise<CompletionList> {
    return (await this.client.connection.sendRequest('textDocument/completion', { textDocument: { uri: this.uri }, position: this.document.positionAt(offset) })) as CompletionList;
  }

  /**
   * Accepts `item` as VS Code does: its edit (a snippet's choices as their first option,
   * placeholders as their default, bare tab stops empty) and its additional edits in one change.
   * Returns the diagnostics pushed for it and where the snippet's tab stops are, in the order Tab
   * visits them (the cursor is at the first; after the edit for a plain item).
   */
  async accept(item: CompletionItem): Promise<{ diagnostics: Diagnostic[]; stops: number[] }> {
    const main = item.textEdit as TextEdit;
    const { text, stops } = item.insertTextFormat === InsertTextFormat.Snippet ? expandSnippet(main.newText) : { text: main.newText, stops: [] };
    const edits = [{ range: main.range, newText: text }, ...(item.additionalTextEdits ?? [])];
    // Where the main edit starts once the edits before it in the text are applied.
    const start = this.document.offsetAt(main.range.start);
    const shift = edits.slice(1).reduce((sum, e) => (this.document.offsetAt(e.range.start) < start ? sum + e.newText.length - (this.document.offsetAt(e.range.end) - this.document.offsetAt(e.range.start)) : sum), 0);
    const diagnostics = await this.edit(edits);
    return { diagnostics, stops: stops.length ? stops.map((s) => start + shift + s) : [start + shift + text.length] };
  }

  /** Edits applied in one didChange, the last in the text first so that each range holds as written. */
  private async edit(edits: TextEdit[]): Promise<Diagnostic[]> {
    const ordered = [...edits].sort((a, b) => this.document.offsetAt(b.range.start) - this.document.offsetAt(a.range.start));
    const version = ++this.version;
    const contentChanges = ordered.map((e) => ({ range: e.range, text: e.newText }));
    this.document = TextDocument.update(this.document, contentChanges, version);
    const published = this.published(version);
    await this.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version }, contentChanges });
    return published;
  }

  private async published(version: number): Promise<Diagnostic[]> {
    const p = await this.client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === this.uri && p.version === version);
    return p.diagnostics;
  }
}

/** A snippet's text as inserted, and the offsets of its tab stops in the order Tab visits them ($0 last). */
export function expandSnippet(snippet: string): { text: string; stops: number[] } {
  let text = '';
  const found: Array<{ n: number; at: number }> = [];
  let last = 0;
  for (const m of snippet.matchAll(/\$\{(\d+)\|([^,|]*)[^}]*\}|\$\{(\d+):([^}]*)\}|\$\{(\d+)\}|\$(\d+)/g)) {
    text += snippet.slice(last, m.index);
    found.push({ n: Number(m[1] ?? m[3] ?? m[5] ?? m[6]), at: text.length });
    text += m[2] ?? m[4] ?? '';
    last = m.index + m[0].length;
  }
  text += snippet.slice(last);
  const order = (n: number) => (n === 0 ? Number.MAX_SAFE_INTEGER : n);
  return { text, stops: found.sort((a, b) => order(a.n) - order(b.n)).map((f) => f.at) };
}
