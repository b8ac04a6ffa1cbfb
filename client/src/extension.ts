// The extension: starts the language server and connects VS Code's settings, commands and status
// to it. Everything else happens in the server.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DidChangeSettingsNotification, DocumentStatusNotification, type InitializationOptions } from '../../server/src/protocol';
import { affectsSettings, currentSettings } from './settings';
import { ValidationStatus } from './status';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('MLModel YAML', { log: true });
  const status = new ValidationStatus();
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'mlmodel-yaml', scheme: 'file' },
      { language: 'mlmodel-yaml', scheme: 'untitled' },
    ],
    outputChannel: output,
    initializationOptions: { settings: currentSettings() } satisfies InitializationOptions,
  };
  client = new LanguageClient('mlmodel', 'MLModel YAML', serverOptions, clientOptions);
  const languageClient = client;
  context.subscriptions.push(
    languageClient.onNotification(DocumentStatusNotification.type, (s) => status.update(s)),
    vscode.workspace.onDidCloseTextDocument((d) => status.forget(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e)) void languageClient.sendNotification(DidChangeSettingsNotification.type, currentSettings());
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void languageClient.sendNotification(DidChangeSettingsNotification.type, currentSettings())),
    vscode.commands.registerCommand('mlmodel.restartServer', async () => {
      await languageClient.restart();
      output.info('Language server restarted.');
    }),
    vscode.commands.registerCommand('mlmodel.showOutput', () => output.show(true)),
  );
  await languageClient.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
