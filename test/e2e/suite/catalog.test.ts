import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { acceptSuggestion, codeOf, completionLabels, describeProblem, eventually, hoverText, openWithCaret, rangeOf } from './helpers';
import { connectToSandbox, disconnectFromSandbox, sandboxGet, sandboxUrl } from './sandbox';

/** A model with one feature built on one source; `source` is that source's lines, 6 spaces in. */
function model(source: string[], feature = 'sales'): string {
  return ['name: churn', 'algorithm: XGBoost', 'service: mlflow_svc', 'mlFeatures:', `  - name: ${feature}`, '    dataType: numerical', '    featureSources:', ...source, ''].join('\n');
}

const FACT_SALE = 'sample_data.ecommerce_db.shopify.fact_sale';

function problems(document: vscode.TextDocument): string {
  return vscode.languages.getDiagnostics(document.uri).map(describeProblem).join('\n') || 'none';
}

suite('Catalog (sandbox)', () => {
  suiteSetup(connectToSandbox);
  suiteTeardown(disconnectFromSandbox);

  test('dataSource completion searches the catalog; picking a table writes its FQN', async () => {
    const text = model(['      - name: gross_sales', '        dataSource: fa|']);
    const { editor, caret } = await openWithCaret('complete-table.mlmodel.yaml', text);

    await eventually(async () => {
      // Tables are listed by name; the FQN is what is written.
      const offered = await completionLabels(editor.document.uri, caret);
      for (const table of ['fact_line_item', 'fact_order', 'fact_sale', 'fact_session']) {
        assert.ok(offered.includes(table), `table ${table} not offered; got ${offered.join(', ')}`);
      }
    });

    await editor.edit((b) => b.insert(caret, 'ct_sal'));
    editor.selection = new vscode.Selection(caret.translate(0, 6), caret.translate(0, 6));
    await acceptSuggestion(editor, 'fact_sale');
    assert.equal(editor.document.lineAt(caret.line).text, `        dataSource: ${FACT_SALE}`);
  });

  test("a source name completes from its table's columns; picking one sets dataType from the column type", async () => {
    const text = model(['      - name: gross_sal|', `        dataSource: ${FACT_SALE}`]);
    const { editor, caret } = await openWithCaret('complete-column.mlmodel.yaml', text);

    const offered = await eventually(async () => {
      const labels = await completionLabels(editor.document.uri, caret);
      assert.ok(labels.includes('net_sales') && labels.includes('happened_at'), `fact_sale's columns not offered; got ${labels.join(', ')}`);
      return labels;
    });
    assert.ok(!offered.includes('email'), 'a column of another table was offered');

    await acceptSuggestion(editor, 'gross_sales');
    assert.equal(editor.document.getText(), model(['      - name: gross_sales', '        dataType: number', `        dataSource: ${FACT_SALE}`]));
    await eventually(() => assert.equal(problems(editor.document), 'none'));
  });

  test('hovering a table FQN shows what the catalog says about the table, with a link to it', async () => {
    const { editor, caret } = await openWithCaret('hover-table.mlmodel.yaml', model(['      - name: gross_sales', '        dataType: number', '        dataSource: sample_data.ecommerce_db.shopify.fa|ct_sale']));
    const table = await sandboxGet<{ description: string; tableType: string; columns: unknown[] }>(`/api/v1/tables/name/${FACT_SALE}?fields=columns`);

    await eventually(async () => {
      const shown = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, caret));
      assert.ok(shown.startsWith(`**fact_sale** · table (${table.tableType}) · ${table.columns.length} columns`), `hover: ${shown}`);
      assert.ok(shown.includes(table.description), `the hover lacks the table's description: ${shown}`);
      assert.ok(shown.includes(`[Open in OpenMetadata](${sandboxUrl()}/table/${FACT_SALE})`), `the hover lacks the link: ${shown}`);
    });
  });

  test('an unknown column is a warning with a quick fix; applying it clears the warning', async () => {
    const { editor } = await openWithCaret('quick-fix.mlmodel.yaml', model(['      - name: gros_sales|', '        dataType: number', `        dataSource: ${FACT_SALE}`]));
    const { document } = editor;
    const typo = rangeOf(document, 'name: gros_sales', 'gros_sales');

    const warning = await eventually(() => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => codeOf(d) === 'unknown-column');
      assert.equal(found.length, 1, problems(document));
      return found[0];
    });
    assert.ok(warning.range.isEqual(typo), describeProblem(warning));
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning, describeProblem(warning));
    assert.match(warning.message, /Unknown column `gros_sales` in `sample_data.ecommerce_db.shopify.fact_sale`.*Did you mean `gross_sales`\?/);

    // What the light bulb lists at the warning, and what choosing the fix does.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, typo, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title === 'Change to `gross_sales`');
    assert.ok(fix?.edit, `no "Change to \`gross_sales\`" quick fix; offered: ${titles.join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    assert.equal(document.lineAt(typo.start.line).text, '      - name: gross_sales');
    await eventually(() => assert.equal(problems(document), 'none'));
  });

  test('a feature built on a column tagged PII.Sensitive gets a warning naming the feature, column and tag', async () => {
    const source = ['      - name: email|', '        dataType: string', '        dataSource: sample_data.ecommerce_db.shopify.dim_customer'];
    const { editor } = await openWithCaret('pii.mlmodel.yaml', model(source, 'contact').replace('dataType: numerical', 'dataType: categorical'));
    const { document } = editor;

    await eventually(() => {
      const found = vscode.languages.getDiagnostics(document.uri);
      assert.equal(found.length, 1, problems(document));
      const [warning] = found;
      assert.equal(codeOf(warning), 'sensitive-data', describeProblem(warning));
      assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning, describeProblem(warning));
      assert.ok(warning.range.isEqual(rangeOf(document, 'name: email', 'email')), describeProblem(warning));
      assert.equal(warning.message, 'Feature `contact` is built on column `dim_customer.email`, tagged `PII.Sensitive`: the model uses sensitive data.');
    });
  });
});
