// Upstream entities → the language service's Catalog types, with what the editor needs to predict
// the server's write rules (deleted, isBot, teamType, a tag's source, disabled and its parent's
// mutual exclusion). Tolerates older servers: a single `owner` (≤1.4) is read as `owners`, a single
// `domain` (≤1.8) as `domains`.
import type { CatalogColumn, CatalogEntity, CatalogOwner, CatalogTable, ListedKind, MlModelSummary } from '../service/catalog';
import type { Column, EntityReference, MlModel, TagLabel, TagSource } from './types';

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
      return raw.isBot === true ? 'bot' : str(raw.email);
    case 'team':
      return str(raw.teamType);
    case 'tag': {
      const classification = raw.classification as EntityReference | undefined;
      return classification?.name ?? str(raw.fullyQualifiedName)?.split('.')[0];
    }
    case 'domain':
      return str(raw.domainType);
    case 'dataProduct':
      return domainsOf(raw).join(', ') || undefined;
  }
}

/** A data product's domains: one `domain` reference before 1.9, a `domains` list from 1.9. */
function domainsOf(raw: Raw): string[] {
  const refs = Array.isArray(raw.domains) ? (raw.domains as EntityReference[]) : raw.domain ? [raw.domain as EntityReference] : [];
  return refs.map((r) => r?.fullyQualifiedName ?? r?.name).filter((f): f is string => typeof f === 'string');
}

/** The entity's FQN (users and teams have only a name in some answers). */
export function rawFqn(raw: Raw): string {
  return str(raw.fullyQualifiedName) ?? str(raw.name) ?? '';
}

export function entityOf(kind: ListedKind, raw: Raw): CatalogEntity {
  const name = str(raw.name) ?? '';
  const entity: CatalogEntity = {
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
  if (raw.deleted === true) entity.deleted = true;
  if (kind === 'user' && raw.isBot === true) entity.isBot = true;
  if (kind === 'team' && typeof raw.teamType === 'string') entity.teamType = raw.teamType;
  if (kind === 'dataProduct') entity.domains = domainsOf(raw);
  return entity;
}

/** A classification tag or glossary term, as the `tag` kind the file writes both as. */
export function tagEntityOf(source: TagSource, raw: Raw, parentMutuallyExclusive: boolean): CatalogEntity {
  const entity = entityOf('tag', raw);
  entity.source = source;
  entity.parentMutuallyExclusive = parentMutuallyExclusive;
  if (source === 'Glossary') entity.detail = (raw.glossary as EntityReference | undefined)?.name ?? str(raw.fullyQualifiedName)?.split('.')[0];
  if (raw.disabled === true) entity.disabled = true;
  return entity;
}

/** What the editor needs of a model on the server: it exists, its version, its tags and its features'. */
export function mlModelSummaryOf(model: MlModel, fqn: string): MlModelSummary {
  const featureTags: Record<string, string[]> = {};
  for (const feature of model.mlFeatures ?? []) if (feature.name) featureTags[feature.name] = tagFqns(feature.tags);
  return { id: model.id, fullyQualifiedName: model.fullyQualifiedName ?? fqn, version: model.version, tags: tagFqns(model.tags), featureTags };
}
