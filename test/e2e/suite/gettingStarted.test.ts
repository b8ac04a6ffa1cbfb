import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeProblem, eventually, rangeOf } from './helpers';
import type { PublishResult } from '../../../server/src/shared/protocol';
import { codeLenses, connectToSandbox, disconnectFromSandbox, sandboxGet } from './sandbox';

const SANDBOX = 'http://127.0.0.1:8585';

function problems(document: vscode.TextDocument): string {
  return vscode.languages.getDiagnostics(document.uri).map(describeProblem).join('\n') || 'none';
}

suite('Getting started (walkthrough commands)', () => {
  test('Open Example: one mistake against the catalog; its quick fix leaves the file clean; the unsaved file publishes', async () => {
    await connectToSandbox();
    try {
      const editor = await vscode.commands.executeCommand<vscode.TextEditor>('mlmodel.openExample');
      const { document } = editor;
      assert.equal(document.languageId, 'mlmodel-yaml');
      assert.ok(document.isUntitled, 'the example must open unsaved, so trying it writes nothing');
      const typo = rangeOf(document, 'dataType: categoricl', 'categoricl');

      const [mistake] = await eventually(() => {
        const found = vscode.languages.getDiagnostics(document.uri);
        // The catalog's checks (tables, columns, tags) have run once the service name resolves.
        assert.equal(found.length, 1, problems(document));
        return found;
      });
      assert.equal(codeOf(mistake), 'invalid-value', describeProblem(mistake));
      assert.ok(mistake.range.isEqual(typo), describeProblem(mistake));

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, typo, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Change to `categorical`');
      assert.ok(fix?.edit, `no quick fix; offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await eventually(() => assert.equal(problems(document), 'none'));

      // The walkthrough's next step: publish it from its lens, unsaved as it is.
      const lens = (await codeLenses(document.uri)).find((l) => l.command?.title === 'Publish to OpenMetadata');
      assert.ok(lens?.command, 'no Publish lens on the example');
      const published = await vscode.commands.executeCommand<PublishResult>(lens.command.command, ...(lens.command.arguments ?? []));
      assert.equal(published.message, 'Published mlflow_svc.delivery_time: created, version 0.1; lineage from 2 of 2 tables.');
      const model = await sandboxGet<{ algorithm: string; mlFeatures: Array<{ name: string; dataType: string }> }>('/api/v1/mlmodels/name/mlflow_svc.delivery_time');
      assert.deepEqual(
        model.mlFeatures.map((f) => [f.name, f.dataType]),
        [
          ['order_value', 'numerical'],
          ['membership', 'categorical'],
        ],
      );
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await disconnectFromSandbox();
    }
  });

  test('Start Sandbox Catalog: runs the bundled CLI in a terminal and points mlmodel.server.url at it', async function () {
    this.timeout(60_000);
    const before = await fetch(`${SANDBOX}/api/v1/system/version`).then(
      () => true,
      () => false,
    );
    assert.equal(before, false, `something already listens on ${SANDBOX}; this test needs the port free`);
    const config = () => vscode.workspace.getConfiguration('mlmodel');
    try {
      assert.equal(await vscode.commands.executeCommand<boolean>('mlmodel.startSandbox'), true);
      assert.equal(config().get('server.url'), SANDBOX);
      const terminal = vscode.window.terminals.find((t) => t.name === 'MLModel sandbox');
      assert.ok(terminal, 'no sandbox terminal');
      const version = (await (await fetch(`${SANDBOX}/api/v1/system/version`)).json()) as { version: string };
      assert.match(version.version, /^\d+\.\d+\.\d+/);
      // Run again: the running sandbox is reused, not started twice.
      assert.equal(await vscode.commands.executeCommand<boolean>('mlmodel.startSandbox'), true);
      assert.equal(vscode.window.terminals.filter((t) => t.name === 'MLModel sandbox').length, 1);
    } finally {
      for (const t of vscode.window.terminals.filter((t) => t.name === 'MLModel sandbox')) t.dispose();
      await config().update('server.url', undefined, vscode.ConfigurationTarget.Global);
      await config().update('server.url', undefined, vscode.ConfigurationTarget.Workspace);
      await disconnectFromSandbox();
    }
    // Closing the terminal stops the sandbox.
    await eventually(async () => assert.equal(await fetch(`${SANDBOX}/api/v1/system/version`).then(() => true, () => false), false, 'the sandbox still answers'), 15_000);
  });
});
