// `mlmodel publish FILE... --server URL [--dry-run] [--format text|json]` and
// `mlmodel diff FILE --server URL`: the editor's Publish and Preview, for CI.

import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTwoFilesPatch } from 'diff';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../service/languageService';
import { readModel } from '../service/model';
import { toDiagnostics } from '../service/diagnostics';
import { resolveSettings } from '../shared/settings';
import type { OpenMetadataClient } from '../openmetadata/client';
import { preparePublish } from '../publish/prepare';
import { executePlan, PublishStepError, type PublishReport } from '../publish/execute';
import type { ModelDocument } from '../service/document';
import { keptForBotLines, type PublishPlan } from '../publish/plan';
import { countTables, lineageChangeLines, lineageChangesOf, tableName, type KeptEdge } from '../shared/wording';
import { authoredFromEntity, modelYaml } from '../publish/authored';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, SERVER_REQUIRED, clientFrom } from './connect';
import { duplicateModelDiagnostics } from './duplicates';
import { EXIT_INTERRUPTED, Interruption } from './interrupt';
import { githubAnnotations } from './formats/github';
import { sarifLog } from './formats/sarif';
import { isCiFormat, type FileReport } from './formats/report';
import { version } from './version';
import { EXIT_CHANGES, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError, diagnosticLine, err, expandFiles, out, readText } from './io';

export const PUBLISH_USAGE = `Usage: mlmodel publish FILE... --server URL [--dry-run] [--format text|json|github|sarif]

Publishes each model with its lineage (one table → model edge per source table): resolves every
reference, PUTs the model, PUTs the lineage, and removes the edge of each table that was a source
on the server and is not in the file (unless the edge has a pipeline, a query, column lineage or a
description). A file with errors or an unresolved reference is not published, nor are two files
that define one model (service + name). --dry-run shows what would change, the resulting version
and the lineage to add and remove, without writing; with it, --format github (annotations) or
sarif (a SARIF 2.1.0 log) report the problems and the plans.
${CONNECTION_USAGE}
Ctrl+C: the requests already sent are answered, no other is sent, and what was written and what
was not (the model, each lineage edge) is listed; Ctrl+C again stops at once.
Exit status: 0 published (or nothing to change), 1 problems in a file or a step that failed,
2 usage error, unreadable file or unusable server, 130 interrupted.`;

export const DIFF_USAGE = `Usage: mlmodel diff FILE --server URL

Shows what publishing FILE would change on the server, as a unified diff of the server's model
against the file (both in the file format), the version it would produce, and the lineage edges it
would add and remove.
${CONNECTION_USAGE}
Exit status: 0 no change, 1 an invalid file (errors, or a reference the server does not have),
2 usage error, unreadable file or unusable server, 3 changes pending.`;

const service = createLanguageService(resolveSettings({}));

/** A dry run's outcome in the CI formats: its problems, why it could not be planned, or its plan. */
function reportOf(o: FileOutcome): FileReport {
  const diagnostics = o.diagnostics ?? [];
  if (o.status === 'planned') return { file: o.file, diagnostics, plan: outcomeLines(o, true).map((line, i) => (i === 0 ? line.slice(o.file.length + 2) : line.trim())).join('\n') };
  if (o.status === 'problems') return { file: o.file, diagnostics };
  return { file: o.file, diagnostics, error: o.error ?? 'not published' };
}

interface FileOutcome {
  file: string;
  status: 'published' | 'planned' | 'unchanged' | 'problems' | 'failed' | 'interrupted';
  fqn?: string;
  /** After a publish was attempted: whether the model itself was written (unknown when its answer was lost). */
  model?: 'written' | 'not written' | 'unknown';
  action?: PublishPlan['action'];
  version?: { from?: number; to: number };
  summary?: string;
  changedFields?: string[];
  /** Edits of the file a bot's token cannot apply (the server keeps its value). */
  keptForBot?: string[];
  lineage?: {
    tables: string[];
    present: string[];
    /** Tables no longer a source whose edge the publish removes, and those whose edge it keeps. */
    remove: string[];
    kept: KeptEdge[];
    written?: string[];
    failed?: Array<{ table: string; message: string }>;
    removed?: string[];
    removeFailed?: Array<{ table: string; message: string }>;
  };
  url?: string;
  diagnostics?: ReturnType<typeof toDiagnostics>;
  error?: string;
}

function connect(values: Parameters<typeof clientFrom>[0]): OpenMetadataClient {
  const client = clientFrom(values, err);
  if (!client) throw new UsageError(SERVER_REQUIRED);
  return client;
}

async function load(file: string) {
  const read = readText(file);
  if ('error' in read) return { error: read.error };
  const document = TextDocument.create(pathToFileURL(resolve(file)).href, 'mlmodel-yaml', 1, read.text);
  return { document, model: service.parse(read.text) };
}

export async function publishCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean', default: false }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' }, ...CONNECTION_OPTIONS },
    allowPositionals: true,
  });
  if (values.help) {
    out(PUBLISH_USAGE);
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json' && !isCiFormat(values.format)) throw new UsageError(`--format must be text, json, github or sarif, not ${values.format}`);
  // A publish reports what it wrote, which is no annotation of a file: the CI formats are for checks.
  if (isCiFormat(values.format) && !values['dry-run']) throw new UsageError(`--format ${values.format} is for --dry-run (a publish reports what it wrote: text or json)`);
  if (!positionals.length) throw new UsageError('name at least one file to publish');
  // Every file is read before anything is written: one that cannot be read stops the run whole.
  const files = [];
  for (const { file, error } of expandFiles(positionals)) {
    const loaded = error === undefined ? await load(file) : { error };
    if ('error' in loaded) {
      err(`${file}: cannot read: ${loaded.error}`);
      return EXIT_USAGE;
    }
    files.push({ file, ...loaded });
  }
  const client = connect(values);
  await checkServer(client);

  // Two files that define one model are neither published: each publish would undo the other.
  const duplicates = duplicateModelDiagnostics(files);

  // From here a failure belongs to its file: the others are still published, and every outcome
  // is reported, so nothing is written that the output does not show. Ctrl+C stops the run the
  // same way: what was written and what was not is reported, then exit status 130.
  const interruption = new Interruption((line) => err(`mlmodel publish: ${line}`));
  const outcomes: FileOutcome[] = [];
  try {
    for (const loaded of files) {
      const { file, document, model } = loaded;
      const duplicate = duplicates.get(loaded);
      if (duplicate) {
        outcomes.push({ file, status: 'problems', diagnostics: duplicate });
        continue;
      }
      if (interruption.interrupted) {
        outcomes.push({ file, status: 'interrupted', error: 'not published: interrupted before it was started; nothing of it was written' });
        continue;
      }
      outcomes.push(await publishFile(file, document, model, client, values['dry-run'], interruption));
    }
  } finally {
    interruption.dispose();
  }

  if (values.format === 'json') out(JSON.stringify(outcomes, null, 2));
  else if (isCiFormat(values.format)) {
    const reports = outcomes.map(reportOf);
    if (values.format === 'sarif') out(JSON.stringify(sarifLog(reports, version), null, 2));
    else for (const line of githubAnnotations(reports)) out(line);
  } else for (const o of outcomes) for (const line of outcomeLines(o, values['dry-run'])) out(line);
  if (interruption.interrupted) {
    err('mlmodel publish: interrupted; what was written and what was not is listed above; publish again to complete it');
    return EXIT_INTERRUPTED;
  }
  return outcomes.some((o) => o.status === 'problems' || o.status === 'failed') ? EXIT_PROBLEMS : EXIT_OK;
}

async function publishFile(file: string, document: TextDocument, model: ModelDocument, client: OpenMetadataClient, dryRun: boolean, interruption: Interruption): Promise<FileOutcome> {
  let prepared;
  try {
    // Reads only: the first Ctrl+C may cancel them.
    prepared = await preparePublish(model, client, { signal: interruption.stop });
  } catch (e) {
    if (interruption.interrupted) return { file, status: 'interrupted', error: 'not published: interrupted while it was checked against the server; nothing of it was written' };
    return { file, status: 'failed', error: `not published: ${(e as Error).message}` };
  }
  if (!prepared.plan) return { file, status: 'problems', diagnostics: toDiagnostics(prepared.problems, document, { severity: {} }) };
  const plan = prepared.plan;
  const base: FileOutcome = {
    file,
    status: 'planned',
    fqn: plan.fqn,
    action: plan.action,
    version: plan.version,
    summary: plan.summary,
    changedFields: plan.changedFields,
    keptForBot: plan.keptForBot,
    url: plan.url,
    lineage: {
      tables: plan.lineage.tables.map(tableName),
      present: plan.lineage.present,
      remove: lineageChangesOf(plan.lineage).remove,
      kept: plan.lineage.kept,
    },
  };
  if (dryRun) return base;
  if (interruption.interrupted) return { file, status: 'interrupted', error: 'not published: interrupted before it was written; nothing of it was written' };
  try {
    const report: PublishReport = await executePlan(plan, client, { stop: interruption.stop, signal: interruption.cancel });
    const incomplete = report.lineageFailed.length || report.lineageRemoveFailed.length;
    return {
      ...base,
      status: interruption.interrupted && incomplete ? 'interrupted' : incomplete ? 'failed' : plan.action === 'unchanged' && !report.lineageRemoved.length ? 'unchanged' : 'published',
      model: 'written',
      version: { from: report.previousVersion, to: report.version },
      lineage: { ...base.lineage!, written: report.lineageWritten, failed: report.lineageFailed, removed: report.lineageRemoved, removeFailed: report.lineageRemoveFailed },
    };
  } catch (e) {
    const step = e instanceof PublishStepError ? e : undefined;
    return {
      ...base,
      status: interruption.interrupted ? 'interrupted' : 'failed',
      model: step?.uncertain ? 'unknown' : 'not written',
      error: step ? step.message : `Publishing failed: ${(e as Error).message}`,
    };
  }
}

/**
 * A server that cannot be used stops the command before any file, with its one-line message and
 * exit status 2 (from main); not with the usage, as it is no mistake in how the command was called.
 */
async function checkServer(client: OpenMetadataClient): Promise<void> {
  await client.whoAmI();
}

type Verbs = Record<PublishPlan['action'], string>;
const WOULD: Verbs = { create: 'would create', update: 'would update', restore: 'would restore', unchanged: 'unchanged' };
const WRITTEN: Verbs = { create: 'created', update: 'updated', restore: 'restored', unchanged: 'unchanged' };
const NOT_WRITTEN: Verbs = { create: 'NOT created', update: 'NOT updated', restore: 'NOT restored', unchanged: 'unchanged' };
const UNKNOWN: Verbs = { create: 'may or may not be created', update: 'may or may not be updated', restore: 'may or may not be restored', unchanged: 'unchanged' };

/** What the text format prints for a file: its first line names it, the others are indented. */
function outcomeLines(o: FileOutcome, dryRun: boolean): string[] {
  const lines: string[] = [];
  const out = (line: string) => lines.push(line);
  if (!o.action) {
    // Stopped before a plan: problems in the file, or a server failure while resolving it.
    for (const d of o.diagnostics ?? []) out(diagnosticLine(o.file, d));
    out(`${o.file}: ${o.error ?? 'not published'}`);
    return lines;
  }
  const verb = dryRun ? WOULD[o.action!] : (o.model === 'not written' ? NOT_WRITTEN : o.model === 'unknown' ? UNKNOWN : WRITTEN)[o.action!];
  out(`${o.file}: ${o.fqn} ${verb} (${o.summary})`);
  // Before a publish they say what it will do; after one that wrote the model, they warn.
  const written = !dryRun && o.model === 'written';
  if (dryRun || written) for (const line of keptForBotLines(o.keptForBot ?? [])) out(`  ${written ? 'warning: ' : ''}${line}`);
  const lineage = o.lineage!;
  const fresh = lineage.tables.filter((t) => !lineage.present.includes(t));
  const incomplete = lineage.failed?.length || lineage.removeFailed?.length;
  out(`  lineage: ${countTables(lineage.tables.length)} → model${dryRun ? `, ${fresh.length} new: ${fresh.join(', ') || 'none'}` : ''}`);
  // When some edges are missing, the ones that are there are named too: the whole account.
  if (incomplete && lineage.written) out(`  lineage written: ${lineage.written.join(', ') || 'none'}`);
  if (lineage.removed?.length) out(`  lineage removed: ${lineage.removed.join(', ')} (no longer a feature source)`);
  for (const line of lineageChangeLines({ add: [], remove: dryRun ? lineage.remove : [], kept: lineage.kept })) out(`  ${line}`);
  for (const f of lineage.failed ?? []) out(`  lineage from ${f.table} NOT written: ${f.message}`);
  for (const f of lineage.removeFailed ?? []) out(`  lineage from ${f.table} NOT removed: ${f.message}`);
  if (lineage.failed?.length || lineage.removeFailed?.length) out('  publish again to complete the lineage');
  if (o.error) out(`  ${o.error}`);
  if (o.url && !dryRun && !o.error) out(`  ${o.url}`);
  return lines;
}

export async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...CONNECTION_OPTIONS }, allowPositionals: true });
  if (values.help) {
    out(DIFF_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('name exactly one file');
  const client = connect(values);
  await checkServer(client);
  const [file] = positionals;
  const loaded = await load(file);
  if ('error' in loaded) {
    err(`${file}: cannot read: ${loaded.error}`);
    return EXIT_USAGE;
  }
  const prepared = await preparePublish(loaded.model, client);
  if (!prepared.plan) {
    for (const d of toDiagnostics(prepared.problems, loaded.document, { severity: {} })) out(diagnosticLine(file, d));
    return EXIT_PROBLEMS;
  }
  const plan = prepared.plan;
  const server = plan.current ? modelYaml(authoredFromEntity(plan.current)) : '';
  const local = modelYaml(readModel(loaded.model));
  out(`${plan.fqn}: ${plan.summary}`);
  for (const line of keptForBotLines(plan.keptForBot)) out(line);
  if (server !== local) out(createTwoFilesPatch(`server/${plan.fqn}${plan.current ? ` (${plan.version.from})` : ''}`, `${file} (${plan.version.to})`, server, local, undefined, undefined, { context: 3 }).split('\n').slice(1).join('\n'));
  const changes = lineageChangesOf(plan.lineage);
  for (const line of lineageChangeLines(changes)) out(line);
  return plan.action === 'unchanged' && !changes.add.length && !changes.remove.length ? EXIT_OK : EXIT_CHANGES;
}
