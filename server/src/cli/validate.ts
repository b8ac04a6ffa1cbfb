// `mlmodel validate [--format text|json] FILES...`: the editor's diagnostics, for CI.
// Exit 0 when no file has an error, 1 when one has, 2 on a usage error or an unreadable file or
// folder (after validating and reporting every other file: CI must not pass over unseen files).

import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { SuppressedDiagnostic } from '../service/diagnostics';
import { createLanguageService } from '../service/languageService';
import { resolveSettings } from '../shared/settings';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, SEVERITY_NAME, UsageError, diagnosticLine, err, expandFiles, out, readText } from './io';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, clientFrom } from './connect';
import { CatalogIndex } from '../service/catalogIndex';
import { duplicateModelDiagnostics, type ModelFile } from './duplicates';
import { githubAnnotations } from './formats/github';
import { sarifLog } from './formats/sarif';
import { isCiFormat } from './formats/report';
import { version } from './version';

export const VALIDATE_USAGE = `Usage: mlmodel validate [--server URL] [--format text|json|github|sarif] FILES...

Validates *.mlmodel.yaml files (a directory stands for every model file below it). Two files that
define one model (service + name) are errors. With --server, references and the server's write
rules are checked against that OpenMetadata catalog too.
  --format text      file:line:col severity message [code]  (default; 1-based positions)
  --format json      [{"file", "diagnostics": [{"range", "severity", "code", "message"}],
                     "suppressed": [{…, "suppressions": [{"kind", "justification", "range"}]}]}]
                     with 0-based LSP positions; "suppressed": the warnings a
                     "# mlmodel-ignore" comment acknowledges (not counted)
  --format github    GitHub Actions annotations (::error file=…,line=…,col=…::message)
  --format sarif     a SARIF 2.1.0 log, for code scanning
${CONNECTION_USAGE}
Exit status: 0 no errors, 1 errors found, 2 usage error, unusable server (also one that failed
during the checks, after asking again), or a file or folder that cannot be read (named on stderr;
every other file is still validated and reported).`;

interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
  /** What `# mlmodel-ignore` comments acknowledge: listed in JSON, counted in the text summary, never an error. */
  suppressed?: SuppressedDiagnostic[];
  error?: string;
}

/** `--format json`: LSP diagnostics with the severity by name. */
const jsonDiagnostic = ({ range, severity, code, message, source, relatedInformation }: Diagnostic) => ({
  range,
  severity: SEVERITY_NAME[severity ?? DiagnosticSeverity.Error],
  code,
  source,
  message,
  ...(relatedInformation ? { relatedInformation } : {}),
});

export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' }, ...CONNECTION_OPTIONS },
    allowPositionals: true,
  });
  if (values.help) {
    out(VALIDATE_USAGE);
    return EXIT_OK;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && !isCiFormat(format)) throw new UsageError(`--format must be text, json, github or sarif, not ${format}`);
  if (!positionals.length) throw new UsageError('name at least one file or directory to validate');

  const service = createLanguageService(resolveSettings({}));
  const client = clientFrom(values, err);
  const index = client && new CatalogIndex(client);
  if (index) {
    service.setCatalog(index);
    await index.start();
    if (index.state.kind === 'error') {
      // In CI an unusable catalog is a failure to act on, not a check to skip.
      err(`mlmodel validate: ${index.state.message}`);
      return EXIT_USAGE;
    }
  }
  const results: FileResult[] = [];
  const resultOf = new Map<ModelFile, FileResult>();
  for (const { file, error } of expandFiles(positionals)) {
    if (error !== undefined) {
      results.push({ file, diagnostics: [], error });
      continue;
    }
    const read = readText(file);
    if ('error' in read) {
      results.push({ file, diagnostics: [], error: read.error });
      continue;
    }
    const document = TextDocument.create(pathToFileURL(resolve(file)).href, 'mlmodel-yaml', 1, read.text);
    const model = service.parse(read.text);
    if (index) {
      // Unlike the editor, the CLI waits for every reference of the file to be looked up.
      service.validate(document, model);
      await index.settled();
    }
    const result: FileResult = { file, ...service.validateAll(document, model) };
    results.push(result);
    resultOf.set({ file, document, model }, result);
  }
  if (!results.length) throw new UsageError('no *.mlmodel.yaml files found');
  // Files seen together that define one model: each names the others.
  for (const [file, diagnostics] of duplicateModelDiagnostics([...resultOf.keys()])) {
    const result = resultOf.get(file)!;
    result.diagnostics = [...result.diagnostics, ...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  if (format === 'json') {
    const json = results.map((r) => ({ ...r, diagnostics: r.diagnostics.map(jsonDiagnostic), suppressed: (r.suppressed ?? []).map((d) => ({ ...jsonDiagnostic(d), suppressions: d.suppressions })) }));
    out(JSON.stringify(json, null, 2));
  } else if (isCiFormat(format)) {
    const reports = results.map((r) => (r.error === undefined ? r : { ...r, error: `cannot read: ${r.error}` }));
    if (format === 'sarif') out(JSON.stringify(sarifLog(reports, version), null, 2));
    else for (const line of githubAnnotations(reports)) out(line);
  } else printText(results);
  if (format === 'github' || format === 'text') out(summary(results));
  index?.stop();
  // The catalog failed during the checks and stayed failed through its retries: what it did not
  // answer was not checked, and a check that could not see everything does not pass.
  if (index?.state.kind === 'error') {
    err(`mlmodel validate: the catalog checks are incomplete: ${index.state.message}`);
    return EXIT_USAGE;
  }
  if (results.some((r) => r.error)) return EXIT_USAGE;
  return results.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? EXIT_PROBLEMS : EXIT_OK;
}

function printText(results: FileResult[]): void {
  for (const r of results) {
    if (r.error) {
      err(`${r.file}: cannot read: ${r.error}`);
      continue;
    }
    for (const d of r.diagnostics) out(diagnosticLine(r.file, d));
  }
}

/** `2 errors, 1 warning in 3 files`, or `3 files valid`. */
function summary(results: FileResult[]): string {
  const all = results.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === DiagnosticSeverity.Error).length;
  const warnings = all.filter((d) => d.severity === DiagnosticSeverity.Warning).length;
  const files = results.filter((r) => !r.error).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const acknowledged = results.reduce((n, r) => n + (r.suppressed?.length ?? 0), 0);
  const ack = acknowledged ? ` (${acknowledged} acknowledged by # mlmodel-ignore)` : '';
  return `${errors || warnings ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}` : `${plural(files, 'file')} valid`}${ack}`;
}
