// Hostile files, one by one, through all three ways in: the language service, the CLI and the
// language server over stdio. Each gets the same clear answer everywhere, within a bound; the CLI
// exits 1 or 2, never with a stack trace; the server stays up and logs no failed request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { resolveSettings } from '../../server/src/shared/settings';
import { assertNoStackTrace, everyRequest, runCli } from './harness';
import { startServer } from './lsp';

const MiB = 1024 * 1024;

let bomb = 'name: m\nalgorithm: a\nmlFeatures: &a0 [{name: f}]\n';
for (let i = 1; i <= 9; i++) bomb += `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;

const aboutTwentyMiB = (() => {
  const head = 'name: big\nalgorithm: a\ndescription: |\n';
  const line = `  ${'lorem ipsum dolor sit amet '.repeat(3)}\n`;
  return head + line.repeat(Math.floor((20 * MiB - head.length) / line.length));
})();

interface Case {
  name: string;
  /** The file's bytes. */
  bytes: Buffer;
  /** The diagnostic codes, in order; or a check of them. */
  expect: string[] | ((diagnostics: Diagnostic[]) => void);
  boundMs?: number;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const nestedTooDeep = (diagnostics: Diagnostic[]) => {
  assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && /nests deeper than \d+ levels/.test(String(d.message))), 'the depth limit is named');
  assert.ok(diagnostics.length <= 5, `a few diagnostics, not a cascade: ${diagnostics.length}`);
};

const CASES: Case[] = [
  { name: 'an alias bomb ("billion laughs")', bytes: utf8(bomb), expect: ['alias-expansion'] },
  { name: '10,000 levels of block sequences', bytes: utf8(`name: m\nalgorithm: a\nmlFeatures: ${'- '.repeat(10_000)}x\n`), expect: nestedTooDeep },
  // Past the limit the deep branch is skipped to its closing bracket, so the brackets around it
  // still close: one diagnostic, not one per enclosing bracket.
  { name: '10,000 levels of flow sequences', bytes: utf8(`name: m\nalgorithm: a\nmlFeatures: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`), expect: nestedTooDeep },
  { name: '10,000 levels of flow mappings', bytes: utf8(`name: m\nalgorithm: a\nmlStore: ${'{a: '.repeat(10_000)}b${'}'.repeat(10_000)}\n`), expect: nestedTooDeep },
  { name: 'a 20 MB file, just inside the limit', bytes: utf8(aboutTwentyMiB), expect: [], boundMs: 10_000 },
  { name: 'a 21 MB file, over the limit', bytes: utf8(`name: m\nalgorithm: a\ndescription: ${'x'.repeat(21 * MiB)}\n`), expect: ['too-large'], boundMs: 10_000 },
  { name: 'duplicate keys', bytes: utf8('name: m\nalgorithm: a\nname: n\nmlStore:\n  storage: s\n  storage: t\n'), expect: ['duplicate-key', 'duplicate-key'] },
  { name: 'multiple documents', bytes: utf8('name: m\nalgorithm: a\n---\nname: n\nalgorithm: b\n'), expect: ['yaml-syntax'] },
  { name: 'an empty file', bytes: utf8(''), expect: ['empty-file'] },
  { name: 'only a comment', bytes: utf8('# nothing yet\n'), expect: ['empty-file'] },
  { name: 'a byte order mark and CRLF line endings', bytes: utf8('\uFEFFname: churn::model\r\nalgorithm: a\r\nmlFeatures:\r\n  - name: f\r\n    dataType: numeric\r\n'), expect: ['invalid-value', 'invalid-value'] },
  { name: 'tabs for indentation', bytes: utf8('name: m\nalgorithm: a\nmlStore:\n\tstorage: s\n'), expect: (ds) => assert.ok(ds.some((d) => d.code === 'yaml-syntax' && /tab/i.test(String(d.message)))) },
  { name: 'binary bytes', bytes: Buffer.from([0, 1, 2, 255, 254, 10, 0x7b, 0x5b, 0x22, 0, 0xc3, 0x28, 10, 0x6e, 0x3a, 0x20, 0xe2, 0x82]), expect: (ds) => assert.ok(ds.some((d) => d.code === 'invalid-character' && d.range.start.line === 0 && d.range.start.character === 0)) },
  { name: 'a 1 MB line', bytes: utf8(`name: m\nalgorithm: ${'x'.repeat(MiB)}\n`), expect: [] },
];

const isUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** The text an editor holds for these bytes: UTF-8, the byte order mark dropped (VS Code drops it). */
const editorText = (bytes: Buffer) => bytes.toString('utf8').replace(/^\uFEFF/, '');

const service = createLanguageService(resolveSettings({}));

function check(c: Case, diagnostics: Diagnostic[]): void {
  if (typeof c.expect === 'function') c.expect(diagnostics);
  else assert.deepEqual(diagnostics.map((d) => d.code), c.expect);
}

for (const c of CASES) {
  test(`service: ${c.name}`, async () => {
    const text = editorText(c.bytes);
    const { diagnostics } = await everyRequest(service, text, [0, Math.floor(text.length / 2), text.length], c.boundMs ?? 2_000);
    check(c, diagnostics);
  });
}

test('service: positions with a byte order mark and CRLF line endings are on the characters they name', async () => {
  const text = editorText(CASES.find((c) => c.name.includes('byte order mark'))!.bytes);
  const { diagnostics, document } = await everyRequest(service, text, [], 2_000);
  assert.deepEqual(
    diagnostics.map((d) => document.getText(d.range)),
    ['churn::model', 'numeric'],
  );
  const model = service.parse(text);
  const fixes = service.codeActions(document, model, diagnostics);
  const edit = fixes.flatMap((a) => Object.values(a.edit?.changes ?? {}).flat())[0];
  assert.equal(document.getText(edit.range), 'numeric', 'the quick fix replaces the value, not the CR after it');
  const hover = service.hover(document, model, { line: 1, character: 3 });
  assert.match(JSON.stringify(hover), /Algorithm used to train/);
  const completion = await service.complete(document, model, { line: 4, character: 21 });
  assert.ok(completion.items.some((i) => i.label === 'numerical'));
});

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlmodel-hostile-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const fileOf = (c: Case) => join(dir, `${c.name.replace(/[^a-z0-9]+/gi, '-')}.mlmodel.yaml`);

test('CLI: the same diagnostics as the service for every hostile file that is UTF-8, the others refused (exit 2), no stack trace', async () => {
  for (const c of CASES) writeFileSync(fileOf(c), c.bytes);
  const r = await runCli(['validate', '--format', 'json', ...CASES.map(fileOf)], {}, 60_000);
  assert.equal(r.timedOut, false);
  assert.equal(r.code, 2, r.stderr);
  assertNoStackTrace(r.stdout + r.stderr, 'validate');
  const results = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Array<Diagnostic & { severity: string }>; error?: string }>;
  for (const [i, c] of CASES.entries()) {
    if (!isUtf8(c.bytes)) {
      // The editor shows U+FFFD where the bytes were not UTF-8 (an error there); the CLI does not read the file.
      assert.match(results[i].error ?? '', /^not valid UTF-8: byte 0x[0-9A-F]{2} at line \d+, column \d+; save the file as UTF-8$/, c.name);
      continue;
    }
    const mine = service.validate(...documentAndModel(editorText(c.bytes)));
    assert.deepEqual(
      results[i].diagnostics.map(({ range, code, message }) => ({ range, code, message })),
      mine.map(({ range, code, message }) => ({ range, code, message })),
      c.name,
    );
  }
});

test('CLI: exit 0 for a clean hostile file, 1 for one with errors, in text output too', async () => {
  const clean = await runCli(['validate', fileOf(CASES.find((c) => c.name.includes('1 MB line'))!)]);
  assert.equal(clean.code, 0, clean.stdout);
  assert.match(clean.stdout, /^1 file valid\n$/);
  const bom = await runCli(['validate', fileOf(CASES.find((c) => c.name.includes('byte order mark'))!)]);
  assert.equal(bom.code, 1);
  // 1-based, as the editor shows it: the byte order mark is not a column.
  assert.match(bom.stdout, /:1:7 error `name` must not contain `::`/);
  assert.match(bom.stdout, /:5:15 error `dataType` must be one of/);
});

test('CLI: what is not a regular file is refused at once (exit 2), instead of read forever', async () => {
  const special = join(dir, 'special');
  mkdirSync(special);
  symlinkSync('/dev/zero', join(special, 'zero.mlmodel.yaml'));
  execFileSync('mkfifo', [join(special, 'fifo.mlmodel.yaml')]);
  const r = await runCli(['validate', special], {}, 10_000);
  assert.equal(r.timedOut, false, 'answered without reading forever');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /fifo\.mlmodel\.yaml: cannot read: not a regular file/);
  assert.match(r.stderr, /zero\.mlmodel\.yaml: cannot read: not a regular file/);
  assertNoStackTrace(r.stdout + r.stderr, 'validate');
});

function documentAndModel(text: string, uri = 'file:///hardening/model.mlmodel.yaml') {
  const document = TextDocument.create(uri, 'mlmodel-yaml', 1, text);
  return [document, service.parse(text)] as const;
}

test('server: every hostile file gets the service’s diagnostics (above), every request is answered, nothing fails, the server stays up', async () => {
  const server = await startServer();
  try {
    for (const c of CASES) {
      const uri = pathToFileURL(fileOf(c)).href;
      const text = editorText(c.bytes);
      const { diagnostics } = await server.open(uri, text);
      const [document, model] = documentAndModel(text, uri);
      assert.deepEqual(diagnostics, service.validate(document, model), c.name);
      const last = document.positionAt(text.length);
      const mid = document.positionAt(Math.floor(text.length / 2));
      for (const position of [{ line: 0, character: 0 }, mid, last]) {
        await server.request('textDocument/hover', { textDocument: { uri }, position }, 15_000);
        await server.request('textDocument/completion', { textDocument: { uri }, position }, 15_000);
      }
      await server.request('textDocument/documentSymbol', { textDocument: { uri } }, 15_000);
      await server.request('textDocument/foldingRange', { textDocument: { uri } }, 15_000);
      await server.request('textDocument/codeAction', { textDocument: { uri }, range: { start: mid, end: mid }, context: { diagnostics } }, 15_000);
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    assert.equal(server.exited(), false);
    const failures = server.notifications.filter((n) => n.method === 'window/logMessage' && / failed: /.test((n.params as { message: string }).message));
    assert.deepEqual(failures, [], 'no request failed inside the server');
  } finally {
    await server.close();
  }
});

test('server: a document that grows past the limit gets one diagnostic, and its errors back when it shrinks', async () => {
  const server = await startServer({}, { maxFileSizeMB: 1, debounceMs: 0 });
  try {
    const uri = 'file:///hardening/growing.mlmodel.yaml';
    const small = 'name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    dataType: numeric\n';
    assert.deepEqual((await server.open(uri, small)).diagnostics.map((d) => d.code), ['invalid-value']);
    const big = `${small}description: ${'x'.repeat(2 * MiB)}\n`;
    let since = server.notifications.length;
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: big.slice(small.length) }] });
    const grown = await server.diagnostics(uri, 2, since);
    assert.deepEqual(grown.diagnostics.map((d) => d.code), ['too-large']);
    assert.match(String(grown.diagnostics[0].message), /more than the 1\.0 MB .*mlmodel\.validation\.maxFileSizeMB/);
    since = server.notifications.length;
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: small }] });
    assert.deepEqual((await server.diagnostics(uri, 3, since)).diagnostics.map((d) => d.code), ['invalid-value']);
  } finally {
    await server.close();
  }
});
