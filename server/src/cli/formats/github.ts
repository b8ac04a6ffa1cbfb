// `--format github`: GitHub Actions workflow commands, one per diagnostic, which the runner turns
// into annotations on the file's lines in the pull request:
//   ::error file=m.mlmodel.yaml,line=3,endLine=3,col=12,endColumn=18,title=unknown-table::Unknown table …
// Escaping is GitHub's (actions/toolkit's `command.ts`): `%`, CR and LF in the message; those and
// `:` and `,` in property values too, or a path with a comma would end the property early.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { messageOf, repoPath, type FileReport } from './report';

type Command = 'error' | 'warning' | 'notice';

const COMMAND: Record<DiagnosticSeverity, Command> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'notice',
  [DiagnosticSeverity.Hint]: 'notice',
};

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(command: Command, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * 1-based lines and columns. GitHub takes columns only on a one-line range (its annotations API
 * refuses them otherwise), and `endColumn` is the last character's column, so the LSP's exclusive
 * end character is that column as it stands.
 */
function annotation(file: string, d: Diagnostic): string {
  const { start, end } = d.range;
  const oneLine = start.line === end.line;
  return workflowCommand(
    COMMAND[d.severity ?? DiagnosticSeverity.Error],
    {
      file,
      line: start.line + 1,
      endLine: end.line + 1,
      col: oneLine ? start.character + 1 : undefined,
      endColumn: oneLine ? Math.max(start.character + 1, end.character) : undefined,
      title: d.code === undefined ? undefined : String(d.code),
    },
    messageOf(d),
  );
}

/** The workflow commands for every file's diagnostics, its read error, or its planned publish. */
export function githubAnnotations(reports: readonly FileReport[]): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    const file = repoPath(r.file);
    if (r.error !== undefined) lines.push(workflowCommand('error', { file, title: 'mlmodel' }, r.error));
    for (const d of r.diagnostics) lines.push(annotation(file, d));
    if (r.plan !== undefined) lines.push(workflowCommand('notice', { file, title: 'mlmodel publish --dry-run' }, r.plan));
  }
  return lines;
}
