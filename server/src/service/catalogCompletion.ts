// Completion of catalog references: services, dashboards, tables (searched on the server as the
// user types), the columns of the source's table (setting its dataType), users, teams, tags.
// Answers come from the index; a request waits for the network at most `budgetMs` and then
// returns what is known, marked incomplete so the editor asks again.
// Tables and dashboards are labelled by their name, which is what people type and what fits the
// suggest widget; the FQN, which is what is inserted, is the detail and is searched too.

import { CompletionItemKind, MarkupKind, type CompletionItem, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CatalogEntity, ListedKind } from './catalog';
import type { CatalogIndex } from './catalogIndex';
import { allColumns } from './catalogValidation';
import { sourceTypeOf } from './columnTypes';
import type { CursorContext } from './context';
import type { ModelDocument } from './document';
import { joinFqn, splitFqn } from './fqn';
import { referenceKindAt } from './references';
import { yamlScalar } from './yamlText';
import type { MapNode } from './yaml/ast';
import { getPair, nodeAtPath, stringValue, type PathSegment } from './yaml/query';

/** Most items one answer holds; past it the answer is incomplete, and the editor asks again as the user types. */
const RESULTS = 50;

export interface ReferenceCompletion {
  items: CompletionItem[];
  incomplete: boolean;
}

type ValueContext = Extract<CursorContext, { kind: 'value' }>;

export async function completeReferences(
  document: TextDocument,
  model: ModelDocument,
  context: ValueContext,
  index: CatalogIndex,
  budgetMs: number,
): Promise<ReferenceCompletion | undefined> {
  const range = { start: document.positionAt(context.replaceStart), end: document.positionAt(context.replaceEnd) };
  const kind = referenceKindAt(context.path);
  if (kind === 'table') return tables(index, context.prefix, range, budgetMs);
  if (kind === 'column') return columns(document, model, context.path, index, range, budgetMs);
  if (kind) return entities(index, kind, context.prefix, range);
  return undefined;
}

function entities(index: CatalogIndex, kind: ListedKind, prefix: string, range: Range): ReferenceCompletion {
  const found = index.searchList(kind, prefix, RESULTS);
  const items = found.map((e: CatalogEntity, i): CompletionItem => {
    const about = [e.displayName && e.displayName !== e.name ? e.displayName : undefined, e.detail].filter(Boolean).join(' · ') || undefined;
    const common = {
      kind: kind === 'user' || kind === 'team' ? CompletionItemKind.Constant : kind === 'tag' ? CompletionItemKind.Keyword : CompletionItemKind.Reference,
      sortText: String(i).padStart(4, '0'),
    };
    // A tag's classification is part of how people name it (`PII.Sensitive`); a dashboard is named by itself.
    if (kind === 'dashboard') {
      const documentation = [about, e.description].filter(Boolean).join('\n\n');
      return { ...common, ...byName(e.name, e.fullyQualifiedName, range), labelDetails: { description: parentOf(e.fullyQualifiedName) }, documentation: documentation ? { kind: MarkupKind.Markdown, value: documentation } : undefined };
    }
    return {
      ...common,
      label: e.fullyQualifiedName,
      detail: about,
      documentation: e.description ? { kind: MarkupKind.Markdown, value: e.description } : undefined,
      textEdit: { range, newText: yamlScalar(e.fullyQualifiedName) },
    };
  });
  return { items, incomplete: index.state.kind === 'connecting' || items.length >= RESULTS };
}

async function tables(index: CatalogIndex, prefix: string, range: Range, budgetMs: number): Promise<ReferenceCompletion> {
  let done = false;
  const remote = index.searchRemote(prefix, RESULTS).then(() => (done = true));
  await Promise.race([remote, delay(budgetMs)]);
  const found = index.searchLocal(prefix, RESULTS);
  const items = found.map(
    (t, i): CompletionItem => ({
      ...byName(t.name, t.fqn, range),
      kind: CompletionItemKind.Class,
      // Where it is, so two tables of one name can be told apart without opening the details.
      labelDetails: { description: parentOf(t.fqn) },
      documentation: t.description ? { kind: MarkupKind.Markdown, value: t.description } : undefined,
      sortText: String(i).padStart(4, '0'),
    }),
  );
  // Incomplete while the server's answer is still coming, or when there may be more than shown.
  return { items, incomplete: !done || items.length >= RESULTS };
}

/**
 * An item labelled by the entity's name that inserts its FQN. The editor filters on the text
 * from the start of the value to the cursor: the name, the FQN (any part of it) and the FQN as
 * written (quoted when YAML needs it) all find it.
 */
function byName(name: string, fqn: string, range: Range): Pick<CompletionItem, 'label' | 'detail' | 'filterText' | 'textEdit'> {
  const written = yamlScalar(fqn);
  return {
    label: name,
    detail: fqn,
    filterText: [...new Set([name, fqn, written])].join(' '),
    textEdit: { range, newText: written },
  };
}

/** What holds the entity: `service.database.schema` of a table, the service of a dashboard. */
function parentOf(fqn: string): string | undefined {
  const parts = splitFqn(fqn);
  return parts && parts.length > 1 ? joinFqn(...parts.slice(0, -1)) : undefined;
}

async function columns(document: TextDocument, model: ModelDocument, path: PathSegment[], index: CatalogIndex, range: Range, budgetMs: number): Promise<ReferenceCompletion | undefined> {
  const source = model.yaml.root ? nodeAtPath(model.yaml.root, path.slice(0, -1))?.node : undefined;
  if (!source || source.kind !== 'map') return undefined;
  const tableFqn = stringValue(getPair(source, 'dataSource')?.value);
  if (!tableFqn) return undefined;
  let lookup = index.table(tableFqn);
  if (lookup.status === 'pending') {
    await Promise.race([index.whenTable(tableFqn), delay(budgetMs)]);
    lookup = index.table(tableFqn);
  }
  if (lookup.status !== 'found') return { items: [], incomplete: lookup.status === 'pending' };
  const table = lookup.value;
  const nameKey = path[path.length - 1];
  const items = allColumns(table).map(({ path: name, column }, i): CompletionItem => {
    const type = sourceTypeOf(column.dataType);
    const setType = type ? dataTypeEdit(document, source, String(nameKey), type) : undefined;
    return {
      label: name,
      kind: CompletionItemKind.Field,
      detail: `${column.dataTypeDisplay ?? column.dataType}${type ? ` → ${type}` : ''}${column.tags.length ? ` · ${column.tags.join(', ')}` : ''}`,
      documentation: { kind: MarkupKind.Markdown, value: [`**${name}** (${column.dataType}) in \`${table.fullyQualifiedName}\``, column.description].filter(Boolean).join('\n\n') },
      sortText: String(i).padStart(4, '0'),
      textEdit: { range, newText: yamlScalar(name) + (setType?.suffix ?? '') },
      additionalTextEdits: setType?.edit ? [setType.edit] : undefined,
    };
  });
  return { items, incomplete: false };
}

/**
 * Set the source's `dataType` to `type`: replace the value where it is; or add a `dataType:` line
 * at the start of another entry's line (never on the line being completed, so the edits cannot
 * overlap); or, when the source has no other entry, append it to the completed text.
 */
function dataTypeEdit(document: TextDocument, source: MapNode, completing: string, type: string): { edit?: TextEdit; suffix?: string } | undefined {
  const pair = getPair(source, 'dataType');
  const line = `${' '.repeat(source.column)}dataType: ${type}`;
  if (pair) {
    if (stringValue(pair.value) === type) return undefined;
    const written = pair.value.end > pair.value.start;
    const start = written ? pair.value.start : pair.colon + 1;
    const end = written ? pair.value.end : pair.colon + 1;
    return { edit: { range: { start: document.positionAt(start), end: document.positionAt(end) }, newText: written ? type : ` ${type}` } };
  }
  if (source.flow) return undefined;
  const other = source.pairs.find((p) => String(p.key.value) !== completing);
  if (!other) return { suffix: `\n${line}` };
  const start = document.positionAt(other.start);
  const lineStart = { line: start.line, character: 0 };
  if (document.getText({ start: lineStart, end: start }).trim()) {
    // The other entry shares its line with the list's `- `: add the line after it instead.
    const end = document.positionAt(other.end);
    return { edit: { range: { start: end, end }, newText: `\n${line}` } };
  }
  return { edit: { range: { start: lineStart, end: lineStart }, newText: `${line}\n` } };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
