// Problems as LSP diagnostics: ranges from the nodes' current offsets, severity from the settings.

import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticCode, Settings, Severity } from '../shared/settings';
import type { Suppressed } from './ignoreComments';
import type { Fix, Problem } from './types';

export const DIAGNOSTIC_SOURCE = 'mlmodel';

/**
 * What a quick fix finds in `Diagnostic.data` (it survives the round trip through the client).
 * `proposedBy`: the codes of the problems that suggested the replacements (Fix all applies only
 * some kinds: see codeActions.ts).
 */
export type DiagnosticData = { replace: string[]; proposedBy: DiagnosticCode[] } | { addFields: string[]; mapStart: number };

/**
 * A diagnostic a `# mlmodel-ignore` comment acknowledges (see ignoreComments.ts): not shown in
 * the editor; the CLI lists it apart. `suppressions` has the shape of SARIF's result property of
 * that name (kind `inSource`, the comment's reason as `justification`, the comment's range).
 */
export type SuppressedDiagnostic = Diagnostic & { suppressions: Array<{ kind: 'inSource'; justification?: string; range: Range }> };

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * One diagnostic per range: several problems on the same characters are one mistake seen by
 * several checks (a half-typed key is both "missing `:`" and "unknown field"; `Tier` in `tags` is
 * both not a tag FQN and not in the catalog). The most severe is shown; of equals, the first in
 * `problems`, which the language service orders root cause first: the YAML, the format, what a
 * failed publish found, then the catalog.
 * What the others say is its related information, and their replacements are its quick fixes too.
 */
export function toDiagnostics(problems: readonly Problem[], document: TextDocument, settings: Pick<Settings, 'severity'>): Diagnostic[] {
  const byRange = new Map<string, Array<{ problem: Problem; severity: DiagnosticSeverity }>>();
  for (const p of problems) {
    const configured = settings.severity[p.code];
    if (configured === 'off') continue;
    const key = `${p.target.start}:${p.target.end}`;
    const entry = { problem: p, severity: SEVERITY[configured ?? p.severity] };
    const same = byRange.get(key);
    if (same) same.push(entry);
    else byRange.set(key, [entry]);
  }
  const out: Diagnostic[] = [];
  for (const same of byRange.values()) {
    // DiagnosticSeverity counts up from Error.
    const { problem: p, severity } = same.reduce((best, e) => (e.severity < best.severity ? e : best));
    const diagnostic: Diagnostic = {
      range: { start: document.positionAt(p.target.start), end: document.positionAt(p.target.end) },
      severity,
      code: p.code,
      source: DIAGNOSTIC_SOURCE,
      message: p.message,
    };
    const related = (p.related ?? []).map((r) => {
      const start = document.positionAt(r.target.start);
      return {
        location: { uri: document.uri, range: { start, end: document.positionAt(r.target.end) } },
        message: `${r.message} (line ${start.line + 1})`,
      };
    });
    const others = same.map((e) => e.problem).filter((o) => o !== p);
    for (const message of new Set(others.map((o) => o.message))) {
      if (message !== p.message) related.push({ location: { uri: document.uri, range: diagnostic.range }, message });
    }
    if (related.length) diagnostic.relatedInformation = related;
    const fix = p.fix?.kind === 'add-fields' ? p.fix : replacementsOf([p, ...others]);
    if (fix?.kind === 'replace') {
      const proposedBy = [...new Set([p, ...others].filter((o) => o.fix?.kind === 'replace').map((o) => o.code))];
      diagnostic.data = { replace: fix.with, proposedBy } satisfies DiagnosticData;
    }
    else if (fix?.kind === 'add-fields') diagnostic.data = { addFields: fix.fields, mapStart: fix.map.start } satisfies DiagnosticData;
    out.push(diagnostic);
  }
  return out;
}

/**
 * The replacements the problems on one range suggest for its characters, the shown one's first.
 * (A fix that adds fields is about the mapping the range stands in for: it stays with its own problem.)
 */
function replacementsOf(problems: readonly Problem[]): Fix | undefined {
  const replacements = [...new Set(problems.flatMap((p) => (p.fix?.kind === 'replace' ? p.fix.with : [])))];
  return replacements.length ? { kind: 'replace', with: replacements } : undefined;
}

/** The acknowledged problems as diagnostics (at the severity they would have), each with its comment. */
export function toSuppressedDiagnostics(suppressed: readonly Suppressed[], document: TextDocument, settings: Pick<Settings, 'severity'>): SuppressedDiagnostic[] {
  return suppressed.flatMap(({ problem, comment }) =>
    toDiagnostics([problem], document, settings).map((d) => ({
      ...d,
      suppressions: [{ kind: 'inSource' as const, ...(comment.reason ? { justification: comment.reason } : {}), range: { start: document.positionAt(comment.start), end: document.positionAt(comment.end) } }],
    })),
  );
}
