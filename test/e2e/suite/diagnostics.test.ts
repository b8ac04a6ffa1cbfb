import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeProblem, eventually, open, openWithCaret, rangeOf, showRange, workspaceUri } from './helpers';
import { connectToSandbox, disconnectFromSandbox } from './sandbox';

/** One expected problem: where it is (anchor text, and the part of it underlined), its code and what the message must say. */
interface Expected {
  anchor: string;
  target?: string;
  occurrence?: number;
  code: string;
  message: RegExp;
}

// examples/mistakes.mlmodel.yaml has one deliberate mistake per line; each is reported on the
// range the product brief names: the value for a bad value, the key for an unknown key.
const MISTAKES: Expected[] = [
  { anchor: 'name: churn::model', target: 'churn::model', code: 'invalid-value', message: /`name` must not contain `::`/ },
  { anchor: '"Churn model     # the quote is never closed', code: 'yaml-syntax', message: /Missing closing "/ },
  { anchor: 'algorithm:', target: 'algorithm', code: 'wrong-type', message: /`algorithm` has no value/ },
  { anchor: 'servce:', target: 'servce', code: 'unknown-field', message: /Unknown field `servce`.*Did you mean `service`\?/ },
  { anchor: 'server: not a url', target: 'not a url', code: 'invalid-value', message: /`server` must be a URL/ },
  { anchor: 'imageRepo:', target: 'imageRepo', code: 'unknown-field', message: /Did you mean `imageRepository`\?.*Allowed fields: storage, imageRepository/ },
  { anchor: 'name: learning_rate', target: 'learning_rate', occurrence: 2, code: 'duplicate-name', message: /Duplicate hyperparameter name `learning_rate`/ },
  { anchor: 'dataType: numeric ', target: 'numeric', code: 'invalid-value', message: /must be one of: numerical, categorical \(found `numeric`\)/ },
  { anchor: 'dataType: datetime', target: 'datetime', code: 'invalid-value', message: /must be one of: integer, number, string, array, date, timestamp, object, boolean \(found `datetime`\)/ },
  { anchor: '- nmae:', target: 'nmae', code: 'unknown-field', message: /Unknown field `nmae`.*Did you mean `name`\?/ },
  { anchor: 'name: tenure', target: 'tenure', occurrence: 2, code: 'duplicate-name', message: /Duplicate feature name `tenure`/ },
  { anchor: '- usr:', target: 'usr', code: 'unknown-field', message: /Unknown field `usr`.*Did you mean `user`\?/ },
  { anchor: '- Tier ', target: 'Tier', code: 'invalid-value', message: /must be a tag FQN, `Classification.Tag`/ },
];

suite('Diagnostics', () => {
  test('the mistakes example shows each mistake as an error on its exact range', async () => {
    const { document } = await open(workspaceUri('mistakes.mlmodel.yaml'));
    const expected = MISTAKES.map((e) => ({ ...e, range: rangeOf(document, e.anchor, e.target, e.occurrence) }));

    await eventually(() => {
      const actual = vscode.languages.getDiagnostics(document.uri);
      const listing = actual.map(describeProblem).join('\n');
      for (const e of expected) {
        const found = actual.filter((d) => d.range.isEqual(e.range));
        assert.equal(found.length, 1, `expected one problem at ${showRange(e.range)} (${e.anchor}); got:\n${listing}`);
        const [d] = found;
        assert.equal(d.severity, vscode.DiagnosticSeverity.Error, describeProblem(d));
        assert.equal(codeOf(d), e.code, describeProblem(d));
        assert.match(d.message, e.message, describeProblem(d));
      }
      assert.equal(actual.length, expected.length, `unexpected extra problems:\n${listing}`);
    });
  });

  for (const example of ['eta_predictions.mlmodel.yaml', 'forecast_sales.mlmodel.yaml']) {
    test(`${example} is clean; a mistake typed into it is reported, and cleared when undone`, async () => {
      const editor = await open(workspaceUri(example));
      const { document } = editor;
      const algorithmLine = document.lineAt(rangeOf(document, 'algorithm: ').start.line);

      assert.ok(await editor.edit((b) => b.insert(algorithmLine.range.end, '\nsorceUrl: https://mlflow.example.com/models/1')));
      const typo = rangeOf(document, 'sorceUrl:', 'sorceUrl');
      await eventually(() => {
        const actual = vscode.languages.getDiagnostics(document.uri);
        assert.equal(actual.length, 1, actual.map(describeProblem).join('\n'));
        assert.ok(actual[0].range.isEqual(typo), describeProblem(actual[0]));
        assert.equal(codeOf(actual[0]), 'unknown-field', describeProblem(actual[0]));
        assert.match(actual[0].message, /Unknown field `sorceUrl`.*Did you mean `sourceUrl`\?/);
      });

      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText().includes('sorceUrl'), false, 'undo did not remove the typed line');
      assert.equal(document.isDirty, false);
      // Empty after the typo was reported: the server has validated this text, and found it clean.
      await eventually(() => assert.deepEqual(vscode.languages.getDiagnostics(document.uri).map(describeProblem), []));
    });
  }
});

suite('Diagnostics: acknowledging sensitive data (sandbox)', () => {
  suiteSetup(connectToSandbox);
  suiteTeardown(disconnectFromSandbox);

  test('the quick fix on a sensitive-data warning inserts a # mlmodel-ignore comment, the reason selected; with one typed the warning goes', async () => {
    const text = ['name: churn', 'algorithm: XGBoost', 'service: mlflow_svc', 'mlFeatures:', '  - name: contact', '    dataType: categorical', '    featureSources:', '      - name: em|ail', '        dataType: string', '        dataSource: sample_data.ecommerce_db.shopify.dim_customer', ''].join('\n');
    const { editor } = await openWithCaret('acknowledge.mlmodel.yaml', text);
    const { document } = editor;
    const listing = () => vscode.languages.getDiagnostics(document.uri).map(describeProblem).join('\n') || 'none';
    await eventually(() => assert.deepEqual(vscode.languages.getDiagnostics(document.uri).map(codeOf), ['sensitive-data'], listing()));

    // As the light bulb does at the caret: its one quick fix, applied (snippet edit included).
    await vscode.commands.executeCommand('editor.action.codeAction', { kind: vscode.CodeActionKind.QuickFix.value, apply: 'ifSingle' });
    await eventually(() => assert.equal(document.lineAt(7).text, '      # mlmodel-ignore sensitive-data: reason'));
    // `reason` is selected: typing replaces it.
    assert.equal(editor.document.getText(editor.selection), 'reason');
    await vscode.commands.executeCommand('type', { text: 'consented marketing use' });
    assert.equal(document.lineAt(7).text, '      # mlmodel-ignore sensitive-data: consented marketing use');
    assert.equal(document.lineAt(8).text, '      - name: email');
    await eventually(() => assert.equal(listing(), 'none'));
  });
});
