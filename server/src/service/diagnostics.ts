// Problems as LSP diagnostics: ranges from the nodes' current offsets, severity from the settings.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings, Severity } from '../shared/settings';
import type { Problem } from './types';

export const DIAGNOSTIC_SOURCE = 'mlmodel';

/** What a quick fix finds in `Diagnostic.data` (it survives the round trip through the client). */
export type DiagnosticData = { replace: string[] } | { addFields: string[]; mapStart: number };

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostics(problems: readonly Problem[], document: TextDocument, settings: Pick<Settings, 'severity'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of problems) {
    const configured = settings.severity[p.code];
    if (configured === 'off') continue;
    const diagnostic: Diagnostic = {
      range: { start: document.positionAt(p.target.start), end: document.positionAt(p.target.end) },
      severity: SEVERITY[configured ?? p.severity],
      code: p.code,
      source: DIAGNOSTIC_SOURCE,
      message: p.message,
    };
    if (p.related?.length) {
      diagnostic.relatedInformation = p.related.map((r) => {
        const start = document.positionAt(r.target.start);
        return {
          location: { uri: document.uri, range: { start, end: document.positionAt(r.target.end) } },
          message: `${r.message} (line ${start.line + 1})`,
        };
      });
    }
    if (p.fix?.kind === 'replace') diagnostic.data = { replace: p.fix.with } satisfies DiagnosticData;
    else if (p.fix?.kind === 'add-fields') diagnostic.data = { addFields: p.fix.fields, mapStart: p.fix.map.start } satisfies DiagnosticData;
    out.push(diagnostic);
  }
  return out;
}
