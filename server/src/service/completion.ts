// Completion of keys (those not yet present), enum values, and snippets for a whole feature,
// source or hyperparameter. Catalog references are completed by ./catalogCompletion.ts.
// A key whose value has something to offer asks the editor to suggest again once it is inserted,
// so writing a model flows key → value → next key without Ctrl+Space.

import {
  CompletionItemKind,
  type Command,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { cursorContext, presentKeys, type CursorContext } from './context';
import { alternatives, isRawReference, MODEL_SCHEMA, resolveRef, schemaAtPath, typeList, type JsonSchema } from './schema';
import type { ModelDocument } from './document';
import { referenceKindAt } from './references';
import type { MapNode } from './yaml/ast';
import { getValue, stringValue, type PathSegment } from './yaml/query';

export interface SchemaCompletionOptions {
  /** A catalog completes references: a key whose value is one may ask for suggestions at once. */
  catalog: boolean;
}

/** Runs the editor's suggest again after an item is inserted (VS Code's command; other clients ignore what they lack). */
const SUGGEST_AGAIN: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export function completeSchema(document: TextDocument, model: ModelDocument, offset: number, options: SchemaCompletionOptions = { catalog: false }): { context: CursorContext | undefined; items: CompletionItem[] } {
  const context = cursorContext(model.yaml.text, model.yaml.root, offset);
  if (!context) return { context, items: [] };
  const range = { start: document.positionAt(context.replaceStart), end: document.positionAt(context.replaceEnd) };
  switch (context.kind) {
    case 'key':
      return { context, items: [...keyItems(context, range, options), ...(context.newItem ? itemSnippets(context.path.slice(0, -1), context.column, range, '', options) : [])] };
    case 'item':
      return { context, items: itemSnippets(context.path, context.column + 2, range, '- ', options) };
    case 'value':
      return { context, items: valueItems(context.path, range) };
  }
}

export function toList(items: CompletionItem[], isIncomplete = false): CompletionList {
  return { isIncomplete, items };
}

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

/** The object alternatives of a schema where keys may be completed (not the raw `{id, type}` forms). */
function objectSchemas(schema: JsonSchema | undefined): JsonSchema[] {
  const options = alternatives(schema);
  // Where a plain string is the authoring form (references, tags), the object forms are for files
  // pulled from a server: they are accepted but not offered.
  if (options.some((o) => typeList(o).includes('string'))) return [];
  return options.filter((o) => o.properties && !isRawReference(o));
}

function keyItems(context: Extract<CursorContext, { kind: 'key' }>, range: Range, options: SchemaCompletionOptions): CompletionItem[] {
  const schema = context.path.length ? schemaAtPath(context.path) : MODEL_SCHEMA;
  const present = presentKeys(context.map);
  // The key being edited does not count as present.
  const editing = context.map?.pairs.find((p) => p.key.start <= context.replaceStart && context.replaceStart <= p.key.end);
  if (editing) present.delete(String(editing.key.value));
  const items: CompletionItem[] = [];
  let order = 0;
  for (const object of objectSchemas(schema)) {
    const required = new Set(object.required ?? []);
    for (const [key, prop] of Object.entries(object.properties ?? {})) {
      order++;
      if (present.has(key)) continue;
      const insert = context.keyOnly ? key : key + valueSkeleton(prop, context.column);
      items.push({
        label: key,
        kind: CompletionItemKind.Property,
        detail: required.has(key) ? `${typeName(prop)} (required)` : typeName(prop),
        documentation: markdown(prop),
        sortText: `${required.has(key) ? 0 : 1}${String(order).padStart(3, '0')}`,
        filterText: key,
        textEdit: { range, newText: insert },
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
        command: !context.keyOnly && valueOffers([...context.path, key], prop, context.map, options) ? SUGGEST_AGAIN : undefined,
      });
    }
  }
  return items;
}

/**
 * Whether completion where the inserted `key: ` (or its list's first `- `, or its mapping's first
 * line) leaves the cursor has something to offer. Enum and boolean values are not counted: their
 * skeleton is a choice the editor shows by itself.
 */
function valueOffers(path: PathSegment[], prop: JsonSchema, map: MapNode | undefined, options: SchemaCompletionOptions): boolean {
  const kind = referenceKindAt(path);
  // A column is completed from its source's table: only once `dataSource` names one.
  if (kind) return options.catalog && (kind !== 'column' || stringValue(getValue(map, 'dataSource')) !== undefined);
  const choices = alternatives(prop);
  if (choices.some((o) => o.enum) || choices.every((o) => typeList(o).join() === 'boolean')) return false;
  const types = typeList(choices[0] ?? {});
  if (types.includes('array')) {
    const item = [...path, 0];
    if (referenceKindAt(item)) return options.catalog;
    return objectSchemas(schemaAtPath(item)).length > 0;
  }
  return types.includes('object') && choices.length === 1 && objectSchemas(prop).length > 0;
}

/** What follows `key` when it is inserted: `: ` and, for lists and mappings, their first line. */
function valueSkeleton(prop: JsonSchema, column: number): string {
  const options = alternatives(prop);
  const first = options[0];
  const pad = ' '.repeat(column + 2);
  const enums = options.flatMap((o) => (o.enum ?? []).map(String));
  if (enums.length) return `: \${1|${enums.join(',')}|}`;
  const types = typeList(first ?? {});
  if (types.includes('array')) return `:\n${pad}- $0`;
  if (types.includes('object') && options.length === 1) return `:\n${pad}$0`;
  if (types.includes('boolean') && types.length === 1) return ': ${1|true,false|}';
  return ': $0';
}

function valueItems(path: PathSegment[], range: Range): CompletionItem[] {
  const schema = schemaAtPath(path);
  const items: CompletionItem[] = [];
  for (const option of alternatives(schema)) {
    (option.enum ?? []).forEach((value, i) => {
      items.push({
        label: String(value),
        kind: CompletionItemKind.EnumMember,
        documentation: markdown(schema),
        // The schema's order (numerical before categorical), not the alphabet's.
        sortText: String(i).padStart(3, '0'),
        textEdit: { range, newText: String(value) },
      });
    });
    if (typeList(option).length === 1 && typeList(option)[0] === 'boolean') {
      for (const value of ['true', 'false']) items.push({ label: value, kind: CompletionItemKind.Value, textEdit: { range, newText: value } });
    }
  }
  return items;
}

// ---------------------------------------------------------------- snippets

interface Snippet {
  label: string;
  description: string;
  body: string[];
}

/**
 * Whole-item snippets for the lists whose items people write most. Placeholders are empty, never a
 * made-up value: one left in would pass for a name or be an unknown table. A value still empty is
 * not reported while it is being filled in (see `LanguageService.validate`'s `editing`). A source
 * asks for its table before its column, since columns are completed from the table; its
 * `dataType` is left out because picking the column writes it.
 */
const ITEM_SNIPPETS: Record<string, Snippet> = {
  mlFeatures: {
    label: 'feature',
    description: 'A feature built on a column: its name and type, then the table, then the column',
    body: ['name: $1', 'dataType: ${2|numerical,categorical|}', 'featureSources:', '  - dataSource: $3', '    name: $4'],
  },
  featureSources: {
    label: 'source',
    description: 'A column of a table: the table, then the column',
    body: ['dataSource: $1', 'name: $2'],
  },
  mlHyperParameters: {
    label: 'hyperparameter',
    description: 'A hyperparameter with its value',
    body: ['name: $1', 'value: $2'],
  },
};

/** Snippets for a new item of the list at `listPath`; lines after the first start at `column`. */
function itemSnippets(listPath: PathSegment[], column: number, range: Range, lead: string, options: SchemaCompletionOptions): CompletionItem[] {
  const last = listPath[listPath.length - 1];
  const snippet = typeof last === 'string' ? ITEM_SNIPPETS[last] : undefined;
  if (!snippet || !typeList(resolveRef(schemaAtPath(listPath)) ?? {}).includes('array')) return [];
  const pad = ' '.repeat(column);
  const body = snippet.body.map((line, i) => (i === 0 ? lead + line : pad + line)).join('\n');
  return [
    {
      label: `${lead}${snippet.label}`,
      kind: CompletionItemKind.Snippet,
      detail: snippet.description,
      documentation: { kind: MarkupKind.Markdown, value: '```yaml\n' + snippet.body.join('\n').replace(/\$\{\d+\|([^,|]+)[^}]*\}|\$\d+/g, (_, choice) => choice ?? '') + '\n```' },
      sortText: '0000',
      filterText: lead + snippet.label,
      textEdit: { range, newText: body },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      // Where the first placeholder is a reference, its list opens at once.
      command: options.catalog && referenceKindAt([...listPath, 0, firstField(snippet)]) ? SUGGEST_AGAIN : undefined,
    },
  ];
}

/** The key of a snippet's first tab stop. */
function firstField(snippet: Snippet): string {
  const line = snippet.body.find((l) => /\$\{?1\b/.test(l)) ?? '';
  return line.trim().split(':')[0];
}

// ---------------------------------------------------------------- documentation

export function typeName(schema: JsonSchema | undefined): string {
  const options = alternatives(schema);
  const names = options.map((o) => {
    if (o.enum) return o.enum.map(String).join(' | ');
    if (o.title) return o.title;
    const t = typeList(o);
    if (t.includes('array')) return 'list';
    if (t.includes('object')) return 'mapping';
    return t.join(' | ') || 'any';
  });
  return [...new Set(names)].join(' or ');
}

export function markdown(schema: JsonSchema | undefined): { kind: 'markdown'; value: string } | undefined {
  const s = schema && (schema.description ? schema : resolveRef(schema));
  const parts: string[] = [];
  if (s?.description) parts.push(s.description);
  const enums = alternatives(schema).flatMap((o) => o.enum ?? []);
  if (enums.length) parts.push('Allowed values: ' + enums.map((v) => `\`${String(v)}\``).join(', '));
  return parts.length ? { kind: MarkupKind.Markdown, value: parts.join('\n\n') } : undefined;
}
