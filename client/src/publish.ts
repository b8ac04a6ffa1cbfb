// Publish, Preview changes and Open in OpenMetadata: the commands behind the code lenses. The
// server does the work; this shows progress (cancellable), the result with what to do next, and the
// preview as a diff of the server's model against the file, with the lineage edges it adds and
// removes under the file side and in the title.
//
// Publishing to a server that is not this machine asks first: the plan (a preview request), then a
// modal naming the server, the version, the lineage changes and the sensitive data, unless the user
// said not to ask again for that model on that server. The publish carries the plan's key, so the
// server writes what was confirmed or nothing (then the user is told what changed and asked again).

import * as vscode from 'vscode';
import type { LanguageClient, RequestType } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/shared/commands';
import { PreviewRequest, PublishRequest, type ConfirmedPlan, type PreviewResult, type PublishFailure, type PublishParams, type PublishResult } from '../../server/src/shared/protocol';
import { isLocalServer } from '../../server/src/shared/settings';
import { lineageChangeLines, lineageChangeSummary, nothingToPublish, publishConfirmation, type LineageChanges } from '../../server/src/shared/wording';
import { hostOf } from './catalogStatus';
import { currentSettings } from './settings';
import { targetUri } from './target';

const PREVIEW_SCHEME = 'mlmodel-preview';
/** Where "don't ask again" is kept, per server URL and model FQN (the workspace's state). */
const DONT_ASK_KEY = 'mlmodel.publish.dontAsk';

/** The confirmation's buttons (VS Code adds Cancel). */
export const PUBLISH = 'Publish';
export const PREVIEW_CHANGES = 'Preview Changes';
export const dontAskAgain = (host: string): string => `Don't ask again for this model on ${host}`;

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

/** A plan that writes nothing: the model unchanged and no lineage edge to add or remove. */
function changesNothing(result: PreviewResult): boolean {
  return result.action === 'unchanged' && !result.lineageToAdd?.length && !result.lineageToRemove?.length;
}

/** What the user can do about a failure, by its reason (the buttons of its message). */
function actionsFor(reason: PublishFailure | undefined): string[] {
  switch (reason) {
    case 'problems':
      return ['Show Problems'];
    case 'notConnected':
      return ['Sign In', 'Open Settings'];
    case 'unauthorized':
    case 'forbidden':
      return ['Sign In', 'Show Output'];
    case 'unreachable':
    case 'notOpenMetadata':
      return ['Retry', 'Open Settings', 'Show Output'];
    case 'cancelled':
    case 'planChanged':
      return [];
    default:
      return ['Retry', 'Show Output'];
  }
}

export function registerPublishCommands(client: LanguageClient, output: vscode.LogOutputChannel, workspaceState: vscode.Memento): vscode.Disposable[] {
  const previews = new PreviewDocuments();
  /** The preview diff last opened for each document, to refresh it after a publish. */
  const shownPreviews = new Map<string, { left: vscode.Uri; right: vscode.Uri }>();

  const refuseUntrusted = () => {
    if (vscode.workspace.isTrusted) return false;
    void vscode.window.showWarningMessage('MLModel: publishing is off in an untrusted workspace. Trust the workspace to publish.');
    return true;
  };

  /** A request about the document, with cancellable progress. */
  const withProgress = <P extends object, R>(title: string, type: RequestType<P, R, void>, params: P): Thenable<R> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => client.sendRequest(type, params as never, token));

  /** A failed publish or preview: its message, with what to do about it. */
  const showFailure = async (result: { message: string; reason?: PublishFailure }, retry: () => unknown): Promise<void> => {
    output.warn(result.message);
    if (result.reason === 'cancelled') {
      void vscode.window.showInformationMessage(result.message);
      return;
    }
    const choice = await vscode.window.showErrorMessage(result.message, ...actionsFor(result.reason));
    if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    else if (choice === 'Retry') await retry();
    else if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'mlmodel.server.url');
    else if (choice === 'Show Output') output.show(true);
    else if (choice === 'Sign In') await vscode.commands.executeCommand(Commands.signIn);
  };

  const showNothingToPublish = (result: PreviewResult) => {
    const message = nothingToPublish(result.fqn ?? 'The model', hostOf(result.serverUrl ?? ''), result.version?.from);
    output.info(message);
    void vscode.window.showInformationMessage(message);
  };

  /** Both sides of a plan in a diff editor. */
  const openDiff = async (uri: string, result: PreviewResult) => {
    const name = result.fqn ?? 'model';
    const left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}/server.mlmodel.yaml` });
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}/file.mlmodel.yaml` });
    fill(left, right, result);
    shownPreviews.set(uri, { left, right });
    const lineage = lineageOf(result);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${name}: ${result.summary}${lineageChangeSummary(lineage)}`, { preview: true });
  };

  const fill = (left: vscode.Uri, right: vscode.Uri, result: PreviewResult) => {
    previews.set(left, result.server || `# ${result.fqn ?? 'The model'} is not on the server yet: publishing creates it.\n`);
    previews.set(right, (result.file ?? '') + lineageComment(lineageOf(result)));
  };

  /** After a publish, a preview of the document still open shows the server as it is now. */
  const refreshPreview = async (uri: string) => {
    const shown = shownPreviews.get(uri);
    const isShown = (tab: vscode.Tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.original.toString() === shown?.left.toString();
    if (!shown || !vscode.window.tabGroups.all.some((g) => g.tabs.some(isShown))) return;
    const result = await client.sendRequest(PreviewRequest.type, { uri });
    if (result.ok) fill(shown.left, shown.right, result);
  };

  type Decision = { confirmed?: ConfirmedPlan } | { done: PreviewResult | undefined };

  /**
   * Plan, and ask before publishing to a server that is not this machine (`again`: why it is
   * asked again). Resolves with the plan to publish, or with what ended the command instead.
   */
  const confirm = async (uri: string, again?: string): Promise<Decision> => {
    const plan = await withProgress('Planning the publish…', PreviewRequest.type, { uri });
    if (!plan.ok || !plan.planKey || !plan.version || !plan.action || !plan.fqn || !plan.serverUrl) {
      void showFailure(plan, () => vscode.commands.executeCommand(Commands.publish, uri));
      return { done: plan };
    }
    if (changesNothing(plan)) {
      showNothingToPublish(plan);
      return { done: plan };
    }
    const confirmed: ConfirmedPlan = { key: plan.planKey, version: plan.version };
    const host = hostOf(plan.serverUrl);
    const remembered = `${DONT_ASK_KEY}:${plan.serverUrl} ${plan.fqn}`;
    // Something changed under a remembered choice: the user hears of it all the same.
    if (!again && workspaceState.get<boolean>(remembered)) return { confirmed };
    const { message, detail } = publishConfirmation({
      fqn: plan.fqn,
      host,
      serverUrl: plan.serverUrl,
      action: plan.action,
      version: plan.version,
      summary: plan.summary ?? '',
      lineage: lineageOf(plan),
      sensitive: plan.sensitive ?? [],
      again: again && `${again} Here is what publishing does now:`,
    });
    const dontAsk = dontAskAgain(host);
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, PUBLISH, PREVIEW_CHANGES, dontAsk);
    if (choice === PREVIEW_CHANGES) {
      await openDiff(uri, plan);
      return { done: plan };
    }
    if (choice === dontAsk) await workspaceState.update(remembered, true);
    else if (choice !== PUBLISH) return { done: undefined };
    return { confirmed };
  };

  const publish = async (arg?: unknown): Promise<PublishResult | PreviewResult | undefined> => {
    const uri = targetUri(arg);
    if (!uri || refuseUntrusted()) return undefined;
    const serverUrl = currentSettings().serverUrl;
    const ask = !!serverUrl && !isLocalServer(serverUrl);
    let again: string | undefined;
    for (;;) {
      const params: PublishParams = { uri };
      if (ask) {
        const decision = await confirm(uri, again);
        if ('done' in decision) return decision.done;
        params.confirmed = decision.confirmed;
      }
      const result = await withProgress('Publishing to OpenMetadata…', PublishRequest.type, params);
      if (result.reason === 'planChanged' && params.confirmed) {
        output.warn(result.message);
        again = result.message;
        continue;
      }
      output.info(result.message);
      const written = result.ok || !!result.version;
      if (written) await refreshPreview(uri);
      if (!written) {
        void showFailure(result, () => vscode.commands.executeCommand(Commands.publish, uri));
        return result;
      }
      const open = result.url ? 'Open in OpenMetadata' : undefined;
      // The model was written but not all of its lineage: publishing again completes it.
      const publishAgain = result.ok ? undefined : 'Publish Again';
      // Edits a bot's token could not apply are a warning too: the server does not match the file.
      const show = result.ok && !result.keptForBot?.length ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void show(result.message, ...[open, publishAgain].filter((x): x is string => !!x)).then((choice) => {
        if (choice === open && result.url) void vscode.env.openExternal(vscode.Uri.parse(result.url));
        if (choice === publishAgain) void vscode.commands.executeCommand(Commands.publish, uri);
      });
      return result;
    }
  };

  const preview = async (arg?: unknown): Promise<PreviewResult | undefined> => {
    const uri = targetUri(arg);
    if (!uri || refuseUntrusted()) return undefined;
    const result = await withProgress('Computing what a publish would change…', PreviewRequest.type, { uri });
    if (!result.ok || result.server === undefined || result.file === undefined) {
      void showFailure(result, () => vscode.commands.executeCommand(Commands.preview, uri));
      return result;
    }
    if (changesNothing(result)) showNothingToPublish(result);
    else await openDiff(uri, result);
    return result;
  };

  return [
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand(Commands.publish, publish),
    vscode.commands.registerCommand(Commands.preview, preview),
    vscode.commands.registerCommand(Commands.openInOpenMetadata, (url: string) => vscode.env.openExternal(vscode.Uri.parse(url))),
  ];
}
