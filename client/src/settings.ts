// VS Code's `mlmodel.*` settings resolved into the one typed Settings object the server takes.
// In an untrusted workspace a server URL set by the workspace is ignored (a folder must not be able
// to point the extension, and the user's token, at a server of its choosing).

import * as vscode from 'vscode';
import { resolveSettings, type Settings } from '../../server/src/service/settings';

export function currentSettings(): Settings {
  const config = vscode.workspace.getConfiguration('mlmodel');
  const url = vscode.workspace.isTrusted ? config.get<string>('server.url', '') : userLevel(config.inspect<string>('server.url')) ?? '';
  return resolveSettings({
    serverUrl: url,
    debounceMs: config.get<number>('validation.debounceMs'),
    maxFileSizeMB: config.get<number>('validation.maxFileSizeMB'),
    severity: config.get<Record<string, string>>('diagnostics.severity'),
  });
}

function userLevel<T>(inspected: { globalValue?: T; defaultValue?: T } | undefined): T | undefined {
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** Does a configuration change concern the server? */
export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('mlmodel');
}
