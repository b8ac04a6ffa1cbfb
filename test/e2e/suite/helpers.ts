import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mlmodel-yaml.mlmodel-yaml';
export const LANGUAGE_ID = 'mlmodel-yaml';

/** The folder the runner opened: a fresh copy of examples/, so tests may add files to it. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host has no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

/**
 * Writes `text` (with one `|` marking the caret) to a new file in the workspace, opens it, and
 * returns the editor and the caret position.
 */
export async function openWithCaret(name: string, text: string): Promise<{ editor: vscode.TextEditor; caret: vscode.Position }> {
  const offset = text.indexOf('|');
  assert.ok(offset >= 0 && text.indexOf('|', offset + 1) < 0, 'the text needs exactly one | caret marker');
  const uri = workspaceUri(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text.slice(0, offset) + text.slice(offset + 1)));
  const editor = await open(uri);
  const caret = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(caret, caret);
  return { editor, caret };
}

/**
 * Picks `label` from the suggest widget as a user does: once the completion providers offer it, opens
 * the widget at the caret (Ctrl+Space) and accepts the selected item (Enter). The word before the
 * caret must make `label` the widget's first choice.
 */
export async function acceptSuggestion(editor: vscode.TextEditor, label: string): Promise<void> {
  const caret = editor.selection.active;
  await eventually(async () => {
    const offered = await completionLabels(editor.document.uri, caret);
    assert.ok(offered.includes(label), `${label} not offered; got ${offered.join(', ')}`);
  });
  const before = editor.document.getText();
  await eventually(async () => {
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: new vscode.Selection(caret, caret) });
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await delay(300);
    await vscode.commands.executeCommand('acceptSelectedSuggestion');
    assert.notEqual(editor.document.getText(), before, 'the suggest widget had nothing to accept');
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Retries `check` (an assertion) until it passes; after `timeoutMs` its last failure is thrown. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await delay(intervalMs);
  }
}

/**
 * The range of `target` inside the `occurrence`-th appearance of `anchor` in the document (the
 * whole anchor when no target is given): how a person points at "the `numeric` in `dataType: numeric`".
 */
export function rangeOf(doc: vscode.TextDocument, anchor: string, target = anchor, occurrence = 1): vscode.Range {
  const text = doc.getText();
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(anchor, offset + 1);
    assert.ok(offset >= 0, `"${anchor}" (occurrence ${occurrence}) not found in ${doc.uri.path}`);
  }
  const inner = anchor.indexOf(target);
  assert.ok(inner >= 0, `"${target}" is not part of "${anchor}"`);
  return new vscode.Range(doc.positionAt(offset + inner), doc.positionAt(offset + inner + target.length));
}

export function showRange(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

/** The text of a hover, every part joined, as the hover widget shows it. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export function describeProblem(d: vscode.Diagnostic): string {
  return `${showRange(d.range)} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)}: ${d.message}`;
}

/** Completion labels offered at `position`, as the suggest widget would list them. */
export async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/**
 * Runs `action`, which restarts the language server, and resolves (with what `action` returned) once
 * the restart has cleared the problems of `uri` (which must have some, or get them from the server
 * that runs now, e.g. one just restarted): what is shown afterwards comes from the new server.
 */
export async function afterRestart<T>(uri: vscode.Uri, action: () => Thenable<T>): Promise<T> {
  await eventually(() => assert.ok(vscode.languages.getDiagnostics(uri).length > 0, `${uri.path} has no problems for a restart to clear`));
  let cleared = false;
  const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === uri.toString()) && vscode.languages.getDiagnostics(uri).length === 0) cleared = true;
  });
  try {
    const result = await action();
    await eventually(() => assert.ok(cleared, `the problems of ${uri.path} were never cleared: the language server did not restart`));
    return result;
  } finally {
    subscription.dispose();
  }
}
