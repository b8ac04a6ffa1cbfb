// Upstream entities → the language service's Catalog types. Tolerates older servers: a single
// `owner` (≤1.4) is read as `owners`.
import type { CatalogColumn, CatalogEntity, CatalogOwner, CatalogTable, ListedKind } from '../service/catalog';
import type { Column, EntityReference, TagLabel } from './types';

type Raw = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function tagFqns(tags: unknown): string[] {
  return Array.isArray(tags) ? tags.map((t: TagLabel) => t?.tagFQN).filter((t): t is string => typeof t === 'string') : [];
}

function ownersOf(entity: Raw): CatalogOwner[] {
  const refs = Array.isArray(entity.owners) ? (entity.owners as EntityReference[]) : entity.owner ? [entity.owner as EntityReference] : [];
  return refs
    .filter((r) => r && (r.type === 'user' || r.type === 'team') && typeof r.name === 'string')
    .map((r) => ({ kind: r.type as CatalogOwner['kind'], name: r.name as string, displayName: r.displayName }));
}

function columnOf(column: Column, tableFqn: string): CatalogColumn {
  const fqn = column.fullyQualifiedName ?? `${tableFqn}.${column.name}`;
  return {
    name: column.name,
    fullyQualifiedName: fqn,
    dataType: column.dataType,
    dataTypeDisplay: column.dataTypeDisplay,
    description: column.description,
    tags: tagFqns(column.tags),
    children: column.children?.length ? column.children.map((c) => columnOf(c, fqn)) : undefined,
  };
}

export function tableOf(raw: Raw): CatalogTable {
  const fqn = str(raw.fullyQualifiedName) ?? str(raw.name) ?? '';
  return {
    id: str(raw.id) ?? '',
    name: str(raw.name) ?? fqn,
    fullyQualifiedName: fqn,
    displayName: str(raw.displayName),
    description: str(raw.description),
    tableType: str(raw.tableType),
    tags: tagFqns(raw.tags),
    owners: ownersOf(raw),
    columns: Array.isArray(raw.columns) ? (raw.columns as Column[]).map((c) => columnOf(c, fqn)) : undefined,
  };
}

function detailOf(kind: ListedKind, raw: Raw): string | undefined {
  switch (kind) {
    case 'mlmodelService':
      return str(raw.serviceType);
    case 'dashboard':
      return str(raw.dashboardType);
    case 'user':
      return str(raw.email);
    case 'team':
      return str(raw.teamType);
    case 'tag': {
      const classification = raw.classification as EntityReference | undefined;
      return classification?.name ?? str(raw.fullyQualifiedName)?.split('.')[0];
    }
  }
}

export function entityOf(kind: ListedKind, raw: Raw): CatalogEntity {
  const name = str(raw.name) ?? '';
  return {
    kind,
    id: str(raw.id) ?? '',
    name,
    fullyQualifiedName: str(raw.fullyQualifiedName) ?? name,
    displayName: str(raw.displayName),
    description: str(raw.description),
    detail: detailOf(kind, raw),
    owners: raw.owners || raw.owner ? ownersOf(raw) : undefined,
    tags: raw.tags ? tagFqns(raw.tags) : undefined,
  };
}
