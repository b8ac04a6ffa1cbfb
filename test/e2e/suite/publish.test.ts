// One story, test by test, against a sandbox reset to its seed: a new model's lenses, its preview,
// publishing it through the lens, then an edit previewed and published as the next major version.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PreviewResult, PublishResult } from '../../../server/src/shared/protocol';
import { eventually, open, rangeOf, workspaceUri } from './helpers';
import { codeLenses, connectToSandbox, disconnectFromSandbox, lensTitles, sandboxGet, sandboxUrl } from './sandbox';

const FILE = 'churn.mlmodel.yaml';
const FQN = 'mlflow_svc.churn';
const FACT_SALE = 'sample_data.ecommerce_db.shopify.fact_sale';
const MODEL = [
  'name: churn',
  'algorithm: XGBoost',
  'service: mlflow_svc',
  'mlFeatures:',
  '  - name: sales',
  '    dataType: numerical',
  '    featureSources:',
  '      - name: gross_sales',
  '        dataType: number',
  `        dataSource: ${FACT_SALE}`,
  '',
].join('\n');

interface ServerModel {
  id: string;
  algorithm: string;
  version: number;
  mlFeatures: Array<{ name: string; featureSources: Array<{ name: string; dataSource: { fullyQualifiedName: string } }> }>;
}
interface Lineage {
  entity: { id: string };
  nodes: Array<{ id: string; fullyQualifiedName: string }>;
  upstreamEdges: Array<{ fromEntity: string; toEntity: string }>;
}

/** Runs the lens titled `title` on the `name:` line, as clicking it does. */
async function clickLens<T>(uri: vscode.Uri, title: string): Promise<T> {
  const lens = (await codeLenses(uri)).find((l) => l.command?.title.startsWith(title));
  assert.ok(lens?.command, `no "${title}" lens; shown: ${(await lensTitles(uri)).join(', ')}`);
  return vscode.commands.executeCommand<T>(lens.command.command, ...(lens.command.arguments ?? []));
}

/** The diff editor in front: its title and the text of both sides. */
async function activeDiff(): Promise<{ title: string; left: string; right: string }> {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is not a diff: ${tab?.label}`);
  const { original, modified } = tab.input;
  assert.equal(original.scheme, 'mlmodel-preview');
  assert.equal(modified.scheme, 'mlmodel-preview');
  const [left, right] = await Promise.all([original, modified].map(async (u) => (await vscode.workspace.openTextDocument(u)).getText()));
  return { title: tab.label, left, right };
}

async function upstreamTables(): Promise<string[]> {
  const lineage = await sandboxGet<Lineage>(`/api/v1/lineage/mlmodel/name/${FQN}?upstreamDepth=1`);
  const fqnOf = new Map(lineage.nodes.map((n) => [n.id, n.fullyQualifiedName]));
  return lineage.upstreamEdges.filter((e) => e.toEntity === lineage.entity.id).map((e) => fqnOf.get(e.fromEntity) ?? e.fromEntity);
}

suite('Publishing (sandbox)', () => {
  let uri: vscode.Uri;

  suiteSetup(async () => {
    await connectToSandbox();
    uri = workspaceUri(FILE);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(MODEL));
  });
  suiteTeardown(disconnectFromSandbox);

  test('a model not in the catalog yet: Publish, Preview and Show lineage lenses on its name line', async () => {
    const { document } = await open(uri);
    const lenses = await eventually(async () => {
      const shown = await codeLenses(uri);
      assert.deepEqual(shown.map((l) => l.command?.title), ['Publish to OpenMetadata', 'Preview changes', 'Show lineage']);
      return shown;
    });
    const nameLine = rangeOf(document, 'name: churn').start.line;
    for (const lens of lenses) assert.equal(lens.range.start.line, nameLine, `${lens.command?.title} is not on the name: line`);
    assert.deepEqual(lenses.map((l) => l.command?.command), ['mlmodel.publish', 'mlmodel.preview', 'mlmodel.showLineage']);
  });

  test('Preview changes opens a diff: nothing on the server, the file as it would be published', async () => {
    const result = await clickLens<PreviewResult>(uri, 'Preview changes');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.summary, 'new model, version 0.1');
    assert.deepEqual(result.lineageToAdd, [FACT_SALE]);

    const diff = await eventually(activeDiff);
    assert.equal(diff.title, `${FQN}: new model, version 0.1; new lineage from 1 table`);
    assert.match(diff.left, new RegExp(`^# ${FQN} is not on the server yet`));
    for (const line of ['name: churn', 'algorithm: XGBoost', `dataSource: ${FACT_SALE}`]) assert.ok(diff.right.includes(line), `the file side lacks "${line}":\n${diff.right}`);
  });

  test('Publish writes the model and its lineage to the sandbox; then the lens opens it there', async () => {
    const result = await clickLens<PublishResult>(uri, 'Publish to OpenMetadata');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.message, `Published ${FQN}: created, version 0.1; lineage from 1 of 1 table.`);
    assert.equal(result.url, `${sandboxUrl()}/mlmodel/${FQN}`);

    const model = await sandboxGet<ServerModel>(`/api/v1/mlmodels/name/${FQN}`);
    assert.equal(model.algorithm, 'XGBoost');
    assert.equal(model.version, 0.1);
    assert.deepEqual(
      model.mlFeatures.map((f) => [f.name, f.featureSources.map((s) => `${s.dataSource.fullyQualifiedName}.${s.name}`)]),
      [['sales', [`${FACT_SALE}.gross_sales`]]],
    );
    assert.deepEqual(await upstreamTables(), [FACT_SALE]);

    const open = await eventually(async () => {
      const lens = (await codeLenses(uri)).find((l) => l.command?.command === 'mlmodel.openInOpenMetadata');
      assert.equal(lens?.command?.title, 'Open in OpenMetadata (0.1)', `lenses: ${(await lensTitles(uri)).join(', ')}`);
      return lens!;
    });
    assert.deepEqual(open.command?.arguments, [result.url]);
  });

  test('an edit to the algorithm previews as the next major version, and publishes as it', async () => {
    const editor = await open(uri);
    const algorithm = rangeOf(editor.document, 'algorithm: XGBoost', 'XGBoost');
    assert.ok(await editor.edit((b) => b.replace(algorithm, 'LightGBM')));
    assert.ok(await editor.document.save());

    const preview = await clickLens<PreviewResult>(uri, 'Preview changes');
    assert.equal(preview.ok, true, preview.message);
    assert.equal(preview.summary, '0.1 → 1.1: algorithm changed (major)');
    assert.deepEqual(preview.lineageToAdd, []);
    const diff = await eventually(async () => {
      const shown = await activeDiff();
      assert.equal(shown.title, `${FQN}: 0.1 → 1.1: algorithm changed (major)`);
      return shown;
    });
    assert.ok(diff.left.includes('algorithm: XGBoost') && !diff.left.includes('LightGBM'), `server side:\n${diff.left}`);
    assert.ok(diff.right.includes('algorithm: LightGBM') && !diff.right.includes('XGBoost'), `file side:\n${diff.right}`);

    const published = await clickLens<PublishResult>(uri, 'Publish to OpenMetadata');
    assert.equal(published.ok, true, published.message);
    assert.equal(published.version, 1.1);
    const model = await sandboxGet<ServerModel>(`/api/v1/mlmodels/name/${FQN}`);
    assert.equal(model.algorithm, 'LightGBM');
    assert.equal(model.version, 1.1);
    assert.deepEqual(await upstreamTables(), [FACT_SALE], 'publishing again changed the lineage');
    await eventually(async () => assert.ok((await lensTitles(uri)).includes('Open in OpenMetadata (1.1)'), (await lensTitles(uri)).join(', ')));
  });
});
