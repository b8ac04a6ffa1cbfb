// The walkthrough's commands. `mlmodel.startSandbox` runs the bundled CLI's sandbox catalog in a
// terminal and, once it answers, points mlmodel.server.url at it; `mlmodel.openExample` opens the
// walkthrough's example model (with one mistake to fix) as an unsaved file.

import * as vscode from 'vscode';
import { Commands } from '../../server/src/shared/commands';
import { normalizeServerUrl } from '../../server/src/shared/settings';

const SANDBOX_URL = 'http://127.0.0.1:8585';
const TERMINAL_NAME = 'MLModel sandbox';

export function registerGettingStarted(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.startSandbox, () => startSandbox(context, output)),
    vscode.commands.registerCommand(Commands.openExample, () => openExample(context)),
  ];
}

/** Resolves true when the sandbox is ready and the setting points at it. */
async function startSandbox(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<boolean> {
  let terminal = vscode.window.terminals.find((t) => t.name === TERMINAL_NAME && t.exitStatus === undefined);
  // Something may already answer there (a sandbox from `npm run demo`, a local OpenMetadata): use it.
  const running = !terminal && (await waitForSandbox(SANDBOX_URL, 0));
  if (running) output.info(`An OpenMetadata API already answers at ${SANDBOX_URL}; using it.`);
  else if (!terminal) {
    // VS Code's own runtime runs the CLI: ELECTRON_RUN_AS_NODE makes its executable act as Node,
    // so users need no Node of their own.
    terminal = vscode.window.createTerminal({
      name: TERMINAL_NAME,
      shellPath: process.execPath,
      shellArgs: [context.asAbsolutePath('dist/cli.js'), 'sandbox', '--port', new URL(SANDBOX_URL).port],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    output.info(`Starting the sandbox catalog at ${SANDBOX_URL}.`);
  }
  terminal?.show(true);

  const ready = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting the sandbox catalog' }, () => waitForSandbox(SANDBOX_URL, 20_000));
  if (!ready) {
    void vscode.window.showWarningMessage(`MLModel: the sandbox did not answer at ${SANDBOX_URL}. Its terminal says why (is port 8585 taken?).`);
    return false;
  }
  const config = vscode.workspace.getConfiguration('mlmodel');
  const setting = config.inspect<string>('server.url');
  const current = config.get<string>('server.url', '');
  if (normalizeServerUrl(current) !== SANDBOX_URL) {
    if (current) {
      const use = await vscode.window.showInformationMessage(`MLModel: the sandbox catalog is running. Point mlmodel.server.url at it instead of ${current}?`, 'Use the sandbox', 'Keep');
      if (use !== 'Use the sandbox') return false;
    }
    // Where a value is set is where it takes effect: change it there.
    const target = setting?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder : setting?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update('server.url', SANDBOX_URL, target);
    // A remote window (code-server, SSH) reads machine-overridable settings from the remote
    // machine's settings, not the user's: if the user setting did not take, use the workspace's.
    if (!pointsAtSandbox() && target === vscode.ConfigurationTarget.Global && vscode.workspace.workspaceFolders?.length) {
      await config.update('server.url', SANDBOX_URL, vscode.ConfigurationTarget.Workspace);
    }
    if (!pointsAtSandbox()) {
      void vscode.window.showWarningMessage(`MLModel: the sandbox is running at ${SANDBOX_URL}, but mlmodel.server.url could not be set to it here. Set it in this machine's settings.`);
      return false;
    }
  }
  void vscode.window.showInformationMessage(
    running ? `MLModel: using the OpenMetadata API already running at ${SANDBOX_URL}.` : `MLModel: the sandbox catalog is running at ${SANDBOX_URL} with OpenMetadata's sample data. Close its terminal to stop it.`,
  );
  return true;
}

function pointsAtSandbox(): boolean {
  return normalizeServerUrl(vscode.workspace.getConfiguration('mlmodel').get<string>('server.url', '')) === SANDBOX_URL;
}

/** Poll the sandbox's version endpoint until it answers as OpenMetadata does, or time runs out. */
async function waitForSandbox(url: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/api/v1/system/version`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok && typeof ((await response.json()) as { version?: unknown }).version === 'string') return true;
    } catch {
      // Not listening yet.
    }
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function openExample(context: vscode.ExtensionContext): Promise<vscode.TextEditor> {
  const file = vscode.Uri.joinPath(context.extensionUri, 'client', 'media', 'walkthrough', 'example.mlmodel.yaml');
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const document = await vscode.workspace.openTextDocument({ language: 'mlmodel-yaml', content });
  return vscode.window.showTextDocument(document);
}
