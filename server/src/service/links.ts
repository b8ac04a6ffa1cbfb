// Links into the OpenMetadata UI: the page of a catalog entity, and the document links on the
// references the file writes by name (hover adds the same link), only to pages that exist: never
// to an entity the catalog says it lacks, or cannot be asked about.

import type { DocumentLink } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EntityKind } from './catalog';
import type { CatalogIndex, Lookup } from './catalogIndex';
import type { ModelDocument } from './document';
import { normalizeFqn, splitFqn } from './fqn';
import { KIND_NAMES, referencesIn, type Reference } from './references';

export function entityUrl(uiBaseUrl: string, kind: EntityKind | 'mlmodel' | 'glossaryTerm', fqn: string, table?: string): string | undefined {
  if (!uiBaseUrl) return undefined;
  try {
    return url(uiBaseUrl, kind, fqn, table);
  } catch {
    // Not valid Unicode (a lone surrogate): no entity has such a name, so there is nothing to link.
    return undefined;
  }
}

function url(uiBaseUrl: string, kind: EntityKind | 'mlmodel' | 'glossaryTerm', fqn: string, table?: string): string | undefined {
  const e = encodeURIComponent;
  switch (kind) {
    case 'table':
      return `${uiBaseUrl}/table/${e(fqn)}`;
    case 'column':
      return table ? `${uiBaseUrl}/table/${e(table)}` : undefined;
    case 'dashboard':
      return `${uiBaseUrl}/dashboard/${e(fqn)}`;
    case 'mlmodel':
      return `${uiBaseUrl}/mlmodel/${e(fqn)}`;
    case 'mlmodelService':
      return `${uiBaseUrl}/service/mlmodelServices/${e(fqn)}`;
    case 'user':
      return `${uiBaseUrl}/users/${e(fqn)}`;
    case 'team':
      return `${uiBaseUrl}/settings/members/teams/${e(fqn)}`;
    case 'tag': {
      const classification = splitFqn(fqn)?.[0] ?? fqn;
      return `${uiBaseUrl}/tags/${e(classification)}`;
    }
    case 'glossaryTerm':
      return `${uiBaseUrl}/glossary/${e(fqn)}`;
    case 'domain':
      return `${uiBaseUrl}/domain/${e(fqn)}`;
    case 'dataProduct':
      return `${uiBaseUrl}/dataProduct/${e(fqn)}`;
  }
}

/**
 * The page of the entity a reference names (a column's: its table's). A tag position may name a
 * glossary term: the index, when given, knows which.
 */
export function referenceUrl(ref: Reference, uiBaseUrl: string, index?: CatalogIndex): string | undefined {
  if (ref.kind === 'table') return entityUrl(uiBaseUrl, 'table', normalizeFqn(ref.name) ?? ref.name);
  if (ref.kind === 'column') return ref.table ? entityUrl(uiBaseUrl, 'column', ref.name, normalizeFqn(ref.table) ?? ref.table) : undefined;
  if (ref.kind === 'tag' && index) {
    const found = index.entity('tag', ref.name);
    if (found.status === 'found' && found.value.source === 'Glossary') return entityUrl(uiBaseUrl, 'glossaryTerm', ref.name);
  }
  return entityUrl(uiBaseUrl, ref.kind, ref.name);
}

/** Whether the catalog has the entity whose page a reference's link opens (a column's: its table). */
export function linkedEntity(ref: Reference, index: CatalogIndex): Lookup<unknown>['status'] {
  if (ref.kind === 'table') return index.table(ref.name).status;
  if (ref.kind === 'column') return ref.table ? index.table(ref.table).status : 'missing';
  return index.entity(ref.kind, ref.name).status;
}

/**
 * A reference written as an FQN opens its entity in the OpenMetadata UI, unless the catalog lacks
 * it or cannot be asked. One still being looked up is linked: the editor asks for links once, when
 * the file opens, usually before the catalog has answered.
 */
export function documentLinks(document: TextDocument, model: ModelDocument, index: CatalogIndex): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const ref of referencesIn(model.yaml.root)) {
    const status = ref.raw ? 'missing' : linkedEntity(ref, index);
    const target = status === 'found' || status === 'pending' ? referenceUrl(ref, index.uiBaseUrl, index) : undefined;
    if (!target) continue;
    links.push({ range: { start: document.positionAt(ref.node.start), end: document.positionAt(ref.node.end) }, target, tooltip: `Open ${KIND_NAMES[ref.kind].short} in OpenMetadata` });
  }
  return links;
}
