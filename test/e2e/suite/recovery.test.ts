// The language server going away under unsaved edits: killed (SIGKILL, the client must start a new
// one by itself) and restarted by *MLModel: Restart Language Server*. Either way the edits stay in
// the editor, their problems come back from the new server, and typing is validated again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, afterRestart, codeOf, describeProblem, eventually, open, rangeOf, showRange, workspaceUri } from './helpers';

const FILE = 'recovery.mlmodel.yaml';

/** Pids of this extension host's language servers: its children running the extension's dist/server.js. */
function serverPids(): number[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const script = path.join(extension.extensionPath, 'dist', 'server.js');
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== process.pid || state === 'Z') continue;
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(script)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The one language server running now, once there is exactly one and it is not `previous`. */
async function newServer(previous?: number): Promise<number> {
  return eventually(() => {
    const pids = serverPids();
    assert.equal(pids.length, 1, `language servers of this host: ${pids.join(', ') || 'none'}`);
    assert.notEqual(pids[0], previous, 'the language server is still the old one');
    return pids[0];
  });
}

/** The problems of `document` are exactly `expected` (code and range), in any order. */
async function problemsAre(document: vscode.TextDocument, expected: Array<{ code: string; range: vscode.Range }>): Promise<void> {
  await eventually(() => {
    const actual = vscode.languages.getDiagnostics(document.uri);
    const listing = actual.map(describeProblem).join('\n') || 'no problems';
    for (const e of expected) {
      assert.ok(
        actual.some((d) => codeOf(d) === e.code && d.range.isEqual(e.range)),
        `expected ${e.code} at ${showRange(e.range)}; got:\n${listing}`,
      );
    }
    assert.equal(actual.length, expected.length, listing);
  });
}

suite('Language server crash and restart', () => {
  let editor: vscode.TextEditor;

  suiteSetup(async () => {
    // A browser workbench saves a second after each edit by default; these edits must stay unsaved.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    const uri = workspaceUri(FILE);
    await vscode.workspace.fs.writeFile(uri, await vscode.workspace.fs.readFile(workspaceUri('eta_predictions.mlmodel.yaml')));
    editor = await open(uri);
    await problemsAre(editor.document, []);
  });

  suiteTeardown(async () => {
    if (editor) {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('killed (SIGKILL), the server is started again by the client: the unsaved edit and its problem are back, typing is validated', async () => {
    const { document } = editor;
    const algorithmLine = document.lineAt(rangeOf(document, 'algorithm: ').start.line);
    assert.ok(await editor.edit((b) => b.insert(algorithmLine.range.end, '\nsorceUrl: https://mlflow.example.com/models/1')));
    const typo = { code: 'unknown-field', range: rangeOf(document, 'sorceUrl:', 'sorceUrl') };
    await problemsAre(document, [typo]);
    const unsaved = document.getText();

    const killed = await newServer();
    await afterRestart(document.uri, async () => process.kill(killed, 'SIGKILL'));
    await newServer(killed);

    assert.equal(document.isDirty, true, 'the document is no longer dirty');
    assert.equal(document.getText(), unsaved, 'the unsaved text changed');
    await problemsAre(document, [typo]);

    assert.ok(await editor.edit((b) => b.replace(rangeOf(document, 'dataType: numerical', 'numerical'), 'numeric')));
    await problemsAre(document, [typo, { code: 'invalid-value', range: rangeOf(document, 'dataType: numeric', 'numeric') }]);
  });

  test('MLModel: Restart Language Server keeps the unsaved edits; their problems come back, typing is validated', async () => {
    const { document } = editor;
    const unsaved = document.getText();
    assert.ok(unsaved.includes('sorceUrl:') && unsaved.includes('dataType: numeric\n'), 'the previous test left no unsaved edits');
    const numeric = { code: 'invalid-value', range: rangeOf(document, 'dataType: numeric', 'numeric') };

    const before = await newServer();
    await afterRestart(document.uri, () => vscode.commands.executeCommand('mlmodel.restartServer'));
    await newServer(before);

    assert.equal(document.isDirty, true, 'the document is no longer dirty');
    assert.equal(document.getText(), unsaved, 'the unsaved text changed');
    await problemsAre(document, [{ code: 'unknown-field', range: rangeOf(document, 'sorceUrl:', 'sorceUrl') }, numeric]);

    const typoLine = document.lineAt(rangeOf(document, 'sorceUrl:').start.line);
    assert.ok(await editor.edit((b) => b.delete(typoLine.rangeIncludingLineBreak)));
    await problemsAre(document, [{ code: 'invalid-value', range: rangeOf(document, 'dataType: numeric', 'numeric') }]);
  });
});
