// VS Code's `mlmodel.*` settings resolved into the one typed Settings object the server takes.
// In an untrusted workspace there is no server URL at all: a folder must not be able to point the
// extension, and the user's token, at a server of its choosing, and nothing is sent anywhere.

import * as vscode from 'vscode';
import { resolveSettings, type Settings } from '../../server/src/shared/settings';

export function currentSettings(): Settings {
  const config = vscode.workspace.getConfiguration('mlmodel');
  return resolveSettings({
    serverUrl: vscode.workspace.isTrusted ? config.get<string>('server.url', '') : '',
    debounceMs: config.get<number>('validation.debounceMs'),
    maxFileSizeMB: config.get<number>('validation.maxFileSizeMB'),
    severity: config.get<Record<string, string>>('diagnostics.severity'),
    sensitiveTags: config.get<string[]>('governance.sensitiveTags'),
  });
}

/** Does a configuration change concern the server? */
export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('mlmodel');
}
