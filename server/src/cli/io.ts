// Small shared pieces of the CLI commands: output, usage errors, reading model files.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { hideSecret } from '../openmetadata/errors';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

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

export function out(text: string): void {
  text = hideSecret(text, secret);
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function err(text: string): void {
  text = hideSecret(text, secret);
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
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

/** An output file that exists is kept unless --force: a usage error, before any work is done. */
export function refuseToReplace(file: string | undefined, force: boolean | undefined): void {
  if (file !== undefined && existsSync(file) && !force) throw new UsageError(`${file} exists; use --force to replace it`);
}

/** `text` written to `file` (said on standard error), or to standard output without one. */
export function writeOutput(file: string | undefined, text: string): void {
  text = hideSecret(text, secret);
  if (file === undefined) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(file, text);
  err(`wrote ${file}`);
}

const MODEL_FILE = /\.mlmodel\.ya?ml$/;

/** Files named on the command line; a directory stands for every model file below it. */
export function expandFiles(args: readonly string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      // Not there: reported when it is read.
    }
    if (isDir) files.push(...modelFilesIn(arg));
    else files.push(arg);
  }
  return files;
}

function modelFilesIn(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...modelFilesIn(path));
    else if (MODEL_FILE.test(entry.name)) found.push(path);
  }
  return found.sort();
}

/**
 * The file's text, or a one-line reason it cannot be read. Only regular files are read (a FIFO or
 * a link to /dev/zero would never end), and a byte order mark is dropped, as the editor drops it,
 * so that positions on the first line are the editor's.
 */
export function readText(file: string): { text: string } | { error: string } {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { error: stat.isDirectory() ? 'is a directory' : 'not a regular file' };
    const text = readFileSync(file, 'utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return { error: reason };
  }
}
