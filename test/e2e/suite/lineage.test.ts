// The lineage view in the real workbench: MLModel: Show Lineage opens a webview panel beside the
// file, whose script lays the graph out and reports what it drew (node ids read back from its SVG);
// the panel follows edits; the command and the lens reveal the same panel. Without a catalog it
// draws what the file names; with the sandbox, upstream tables from its lineage and the sensitive
// column. The view opens fitted to the panel, its buttons zoom, an edit keeps the zoom, Fit fits
// again, and a click on a node puts the editor's cursor at the start of its value. What the panel
// posted, what the webview drew and what it shows of the picture come from
// `mlmodel.lineageViewState`; `mlmodel.lineageViewPress` has the webview press a button or click a
// node (both commands are registered outside production only).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LineageGraphResult } from '../../../server/src/shared/protocol';
import type { PressTarget, RenderReport, ViewportReport } from '../../../client/webview/messages';
import { clampPan, MIN_FIT_TEXT_PX, ZOOM_STEP } from '../../../client/webview/viewport';
import { eventually, open, workspaceUri } from './helpers';
import { codeLenses, connectToSandbox, disconnectFromSandbox } from './sandbox';

const SHOPIFY = 'sample_data.ecommerce_db.shopify';

interface ViewState {
  posted?: LineageGraphResult | null;
  rendered?: RenderReport;
  viewport?: ViewportReport;
  pages: number;
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

/** What the view shows once it satisfies `check`. */
async function viewportOf(document: vscode.TextDocument, check: (v: ViewportReport) => void = () => {}): Promise<ViewportReport> {
  return eventually(async () => {
    const state = await vscode.commands.executeCommand<ViewState | undefined>('mlmodel.lineageViewState', document.uri.toString());
    assert.ok(state?.viewport, 'the webview has not reported its viewport');
    check(state.viewport);
    return state.viewport;
  });
}

async function press(document: vscode.TextDocument, target: PressTarget): Promise<void> {
  assert.ok(await vscode.commands.executeCommand<boolean>('mlmodel.lineageViewPress', document.uri.toString(), target), 'no lineage view to press');
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b));

/** Fitted: the whole picture in view, or the label text at its readable minimum; never enlarged; the viewBox has the panel's shape. */
function assertFitted(v: ViewportReport): void {
  assert.ok(v.fitted, 'not fitted');
  assert.ok(v.scale <= 1, `enlarged to ${v.scale}`);
  assert.ok(near(v.viewBox.width * v.scale, v.panel.width) && near(v.viewBox.height * v.scale, v.panel.height), `viewBox ${JSON.stringify(v.viewBox)} is not the panel ${JSON.stringify(v.panel)} at ${v.scale}`);
  const whole = v.viewBox.x <= 0 && v.viewBox.y <= 0 && v.viewBox.x + v.viewBox.width >= v.picture.width - 1e-6 && v.viewBox.y + v.viewBox.height >= v.picture.height - 1e-6;
  assert.ok(whole || near(v.textPx, MIN_FIT_TEXT_PX), `neither the whole picture ${JSON.stringify(v.picture)} in ${JSON.stringify(v.viewBox)} nor text at ${MIN_FIT_TEXT_PX} px (${v.textPx})`);
  assert.ok(v.scale === 1 || v.textPx >= MIN_FIT_TEXT_PX - 1e-6, `text shrunk to ${v.textPx} px`);
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

  test('opens fitted; + and − zoom; an edit, or hiding and showing the view, keeps the zoom; Fit fits again', async () => {
    const { document } = await open(workspaceUri('eta_predictions.mlmodel.yaml'));
    await vscode.commands.executeCommand('mlmodel.showLineage');
    await drawn(document);
    const fitted = await viewportOf(document, assertFitted);
    assert.ok(fitted.panel.width > 100 && fitted.panel.height > 100, `the panel's drawing area is ${JSON.stringify(fitted.panel)}`);

    await press(document, 'zoomIn');
    await viewportOf(document, (v) => assert.ok(near(v.scale, fitted.scale * ZOOM_STEP) && !v.fitted, `after +: ${v.scale}, fitted ${v.fitted}`));
    await press(document, 'zoomIn');
    await viewportOf(document, (v) => assert.ok(near(v.scale, fitted.scale * ZOOM_STEP * ZOOM_STEP), `after + +: ${v.scale}`));
    await press(document, 'zoomOut');
    const zoomed = await viewportOf(document, (v) => assert.ok(near(v.scale, fitted.scale * ZOOM_STEP), `after + + −: ${v.scale}`));

    // A live update draws the picture again, at the user's zoom and pan.
    const editor = await open(document.uri);
    const at = document.getText().indexOf('name: persona') + 'name: '.length;
    await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 'persona'.length)), 'buyer_profile'));
    const redrawn = await drawn(document);
    assert.ok(redrawn.posted.nodes.some((n) => n.label === 'buyer_profile'));
    const kept = await viewportOf(document);
    assert.equal(kept.fitted, false);
    assert.equal(kept.scale, zoomed.scale);
    // Where it was, unless the new picture's size holds it in (a picture that fits stays whole in the panel).
    const expected = clampPan({ scale: zoomed.scale, x: zoomed.viewBox.x, y: zoomed.viewBox.y }, kept.picture, kept.panel);
    assert.deepEqual([kept.viewBox.x, kept.viewBox.y], [expected.x, expected.y], `the view moved (picture ${JSON.stringify(zoomed.picture)} → ${JSON.stringify(kept.picture)})`);
    await vscode.commands.executeCommand('undo');
    await drawn(document);
    const undone = await viewportOf(document);

    // Hidden behind another editor, the view's page is thrown away; shown again, a new page draws
    // the picture at the same zoom and position.
    const state = async () => (await vscode.commands.executeCommand<ViewState>('mlmodel.lineageViewState', document.uri.toString()))!;
    const pages = (await state()).pages;
    const group = lineageTabs()[0].group.viewColumn;
    const other = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('forecast_sales.mlmodel.yaml')), { viewColumn: group, preview: false });
    await vscode.commands.executeCommand('mlmodel.showLineage', document.uri.toString());
    await eventually(async () => assert.ok((await state()).pages > pages, 'the page was not loaded again'), 30_000);
    await vscode.window.tabGroups.close(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === other.document.uri.toString()));
    await drawn(document);
    const reshown = await viewportOf(document);
    assert.equal(reshown.fitted, false);
    assert.equal(reshown.scale, undone.scale);
    assert.deepEqual([reshown.viewBox.x, reshown.viewBox.y], [undone.viewBox.x, undone.viewBox.y]);

    await press(document, 'fit');
    const refitted = await viewportOf(document, (v) => assert.ok(v.fitted, 'Fit did not fit'));
    assertFitted(refitted);
    assert.ok(near(refitted.scale, fitted.scale), `fitted at ${fitted.scale}, then at ${refitted.scale}`);
  });

  test("clicking a node puts the cursor at the start of its value, on its line, selecting nothing", async () => {
    // The file in the first group, the view beside it: both shown (a hidden view's page is gone and cannot be clicked).
    const document = await vscode.workspace.openTextDocument(workspaceUri('eta_predictions.mlmodel.yaml'));
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('mlmodel.showLineage');
    const { posted } = await drawn(document);
    const table = posted.nodes.find((n) => n.kind === 'table' && n.label === 'fact_sale');
    assert.ok(table?.range, 'no fact_sale node with a range');
    const start = new vscode.Position(table.range.start.line, table.range.start.character);
    assert.equal(document.lineAt(start.line).text.slice(start.character), `${SHOPIFY}.fact_sale`);

    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await press(document, { node: table.id });
    await eventually(() => {
      const active = vscode.window.activeTextEditor;
      assert.equal(active?.document.uri.toString(), document.uri.toString(), 'the file is not the active editor');
      // The whole value selected would leave the cursor at its end, where the editor scrolls to.
      assert.deepEqual([active.selection.anchor, active.selection.active].map((p) => [p.line, p.character]), [[start.line, start.character], [start.line, start.character]]);
      assert.ok(active.visibleRanges.some((r) => r.contains(start)), 'the line is not in view');
    });
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
