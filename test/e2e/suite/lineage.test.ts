// The lineage view in the real workbench: MLModel: Show Lineage opens a webview panel beside the
// file, whose script lays the graph out and reports what it drew (node ids read back from its SVG);
// the panel follows edits; the command and the lens reveal the same panel. Without a catalog it
// draws what the file names; with the sandbox, upstream tables from its lineage and the sensitive
// column. What the panel posted and what the webview drew come from `mlmodel.lineageViewState`,
// a command the extension registers outside production only.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LineageGraphResult } from '../../../server/src/shared/protocol';
import type { RenderReport } from '../../../client/webview/messages';
import { eventually, open, workspaceUri } from './helpers';
import { codeLenses, connectToSandbox, disconnectFromSandbox } from './sandbox';

const SHOPIFY = 'sample_data.ecommerce_db.shopify';

interface ViewState {
  posted?: LineageGraphResult | null;
  rendered?: RenderReport;
}

function lineageTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlmodel.lineage'));
}

/** The view's state once its webview has drawn the document's current version. */
async function drawn(document: vscode.TextDocument): Promise<{ posted: LineageGraphResult; rendered: RenderReport }> {
  return eventually(async () => {
    const state = await vscode.commands.executeCommand<ViewState | undefined>('mlmodel.lineageViewState', document.uri.toString());
    assert.ok(state, 'no lineage view for the document');
    assert.ok(state.posted, `nothing posted yet: ${JSON.stringify(state.posted)}`);
    assert.equal(state.posted.version, document.version, 'the posted graph is not of the current version');
    assert.ok(state.rendered, 'the webview has not reported a drawing');
    assert.equal(state.rendered.error, undefined, `the layout failed: ${state.rendered.error}`);
    assert.equal(state.rendered.version, document.version, 'the webview has not drawn the current version yet');
    return { posted: state.posted, rendered: state.rendered };
  }, 30_000);
}

async function closeLineageTabs(): Promise<void> {
  await vscode.window.tabGroups.close(lineageTabs());
}

suite('Lineage view', () => {
  suiteTeardown(closeLineageTabs);

  test('without a catalog: Show Lineage draws what the file names, and follows an edit', async () => {
    const { document } = await open(workspaceUri('eta_predictions.mlmodel.yaml'));
    await vscode.commands.executeCommand('mlmodel.showLineage');
    await eventually(() => assert.deepEqual(lineageTabs().map((t) => t.label), ['Lineage: eta_predictions.mlmodel.yaml']));

    const { posted, rendered } = await drawn(document);
    assert.equal(posted.catalog, 'off');
    assert.deepEqual(
      posted.nodes.map((n) => `${n.kind}:${n.label}`),
      ['model:ETA Predictions', 'feature:sales', 'table:fact_sale', 'column:gross_sales', 'feature:persona', 'table:raw_customer', 'column:membership', 'column:platform', 'dashboard:eta_predictions_performance'],
    );
    // Every node the server sent is in the SVG, each edge drawn.
    assert.deepEqual(rendered.nodes.slice().sort(), posted.nodes.map((n) => n.id).sort());
    assert.equal(rendered.edges, posted.edges.length);
    assert.deepEqual(rendered.sensitive, []);

    const editor = await open(document.uri);
    const at = document.getText().indexOf('name: persona') + 'name: '.length;
    await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 'persona'.length)), 'buyer_type'));
    const after = await drawn(document);
    assert.ok(after.posted.nodes.some((n) => n.kind === 'feature' && n.label === 'buyer_type'), 'the renamed feature is not drawn');
    assert.deepEqual(after.rendered.nodes.slice().sort(), after.posted.nodes.map((n) => n.id).sort());
    await vscode.commands.executeCommand('undo');
  });

  suite('with the sandbox', () => {
    const FILE = 'lineage-view.mlmodel.yaml';
    const MODEL = [
      'name: shopper_churn',
      'algorithm: XGBoost',
      'service: mlflow_svc',
      'mlFeatures:',
      '  - name: product',
      '    featureSources:',
      '      - name: product_id',
      `        dataSource: ${SHOPIFY}."dim.product"`,
      '  - name: contact',
      '    featureSources:',
      '      - name: email',
      `        dataSource: ${SHOPIFY}.dim_customer`,
      '',
    ].join('\n');

    suiteSetup(async () => {
      await closeLineageTabs();
      await connectToSandbox();
      await vscode.workspace.fs.writeFile(workspaceUri(FILE), Buffer.from(MODEL));
    });
    suiteTeardown(async () => {
      await closeLineageTabs();
      await disconnectFromSandbox();
    });

    test('the lens opens the view: upstream tables from the catalog, the sensitive column marked; run again, the same panel', async () => {
      const { document } = await open(workspaceUri(FILE));
      const lens = await eventually(async () => {
        const found = (await codeLenses(document.uri)).find((l) => l.command?.title === 'Show lineage');
        assert.ok(found?.command, 'no Show lineage lens');
        return found.command;
      });
      await vscode.commands.executeCommand(lens.command, ...(lens.arguments ?? []));

      const email = `column:${SHOPIFY}.dim_customer\u0000email`;
      // The catalog's answers arrive after the first drawing; the view draws again when they do.
      const { posted, rendered } = await eventually(async () => {
        const state = await drawn(document);
        assert.ok(state.rendered.nodes.includes(`table:${SHOPIFY}.raw_order`), `no upstream table drawn: ${state.rendered.nodes.join(', ')}`);
        assert.deepEqual(state.rendered.sensitive, [email]);
        return state;
      }, 30_000);
      assert.equal(posted.catalog, 'ready');
      assert.deepEqual(posted.nodes.filter((n) => n.kind === 'upstreamTable').map((n) => n.label).sort(), ['raw_customer', 'raw_order']);
      assert.deepEqual(posted.nodes.find((n) => n.id === email)?.sensitiveTags, ['PII.Sensitive']);
      assert.ok(posted.nodes.find((n) => n.id === email)?.url?.startsWith(process.env.MLMODEL_E2E_SANDBOX_URL ?? '-'), 'the column links to the sandbox');
      assert.deepEqual(rendered.nodes.slice().sort(), posted.nodes.map((n) => n.id).sort());

      await vscode.commands.executeCommand('mlmodel.showLineage', document.uri.toString());
      assert.deepEqual(lineageTabs().map((t) => t.label), ['Lineage: lineage-view.mlmodel.yaml'], 'a second panel was opened');
    });
  });
});
