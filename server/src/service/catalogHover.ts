// Hover on catalog references: what the catalog says about the entity, and a link to it in the
// OpenMetadata UI when it has it.

import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CatalogEntity, CatalogOwner } from './catalog';
import type { CatalogIndex } from './catalogIndex';
import { findColumn } from './catalogValidation';
import { sourceTypeOf } from './columnTypes';
import type { ModelDocument } from './document';
import { linkedEntity, referenceUrl } from './links';
import { KIND_NAMES, referenceAt, type Reference } from './references';

export function hoverReference(document: TextDocument, model: ModelDocument, offset: number, index: CatalogIndex): Hover | null {
  const ref = referenceAt(model.yaml.root, offset);
  // A raw reference or full tag label is taken as the server gave it.
  if (!ref || ref.raw) return null;
  const lines = describe(ref, index);
  if (!lines) return null;
  // Only a page that exists: the catalog has the entity (for a column, its table).
  const url = linkedEntity(ref, index) === 'found' ? referenceUrl(ref, index.uiBaseUrl, index) : undefined;
  if (url) lines.push(`[Open in OpenMetadata](${url})`);
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') },
    range: { start: document.positionAt(ref.node.start), end: document.positionAt(ref.node.end) },
  };
}

function describe(ref: Reference, index: CatalogIndex): string[] | undefined {
  if (ref.kind === 'table') {
    const t = index.table(ref.name);
    if (t.status !== 'found') return status(ref, t.status);
    const table = t.value;
    return [
      `**${table.displayName ?? table.name}** · table${table.tableType ? ` (${table.tableType})` : ''} · ${table.columns?.length ?? '?'} columns`,
      `\`${table.fullyQualifiedName}\``,
      table.description,
      owners(table.owners),
      table.tags.length ? `Tags: ${table.tags.map((x) => `\`${x}\``).join(', ')}` : undefined,
    ].filter((l): l is string => !!l);
  }
  if (ref.kind === 'column') {
    if (!ref.table) return undefined;
    const t = index.table(ref.table);
    if (t.status !== 'found') return status({ ...ref, kind: 'table', name: ref.table }, t.status);
    const column = findColumn(t.value, ref.name);
    if (!column) return [`Column \`${ref.name}\` is not in \`${t.value.fullyQualifiedName}\`.`];
    const type = sourceTypeOf(column.dataType);
    return [
      `**${column.name}** · ${column.dataTypeDisplay ?? column.dataType}${type ? ` (source dataType \`${type}\`)` : ''}`,
      `\`${column.fullyQualifiedName}\``,
      column.description,
      column.tags.length ? `Tags: ${column.tags.map((x) => `\`${x}\``).join(', ')}` : undefined,
    ].filter((l): l is string => !!l);
  }
  const e = index.entity(ref.kind, ref.name);
  if (e.status !== 'found') return status(ref, e.status);
  const entity = e.value;
  return [
    `**${entity.displayName ?? entity.name}** · ${nounOf(ref, entity)}${entity.detail ? ` · ${entity.detail}` : ''}${entity.deleted ? ' · deleted' : ''}`,
    `\`${entity.fullyQualifiedName}\``,
    entity.description,
    owners(entity.owners),
  ].filter((l): l is string => !!l);
}

function nounOf(ref: Reference, entity: CatalogEntity): string {
  if (ref.kind === 'tag') return entity.source === 'Glossary' ? 'glossary term' : 'tag';
  if (ref.kind === 'user' && entity.isBot) return 'bot';
  return KIND_NAMES[ref.kind].noun;
}

function status(ref: Reference, s: 'missing' | 'pending' | 'unavailable'): string[] {
  if (s === 'missing') return [`The catalog has no ${KIND_NAMES[ref.kind].short} \`${ref.name}\`.`];
  if (s === 'pending') return [`Looking up \`${ref.name}\` in the catalog…`];
  return [`The catalog cannot be reached; \`${ref.name}\` was not checked.`];
}

function owners(list: CatalogOwner[] | undefined): string | undefined {
  if (!list?.length) return undefined;
  return `Owners: ${list.map((o) => `${o.displayName ?? o.name} (${o.kind})`).join(', ')}`;
}
