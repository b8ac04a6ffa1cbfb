// The connection to OpenMetadata: the server URL (a setting) and the token (SecretStorage, stored
// per URL so a token is only ever used with the server it was issued by). The token reaches the
// language server only through its environment at start (see TOKEN_ENV in the protocol); it is never
// written to settings, logs or messages.

import * as vscode from 'vscode';
import { TOKEN_ENV, TOKEN_URL_ENV } from '../../server/src/shared/protocol';
import { normalizeServerUrl } from '../../server/src/shared/settings';
import { currentSettings } from './settings';

const secretKey = (url: string) => `mlmodel.token:${url}`;

export class Connection {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly output: vscode.LogOutputChannel,
  ) {}

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
    const token = url ? await this.secrets.get(secretKey(url)) : undefined;
    if (url && token) {
      env[TOKEN_ENV] = token;
      env[TOKEN_URL_ENV] = url;
    }
    return env;
  }

  /** Ask for the server URL (when none is set) and a token, and store the token for that URL. */
  async signIn(): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('MLModel: trust this workspace to connect to an OpenMetadata server.');
      return false;
    }
    let url = this.url;
    if (!url) {
      const entered = await vscode.window.showInputBox({
        title: 'OpenMetadata server',
        prompt: 'URL of the OpenMetadata server (or a sandbox started with `npx mlmodel sandbox`)',
        value: 'http://localhost:8585',
        ignoreFocusOut: true,
        validateInput: (v) => (/^https?:\/\/[^\s/]+/.test(v.trim()) ? undefined : 'Enter an http:// or https:// URL'),
      });
      if (!entered) return false;
      url = normalizeServerUrl(entered);
      await vscode.workspace.getConfiguration('mlmodel').update('server.url', url, vscode.ConfigurationTarget.Global);
    }
    const token = await vscode.window.showInputBox({
      title: `Sign in to ${url}`,
      prompt: 'A bot token or personal access token from that server (Settings → Bots, or your profile → Access Tokens). Leave empty for a server without authentication.',
      password: true,
      ignoreFocusOut: true,
    });
    if (token === undefined) return false;
    if (token.trim()) await this.secrets.store(secretKey(url), token.trim());
    else await this.secrets.delete(secretKey(url));
    this.output.info(`Signed in to ${url}${token.trim() ? '' : ' without a token'}.`);
    return true;
  }

  async signOut(): Promise<boolean> {
    const url = this.url;
    if (!url) return false;
    await this.secrets.delete(secretKey(url));
    this.output.info(`Signed out of ${url}.`);
    return true;
  }
}
