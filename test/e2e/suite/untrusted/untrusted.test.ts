// An untrusted workspace (its own launch: workspace trust on, the folder not trusted). Its
// .vscode/settings.json points `mlmodel.server.url` at one sandbox, the user settings at another,
// both started for this launch only. Validation, completion and hover work; nothing reaches either
// sandbox; publishing, previewing and signing in are refused with a warning.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, completionLabels, delay, describeProblem, eventually, hoverText, open, rangeOf, showRange, workspaceUri } from '../helpers';
import { describeRequests, LINEAGE_LENS, lensTitles, loggedRequests } from '../sandbox';
import { connectionState } from '../connectionUi';

const FILE = 'untrusted.mlmodel.yaml';
// A feature on dim_customer.email: with a catalog it would get a sensitive-data warning.
const MODEL = [
  'name: churn_untrusted',
  'algorithm: XGBoost',
  'service: mlflow_svc',
  'sorceUrl: https://mlflow.example.com/models/1',
  'mlFeatures:',
  '  - name: contact',
  '    dataType: categorical',
  '    featureSources:',
  '      - name: email',
  '        dataType: string',
  '        dataSource: sample_data.ecommerce_db.shopify.dim_customer',
  '',
].join('\n');

function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run the suite through test/e2e/run.mjs`);
  return value;
}

/** Both sandboxes have received nothing since they started. */
async function nothingSent(): Promise<void> {
  for (const base of [env('MLMODEL_E2E_WORKSPACE_SANDBOX_URL'), env('MLMODEL_E2E_USER_SANDBOX_URL')]) {
    const requests = await loggedRequests(base);
    assert.deepEqual(requests, [], `requests reached ${base}:\n${describeRequests(requests)}`);
  }
}

/** Runs `command`, recording the warnings and input boxes it shows (answering none). */
async function recordingPrompts(command: string, ...args: unknown[]): Promise<{ result: unknown; warnings: string[]; inputBoxes: number }> {
  const window = vscode.window as { showWarningMessage: typeof vscode.window.showWarningMessage; showInputBox: typeof vscode.window.showInputBox };
  const original = { showWarningMessage: window.showWarningMessage, showInputBox: window.showInputBox };
  const warnings: string[] = [];
  let inputBoxes = 0;
  window.showWarningMessage = (async (message: string) => {
    warnings.push(message);
    return undefined;
  }) as typeof vscode.window.showWarningMessage;
  window.showInputBox = async () => {
    inputBoxes += 1;
    return undefined;
  };
  try {
    const result = await vscode.commands.executeCommand(command, ...args);
    return { result, warnings, inputBoxes };
  } finally {
    Object.assign(window, original);
  }
}

suite('Untrusted workspace', () => {
  let uri: vscode.Uri;

  suiteSetup(async () => {
    uri = workspaceUri(FILE);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(MODEL));
  });

  test('the folder is not trusted, and both its settings and the user settings name a server', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace is trusted: the launch did not turn workspace trust on');
    const settingsFile = path.join(workspaceUri().fsPath, '.vscode', 'settings.json');
    assert.equal(JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['mlmodel.server.url'], env('MLMODEL_E2E_WORKSPACE_SANDBOX_URL'));
    const inspected = vscode.workspace.getConfiguration('mlmodel').inspect<string>('server.url');
    assert.equal(inspected?.globalValue, env('MLMODEL_E2E_USER_SANDBOX_URL'), `the user settings do not name the other sandbox: ${JSON.stringify(inspected)}`);
    await nothingSent();
  });

  test('validation, completion and hover work', async () => {
    const { document } = await open(uri);
    const typo = rangeOf(document, 'sorceUrl:', 'sorceUrl');
    await eventually(() => {
      const actual = vscode.languages.getDiagnostics(uri);
      assert.equal(actual.length, 1, actual.map(describeProblem).join('\n') || 'no problems');
      assert.equal(codeOf(actual[0]), 'unknown-field', describeProblem(actual[0]));
      assert.ok(actual[0].range.isEqual(typo), `${describeProblem(actual[0])}, expected at ${showRange(typo)}`);
    });
    const labels = await completionLabels(uri, new vscode.Position(document.lineCount - 1, 0));
    assert.ok(labels.includes('description') && labels.includes('mlHyperParameters'), `keys offered: ${labels.join(', ')}`);
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, rangeOf(document, 'algorithm:').start));
    assert.match(hover, /algorithm/i, `hover: ${hover}`);
  });

  test('nothing is sent to either server: no catalog problems, no catalog lenses, no request', async () => {
    await eventually(() => assert.ok(vscode.languages.getDiagnostics(uri).length > 0, 'not validated yet'));
    // Well after the language server started (it connects at once when it has a URL).
    await delay(1500);
    const codes = vscode.languages.getDiagnostics(uri).map(codeOf);
    assert.ok(!codes.includes('sensitive-data') && !codes.includes('catalog-unavailable'), `catalog problems: ${codes.join(', ')}`);
    assert.deepEqual(await lensTitles(uri), [LINEAGE_LENS], 'only the lens that needs no catalog');
    await nothingSent();
  });

  test('Publish, Preview changes and Sign In are refused with a warning and send nothing', async () => {
    for (const command of ['mlmodel.publish', 'mlmodel.preview']) {
      const shown = await recordingPrompts(command, uri);
      assert.equal(shown.result, undefined, `${command} returned a result`);
      assert.deepEqual(shown.warnings, ['MLModel: publishing is off in an untrusted workspace. Trust the workspace to publish.'], command);
    }
    const signIn = await recordingPrompts('mlmodel.signIn');
    assert.equal(signIn.inputBoxes, 0, 'Sign In asked for a URL or token');
    assert.deepEqual(signIn.warnings, ['MLModel: trust this workspace to connect to an OpenMetadata server.']);
    // The status bar says why there is no catalog; its click is the same refused Sign In.
    const bar = await connectionState();
    assert.equal(bar.text, '$(workspace-untrusted) OpenMetadata: off');
    assert.match(bar.tooltip, /Untrusted workspace: nothing is sent/);
    assert.equal(bar.command, 'mlmodel.signIn');
    await delay(500);
    await nothingSent();
  });
});
