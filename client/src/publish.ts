// Publish, Preview changes and Open in OpenMetadata: the commands behind the code lenses. The
// server does the work; this shows progress (cancellable), the result with a link, and the preview
// as a diff of the server's model against the file, with the lineage edges it adds and removes
// under the file side and in the title.

import * as vscode from 'vscode';
import type { LanguageClient, RequestType } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/shared/commands';
import { PreviewRequest, PublishRequest, type PreviewResult } from '../../server/src/shared/protocol';
import { lineageChangeLines, lineageChangeSummary, type LineageChanges } from '../../server/src/shared/wording';
import { targetUri } from './target';

const PREVIEW_SCHEME = 'mlmodel-preview';

/** Read-only documents holding both sides of a preview. */
class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}


function lineageOf(result: PreviewResult): LineageChanges {
  return { add: result.lineageToAdd ?? [], remove: result.lineageToRemove ?? [], kept: result.lineageKept ?? [] };
}

/** The lineage changes as YAML comments under the file side, so the diff shows them as added lines. */
function lineageComment(changes: LineageChanges): string {
  const lines = lineageChangeLines(changes);
  return lines.length ? `\n# Publishing also changes the table → model lineage:\n${lines.map((l) => `#   ${l}\n`).join('')}` : '';
}

export function registerPublishCommands(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const previews = new PreviewDocuments();
  const refuseUntrusted = () => {
    if (vscode.workspace.isTrusted) return false;
    void vscode.window.showWarningMessage('MLModel: publishing is off in an untrusted workspace. Trust the workspace to publish.');
    return true;
  };

  /** The command's document (trusted workspaces only) sent to the server, with cancellable progress. */
  const ask = async <R>(arg: unknown, title: string, type: RequestType<{ uri: string }, R, void>): Promise<{ uri: string; result: R } | undefined> => {
    const uri = targetUri(arg);
    if (!uri || refuseUntrusted()) return undefined;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => client.sendRequest(type, { uri }, token));
    return { uri, result };
  };

  const publish = async (arg?: unknown) => {
    const asked = await ask(arg, 'Publishing to OpenMetadata…', PublishRequest.type);
    if (!asked) return undefined;
    const { uri, result } = asked;
    output.info(result.message);
    const open = result.url ? 'Open in OpenMetadata' : undefined;
    const incomplete = !!(result.lineageFailed?.length || result.lineageRemoveFailed?.length);
    const again = incomplete ? 'Publish Again' : undefined;
    const show = result.ok ? vscode.window.showInformationMessage : incomplete ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(result.message, ...[open, again].filter((x): x is string => !!x)).then((choice) => {
      if (choice === open && result.url) void vscode.env.openExternal(vscode.Uri.parse(result.url));
      if (choice === again) void vscode.commands.executeCommand(Commands.publish, uri);
    });
    return result;
  };

  const preview = async (arg?: unknown) => {
    const asked = await ask(arg, 'Computing what a publish would change…', PreviewRequest.type);
    if (!asked) return undefined;
    const { result } = asked;
    if (!result.ok || result.server === undefined || result.file === undefined) {
      void vscode.window.showErrorMessage(result.message);
      return result;
    }
    const name = result.fqn ?? 'model';
    const left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}/server.mlmodel.yaml` });
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}/file.mlmodel.yaml` });
    previews.set(left, result.server || `# ${name} is not on the server yet: publishing creates it.\n`);
    const lineage = lineageOf(result);
    previews.set(right, result.file + lineageComment(lineage));
    await vscode.commands.executeCommand('vscode.diff', left, right, `${name}: ${result.summary}${lineageChangeSummary(lineage)}`, { preview: true });
    return result;
  };

  return [
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand(Commands.publish, publish),
    vscode.commands.registerCommand(Commands.preview, preview),
    vscode.commands.registerCommand(Commands.openInOpenMetadata, (url: string) => vscode.env.openExternal(vscode.Uri.parse(url))),
  ];
}
