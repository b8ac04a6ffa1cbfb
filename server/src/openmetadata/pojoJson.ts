// JSON text as the OpenMetadata server writes it (Jackson `pojoToJson`): properties in the order
// the schema declares them, nulls omitted. changeDescription values for `dashboard`, `mlStore`,
// `mlFeatures`... are such strings, so producing them byte-for-byte lets a client predict and
// compare them.

interface Shape {
  order: readonly string[];
  /** Nested shapes by property; arrays use the item's shape. */
  nested?: Readonly<Record<string, Shape>>;
}

const entityReference: Shape = {
  order: ['id', 'type', 'name', 'fullyQualifiedName', 'description', 'displayName', 'deleted', 'inherited', 'href'],
};

const tagLabel: Shape = {
  order: ['tagFQN', 'name', 'displayName', 'description', 'source', 'labelType', 'state', 'href'],
};

// `tags: []` is a schema default only from 1.6: mlModelFromCreate fills it in for servers that
// have it (capabilities.ts `featureSourceTagsDefault`), so the writer adds no default of its own.
const featureSource: Shape = {
  order: ['name', 'dataType', 'description', 'fullyQualifiedName', 'dataSource', 'tags'],
  nested: { dataSource: entityReference, tags: tagLabel },
};

const mlFeature: Shape = {
  order: ['name', 'dataType', 'description', 'fullyQualifiedName', 'featureSources', 'featureAlgorithm', 'tags'],
  nested: { featureSources: featureSource, tags: tagLabel },
};

const mlHyperParameter: Shape = { order: ['name', 'value', 'description'] };
const mlStore: Shape = { order: ['storage', 'imageRepository'] };
const accessDetails: Shape = {
  order: ['timestamp', 'accessedBy', 'accessedByAProcess'],
  nested: { accessedBy: entityReference },
};
const lifeCycle: Shape = {
  order: ['created', 'updated', 'accessed'],
  nested: { created: accessDetails, updated: accessDetails, accessed: accessDetails },
};
const fieldChange: Shape = { order: ['name', 'oldValue', 'newValue'] };
const changeDescription: Shape = {
  order: ['fieldsAdded', 'fieldsUpdated', 'fieldsDeleted', 'previousVersion'],
  nested: { fieldsAdded: fieldChange, fieldsUpdated: fieldChange, fieldsDeleted: fieldChange },
};

const mlModel: Shape = {
  order: [
    'id', 'name', 'fullyQualifiedName', 'displayName', 'description', 'algorithm', 'mlFeatures', 'mlHyperParameters',
    'target', 'dashboard', 'mlStore', 'server', 'href', 'owners', 'followers', 'tags', 'usageSummary', 'version',
    'updatedAt', 'updatedBy', 'service', 'serviceType', 'changeDescription', 'incrementalChangeDescription', 'deleted',
    'extension', 'sourceUrl', 'domain', 'domains', 'dataProducts', 'votes', 'lifeCycle', 'certification', 'sourceHash',
    'entityStatus',
  ],
  nested: {
    mlFeatures: mlFeature,
    mlHyperParameters: mlHyperParameter,
    dashboard: entityReference,
    mlStore,
    owners: entityReference,
    followers: entityReference,
    tags: tagLabel,
    service: entityReference,
    changeDescription,
    incrementalChangeDescription: changeDescription,
    domain: entityReference,
    domains: entityReference,
    dataProducts: entityReference,
    lifeCycle,
  },
};

export const SHAPES = {
  entityReference,
  tagLabel,
  featureSource,
  mlFeature,
  mlHyperParameter,
  mlStore,
  lifeCycle,
  changeDescription,
  mlModel,
} as const;

export type ShapeName = keyof typeof SHAPES;

function ordered(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, shape));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = shape ? [...shape.order, ...Object.keys(source).filter((k) => !shape.order.includes(k))] : Object.keys(source);
  for (const key of keys) {
    const v = source[key];
    if (v === undefined || v === null) continue;
    out[key] = ordered(v, shape?.nested?.[key]);
  }
  return out;
}

/** The value reshaped as the server would serialise it (key order, no nulls). */
export function asServerWrites<T>(value: T, shape: ShapeName): T {
  return ordered(value, SHAPES[shape]) as T;
}

/** `JsonUtils.pojoToJson(value)` for a value of the given upstream type (or a list of them). */
export function pojoToJson(value: unknown, shape: ShapeName): string {
  return JSON.stringify(ordered(value, SHAPES[shape]));
}
