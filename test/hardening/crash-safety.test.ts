// The language server killed and restarted, as the extension's client does it (a new process, the
// open documents sent again with the text the editor holds): nothing the user wrote is lost or
// changed, the diagnostics come back the same, and a publish the crash interrupted is completed by
// publishing again. Also what an untrusted workspace sends at the protocol level: nothing.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus, type PreviewResult, type PublishResult } from '../../server/src/shared/protocol';
import { fakeToken, REPO, until } from './harness';
import { startServer, type Server } from './lsp';
import { ETA_PREDICTIONS } from '../helpers/models';

const TOKEN = fakeToken('crash');
let sandbox: Sandbox;
let dir: string;
before(async () => {
  sandbox = await startSandbox({ token: TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'mlmodel-crash-'));
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sandbox.reset());

const eta = ETA_PREDICTIONS;
const mistakes = readFileSync(join(REPO, 'examples', 'mistakes.mlmodel.yaml'), 'utf8');
const env = () => ({ [TOKEN_ENV]: TOKEN, [TOKEN_URL_ENV]: sandbox.url });
const settings = () => ({ serverUrl: sandbox.url, debounceMs: 50 });

/** An editor's documents: the text it holds, saved or not, and its version. */
class Editor {
  readonly documents = new Map<string, TextDocument>();

  constructor(private server: Server) {}

  async open(file: string): Promise<{ uri: string; diagnostics: PublishDiagnosticsParams }> {
    const uri = pathToFileURL(file).href;
    const document = TextDocument.create(uri, 'mlmodel-yaml', 1, readFileSync(file, 'utf8'));
    this.documents.set(uri, document);
    return { uri, diagnostics: await this.server.open(uri, document.getText(), 1) };
  }

  /** Type `text` at a position, without saving. */
  async type(uri: string, line: number, character: number, text: string): Promise<number> {
    const document = this.documents.get(uri)!;
    const change = { range: { start: { line, character }, end: { line, character } }, text };
    const version = document.version + 1;
    TextDocument.update(document, [change], version);
    await this.server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    return version;
  }

  /** What the client does when its server died: start a new one, and open every document again as it is now. */
  async restart(start: () => Promise<Server>): Promise<Map<string, PublishDiagnosticsParams>> {
    this.server = await start();
    const reopened = new Map<string, PublishDiagnosticsParams>();
    for (const [uri, document] of this.documents) reopened.set(uri, await this.server.open(uri, document.getText(), document.version));
    return reopened;
  }
}

test('killed with unsaved edits in two files and a validation pending: a new server gets the edits back, with the same diagnostics; the files on disk are untouched', async () => {
  const files = [join(dir, 'eta.mlmodel.yaml'), join(dir, 'mistakes.mlmodel.yaml')];
  writeFileSync(files[0], eta);
  writeFileSync(files[1], mistakes);
  const onDisk = files.map((f) => ({ text: readFileSync(f, 'utf8'), mtimeMs: statSync(f).mtimeMs }));
  // (No catalog: its answers arrive at their own pace, and this is about the documents.)
  const local = { serverUrl: '', debounceMs: 50 };
  let first: Server | undefined = await startServer(env(), local);
  let second: Server | undefined;
  try {
    const editor = new Editor(first);
    const [eta1, mistakes1] = [await editor.open(files[0]), await editor.open(files[1])];
    assert.equal(mistakes1.diagnostics.diagnostics.length, 13);
    // Unsaved: a new feature in eta (with a mistake), a fix in mistakes.
    let since = first.notifications.length;
    let etaVersion = await editor.type(eta1.uri, 34, 0, '  - name: extra\n    dataType: numeric\n');
    const mistakesVersion = await editor.type(mistakes1.uri, 17, 21, 'al');
    const before = {
      eta: await first.diagnostics(eta1.uri, etaVersion, since),
      mistakes: await first.diagnostics(mistakes1.uri, mistakesVersion, since),
    };
    assert.deepEqual(before.eta.diagnostics.map((d) => d.code), ['invalid-value']);
    assert.equal(before.mistakes.diagnostics.length, 12);
    // One more edit, and the crash before its (debounced) validation.
    etaVersion = await editor.type(eta1.uri, 0, 0, '# edited, not saved\n');
    await first.kill();
    first = undefined;

    const reopened = await editor.restart(async () => (second = await startServer(env(), local)));
    const after = { eta: reopened.get(eta1.uri)!, mistakes: reopened.get(mistakes1.uri)! };
    assert.equal(after.eta.version, etaVersion);
    // The same findings, a line further down in eta (the comment typed last).
    assert.deepEqual(after.eta.diagnostics.map((d) => [d.code, d.range.start.line - 1, d.message]), before.eta.diagnostics.map((d) => [d.code, d.range.start.line, d.message]));
    assert.deepEqual(after.mistakes.diagnostics, before.mistakes.diagnostics);
    // And the editing goes on.
    since = second!.notifications.length;
    const typed = await editor.type(eta1.uri, 3, 21, '_v2');
    assert.deepEqual((await second!.diagnostics(eta1.uri, typed, since)).diagnostics.map((d) => [d.code, d.range.start.line]), [['invalid-value', 36]]);
    const completion = await second!.request<CompletionList>('textDocument/completion', { textDocument: { uri: eta1.uri }, position: { line: 36, character: 14 } });
    assert.ok(completion.items.some((i) => i.label === 'numerical'));
  } finally {
    await first?.kill();
    await second?.close();
  }
  files.forEach((f, i) => assert.deepEqual({ text: readFileSync(f, 'utf8'), mtimeMs: statSync(f).mtimeMs }, onDisk[i], `${f} is as it was saved`));
});

for (const when of ['after the model was written, before its lineage', 'while the model was being written'] as const) {
  test(`killed during a publish, ${when}: the new server shows what the server holds, and publishing again completes it`, async () => {
    const file = join(dir, 'publish.mlmodel.yaml');
    writeFileSync(file, eta);
    sandbox.faults.add({ method: 'PUT', path: when.startsWith('after') ? '/api/v1/lineage' : '/api/v1/mlmodels', latencyMs: 60_000 });
    let first: Server | undefined = await startServer(env(), settings());
    let second: Server | undefined;
    try {
      const editor = new Editor(first);
      await first.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
      const { uri } = await editor.open(file);
      const pending = first.request<PublishResult>('mlmodel/publish', { uri }, 30_000).then(
        () => assert.fail('the publish cannot have answered'),
        (e: Error) => e,
      );
      const reached = when.startsWith('after') ? '/api/v1/lineage' : '/api/v1/mlmodels';
      await until(`the PUT ${reached}`, () => sandbox.requests().some((r) => r.method === 'PUT' && r.path === reached));
      await first.kill();
      first = undefined;
      assert.ok((await pending) instanceof Error, 'the editor is told the request failed');
      sandbox.faults.clear();

      await editor.restart(async () => (second = await startServer(env(), settings())));
      await second!.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
      const preview = await second!.request<PreviewResult>('mlmodel/preview', { uri }, 20_000);
      const published = await second!.request<PublishResult>('mlmodel/publish', { uri }, 20_000);
      assert.equal(published.ok, true, published.message);
      // The model the crash let through is seen as there; one it stopped is created now.
      assert.equal(preview.summary, when.startsWith('after') ? 'unchanged, version 0.1' : 'new model, version 0.1');
      assert.match(published.message, when.startsWith('after') ? /^Published mlflow_svc\.eta_predictions: .*version 0\.1\b.*; lineage from 2 of 2 tables\.$/ : /^Published mlflow_svc\.eta_predictions: created, version 0\.1; lineage from 2 of 2 tables\.$/);
      assert.equal(sandbox.store.mlmodels.getByFqn('mlflow_svc.eta_predictions')?.version, 0.1);
    } finally {
      await first?.kill();
      await second?.close();
    }
    assert.equal(readFileSync(file, 'utf8'), eta, 'the file is as it was');
  });
}

test('untrusted workspace, as the extension starts the server there (no server URL, whatever the settings say): nothing is sent anywhere, even with a token in the environment', async () => {
  const file = join(dir, 'untrusted.mlmodel.yaml');
  writeFileSync(file, eta);
  const server = await startServer(env(), { serverUrl: '', debounceMs: 0 });
  try {
    const editor = new Editor(server);
    const { uri, diagnostics } = await editor.open(file);
    assert.deepEqual(diagnostics.diagnostics, [], 'the format is still checked (and nothing is called unknown)');
    const off = await server.next<CatalogStatus>('mlmodel/catalogStatus');
    assert.deepEqual(off, { state: 'off', signedIn: false });
    const completion = await server.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 22, character: 20 } });
    assert.deepEqual(completion.items, [], 'no catalog completion');
    await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 22, character: 30 } });
    assert.deepEqual(await server.request('textDocument/documentLink', { textDocument: { uri } }), []);
    const publish = await server.request<PublishResult>('mlmodel/publish', { uri });
    assert.equal(publish.ok, false);
    assert.match(publish.message, /^Not connected to OpenMetadata/);
    assert.equal((await server.request<PreviewResult>('mlmodel/preview', { uri })).ok, false);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(sandbox.requests(), [], 'nothing reached the server');
  } finally {
    await server.close();
  }
});
