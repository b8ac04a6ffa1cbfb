// The extension: starts the language server and connects VS Code's settings, secrets, commands and
// status to it. Everything else happens in the server.

import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type NodeModule } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/shared/commands';
import { CatalogStatusNotification, DidChangeSettingsNotification, DocumentStatusNotification, ProbeServerRequest, SERVER_EXEC_ARGV, type InitializationOptions } from '../../server/src/shared/protocol';
import { affectsSettings, currentSettings } from './settings';
import { ValidationStatus } from './status';
import { CatalogStatusItem } from './catalogStatus';
import { Connection } from './connection';
import { registerPublishCommands } from './publish';
import { registerGettingStarted } from './gettingStarted';
import { registerImportMlflow } from './importMlflow';
import { LineageViews } from './lineageView';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('MLModel YAML', { log: true });
  const validation = new ValidationStatus();
  const catalogStatus = new CatalogStatusItem();
  context.subscriptions.push(output, validation, catalogStatus);
  const connection = new Connection({
    secrets: context.secrets,
    memento: context.globalState,
    output,
    status: catalogStatus,
    restart: (reason) => restart(reason),
    probe: async (url) => (client?.isRunning() ? client.sendRequest(ProbeServerRequest.type, { url }) : undefined),
  });

  // The server's environment carries the token; it is refreshed before every (re)start.
  const server: NodeModule = { module: context.asAbsolutePath('dist/server.js'), transport: TransportKind.ipc, options: { env: await connection.serverEnvironment(), execArgv: [...SERVER_EXEC_ARGV] } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'mlmodel-yaml', scheme: 'file' },
      { language: 'mlmodel-yaml', scheme: 'untitled' },
    ],
    outputChannel: output,
    initializationOptions: () => ({ settings: currentSettings() }) satisfies InitializationOptions,
  };
  client = new LanguageClient('mlmodel', 'MLModel YAML', { run: server, debug: { ...server, options: { ...server.options, execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } } }, clientOptions);
  const languageClient = client;
  const lineage = new LineageViews(languageClient, context.extensionUri, output);

  let lastUrl = connection.url;
  // Restarts run one after another: a second one while the client is still starting would fail
  // (Sign In with no URL set changes the URL, which restarts, then restarts again with the token).
  let restarts: Promise<unknown> = Promise.resolve();
  const restart = (reason: string): Promise<void> => {
    lastUrl = connection.url;
    const next = restarts.then(async () => {
      server.options = { ...server.options, env: await connection.serverEnvironment() };
      await languageClient.restart();
      output.info(`Language server restarted (${reason}).`);
    });
    restarts = next.catch((error: unknown) => output.error(`Restarting the language server failed (${reason}): ${error instanceof Error ? error.message : String(error)}`));
    return next;
  };
  const settingsChanged = () => {
    if (connection.url !== lastUrl) restart('server URL changed').catch(() => undefined); // logged by the queue
    else void languageClient.sendNotification(DidChangeSettingsNotification.type, currentSettings());
  };

  context.subscriptions.push(
    languageClient.onNotification(DocumentStatusNotification.type, (s) => validation.update(s)),
    languageClient.onNotification(CatalogStatusNotification.type, (s) => {
      catalogStatus.show(s);
      // The index reports every change this way: what the lineage views draw may have changed too.
      lineage.catalogChanged();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => validation.forget(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => affectsSettings(e) && settingsChanged()),
    vscode.workspace.onDidGrantWorkspaceTrust(settingsChanged),
    vscode.commands.registerCommand(Commands.restartServer, () => restart('requested')),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.signIn, () => connection.signIn()),
    vscode.commands.registerCommand(Commands.signOut, () => connection.signOut()),
    vscode.commands.registerCommand(Commands.reconnect, () => connection.reconnect()),
    vscode.commands.registerCommand(Commands.connectionMenu, () => connection.menu()),
    // What a status belongs to: the server that was running when it came (see catalogStatus.outcome).
    // Counted at Starting, not Stopped: the client reports Stopped as soon as it begins stopping,
    // while the old server can still send a status (a connection attempt failing on its way out).
    languageClient.onDidChangeState((e) => e.newState === State.Starting && catalogStatus.serverStarting()),
    ...registerPublishCommands(languageClient, output),
    ...registerGettingStarted(context, output),
    ...registerImportMlflow(languageClient, output),
    lineage,
    ...lineage.commands(context.extensionMode),
  );
  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    context.subscriptions.push(vscode.commands.registerCommand(Commands.connectionState, () => catalogStatus.state()));
  }
  const started = languageClient.start();
  restarts = started.catch(() => undefined); // a failed start fails activation; a restart may still be tried
  await started;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
