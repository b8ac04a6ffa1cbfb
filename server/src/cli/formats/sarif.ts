// `--format sarif`: a SARIF 2.1.0 log (OASIS), what GitHub code scanning and other CI dashboards
// read. One run; the tool's rules are our diagnostic codes with what each means; each diagnostic
// is a result on its file's region, 1-based, columns in UTF-16 code units as the LSP counts them
// (SARIF's default `columnKind`, said anyway). A file that could not be read is a notification
// of the run, which then did not execute successfully: a dashboard must not show it as clean.

import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { Severity } from '../../shared/settings';
import { messageOf, repoPath, type FileReport } from './report';
import { RULES, RULES_URL } from './rules';

type Level = 'error' | 'warning' | 'note' | 'none';

const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const LEVEL_OF: Record<DiagnosticSeverity, Level> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'note',
  [DiagnosticSeverity.Hint]: 'note',
};

/** publish --dry-run's account of a file: not a problem, what would change. */
const PLAN_RULE = 'publish-plan';

const SRCROOT = 'SRCROOT';

export function sarifLog(reports: readonly FileReport[], version: string): object {
  const rules = [
    ...RULES.map((r) => ({
      id: r.code,
      shortDescription: { text: r.text },
      help: { text: r.text, markdown: r.markdown },
      helpUri: RULES_URL,
      defaultConfiguration: { level: LEVEL[r.severity] },
    })),
    ...(reports.some((r) => r.plan !== undefined)
      ? [{ id: PLAN_RULE, shortDescription: { text: 'What publishing the file would change on the server, and the version it would produce.' }, defaultConfiguration: { level: 'note' } }]
      : []),
  ];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const artifact = (file: string) => ({ uri: encodeURI(repoPath(file)), uriBaseId: SRCROOT });
  const results: object[] = [];
  const notifications: object[] = [];
  for (const r of reports) {
    if (r.error !== undefined) {
      notifications.push({ level: 'error', message: { text: `${r.file}: ${r.error}` }, locations: [{ physicalLocation: { artifactLocation: artifact(r.file) } }] });
    }
    for (const d of r.diagnostics) results.push(result(d, artifact(r.file), ruleIndex));
    // Acknowledged in the file: kept as results with SARIF's in-source suppression (code scanning
    // shows them as dismissed), the comment's reason as the justification and its place as location.
    for (const d of r.suppressed ?? []) {
      results.push({
        ...result(d, artifact(r.file), ruleIndex),
        suppressions: d.suppressions.map((s) => ({
          kind: s.kind,
          ...(s.justification !== undefined ? { justification: s.justification } : {}),
          location: { physicalLocation: { artifactLocation: artifact(r.file), region: region(s.range) } },
        })),
      });
    }
    if (r.plan !== undefined) {
      results.push({ ruleId: PLAN_RULE, ruleIndex: ruleIndex.get(PLAN_RULE), kind: 'informational', level: 'none', message: { text: r.plan }, locations: [{ physicalLocation: { artifactLocation: artifact(r.file) } }] });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mlmodel', version, informationUri: RULES_URL.replace(/#.*/, ''), rules } },
        // Where the relative URIs start: the working directory (the checkout, in a workflow).
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(process.cwd() + '/').href } },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function result(d: Diagnostic, artifactLocation: object, ruleIndex: Map<string, number>): object {
  const code = d.code === undefined ? undefined : String(d.code);
  return {
    ...(code !== undefined ? { ruleId: code, ...(ruleIndex.has(code) ? { ruleIndex: ruleIndex.get(code) } : {}) } : {}),
    level: LEVEL_OF[d.severity ?? DiagnosticSeverity.Error],
    message: { text: messageOf(d) },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          region: region(d.range),
        },
      },
    ],
  };
}

/** An LSP range as a SARIF region: 1-based; SARIF's end column is the one after the region, as the LSP's end character is. */
function region({ start, end }: Range): object {
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
