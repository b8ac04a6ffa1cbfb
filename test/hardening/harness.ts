// Shared by the hardening tests: every language feature run on one text, each within a time bound;
// fake tokens; polling. The bounds are safety bounds (the editor must not hang), not benchmarks:
// generous enough to hold on a loaded two-core machine.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import type { LanguageService } from '../../server/src/service/languageService';
import type { ModelDocument } from '../../server/src/service/document';

/**
 * An obviously fake token, new for every test run, so a leak cannot be an accident of the fixture.
 * Like a real one it holds no word: any 8 characters of a token are hidden wherever they appear,
 * and `hardening` in a token would hide it in the tests' file paths too.
 */
export function fakeToken(label: string): string {
  return `${label.slice(0, 4)}.fake.${randomBytes(12).toString('hex')}`;
}

/** Run `request`, and fail if it throws or takes longer than `boundMs`. */
export async function within<T>(what: string | (() => string), boundMs: number, request: () => T | Promise<T>): Promise<T> {
  const name = () => (typeof what === 'string' ? what : what());
  const started = performance.now();
  let result: T;
  try {
    result = await request();
  } catch (e) {
    assert.fail(`${name()} threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const ms = performance.now() - started;
  if (ms > boundMs) assert.fail(`${name()} took ${Math.round(ms)} ms (bound ${boundMs} ms)`);
  return result;
}

export interface Answers {
  diagnostics: Diagnostic[];
  model: ModelDocument;
  document: TextDocument;
}

/**
 * Every request the editor makes, on `text`: parse, validate, quick fixes for the diagnostics,
 * symbols, folding, links, lenses, and hover and completion at `positions` (offsets). Each must
 * answer within `boundMs`, and every range it returns must lie inside the document.
 */
export async function everyRequest(service: LanguageService, text: string, offsets: number[], boundMs: number): Promise<Answers> {
  const document = TextDocument.create('file:///hardening/model.mlmodel.yaml', 'mlmodel-yaml', 1, text);
  const label = (what: string) => () => `${what} on ${describe(text)}`;
  const model = await within(label('parse'), boundMs, () => service.parse(text));
  const diagnostics = await within(label('validate'), boundMs, () => service.validate(document, model));
  for (const d of diagnostics) {
    inside(document, d.range.start, label('a diagnostic'));
    inside(document, d.range.end, label('a diagnostic'));
    // Messages quote what the file says (up to twice: "write `k: v`"), but never amplify it (an
    // alias expanded into a message).
    const message = String(d.message);
    if (!(message.length > 0 && message.length <= 3 * text.length + 2000)) {
      assert.fail(label(`a diagnostic message that does not amplify the file (${d.code}, ${message.length} chars: ${describe(message)})`)());
    }
  }
  await within(label('codeActions'), boundMs, () => service.codeActions(document, model, diagnostics));
  await within(label('documentSymbols'), boundMs, () => service.documentSymbols(document, model));
  await within(label('foldingRanges'), boundMs, () => service.foldingRanges(document, model));
  await within(label('documentLinks'), boundMs, () => service.documentLinks(document, model));
  await within(label('codeLenses'), boundMs, () => service.codeLenses(document, model));
  for (const offset of offsets) {
    const position = document.positionAt(offset);
    await within(label(`hover at ${offset}`), boundMs, () => service.hover(document, model, position));
    const list = await within(label(`completion at ${offset}`), boundMs, () => service.complete(document, model, position));
    for (const item of list.items) {
      const edit = item.textEdit;
      if (edit && 'range' in edit) {
        inside(document, edit.range.start, label('a completion edit'));
        inside(document, edit.range.end, label('a completion edit'));
      }
    }
  }
  return { diagnostics, model, document };
}

function inside(document: TextDocument, position: Position, what: () => string): void {
  if (!(position.line >= 0 && position.line < document.lineCount && position.character >= 0)) assert.fail(`${what()}: ${JSON.stringify(position)} outside the document`);
}

/** A text short enough for a failure message. */
export function describe(text: string): string {
  return text.length <= 300 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 150))}…(${text.length} chars)…${JSON.stringify(text.slice(-100))}`;
}

/** Poll `condition` until it holds, or fail after `ms`. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** No stack trace in a process's output. */
export function assertNoStackTrace(output: string, what: string): void {
  assert.doesNotMatch(output, /\n\s+at .+[(:]\d+|^\s+at /m, `${what}: a stack trace in ${JSON.stringify(output.slice(0, 500))}`);
}

export const REPO = join(__dirname, '..', '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed after the time allowed. */
  timedOut: boolean;
}

/** The built CLI, without blocking this process (a sandbox started by the test answers from it); killed after `timeoutMs`. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...process.env, OPENMETADATA_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
