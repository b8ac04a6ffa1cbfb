// Diagnostics while typing, over the protocol: the built server gets one incremental didChange
// per character, as an editor sends them, and the diagnostics it pushes are checked after each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { Editor } from '../helpers/editor';
import { initialize, startServer, type TestClient } from '../helpers/lspClient';

async function withServer(run: (client: TestClient) => Promise<void>): Promise<void> {
  const client = await startServer();
  try {
    await initialize(client, { debounceMs: 0 });
    await run(client);
  } finally {
    await client.close();
  }
}

let fresh = 0;
/** The diagnostics of `text` opened as a new document: what a full parse gives. */
async function opened(client: TestClient, text: string): Promise<Diagnostic[]> {
  const editor = new Editor(client, `file:///work/fresh-${++fresh}.mlmodel.yaml`, text);
  const diagnostics = await editor.open();
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: editor.uri } });
  return diagnostics;
}

const MODEL = 'name: churn\nalgorithm: XGBoost\nmlFeatures:\n  - name: spend\n    dataType: numerical\n';

test('a key typed on a new line, below, between or above valid lines: at every keystroke one diagnostic at most, on the key being typed', async () => {
  await withServer(async (client) => {
    for (const [where, line] of [['below', 5], ['between', 1], ['above', 0], ['in a feature', 4]] as const) {
      const editor = new Editor(client, `file:///work/typing-${where.replace(' ', '-')}.mlmodel.yaml`, MODEL);
      assert.deepEqual(await editor.open(), [], 'the model starts valid');
      const indent = line === 4 ? '    ' : '';
      const at = editor.document.offsetAt({ line, character: 0 });
      await editor.type(at, `${indent}\n`, () => undefined);
      await editor.type(at + indent.length, 'serv', (diagnostics, typed) => {
        assert.deepEqual(editor.covered(diagnostics), [[line, typed, 'yaml-syntax']], `${where}, after typing ${typed}`);
        assert.match(String(diagnostics[0].message), /^Missing `:` after the key/);
      });
      await editor.type(at + indent.length + 4, 'ice: mlflow_svc', (diagnostics, typed) => {
        const lines = new Set(diagnostics.map((d) => d.range.start.line));
        assert.ok(diagnostics.length <= 1 && [...lines].every((l) => l === line), `${where}, after typing serv${typed}: ${JSON.stringify(editor.covered(diagnostics))}`);
      });
      // `service` in a feature is an unknown field; at the root the model is valid again.
      assert.deepEqual(editor.covered(await editor.change(0, 0, '')), where === 'in a feature' ? [[line, 'service', 'unknown-field']] : []);
    }
  });
});

test('an empty new file gets one hint and no error; typing a model gives errors only on what is typed, none at the end', async () => {
  await withServer(async (client) => {
    const editor = new Editor(client, 'file:///work/new.mlmodel.yaml', '');
    const hint = await editor.open();
    assert.deepEqual(hint.map((d) => [d.code, d.severity]), [['empty-file', DiagnosticSeverity.Information]]);
    const typed = 'name: churn\nalgorithm: XGBoost\n';
    await editor.type(0, typed, (diagnostics, sofar) => {
      const ranges = diagnostics.map((d) => JSON.stringify(d.range));
      assert.equal(new Set(ranges).size, ranges.length, `one diagnostic per range after ${JSON.stringify(sofar)}`);
      if (sofar === 'n') assert.deepEqual(editor.covered(diagnostics), [[0, 'n', 'not-a-model']]);
      if (sofar === 'name: churn') assert.deepEqual(editor.covered(diagnostics), [[0, 'name', 'missing-field']]);
      if (sofar === 'name: churn\nalgorithm') assert.deepEqual(editor.covered(diagnostics), [[1, 'algorithm', 'yaml-syntax']]);
    });
    assert.deepEqual(await editor.change(typed.length, 0, ''), []);
  });
});

test('`---` or `...` typed or pasted at the start of a root key: the diagnostics are those of a fresh open of the same text', async () => {
  await withServer(async (client) => {
    for (const marker of ['--- ', '... ', '---\n', '...\n']) {
      for (const paste of [false, true]) {
        const editor = new Editor(client, `file:///work/marker-${fresh}.mlmodel.yaml`, MODEL);
        await editor.open();
        const at = MODEL.indexOf('algorithm');
        const steps = paste ? [marker] : [...marker];
        for (const [i, chunk] of steps.entries()) {
          const diagnostics = await editor.change(at + i, 0, chunk);
          assert.deepEqual(diagnostics, await opened(client, editor.text), `${paste ? 'pasting' : 'typing'} ${JSON.stringify(marker)}, step ${i + 1}`);
        }
        assert.ok(editor.covered(await editor.change(0, 0, '')).some(([, , code]) => code === 'yaml-syntax'), 'the marker is reported');
      }
    }
  });
});

test('closing a quote or bracket left open on an earlier, mis-indented line: no stale "Missing closing", the diagnostics of a fresh open', async () => {
  await withServer(async (client) => {
    const cases: Array<{ text: string; close: (text: string) => number; closer: string }> = [
      {
        // The quote reads on through the lines indented further, so closing it there takes them in.
        text: 'name: churn\nalgorithm: XGBoost\nmlStore:\n  storage: s3://models\n   imageRepository: "registry\n      - a\n      - b\n  extra: 1\n',
        close: (t) => t.indexOf('- b') + 3,
        closer: '"',
      },
      {
        // A closing bracket may sit at the column of the mapping's keys.
        text: 'name: churn\nalgorithm: XGBoost\nmlStore:\n  storage: s3://models\n   imageRepository: [registry\n  extra: 1\n',
        close: (t) => t.indexOf('extra'),
        closer: ']',
      },
    ];
    for (const [i, c] of cases.entries()) {
      const editor = new Editor(client, `file:///work/closing-${i}.mlmodel.yaml`, c.text);
      const before = await editor.open();
      assert.ok(before.some((d) => /^Missing closing/.test(String(d.message))), 'left open');
      const after = await editor.change(c.close(c.text), 0, c.closer);
      assert.ok(!after.some((d) => /^Missing closing/.test(String(d.message))), `closed: ${JSON.stringify(editor.covered(after))}`);
      assert.deepEqual(after, await opened(client, editor.text));
    }
  });
});
