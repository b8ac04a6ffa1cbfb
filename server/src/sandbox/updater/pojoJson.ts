// JSON as upstream's Jackson writes it (JsonUtils.pojoToJson): properties in the order the schema
// declares them (entity/data/mlmodel.json, type/entityReference.json, type/tagLabel.json…), nulls
// left out. changeDescription values of objects and lists are such strings, so the sandbox produces
// them byte for byte. The sandbox's own copy: the product has one too, and the two must be able to
// disagree.

interface Shape {
  order: readonly string[];
  nested?: Readonly<Record<string, Shape>>;
}

const reference: Shape = { order: ['id', 'type', 'name', 'fullyQualifiedName', 'description', 'displayName', 'deleted', 'inherited', 'href'] };
const tagLabel: Shape = { order: ['tagFQN', 'name', 'displayName', 'description', 'style', 'source', 'labelType', 'state', 'href', 'reason', 'appliedAt', 'appliedBy', 'metadata'] };
// A feature source's `tags: []` default (from 1.6) is set on the entity itself (prepareMlModel), as
// Java's POJO initialiser does, so it is stored and written only on the versions that have it.
const featureSource: Shape = {
  order: ['name', 'dataType', 'description', 'fullyQualifiedName', 'dataSource', 'tags'],
  nested: { dataSource: reference, tags: tagLabel },
};
const feature: Shape = {
  order: ['name', 'dataType', 'description', 'fullyQualifiedName', 'featureSources', 'featureAlgorithm', 'tags'],
  nested: { featureSources: featureSource, tags: tagLabel },
};
const hyperParameter: Shape = { order: ['name', 'value', 'description'] };
const mlStore: Shape = { order: ['storage', 'imageRepository'] };
const access: Shape = { order: ['timestamp', 'accessedBy', 'accessedByAProcess'], nested: { accessedBy: reference } };
const lifeCycle: Shape = { order: ['created', 'updated', 'accessed'], nested: { created: access, updated: access, accessed: access } };
const fieldChange: Shape = { order: ['name', 'oldValue', 'newValue'] };
const change: Shape = {
  order: ['fieldsAdded', 'fieldsUpdated', 'fieldsDeleted', 'previousVersion'],
  nested: { fieldsAdded: fieldChange, fieldsUpdated: fieldChange, fieldsDeleted: fieldChange },
};
const mlModel: Shape = {
  order: [
    'id', 'name', 'fullyQualifiedName', 'displayName', 'description', 'algorithm', 'mlFeatures', 'mlHyperParameters',
    'target', 'dashboard', 'mlStore', 'server', 'href', 'owners', 'followers', 'tags', 'usageSummary', 'version',
    'updatedAt', 'updatedBy', 'impersonatedBy', 'service', 'serviceType', 'changeDescription', 'incrementalChangeDescription', 'deleted',
    'extension', 'sourceUrl', 'domain', 'domains', 'dataProducts', 'dataContract', 'votes', 'lifeCycle', 'certification', 'sourceHash',
    'entityStatus',
  ],
  nested: {
    mlFeatures: feature, mlHyperParameters: hyperParameter, dashboard: reference, mlStore, owners: reference, followers: reference,
    tags: tagLabel, service: reference, changeDescription: change, incrementalChangeDescription: change, domain: reference,
    domains: reference, dataProducts: reference, lifeCycle,
  },
};

export const JSON_SHAPES = { reference, tagLabel, feature, hyperParameter, mlStore, lifeCycle, mlModel } as const;
export type JsonShape = keyof typeof JSON_SHAPES;

function ordered(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, shape));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const keys = shape ? [...shape.order, ...Object.keys(source).filter((k) => !shape.order.includes(k))] : Object.keys(source);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = source[key];
    if (v === undefined || v === null) continue;
    out[key] = ordered(v, shape?.nested?.[key]);
  }
  return out;
}

/** The value as the server serialises it (declared order, no nulls). */
export function serverShaped<T>(value: T, shape: JsonShape): T {
  return ordered(value, JSON_SHAPES[shape]) as T;
}

/** `JsonUtils.pojoToJson(value)`. */
export function pojoToJson(value: unknown, shape: JsonShape): string {
  return JSON.stringify(ordered(value, JSON_SHAPES[shape]));
}
