// The built server (dist/server.js) over stdio, as an editor drives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionList, Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { initialize, startServer } from '../helpers/lspClient';

const repo = join(__dirname, '..', '..', '..');
const mistakes = readFileSync(join(repo, 'examples', 'mistakes.mlmodel.yaml'), 'utf8');
const uri = 'file:///work/models/mistakes.mlmodel.yaml';

test('initialize advertises incremental sync and the language features', async () => {
  const client = await startServer();
  try {
    const result = (await initialize(client)) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(result.serverInfo.name, 'mlmodel-yaml');
    // Saves too: a value left empty while being written is reported once the file is saved.
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    for (const feature of ['completionProvider', 'hoverProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'codeActionProvider']) {
      assert.ok(result.capabilities[feature], feature);
    }
  } finally {
    await client.close();
  }
});

test('diagnostics on open at once, and after an incremental edit', async () => {
  const client = await startServer();
  try {
    await initialize(client, { debounceMs: 50 });
    const opened = client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version: 1, text: mistakes } });
    const first = await opened;
    assert.equal(first.version, 1);
    assert.equal(first.diagnostics.length, 13);
    const numeric = first.diagnostics.find((d: Diagnostic) => String(d.message).includes('`numeric`'))!;
    assert.deepEqual(numeric.range, { start: { line: 17, character: 14 }, end: { line: 17, character: 21 } });

    // Fix `numeric` → `numerical` with an incremental change: one diagnostic fewer.
    const changed = client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 17, character: 21 }, end: { line: 17, character: 21 } }, text: 'al' }],
    });
    const second = await changed;
    assert.equal(second.diagnostics.length, 12);
    assert.ok(!second.diagnostics.some((d: Diagnostic) => String(d.message).includes('`numeric`')));
  } finally {
    await client.close();
  }
});

test('completion, hover, symbols and quick fixes over the protocol', async () => {
  const client = await startServer();
  try {
    await initialize(client);
    const text = 'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    dataType: \nservce: s\n';
    const opened = client.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlmodel-yaml', version: 1, text } });
    const { diagnostics } = await opened;

    const completion = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 14 } })) as CompletionList;
    assert.deepEqual(completion.items.map((i) => i.label), ['numerical', 'categorical']);

    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } })) as Hover;
    assert.match((hover.contents as { value: string }).value, /Algorithm used to train/);

    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.equal(symbols[0].name, 'm');

    const unknown = diagnostics.find((d) => d.code === 'unknown-field')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown] } })) as Array<{ title: string }>;
    assert.deepEqual(actions.map((a) => a.title), ['Change to `service`', 'Change to `server`']);
  } finally {
    await client.close();
  }
});

test('a request on a document the server does not know is answered empty, and the server stays up', async () => {
  const client = await startServer();
  try {
    await initialize(client);
    const result = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere.mlmodel.yaml' }, position: { line: 0, character: 0 } });
    assert.equal(result, null);
    const symbols = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere.mlmodel.yaml' } });
    assert.deepEqual(symbols, []);
  } finally {
    await client.close();
  }
});
