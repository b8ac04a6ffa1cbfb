// The language status item of the catalog connection: which server, its version, who is signed in,
// and whether it can be reached.

import * as vscode from 'vscode';
import { Commands } from '../../server/src/shared/commands';
import type { CatalogStatus } from '../../server/src/shared/protocol';

export class CatalogStatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('mlmodel.catalog', { language: 'mlmodel-yaml' });

  constructor() {
    this.item.name = 'OpenMetadata catalog';
    this.show({ state: 'off', signedIn: false });
  }

  show(status: CatalogStatus): void {
    const item = this.item;
    item.severity = vscode.LanguageStatusSeverity.Information;
    item.busy = status.state === 'connecting';
    switch (status.state) {
      case 'off':
        item.text = 'OpenMetadata: not connected';
        item.detail = vscode.workspace.isTrusted ? 'catalog checks are off' : 'untrusted workspace: nothing is sent';
        item.command = { title: 'Sign in', command: Commands.signIn };
        break;
      case 'connecting':
        item.text = 'OpenMetadata: connecting…';
        item.detail = status.url;
        item.command = { title: 'Show Output', command: Commands.showOutput };
        break;
      case 'ready':
        item.text = `OpenMetadata ${status.version ?? ''}`.trim();
        item.detail = `${status.url} · ${status.user ?? 'anonymous'}${status.signedIn ? '' : ' (no token)'}`;
        item.command = { title: status.signedIn ? 'Sign out' : 'Sign in', command: status.signedIn ? Commands.signOut : Commands.signIn };
        break;
      case 'error':
        item.severity = vscode.LanguageStatusSeverity.Error;
        item.text = status.auth ? 'OpenMetadata: sign in again' : 'OpenMetadata: unreachable';
        item.detail = status.message;
        item.command = status.auth ? { title: 'Sign in', command: Commands.signIn } : { title: 'Show Output', command: Commands.showOutput };
        break;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
