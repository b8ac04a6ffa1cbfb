// Hover and document links on catalog references: what the catalog says about the entity, and a
// link to it in the OpenMetadata UI.

import { MarkupKind, type DocumentLink, type Hover } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CatalogOwner } from './catalog';
import type { CatalogIndex } from './catalogIndex';
import { findColumn } from './catalogValidation';
import { sourceTypeOf } from './columnTypes';
import type { ModelDocument } from './document';
import { entityUrl } from './links';
import { referenceAt, referencesIn, type Reference } from './references';
import { normalizeFqn } from './fqn';

const ENTITY_KIND = { service: 'mlmodelService', dashboard: 'dashboard', user: 'user', team: 'team', tag: 'tag' } as const;

export function hoverReference(document: TextDocument, model: ModelDocument, offset: number, index: CatalogIndex): Hover | null {
  const ref = referenceAt(model.yaml.root, offset);
  if (!ref) return null;
  const lines = describe(ref, index);
  if (!lines) return null;
  const url = linkFor(ref, index);
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
  const e = index.entity(ENTITY_KIND[ref.kind], ref.name);
  if (e.status !== 'found') return status(ref, e.status);
  const entity = e.value;
  return [
    `**${entity.displayName ?? entity.name}** · ${ref.kind === 'service' ? 'ML model service' : ref.kind}${entity.detail ? ` · ${entity.detail}` : ''}`,
    `\`${entity.fullyQualifiedName}\``,
    entity.description,
    owners(entity.owners),
  ].filter((l): l is string => !!l);
}

function status(ref: Reference, s: 'missing' | 'pending' | 'unavailable'): string[] {
  if (s === 'missing') return [`The catalog has no ${ref.kind} \`${ref.name}\`.`];
  if (s === 'pending') return [`Looking up \`${ref.name}\` in the catalog…`];
  return [`The catalog cannot be reached; \`${ref.name}\` was not checked.`];
}

function owners(list: CatalogOwner[] | undefined): string | undefined {
  if (!list?.length) return undefined;
  return `Owners: ${list.map((o) => `${o.displayName ?? o.name} (${o.kind})`).join(', ')}`;
}

function linkFor(ref: Reference, index: CatalogIndex): string | undefined {
  if (ref.kind === 'table') return entityUrl(index.uiBaseUrl, 'table', normalizeFqn(ref.name) ?? ref.name);
  if (ref.kind === 'column') return ref.table ? entityUrl(index.uiBaseUrl, 'column', ref.name, normalizeFqn(ref.table) ?? ref.table) : undefined;
  return entityUrl(index.uiBaseUrl, ref.kind, ref.name);
}

/** Every reference written as an FQN opens its entity in the OpenMetadata UI. */
export function referenceLinks(document: TextDocument, model: ModelDocument, index: CatalogIndex): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const ref of referencesIn(model.yaml.root)) {
    const target = linkFor(ref, index);
    if (!target) continue;
    links.push({ range: { start: document.positionAt(ref.node.start), end: document.positionAt(ref.node.end) }, target, tooltip: `Open ${ref.kind} in OpenMetadata` });
  }
  return links;
}
