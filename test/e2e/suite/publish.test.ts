// One story, test by test, against a sandbox reset to its seed: a new model's lenses, its preview,
// publishing it through the lens, then an edit previewed and published as the next major version
// (the open preview then shows the server as it is), a preview with nothing to change, and a
// publish that problems stop. Then the same sandbox's kind reached under an address that is not
// this machine's loopback: the publish asks first, asks again when the server's model changed
// meanwhile, remembers "don't ask again", and an unreachable server offers what to do.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { PreviewResult, PublishResult } from '../../../server/src/shared/protocol';
import { eventually, open, rangeOf, workspaceUri } from './helpers';
import { codeLenses, connectToSandbox, disconnectFromSandbox, lensTitles, sandboxGet, sandboxUrl, setServerUrl, startSandboxProcess, type SandboxProcess } from './sandbox';
import { hostOf, withStubbedWindow, type Shown } from './connectionUi';

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

/** Closes every editor, so a diff opened next is the only one. */
async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The commands run while `action` runs (the extension calls the same `vscode` API object), still run. */
async function recordingCommands(action: () => Promise<unknown>): Promise<string[]> {
  const commands = vscode.commands as { executeCommand: typeof vscode.commands.executeCommand };
  const original = commands.executeCommand;
  const ran: string[] = [];
  commands.executeCommand = (command: string, ...rest: unknown[]) => {
    ran.push(command);
    return original(command, ...rest);
  };
  try {
    await action();
  } finally {
    commands.executeCommand = original;
  }
  return ran;
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
    // The preview still open shows the server as it is now: the algorithm just published.
    await eventually(async () => {
      const refreshed = await activeDiff();
      assert.ok(refreshed.left.includes('algorithm: LightGBM') && !refreshed.left.includes('XGBoost'), `server side after the publish:\n${refreshed.left}`);
    });
  });

  test('a preview with nothing to change says so, and opens no diff', async () => {
    await closeAll();
    let result: PreviewResult | undefined;
    const shown = await withStubbedWindow({}, async () => (result = await clickLens<PreviewResult>(uri, 'Preview changes')));
    assert.equal(result?.ok, true, result?.message);
    assert.deepEqual(shown.info, [`Nothing to publish: ${FQN} on ${hostOf(sandboxUrl())} already matches the file (version 1.1).`]);
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, false, 'a diff was opened');
  });

  test('a publish that problems stop counts them as the Problems view lists them, and offers Show Problems', async () => {
    const editor = await open(uri);
    const table = rangeOf(editor.document, FACT_SALE, 'fact_sale');
    assert.ok(await editor.edit((b) => b.replace(table, 'fact_sael')));
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), 'serv\n')));
    // `serv` is one problem (two checks on one token), the table the catalog lacks another: the
    // Problems view's errors, once the catalog has answered.
    const errors = await eventually(() => {
      const listed = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.equal(listed.length, 2, listed.map((d) => d.message).join('\n'));
      return listed;
    });
    let result: PublishResult | undefined;
    let shown: Shown | undefined;
    const ran = await recordingCommands(async () => {
      shown = await withStubbedWindow({ errorChoice: 'Show Problems' }, async () => (result = await clickLens<PublishResult>(uri, 'Publish to OpenMetadata')));
    });
    assert.equal(result?.ok, false);
    assert.equal(result?.reason, 'problems');
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, errors.length, 'the publish changed what the Problems view lists');
    assert.deepEqual(shown?.errors, [{ message: `Not published: ${errors.length} problems stop the publish.`, actions: ['Show Problems'] }]);
    await eventually(() => assert.ok(ran.includes('workbench.actions.view.problems'), ran.join(', ')));
    assert.ok((await vscode.commands.getCommands(true)).includes('workbench.actions.view.problems'));
    await open(uri);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

/**
 * An address of this machine that is not a loopback one, so the extension treats the server as
 * shared; undefined when the machine has none (then its host name is used, which resolves locally).
 */
function outwardAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
}

suite('Publishing to a server elsewhere: the confirmation', () => {
  const REMOTE_FILE = 'churn_remote.mlmodel.yaml';
  const REMOTE_FQN = 'mlflow_svc.churn_remote';
  const DIM_CUSTOMER = 'sample_data.ecommerce_db.shopify.dim_customer';
  let sandbox: SandboxProcess;
  let url: string;
  let host: string;
  let uri: vscode.Uri;

  const remoteGet = async (path: string): Promise<Response> => fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
  const remoteModel = async (): Promise<ServerModel | undefined> => {
    const res = await remoteGet(`/api/v1/mlmodels/name/${REMOTE_FQN}`);
    return res.status === 404 ? undefined : ((await res.json()) as ServerModel);
  };

  suiteSetup(async function () {
    this.timeout(60_000);
    const address = outwardAddress();
    sandbox = await startSandboxProcess(address ? { host: address } : {});
    url = address ? sandbox.url : sandbox.url.replace('127.0.0.1', os.hostname());
    host = hostOf(url);
    uri = workspaceUri(REMOTE_FILE);
    const text = MODEL.replace('name: churn', 'name: churn_remote') + ['  - name: contact', '    dataType: categorical', '    featureSources:', '      - name: email', '        dataType: string', `        dataSource: ${DIM_CUSTOMER}`, ''].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    await open(uri);
    await setServerUrl(url);
    await eventually(async () => assert.ok((await lensTitles(uri)).includes('Publish to OpenMetadata'), 'no Publish lens: the language server has no catalog'), 30_000);
  });
  suiteTeardown(async () => {
    await disconnectFromSandbox();
    await sandbox?.stop();
  });

  test('Publish asks first, naming the server, the version, the lineage and the sensitive data; Preview Changes and Cancel write nothing, Publish writes', async function () {
    this.timeout(60_000);
    await closeAll();
    await open(uri);
    const sensitive = await eventually(() => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.message.includes('PII.Sensitive'));
      assert.equal(found.length, 1, 'the sensitive-data warning is not shown yet');
      return found[0].message;
    });
    const answers = ['Preview Changes', undefined, 'Publish'];
    const results: unknown[] = [];
    const shown = await withStubbedWindow({ warningChoice: (_w, n) => answers[n] }, async () => {
      results.push(await clickLens(uri, 'Publish to OpenMetadata'));
      const diff = await eventually(activeDiff);
      assert.equal(diff.title, `${REMOTE_FQN}: new model, version 0.1; new lineage from 2 tables`);
      assert.equal(await remoteModel(), undefined, 'Preview Changes wrote something');
      results.push(await clickLens(uri, 'Publish to OpenMetadata'));
      assert.equal(await remoteModel(), undefined, 'Cancel wrote something');
      results.push(await clickLens(uri, 'Publish to OpenMetadata'));
    });
    assert.equal(shown.warnings.length, 3);
    const [question] = shown.warnings;
    assert.equal(question.modal, true);
    assert.equal(question.message, `Create ${REMOTE_FQN} on ${host}?`);
    assert.deepEqual(question.actions, ['Publish', 'Preview Changes', `Don't ask again for this model on ${host}`]);
    assert.equal(question.detail, [`Server: ${url}`, 'Model: new, version 0.1', `Lineage to add: ${FACT_SALE}, ${DIM_CUSTOMER}`, '', 'Sensitive data (1):', `• ${sensitive}`].join('\n'));
    assert.equal(results[1], undefined);
    const published = results[2] as PublishResult;
    assert.equal(published.ok, true, published.message);
    assert.equal(published.message, `Published ${REMOTE_FQN}: created, version 0.1; lineage from 2 of 2 tables.`);
    assert.equal((await remoteModel())?.version, 0.1);
  });

  test('the server’s model changed while the question was open: nothing is written, the user is told and asked again; "Don’t ask again" publishes and is remembered', async function () {
    this.timeout(60_000);
    const editor = await open(uri);
    assert.ok(await editor.edit((b) => b.replace(rangeOf(editor.document, 'algorithm: XGBoost', 'XGBoost'), 'LightGBM')));
    const shown = await withStubbedWindow(
      {
        warningChoice: async (_w, n) => {
          if (n > 0) return `Don't ask again for this model on ${host}`;
          // Someone edits the model on the server while the question is open.
          const model = (await remoteModel())!;
          const res = await fetch(`${url}/api/v1/mlmodels/${model.id}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json-patch+json' },
            body: JSON.stringify([{ op: 'add', path: '/description', value: 'Edited in the UI.' }]),
            signal: AbortSignal.timeout(10_000),
          });
          assert.equal(res.status, 200, await res.text());
          return 'Publish';
        },
      },
      async () => {
        const result = await clickLens<PublishResult>(uri, 'Publish to OpenMetadata');
        assert.equal(result.ok, true, result.message);
      },
    );
    assert.equal(shown.warnings.length, 2, shown.warnings.map((w) => w.message).join('\n'));
    assert.match(shown.warnings[0].detail ?? '', /^Server: .*\nModel: 0\.1 → 1\.1: algorithm changed \(major\)/);
    const again = shown.warnings[1];
    assert.equal(again.message, `Update ${REMOTE_FQN} on ${host}?`);
    assert.equal(
      again.detail?.split('\n').slice(0, 4).join('\n'),
      [`${REMOTE_FQN} changed on ${url} since you reviewed the publish: version 0.1 is now version 0.2. Nothing was written. Here is what publishing does now:`, '', `Server: ${url}`, 'Model: 0.2 → 1.2: algorithm changed (major)'].join('\n'),
    );
    const model = (await remoteModel())!;
    assert.deepEqual([model.algorithm, model.version], ['LightGBM', 1.2]);

    // Remembered for this model on this server: the next publish asks nothing.
    assert.ok(await editor.edit((b) => b.replace(rangeOf(editor.document, 'algorithm: LightGBM', 'LightGBM'), 'CatBoost')));
    const next = await withStubbedWindow({ warningChoice: () => 'Publish' }, async () => {
      const result = await clickLens<PublishResult>(uri, 'Publish to OpenMetadata');
      assert.equal(result.ok, true, result.message);
    });
    assert.deepEqual(next.warnings, []);
    assert.equal((await remoteModel())?.version, 2.2);
  });

  test('nothing to change: Publish and Preview say so instead of asking or opening a diff', async () => {
    await closeAll();
    await open(uri);
    const expected = `Nothing to publish: ${REMOTE_FQN} on ${host} already matches the file (version 2.2).`;
    const shown = await withStubbedWindow({ warningChoice: () => 'Publish' }, async () => {
      await clickLens(uri, 'Publish to OpenMetadata');
      await clickLens(uri, 'Preview changes');
    });
    assert.deepEqual(shown.warnings, []);
    assert.deepEqual(shown.info, [expected, expected]);
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, false, 'a diff was opened');
  });

  test('a server that cannot be reached: the publish says so and offers Retry, Open Settings and Show Output', async function () {
    this.timeout(90_000);
    await sandbox.stop();
    const shown = await withStubbedWindow({}, async () => {
      const result = await clickLens<PreviewResult>(uri, 'Publish to OpenMetadata');
      assert.equal(result?.ok, false);
      assert.equal(result?.reason, 'unreachable', result?.message);
    });
    assert.equal(shown.errors.length, 1, JSON.stringify(shown));
    assert.match(shown.errors[0].message, new RegExp(`^Cannot reach OpenMetadata at ${url.replace(/[.]/g, '\\.')}`));
    assert.deepEqual(shown.errors[0].actions, ['Retry', 'Open Settings', 'Show Output']);
  });
});
