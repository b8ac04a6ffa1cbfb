// The connection to OpenMetadata: the server URL (a setting) and the token (SecretStorage, stored
// per URL so a token is only ever used with the server it was issued by). The token reaches the
// language server only through its environment at start (see TOKEN_ENV in the protocol); it is never
// written to settings, logs or messages. Signing in: pick or type the server, give the token, and
// hear how it went, from the restarted server's catalog status (this side sends no HTTP request).

import * as vscode from 'vscode';
import { TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus, type ProbeServerResult } from '../../server/src/shared/protocol';
import { normalizeServerUrl } from '../../server/src/shared/settings';
import { hostOf, type CatalogStatusItem } from './catalogStatus';
import { currentSettings } from './settings';

const secretKey = (url: string) => `mlmodel.token:${url}`;

/** Where `mlmodel sandbox` (and the walkthrough's Start Sandbox Catalog) listens. */
export const SANDBOX_URL = 'http://127.0.0.1:8585';
/** Servers signed in to before, newest first (URLs only: tokens stay in the secret storage). */
const RECENT_KEY = 'mlmodel.recentServers';
const MAX_RECENT = 5;
/** How long a sign-in waits for the server's answer before leaving it to the status bar. */
const OUTCOME_TIMEOUT_MS = 30_000;

export interface ConnectionOptions {
  secrets: vscode.SecretStorage;
  /** Where the recent servers are kept (the extension's global state). */
  memento: vscode.Memento;
  output: vscode.LogOutputChannel;
  status: CatalogStatusItem;
  /** Restart the language server (it reads the URL and the token afresh); resolves once it runs. */
  restart(reason: string): Promise<void>;
  /** Does this URL answer as OpenMetadata (asked by the language server, without a token)? */
  probe(url: string): Promise<ProbeServerResult | undefined>;
}

/** An http(s) URL as typed, normalised; undefined when it is not one. */
function serverUrlOf(text: string): string | undefined {
  const value = text.trim();
  if (!/^https?:\/\/[^\s/]+/.test(value)) return undefined;
  try {
    new URL(value);
  } catch {
    return undefined;
  }
  return normalizeServerUrl(value);
}

interface ServerItem extends vscode.QuickPickItem {
  url: string;
}

export class Connection {
  constructor(private readonly options: ConnectionOptions) {}

  /** The server URL in effect ('' when none, or in an untrusted workspace). */
  get url(): string {
    return currentSettings().serverUrl;
  }

  /** Environment for the language server process: the token for the current URL, or none. */
  async serverEnvironment(): Promise<NodeJS.ProcessEnv> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env[TOKEN_ENV];
    delete env[TOKEN_URL_ENV];
    const url = this.url;
    const token = url ? await this.options.secrets.get(secretKey(url)) : undefined;
    if (url && token) {
      env[TOKEN_ENV] = token;
      env[TOKEN_URL_ENV] = url;
    }
    return env;
  }

  private refuseUntrusted(): boolean {
    if (vscode.workspace.isTrusted) return false;
    void vscode.window.showWarningMessage('MLModel: trust this workspace to connect to an OpenMetadata server.');
    return true;
  }

  /**
   * Pick or type the server, give its token (kept for that URL; empty: a server without
   * authentication), then connect and say how it went: "Signed in to host as user", or what failed.
   */
  async signIn(): Promise<void> {
    if (this.refuseUntrusted()) return;
    const url = await this.pickServer();
    if (!url) return;
    const token = await vscode.window.showInputBox({
      title: `Sign in to ${url}`,
      prompt: 'A bot token or personal access token from that server (Settings → Bots, or your profile → Access Tokens). Leave empty for a server without authentication.',
      password: true,
      ignoreFocusOut: true,
    });
    if (token === undefined) return;
    // Stored before the URL changes, so the server the URL change starts already has it.
    if (token.trim()) await this.options.secrets.store(secretKey(url), token.trim());
    else await this.options.secrets.delete(secretKey(url));
    await this.useUrl(url);
    this.options.output.info(`Token ${token.trim() ? 'stored' : 'removed'} for ${url}; connecting.`);
    await this.options.restart('signed in');
    await this.report(url, 'Sign-in');
  }

  async signOut(): Promise<void> {
    const url = this.url;
    if (!url) return;
    await this.options.secrets.delete(secretKey(url));
    this.options.output.info(`Signed out of ${url}.`);
    await this.options.restart('signed out');
    void vscode.window.showInformationMessage(`Signed out of ${hostOf(url)}.`);
  }

  /** Connect again to the configured server (it may be up now) and say how it went. */
  async reconnect(): Promise<void> {
    if (this.refuseUntrusted()) return;
    const url = this.url;
    if (!url) return this.signIn();
    await this.options.restart('retry');
    await this.report(url, 'Connecting');
  }

  /** The status bar item's click: sign in when there is nothing to manage, else the menu. */
  async menu(): Promise<void> {
    const status = this.options.status.status;
    if (!vscode.workspace.isTrusted || !this.url || status.state === 'off' || (status.state === 'error' && (status.reason === 'unauthorized' || status.reason === 'forbidden'))) {
      return this.signIn();
    }
    const host = hostOf(this.url);
    type Action = vscode.QuickPickItem & { run: () => unknown };
    const actions: Action[] = [
      { label: '$(refresh) Retry', description: `connect to ${host} again`, run: () => this.reconnect() },
      { label: '$(arrow-swap) Change Server…', description: 'pick or type another server and sign in', run: () => this.signIn() },
      status.signedIn
        ? { label: '$(sign-out) Sign Out', description: `forget the token for ${host}`, run: () => this.signOut() }
        : { label: '$(key) Sign In…', description: `give a token for ${host}`, run: () => this.signIn() },
      { label: '$(output) Show Output', description: 'the connection log', run: () => this.options.output.show(true) },
    ];
    const picked = await vscode.window.showQuickPick(actions, { title: `OpenMetadata: ${this.url}`, placeHolder: describe(status) });
    await picked?.run();
  }

  /** The settled status of the restarted server, told as a confirmation or as what failed, with what to do. */
  private async report(url: string, attempt: 'Sign-in' | 'Connecting'): Promise<void> {
    const { output } = this.options;
    const host = hostOf(url);
    const status = await this.options.status.outcome(OUTCOME_TIMEOUT_MS);
    if (!status) {
      void vscode.window.showInformationMessage(`${host} has not answered yet; the status bar shows when it does.`);
      return;
    }
    if (status.state === 'ready') {
      await this.remember(url);
      const message = status.signedIn ? `Signed in to ${host} as ${status.user ?? 'unknown'}.` : `Connected to ${host} as ${status.user ?? 'anonymous'}, without a token.`;
      output.info(message.replace(host, url));
      void vscode.window.showInformationMessage(message);
      return;
    }
    if (status.state !== 'error') return; // the URL went away meanwhile (settings, trust)
    const message = `${attempt} to ${host} failed: ${status.message ?? 'the server could not be used'}`;
    output.warn(message);
    const choice = await vscode.window.showErrorMessage(message, 'Retry', 'Open Settings', 'Show Output');
    if (choice === 'Retry') {
      // A refused token needs another; anything else may go away by itself (a server starting up).
      if (status.reason === 'unauthorized' || status.reason === 'forbidden') await this.signIn();
      else await this.reconnect();
    } else if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'mlmodel.server.url');
    } else if (choice === 'Show Output') {
      output.show(true);
    }
  }

  /** Make `url` the server in effect: where the value in effect is set (the workspace's wins over the user's). */
  private async useUrl(url: string): Promise<void> {
    if (url === this.url) return;
    const config = vscode.workspace.getConfiguration('mlmodel');
    const inspected = config.inspect<string>('server.url');
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update('server.url', url, target);
  }

  private recent(): string[] {
    const stored = this.options.memento.get<unknown>(RECENT_KEY);
    return Array.isArray(stored) ? stored.filter((u): u is string => typeof u === 'string') : [];
  }

  private async remember(url: string): Promise<void> {
    await this.options.memento.update(RECENT_KEY, [url, ...this.recent().filter((u) => u !== url)].slice(0, MAX_RECENT));
  }

  /**
   * The server to sign in to: the configured one (first), the recent ones, the local sandbox when it
   * answers, or a URL typed into the box.
   */
  private pickServer(): Promise<string | undefined> {
    const configured = this.url;
    const known: ServerItem[] = [];
    if (configured) known.push({ label: configured, url: configured, description: 'configured' });
    for (const url of this.recent()) if (url !== configured) known.push({ label: url, url, description: 'recent' });
    let sandbox: ServerItem | undefined;

    const pick = vscode.window.createQuickPick<ServerItem>();
    pick.title = 'OpenMetadata server';
    pick.placeholder = 'Pick a server, or type its URL (e.g. https://openmetadata.example.com or http://localhost:8585)';
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    const render = () => {
      const typed = serverUrlOf(pick.value);
      const items = [...known, ...(sandbox ? [sandbox] : [])];
      const typedItem: ServerItem[] = typed && !items.some((i) => i.url === typed) ? [{ label: typed, url: typed, description: 'the URL typed', alwaysShow: true }] : [];
      const active = pick.activeItems[0]?.url;
      pick.items = [...typedItem, ...items];
      // Redrawn when the sandbox answers: the choice the user moved to stays.
      const again = typedItem.length ? undefined : pick.items.find((i) => i.url === active);
      if (again) pick.activeItems = [again];
    };
    render();

    // Offered only when it runs: asked by the language server, without a token.
    pick.busy = true;
    void this.options
      .probe(SANDBOX_URL)
      .then((answer) => {
        if (!answer?.ok) return;
        const note = `local sandbox, OpenMetadata ${answer.version ?? ''}`.trim();
        const existing = known.find((i) => i.url === SANDBOX_URL);
        if (existing) existing.detail = note;
        else sandbox = { label: SANDBOX_URL, url: SANDBOX_URL, description: note };
        render();
      })
      .catch(() => undefined)
      .finally(() => (pick.busy = false));

    return new Promise((resolve) => {
      let chosen: string | undefined;
      pick.onDidChangeValue(render);
      pick.onDidAccept(() => {
        chosen = pick.selectedItems[0]?.url ?? pick.activeItems[0]?.url ?? serverUrlOf(pick.value);
        if (chosen) pick.hide();
      });
      pick.onDidHide(() => {
        resolve(chosen);
        pick.dispose();
      });
      pick.show();
    });
  }
}

/** One line about the connection, for the menu's placeholder. */
function describe(status: CatalogStatus): string {
  switch (status.state) {
    case 'ready':
      return `Connected as ${status.user ?? 'anonymous'}${status.version ? ` (OpenMetadata ${status.version})` : ''}${status.signedIn ? '' : ', without a token'}`;
    case 'connecting':
      return 'Connecting…';
    case 'error':
      return status.message ?? 'The server cannot be used';
    default:
      return 'Not connected';
  }
}
