// The connection's status bar item through each state, with a sandbox of this suite's own (no
// token) started and stopped: signed out without a server, connecting (its version call held back
// by a fault), connected as admin, unreachable once it is stopped (Reconnect says so, with its
// actions), connected again once it is back on the same port, and an address that is not
// OpenMetadata. Then the sign-in picker offering the local sandbox on 127.0.0.1:8585 only while it
// answers, and the status bar's menu.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { afterRestart, eventually, workspaceUri } from './helpers';
import { disconnectFromSandbox, setServerUrl, startSandboxProcess, type SandboxProcess } from './sandbox';
import { connectionState, hostOf, runCommand, serverPicker, statusBarShows, withStubbedWindow } from './connectionUi';

/** The release the sandbox plays, as its version endpoint says (the status bar shows that). */
async function serverVersion(url: string): Promise<string> {
  return ((await (await fetch(`${url}/api/v1/system/version`)).json()) as { version: string }).version;
}

const LOCAL_SANDBOX = 'http://127.0.0.1:8585';
// A model with a mistake, so a restart of the language server is seen clearing its problems.
const FILE = 'connection.mlmodel.yaml';
const MODEL = 'name: churn_connection\nalgorithm: XGBoost\nservce: mlflow_svc\n';

async function addFault(base: string, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${base}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule), signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 201, `the fault was not added: ${await res.text()}`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

suite('Connection (the status bar item, the sign-in picker)', () => {
  let sandbox: SandboxProcess | undefined;
  let uri: vscode.Uri;

  suiteSetup(async () => {
    uri = workspaceUri(FILE);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(MODEL));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await eventually(() => assert.ok(vscode.languages.getDiagnostics(uri).length > 0, 'the mistake is not reported'));
  });

  suiteTeardown(async () => {
    await disconnectFromSandbox();
    await sandbox?.stop();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  test('signed out → connecting → connected → unreachable (sandbox stopped) → connected (sandbox back); an address that is not OpenMetadata', async function () {
    this.timeout(120_000);
    const signedOut = await statusBarShows('$(plug) OpenMetadata: signed out');
    assert.equal(signedOut.command, 'mlmodel.signIn', 'a click signs in');
    assert.match(signedOut.tooltip, /No OpenMetadata server is set/);

    sandbox = await startSandboxProcess();
    const { url } = sandbox;
    const host = hostOf(url);
    // The connection waits on the version call: the status bar shows it connecting meanwhile.
    await addFault(url, { path: '/api/v1/system/version', latencyMs: 3000, times: 1 });
    await afterRestart(uri, () => setServerUrl(url));
    const connecting = await statusBarShows(`$(sync~spin) OpenMetadata: connecting to ${host}…`);
    assert.equal(connecting.command, 'mlmodel.connectionMenu');
    const connected = await statusBarShows(`$(database) OpenMetadata: admin @ ${host}`);
    const played = await serverVersion(url);
    assert.equal(connected.tooltip.split('\n').slice(0, 3).join('\n'), `Server: ${url}\nOpenMetadata ${played}\nAs admin, without a token (the server asks for none)`);

    // Stopped, it cannot be reached: Reconnect says so, with what to do.
    await sandbox.stop();
    const failed = await withStubbedWindow({}, () => afterRestart(uri, () => runCommand('mlmodel.reconnect')));
    assert.equal(failed.errors.length, 1, JSON.stringify(failed));
    assert.match(failed.errors[0].message, new RegExp(`^Connecting to ${host.replace(/[.]/g, '\\.')} failed: Cannot reach OpenMetadata at ${url.replace(/[.]/g, '\\.')} \\(ECONNREFUSED\\)`));
    assert.deepEqual(failed.errors[0].actions, ['Retry', 'Open Settings', 'Show Output']);
    const unreachable = await statusBarShows(`$(debug-disconnect) OpenMetadata: ${host} unreachable`);
    assert.equal(unreachable.status.reason, 'unreachable');
    assert.equal(unreachable.command, 'mlmodel.connectionMenu');

    // Back on the same port: Reconnect connects again and says so.
    sandbox = await startSandboxProcess({ port: Number(new URL(url).port) });
    const retried = await withStubbedWindow({}, () => afterRestart(uri, () => runCommand('mlmodel.reconnect')));
    assert.deepEqual(retried.errors, []);
    assert.deepEqual(retried.info, [`Connected to ${host} as admin, without a token.`]);
    await statusBarShows(`$(database) OpenMetadata: admin @ ${host}`);

    // A URL that answers, but not as OpenMetadata (the sandbox under another path: 404 for the version).
    await afterRestart(uri, () => setServerUrl(`${url}/not-openmetadata`));
    const wrong = await statusBarShows(`$(warning) OpenMetadata: ${host} is not OpenMetadata`);
    assert.match(wrong.tooltip, /has no OpenMetadata API/);
  });

  test("the status bar's menu when connected: retry, change server, sign in, show output", async () => {
    assert.ok(sandbox, 'the first test started the sandbox');
    await afterRestart(uri, () => setServerUrl(sandbox!.url));
    const bar = await statusBarShows(`$(database) OpenMetadata: admin @ ${hostOf(sandbox.url)}`);
    const shown = await withStubbedWindow({}, () => runCommand(bar.command!));
    assert.deepEqual(shown.menus, [['$(refresh) Retry', '$(arrow-swap) Change Server…', '$(key) Sign In…', '$(output) Show Output']]);
    // Retry from the menu reconnects and confirms.
    const retried = await withStubbedWindow({ menuChoice: 'Retry' }, () => afterRestart(uri, () => runCommand(bar.command!)));
    assert.deepEqual(retried.info, [`Connected to ${hostOf(sandbox.url)} as admin, without a token.`]);
  });

  test('the sign-in picker offers the local sandbox on 127.0.0.1:8585 while it answers, with its version', async function () {
    this.timeout(60_000);
    await afterRestart(uri, () => setServerUrl(undefined));
    const offered = async () => {
      let items: string[] = [];
      await withStubbedWindow({}, async (shown) => {
        const done = runCommand('mlmodel.signIn');
        const picker = await serverPicker(shown);
        items = picker.items.map((i) => `${i.label} (${i.description})`);
        picker.hide();
        await done;
      });
      return items;
    };
    assert.ok(await portFree(8585), 'something listens on 127.0.0.1:8585: this test (and Start Sandbox Catalog) needs it free');
    assert.ok(!(await offered()).some((i) => i.startsWith(LOCAL_SANDBOX)), 'the sandbox is offered though nothing answers');
    const local = await startSandboxProcess({ port: 8585 });
    try {
      assert.ok((await offered()).includes(`${LOCAL_SANDBOX} (local sandbox, OpenMetadata ${await serverVersion(local.url)})`));
    } finally {
      await local.stop();
    }
    await eventually(async () => assert.ok(await portFree(8585), 'the sandbox on 8585 did not stop'));
    assert.equal((await connectionState()).text, '$(plug) OpenMetadata: signed out');
  });
});
