// The catalog connection as the user sees it: a status bar item (always there once the extension
// runs: connected as whom on which server, signed out, unreachable, connecting; its tooltip names
// the server, version and user; a click signs in or opens the connection menu) and the language
// status item of mlmodel files, both drawn from the server's last mlmodel/catalogStatus. It also
// tells the sign-in flow how its attempt ended: the first settled status of the restarted server.

import * as vscode from 'vscode';
import { Commands } from '../../server/src/shared/commands';
import type { CatalogStatus } from '../../server/src/shared/protocol';

/** What the status bar item shows, as a test reads it back (mlmodel.connectionState). */
export interface ConnectionState {
  text: string;
  tooltip: string;
  command?: string;
  status: CatalogStatus;
}

interface Presentation {
  /** Without the icon: the language status item shows it too. */
  text: string;
  icon: string;
  tooltip: string;
  problem?: 'warning' | 'error';
  /** A click: sign in (nothing to manage yet, or the token is missing or refused), else the menu. */
  command: string;
}

/** `host:port` of a URL (what the status bar has room for); the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** Is the server's answer final (connected, or failed), rather than on the way? */
function settled(status: CatalogStatus): boolean {
  return status.state !== 'connecting';
}

function present(status: CatalogStatus): Presentation {
  const host = status.url ? hostOf(status.url) : '';
  const lines: string[] = [];
  if (status.url) lines.push(`Server: ${status.url}`);
  if (status.version) lines.push(`OpenMetadata ${status.version}`);
  if (status.state === 'ready') lines.push(status.signedIn ? `Signed in as ${status.user ?? 'unknown'}` : `As ${status.user ?? 'anonymous'}, without a token (the server asks for none)`);
  else if (status.url) lines.push(status.signedIn ? 'A token is stored for this server' : 'No token stored for this server');
  if (status.tables) lines.push(`${status.tables} table names known`);
  if (status.message) lines.push('', status.message);
  const tooltip = (click: string) => [...lines, ...(lines.length ? [''] : []), click].join('\n');
  switch (status.state) {
    case 'off':
      if (!vscode.workspace.isTrusted) {
        return { text: 'OpenMetadata: off', icon: '$(workspace-untrusted)', tooltip: tooltip('Untrusted workspace: nothing is sent to any server, catalog checks are off.'), command: Commands.signIn };
      }
      return { text: 'OpenMetadata: signed out', icon: '$(plug)', tooltip: tooltip('No OpenMetadata server is set: catalog checks are off. Click to sign in.'), command: Commands.signIn };
    case 'connecting':
      return { text: `OpenMetadata: connecting to ${host}…`, icon: '$(sync~spin)', tooltip: tooltip('Click for the connection menu.'), command: Commands.connectionMenu };
    case 'ready':
      return { text: `OpenMetadata: ${status.user ?? 'anonymous'} @ ${host}`, icon: '$(database)', tooltip: tooltip('Click to sign out, change server, retry or show the output.'), command: Commands.connectionMenu };
    case 'error':
      switch (status.reason ?? (status.auth ? 'unauthorized' : 'other')) {
        case 'unauthorized':
          return status.signedIn
            ? { text: 'OpenMetadata: token rejected', icon: '$(key)', tooltip: tooltip('Click to sign in again.'), problem: 'warning', command: Commands.signIn }
            : { text: 'OpenMetadata: signed out', icon: '$(key)', tooltip: tooltip('Click to sign in.'), problem: 'warning', command: Commands.signIn };
        case 'forbidden':
          return { text: 'OpenMetadata: no permission', icon: '$(key)', tooltip: tooltip('Click to sign in with another token.'), problem: 'warning', command: Commands.signIn };
        case 'unreachable':
          return { text: `OpenMetadata: ${host} unreachable`, icon: '$(debug-disconnect)', tooltip: tooltip('Click to retry, change server or show the output.'), problem: 'error', command: Commands.connectionMenu };
        case 'notOpenMetadata':
          return { text: `OpenMetadata: ${host} is not OpenMetadata`, icon: '$(warning)', tooltip: tooltip('Click to change server, retry or show the output.'), problem: 'error', command: Commands.connectionMenu };
        default:
          return { text: `OpenMetadata: ${host} failed`, icon: '$(warning)', tooltip: tooltip('Click to retry, change server or show the output.'), problem: 'error', command: Commands.connectionMenu };
      }
  }
}

export class CatalogStatusItem implements vscode.Disposable {
  private readonly bar = vscode.window.createStatusBarItem('mlmodel.connection', vscode.StatusBarAlignment.Left, 50);
  private readonly language = vscode.languages.createLanguageStatusItem('mlmodel.catalog', { language: 'mlmodel-yaml' });
  private latest: CatalogStatus = { state: 'off', signedIn: false };
  /** Counts language server processes: a status belongs to the server that was running when it came. */
  private generation = 0;
  private latestGeneration = 0;
  private readonly changed = new vscode.EventEmitter<void>();

  constructor() {
    this.bar.name = 'OpenMetadata connection';
    this.language.name = 'OpenMetadata catalog';
    this.show(this.latest);
    this.bar.show();
  }

  get status(): CatalogStatus {
    return this.latest;
  }

  show(status: CatalogStatus): void {
    this.latest = status;
    this.latestGeneration = this.generation;
    const p = present(status);
    this.bar.text = `${p.icon} ${p.text}`;
    this.bar.tooltip = p.tooltip;
    this.bar.command = p.command;
    this.bar.backgroundColor = p.problem ? new vscode.ThemeColor(p.problem === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground') : undefined;

    const item = this.language;
    item.text = p.text;
    item.detail = status.url ? [status.url, status.version && `OpenMetadata ${status.version}`, status.user].filter(Boolean).join(' · ') : 'catalog checks are off';
    item.severity = p.problem === 'error' ? vscode.LanguageStatusSeverity.Error : p.problem === 'warning' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    item.busy = status.state === 'connecting';
    item.command = { title: p.command === Commands.signIn ? 'Sign in' : 'Manage', command: p.command };
    this.changed.fire();
  }

  /** A language server is starting: what the last one reported no longer holds, and this one reports afresh. */
  serverStarting(): void {
    this.generation++;
  }

  /**
   * How the current language server's connection attempt ended: its first settled status (one
   * already received counts), or undefined when it has not settled within `timeoutMs`.
   */
  outcome(timeoutMs: number): Promise<CatalogStatus | undefined> {
    return new Promise((resolve) => {
      const current = () => this.latestGeneration === this.generation && settled(this.latest);
      if (current()) return resolve(this.latest);
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const subscription = this.changed.event(() => current() && done(this.latest));
      const done = (status: CatalogStatus | undefined) => {
        clearTimeout(timer);
        subscription.dispose();
        resolve(status);
      };
    });
  }

  /** For tests (registered outside production only): what the status bar item shows. */
  state(): ConnectionState {
    return { text: this.bar.text, tooltip: String(this.bar.tooltip ?? ''), command: typeof this.bar.command === 'string' ? this.bar.command : this.bar.command?.command, status: this.latest };
  }

  dispose(): void {
    this.bar.dispose();
    this.language.dispose();
    this.changed.dispose();
  }
}
