// The run's sandbox catalog, started by the runner (its URL arrives as MLMODEL_E2E_SANDBOX_URL), and
// connecting the extension to it the way a user does: by setting `mlmodel.server.url`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, workspaceUri } from './helpers';

/** Any model with a name gets the Publish lens once a catalog is configured: proof the server has the URL. */
const PROBE = 'eta_predictions.mlmodel.yaml';

export function sandboxUrl(): string {
  const url = process.env.MLMODEL_E2E_SANDBOX_URL;
  assert.ok(url, 'MLMODEL_E2E_SANDBOX_URL is not set: run the suite through test/e2e/run.mjs');
  return url;
}

/** GET from the sandbox's OpenMetadata API, as JSON. */
export async function sandboxGet<T>(path: string): Promise<T> {
  const res = await fetch(`${sandboxUrl()}${path}`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200, `GET ${path} answered ${res.status}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/**
 * A suite's setup: the sandbox back to its seed, then `mlmodel.server.url` set in the workspace
 * settings (the language server restarts on it), waiting until the restarted server shows lenses.
 */
export async function connectToSandbox(): Promise<void> {
  const res = await fetch(`${sandboxUrl()}/__sandbox/reset`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200, 'the sandbox did not reset');
  await setServerUrl(sandboxUrl());
  await eventually(async () => assert.ok((await lensTitles(workspaceUri(PROBE))).length > 0, 'no code lenses: the language server has no catalog'));
}

/**
 * A suite's teardown: the setting removed, waiting until the restarted server answers (an outline)
 * without a catalog (no lenses), so the next suite does not meet a server halfway through a restart.
 */
export async function disconnectFromSandbox(): Promise<void> {
  await setServerUrl(undefined);
  const probe = workspaceUri(PROBE);
  await eventually(async () => {
    assert.deepEqual(await lensTitles(probe), [], 'code lenses still shown: the catalog is still connected');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', probe);
    assert.ok(symbols?.length, 'no outline: the language server is not answering yet');
  });
}

async function setServerUrl(url: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('mlmodel').update('server.url', url, vscode.ConfigurationTarget.Workspace);
}

/** Titles of the code lenses VS Code shows in `uri`, resolved as the editor resolves them. */
export async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  return (await codeLenses(uri)).map((lens) => lens.command?.title ?? '');
}

export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await vscode.workspace.openTextDocument(uri);
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
}
