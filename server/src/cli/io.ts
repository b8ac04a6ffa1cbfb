// Small shared pieces of the CLI commands: output, usage errors, reading model files.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { hideSecret } from '../openmetadata/errors';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;
/** `diff`: the file is valid and publishing it would change something (1 is kept for an invalid file). */
export const EXIT_CHANGES = 3;

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * The token this run read (see clientFrom). Everything the CLI prints or writes goes through
 * hideSecret with it, so no piece of it is shown, whatever a server sent back or a file holds.
 */
let secret: string | undefined;

export function hideInOutput(token: string | undefined): void {
  secret = token;
}

/** `text` without any piece of this run's token: for what the CLI writes to files (out and err apply it too). */
export function withoutSecret(text: string): string {
  return hideSecret(text, secret);
}

export function out(text: string): void {
  if (!closed.has(process.stdout)) process.stdout.write((text = hideSecret(text, secret)).endsWith('\n') ? text : text + '\n');
}

export function err(text: string): void {
  if (!closed.has(process.stderr)) process.stderr.write((text = hideSecret(text, secret)).endsWith('\n') ? text : text + '\n');
}

const closed = new Set<NodeJS.WriteStream>();

/**
 * `mlmodel validate . | head -1`: once the reader of standard output (or error) has gone, nothing
 * more is written to it, and the command goes on to the exit status of what it did, as `git` and
 * `grep` do when their output is cut, rather than dying on EPIPE with a stack trace. The work is
 * not cut short: a publish under way finishes, so its account is not lost with the pipe.
 */
export function quietWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
      closed.add(stream);
    });
  }
}

export const SEVERITY_NAME: Record<DiagnosticSeverity, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** A diagnostic as every command prints it, like compilers: `file:line:col severity message [code]`, 1-based. */
export function diagnosticLine(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error]} ${d.message} [${d.code}]`;
}

/**
 * A command that cannot do what was asked, for a reason it states in one line (a file it must not
 * replace, a folder it cannot read): exit status 2, without the usage, which would bury the reason.
 */
export class CommandError extends Error {}

/** A file system error in a few words, without the call and path Node adds to its message. */
export function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

const MODEL_FILE = /\.mlmodel\.ya?ml$/;

/** A file to read, or a folder that could not be listed (its model files unknown) with why. */
export interface FileEntry {
  file: string;
  error?: string;
}

/**
 * Files named on the command line; a directory stands for every model file below it. A folder that
 * cannot be listed (permissions) is an entry with its error, in its place, and the rest is still
 * found: each command decides what it means (validate reports it and checks the rest; publish,
 * which reads everything before writing, stops).
 */
export function expandFiles(args: readonly string[]): FileEntry[] {
  const entries: FileEntry[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      // Not there: reported when it is read.
    }
    if (isDir) entries.push(...modelFilesIn(arg));
    else entries.push({ file: arg });
  }
  return entries;
}

function modelFilesIn(dir: string): FileEntry[] {
  let listing;
  try {
    listing = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return [{ file: dir, error: `${reason(e)} (a folder: the model files in it were not read)` }];
  }
  const found: FileEntry[] = [];
  for (const entry of listing) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...modelFilesIn(path));
    else if (MODEL_FILE.test(entry.name)) found.push({ file: path });
  }
  return found.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}

/**
 * The file's text, or a one-line reason it cannot be read. Only regular files are read (a FIFO or
 * a link to /dev/zero would never end), and a byte order mark is dropped, as the editor drops it,
 * so that positions on the first line are the editor's. A file that is not UTF-8 is refused with
 * the position of its first invalid byte, rather than read with replacement characters (a model
 * named `caf�_model` would be published).
 */
export function readText(file: string): { text: string } | { error: string } {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { error: stat.isDirectory() ? 'is a directory' : 'not a regular file' };
    const bytes = readFileSync(file);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return { error: notUtf8(bytes) };
    }
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    return { error: reason(e) };
  }
}

/** Where the first byte that is not UTF-8 is, as line:column of the text before it (as the editor counts). */
function notUtf8(bytes: Buffer): string {
  const lenient = bytes.toString('utf8');
  // The text before the first invalid byte decodes the same either way: the first U+FFFD that is
  // not one written in the file (bytes EF BF BD) stands for it.
  for (let i = lenient.indexOf('\uFFFD'); i >= 0; i = lenient.indexOf('\uFFFD', i + 1)) {
    const offset = Buffer.byteLength(lenient.slice(0, i));
    if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue;
    const lines = lenient.slice(lenient.charCodeAt(0) === 0xfeff ? 1 : 0, i).split(/\r\n|\r|\n/);
    const hex = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
    return `not valid UTF-8: byte 0x${hex} at line ${lines.length}, column ${lines[lines.length - 1].length + 1}; save the file as UTF-8`;
  }
  return 'not valid UTF-8; save the file as UTF-8';
}
