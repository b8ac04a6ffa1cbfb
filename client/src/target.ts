// Which document a command acts on.

import * as vscode from 'vscode';

/**
 * The URI a command was given (a code lens passes its document's), else the active mlmodel-yaml
 * editor's; with `anyVisible` and no active editor, a visible mlmodel-yaml editor's (the command may
 * be run while a webview beside it has the focus).
 */
export function targetUri(arg: unknown, anyVisible = false): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.toString();
  const isModel = (e: vscode.TextEditor | undefined) => e?.document.languageId === 'mlmodel-yaml';
  const editor = vscode.window.activeTextEditor ?? (anyVisible ? vscode.window.visibleTextEditors.find(isModel) : undefined);
  return isModel(editor) ? editor!.document.uri.toString() : undefined;
}
