// The language status item of mlmodel files: how long the last validation of the active file took.
// Its severity rises when validation exceeds the editor's budget, so a slow file is noticed.

import * as vscode from 'vscode';
import { Commands } from '../../server/src/shared/commands';
import type { DocumentStatus } from '../../server/src/shared/protocol';

const SLOW_MS = 200;

export class ValidationStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('mlmodel.validation', { language: 'mlmodel-yaml' });
  private readonly latest = new Map<string, DocumentStatus>();
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor(() => this.render());

  constructor() {
    this.item.name = 'MLModel validation';
    this.item.text = 'MLModel';
    this.item.command = { title: 'Show Output', command: Commands.showOutput };
  }

  update(status: DocumentStatus): void {
    this.latest.set(status.uri, status);
    this.render();
  }

  forget(uri: string): void {
    this.latest.delete(uri);
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri ? this.latest.get(uri) : undefined;
    if (!status) {
      this.item.text = 'MLModel';
      this.item.detail = 'validating…';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    const slow = status.validationMs > SLOW_MS;
    this.item.text = `MLModel: ${status.diagnostics === 0 ? 'valid' : `${status.diagnostics} problem${status.diagnostics === 1 ? '' : 's'}`}`;
    this.item.detail = `validated in ${status.validationMs} ms${slow ? ' (slow)' : ''}`;
    this.item.severity = slow ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
    this.subscription.dispose();
  }
}
