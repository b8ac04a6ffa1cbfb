// What a command reports per file, in the shape every CI format writes: the diagnostics, or why
// the file could not be checked, or (publish --dry-run) what publishing it would do.

import { relative, resolve, sep } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { SuppressedDiagnostic } from '../../service/diagnostics';

export interface FileReport {
  file: string;
  diagnostics: readonly Diagnostic[];
  /** Warnings a `# mlmodel-ignore` comment acknowledges: SARIF keeps them as suppressed results; GitHub gets none. */
  suppressed?: readonly SuppressedDiagnostic[];
  /** The file could not be read or checked (a folder that cannot be listed, a server failure). */
  error?: string;
  /** publish --dry-run: what publishing the file would do, e.g. `mlflow_svc.churn would update (…)`. */
  plan?: string;
}

export const CI_FORMATS = ['github', 'sarif'] as const;
export type CiFormat = (typeof CI_FORMATS)[number];

export function isCiFormat(format: string | undefined): format is CiFormat {
  return (CI_FORMATS as readonly string[]).includes(format ?? '');
}

/**
 * The file's path as CI tools want it: relative to the working directory (the checkout, in a
 * workflow) with `/`, so an annotation lands on the file in the pull request. A file outside it
 * keeps its absolute path.
 */
export function repoPath(file: string): string {
  const path = relative(process.cwd(), resolve(file));
  if (path === '' || path.startsWith('..') || resolve(path) === path) return resolve(file).split(sep).join('/');
  return path.split(sep).join('/');
}

/** A diagnostic's message as text (the LSP allows Markdown there; ours are text). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
