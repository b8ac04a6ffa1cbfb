// The run's sandbox catalog, started by the runner (its URL arrives as MLMODEL_E2E_SANDBOX_URL), and
// connecting the extension to it the way a user does: by setting `mlmodel.server.url`.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, delay, eventually, workspaceUri } from './helpers';

/** Any model with a name gets the Publish lens once a catalog is configured: proof the server has the URL. */
const PROBE = 'eta_predictions.mlmodel.yaml';
/** The one lens shown without a catalog (the lineage view draws what the file names). */
export const LINEAGE_LENS = 'Show lineage';

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
  await eventually(async () => assert.ok((await lensTitles(workspaceUri(PROBE))).includes('Publish to OpenMetadata'), 'no Publish lens: the language server has no catalog'));
}

/**
 * A suite's teardown: the setting removed, waiting until the restarted server answers (an outline)
 * without a catalog (no lenses), so the next suite does not meet a server halfway through a restart.
 */
export async function disconnectFromSandbox(): Promise<void> {
  await setServerUrl(undefined);
  const probe = workspaceUri(PROBE);
  await eventually(async () => {
    assert.deepEqual(await lensTitles(probe), [LINEAGE_LENS], 'catalog lenses still shown: the catalog is still connected');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', probe);
    assert.ok(symbols?.length, 'no outline: the language server is not answering yet');
  });
}

export async function setServerUrl(url: string | undefined): Promise<void> {
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

/** One request as a sandbox logged it: whether it carried a token, and whether it was the right one (never the token). */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** `none`: no Authorization header; `valid`/`invalid`: compared with the sandbox's token; `ignored`: a header came to a sandbox without a token. */
  auth: 'none' | 'valid' | 'invalid' | 'ignored';
}

/** The token of each sandbox started with one (startSandboxProcess): its /__sandbox/* admin endpoints want it too. */
const adminTokens = new Map<string, string>();

function adminHeaders(base: string): Record<string, string> {
  const token = adminTokens.get(base);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** What reached the sandbox at `base` since its last reset (its admin endpoint, which is not logged itself). */
export async function loggedRequests(base = sandboxUrl()): Promise<LoggedRequest[]> {
  const res = await fetch(`${base}/__sandbox/requests`, { headers: adminHeaders(base), signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200, `GET ${base}/__sandbox/requests answered ${res.status}`);
  return ((await res.json()) as { requests: LoggedRequest[] }).requests;
}

export async function clearLoggedRequests(base = sandboxUrl()): Promise<void> {
  const res = await fetch(`${base}/__sandbox/requests`, { method: 'DELETE', headers: adminHeaders(base), signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200, `DELETE ${base}/__sandbox/requests answered ${res.status}`);
}

export function describeRequests(requests: LoggedRequest[]): string {
  return requests.map((r) => `${r.method} ${r.path} → ${r.status} (auth: ${r.auth})`).join('\n') || 'no requests';
}

export interface SandboxProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts another sandbox (`mlmodel sandbox`, a free port or `port`, on 127.0.0.1 or `host`, the sample seed) as a child of the extension
 * host, so it lives in the run's process group and carries its run id. With `token`, every API call
 * must carry it; it reaches the sandbox through its environment (--token-env), never an argument.
 */
export async function startSandboxProcess({ token, port = 0, host }: { token?: string; port?: number; host?: string } = {}): Promise<SandboxProcess> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const cli = path.join(extension.extensionPath, 'dist', 'cli.js');
  const args = [cli, 'sandbox', '--port', String(port), ...(host ? ['--host', host] : []), ...(token ? ['--token-env', 'MLMODEL_E2E_SANDBOX_TOKEN'] : [])];
  // The extension host's executable is Node (code-server) or Electron (desktop), which then runs as Node.
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', MLMODEL_E2E_SANDBOX_TOKEN: token };
  if (!token) delete env.MLMODEL_E2E_SANDBOX_TOKEN;
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start in 20 s: ${output}`)), 20_000);
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /OpenMetadata sandbox catalog at (http:\/\/\S+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited (${code}) before it was ready: ${output}`));
    });
  });
  if (token) adminTokens.set(url, token);
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, delay(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
