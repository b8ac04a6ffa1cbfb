import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LANGUAGE_ID, acceptSuggestion, completionLabels, delay, eventually, openWithCaret } from './helpers';
import { connectToSandbox, disconnectFromSandbox } from './sandbox';

/** Types `text` as the keyboard does (the `type` command): what opens quick suggestions. */
async function type(text: string): Promise<void> {
  await vscode.commands.executeCommand('type', { text });
}

/**
 * Accepts the selected item of a suggest widget that opened by itself (no Ctrl+Space here): fails
 * when none opened. Returns the document's text afterwards.
 */
async function acceptShown(editor: vscode.TextEditor, what: string): Promise<string> {
  const before = editor.document.getText();
  await eventually(
    async () => {
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      assert.notEqual(editor.document.getText(), before, `no suggestion opened by itself (${what})`);
    },
    5_000,
    150,
  );
  return editor.document.getText();
}

/** Moves to the snippet's next tab stop, as Tab does. */
async function nextStop(): Promise<void> {
  await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
  await delay(100);
}

suite('Completion', () => {
  test('offers the top-level keys of a model', async () => {
    const { editor, caret } = await openWithCaret('complete-keys.mlmodel.yaml', 'name: churn\n|\n');

    const labels = await eventually(async () => {
      const offered = await completionLabels(editor.document.uri, caret);
      for (const key of ['algorithm', 'service', 'mlFeatures', 'mlHyperParameters', 'owners', 'tags']) {
        assert.ok(offered.includes(key), `key ${key} not offered; got ${offered.join(', ')}`);
      }
      return offered;
    });
    assert.ok(!labels.includes('name'), 'a key already in the file was offered again');
    assert.ok(!labels.includes('numerical'), 'an enum value was offered as a key');
  });

  test('offers the enum values of a feature dataType', async () => {
    const text = ['name: churn', 'algorithm: XGBoost', 'mlFeatures:', '  - name: sales', '    dataType: |', ''].join('\n');
    const { editor, caret } = await openWithCaret('complete-enum.mlmodel.yaml', text);

    await eventually(async () => {
      const offered = await completionLabels(editor.document.uri, caret);
      assert.deepEqual(offered.filter((l) => l === 'numerical' || l === 'categorical').sort(), ['categorical', 'numerical'], `got ${offered.join(', ')}`);
      assert.ok(!offered.includes('algorithm'), `a key was offered as a value; got ${offered.join(', ')}`);
    });
  });

  test('the language’s editor defaults: suggestions in values as you type, 2 spaces, no word-based suggestions', () => {
    const config = vscode.workspace.getConfiguration('editor', { languageId: LANGUAGE_ID });
    // Values are string scopes in the grammar: without `strings`, typing one suggests nothing.
    assert.deepEqual(config.get('quickSuggestions'), { other: 'on', comments: 'off', strings: 'on' });
    assert.equal(config.get('tabSize'), 2);
    assert.equal(config.get('insertSpaces'), true);
    assert.equal(config.get('wordBasedSuggestions'), 'off');
  });

  test('typing a value opens its suggestions without Ctrl+Space', async () => {
    const text = ['name: churn', 'algorithm: XGBoost', 'mlFeatures:', '  - name: sales', '    dataType: |', ''].join('\n');
    const { editor, caret } = await openWithCaret('type-value.mlmodel.yaml', text);
    await eventually(async () => assert.ok((await completionLabels(editor.document.uri, caret)).includes('categorical'), 'the server is not answering yet'));

    await type('ca');
    await acceptShown(editor, 'typing `ca` after `dataType: `');
    assert.equal(editor.document.lineAt(caret.line).text, '    dataType: categorical');
  });

  test('a key completed as `key: ` opens its value’s suggestions by itself', async () => {
    const { editor, caret } = await openWithCaret('key-then-value.mlmodel.yaml', 'name: churn\nalgorithm: XGBoost\nmlSt|\n');
    await acceptSuggestion(editor, 'mlStore');
    assert.equal(editor.document.lineAt(caret.line).text, 'mlStore:');
    // The mapping's keys are offered on the next line without asking.
    await acceptShown(editor, 'after `mlStore:` was inserted');
    assert.match(editor.document.lineAt(caret.line + 1).text, /^ {2}(imageRepository|storage): $/);
  });

  suite('with the sandbox catalog', () => {
    suiteSetup(connectToSandbox);
    suiteTeardown(disconnectFromSandbox);

    test('a feature from its snippet: the table is asked for before the column, each list opening as you type', async () => {
      const { editor } = await openWithCaret('snippet-order.mlmodel.yaml', 'name: churn\nalgorithm: XGBoost\nservice: mlflow_svc\nmlFeatures:\n  - |\n');
      await acceptSuggestion(editor, 'feature');
      const problems = () => vscode.languages.getDiagnostics(editor.document.uri);

      await type('sales');
      await nextStop(); // dataType: its choice
      await nextStop(); // the table
      assert.match(editor.document.lineAt(editor.selection.active.line).text, /^ {6}- dataSource: $/, 'the second stop after the name is the table');
      await type('fact_s');
      await acceptShown(editor, 'typing a table name');
      await nextStop(); // the column, completed from the table just chosen
      assert.match(editor.document.lineAt(editor.selection.active.line).text, /^ {8}name: $/, 'the column comes after the table');
      await type('gross');
      await acceptShown(editor, 'typing a column name');

      assert.equal(
        editor.document.getText(),
        [
          'name: churn',
          'algorithm: XGBoost',
          'service: mlflow_svc',
          'mlFeatures:',
          '  - name: sales',
          '    dataType: numerical',
          '    featureSources:',
          '      - dataSource: sample_data.ecommerce_db.shopify.fact_sale',
          '        dataType: number',
          '        name: gross_sales',
          '',
        ].join('\n'),
      );
      await eventually(() => assert.deepEqual(problems().map((d) => d.message), []));
    });

    test('a dashboard is found by a part of its name and written as its FQN', async () => {
      const { editor, caret } = await openWithCaret('dashboard-name.mlmodel.yaml', 'name: churn\nalgorithm: XGBoost\ndashboard: |\n');
      await eventually(async () => assert.ok((await completionLabels(editor.document.uri, caret)).includes('eta_predictions_performance'), 'the dashboards are not listed yet'));
      await type('eta');
      await acceptShown(editor, 'typing `eta` in `dashboard`');
      assert.equal(editor.document.lineAt(caret.line).text, 'dashboard: sample_superset.eta_predictions_performance');
    });
  });
});
