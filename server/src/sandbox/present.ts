// Entities as responses present them: relationship fields only when asked for with `fields`,
// `href`s on the entity and its references, properties in schema order.
import type { Column, EntityReference, Table } from '../openmetadata/types';
import { badRequest } from './http/apiError';
import type { MlModel } from './references';
import type { ServerRules } from './serverVersions';
import { JSON_SHAPES, serverShaped } from './updater/pojoJson';

const COLLECTION_PATHS: Record<string, string> = {
  table: 'tables',
  mlmodel: 'mlmodels',
  dashboard: 'dashboards',
  user: 'users',
  team: 'teams',
  tag: 'tags',
  classification: 'classifications',
  mlmodelService: 'services/mlmodelServices',
  dashboardService: 'services/dashboardServices',
  databaseService: 'services/databaseServices',
  database: 'databases',
  databaseSchema: 'databaseSchemas',
  glossary: 'glossaries',
  glossaryTerm: 'glossaryTerms',
  domain: 'domains',
  dataProduct: 'dataProducts',
};

export function hrefFor(baseUrl: string, type: string, id: string): string {
  return `${baseUrl}/api/v1/${COLLECTION_PATHS[type] ?? type}/${id}`;
}

export function withHref(baseUrl: string, ref: EntityReference): EntityReference {
  return { ...ref, href: hrefFor(baseUrl, ref.type, ref.id) };
}

/**
 * The requested `fields` (comma list, `*` for all), or 400 "Invalid field name x". Upstream allows
 * every property of the entity (EntityRepository.allowedFields is the entity's JsonPropertyOrder):
 * asking for one that is always there (`properties`, e.g. `name`) is no mistake, and adds nothing.
 */
export function parseFields(raw: string | null, allowed: readonly string[], properties: readonly string[] = []): Set<string> {
  if (raw === null || raw.trim() === '') return new Set();
  if (raw.trim() === '*') return new Set(allowed);
  const fields = new Set(raw.split(',').map((f) => f.trim()).filter(Boolean));
  for (const field of fields) if (!allowed.includes(field) && !properties.includes(field)) throw badRequest(`Invalid field name ${field}`);
  return fields;
}

type Entity = Record<string, unknown>;

/**
 * A shallow copy with relationship fields kept only when requested (`[]` for a requested list the
 * entity lacks) and hrefs on the entity and on its top-level references. Nested values are shared
 * with the store, never modified: responses are serialised straight away.
 */
export function presentEntity<T>(
  type: string,
  entity: T,
  fields: Set<string>,
  relationships: readonly { field: string; list: boolean }[],
  baseUrl: string,
): T {
  const out = { ...(entity as Entity) };
  for (const { field, list } of relationships) {
    if (!fields.has(field)) delete out[field];
    else if (list && out[field] === undefined) out[field] = [];
  }
  for (const [key, value] of Object.entries(out)) {
    if (isReference(value)) out[key] = withHref(baseUrl, value);
    else if (Array.isArray(value) && value.length && value.every(isReference)) out[key] = value.map((r) => withHref(baseUrl, r));
  }
  out.href = hrefFor(baseUrl, type, out.id as string);
  return out as T;
}

function isReference(value: unknown): value is EntityReference {
  return typeof value === 'object' && value !== null && typeof (value as EntityReference).id === 'string' && typeof (value as EntityReference).type === 'string' && !('version' in value);
}

/** `fields` an ML model read accepts: `domain` before 1.9, `domains` from 1.9 (the other is "Invalid field name"). */
export function mlModelFields(rules: ServerRules): readonly string[] {
  return ['owners', 'dashboard', 'followers', 'tags', 'usageSummary', 'extension', rules.domainField, 'dataProducts', 'votes', 'lifeCycle', 'sourceHash', 'certification'];
}

/**
 * Every property of the MlModel entity at this version, in schema order (what `fields` may name
 * besides the relationships): one of `domain`/`domains`, and the properties added later only from
 * their version.
 */
export function mlModelProperties(rules: ServerRules): readonly string[] {
  const absent = new Set([rules.domainField === 'domain' ? 'domains' : 'domain']);
  if (!rules.entityStatus) absent.add('entityStatus');
  if (!rules.impersonatedBy) absent.add('impersonatedBy');
  if (!rules.dataContract) absent.add('dataContract');
  return JSON_SHAPES.mlModel.order.filter((p) => !absent.has(p));
}

const MLMODEL_RELATIONSHIPS = [
  { field: 'owners', list: true },
  { field: 'followers', list: true },
  { field: 'tags', list: true },
  { field: 'dashboard', list: false },
  { field: 'usageSummary', list: false },
  { field: 'extension', list: false },
  { field: 'dataProducts', list: true },
  { field: 'votes', list: false },
  { field: 'certification', list: false },
  { field: 'domain', list: false },
];

export function presentMlModel(model: MlModel, fields: Set<string>, baseUrl: string): MlModel {
  const out = presentEntity('mlmodel', model, fields, MLMODEL_RELATIONSHIPS, baseUrl);
  if (!out.domains?.length) delete out.domains;
  return serverShaped(out, 'mlModel');
}

export const TABLE_FIELDS = [
  'tableConstraints', 'tablePartition', 'usageSummary', 'owners', 'customMetrics', 'columns', 'tags', 'followers', 'joins',
  'schemaDefinition', 'dataModel', 'extension', 'testSuite', 'domains', 'dataProducts', 'lifeCycle', 'sourceHash',
] as const;

const TABLE_RELATIONSHIPS = [
  { field: 'owners', list: true },
  { field: 'followers', list: true },
  { field: 'tags', list: true },
  { field: 'tableConstraints', list: false },
];

function withoutColumnTags(columns: Column[]): Column[] {
  return columns.map(({ tags: _tags, children, ...rest }) => (children ? { ...rest, children: withoutColumnTags(children) } : rest));
}

/** Columns are always part of a table; their tags only come with `fields=tags`. */
export function presentTable(table: Table, fields: Set<string>, baseUrl: string): Table {
  const out = presentEntity('table', table, fields, TABLE_RELATIONSHIPS, baseUrl);
  if (!fields.has('tags')) out.columns = withoutColumnTags(out.columns);
  return out;
}
