// Where a model file refers to catalog entities: one table of paths → entity kind. Validation
// (catalogValidation.ts), completion (catalogCompletion.ts), hover (catalogHover.ts), document
// links (links.ts) and the lineage graph (lineageGraph.ts) all read it; a new kind of reference is
// one row here.

import type { EntityKind } from './catalog';
import type { DiagnosticCode } from '../shared/settings';
import type { MapNode, ScalarNode, YamlNode } from './yaml/ast';
import { getValue, stringValue, type PathSegment } from './yaml/query';

/**
 * `a[*].b`: the key `b` of every item of the list at `a`. A reference is written as an FQN (or a
 * name), or — in files pulled from a server — as a raw `{id, type, fullyQualifiedName}` reference
 * or a `{tagFQN}` label.
 */
export const REFERENCE_TABLE: ReadonlyArray<{ at: string; kind: EntityKind }> = [
  { at: 'service', kind: 'mlmodelService' },
  { at: 'dashboard', kind: 'dashboard' },
  { at: 'mlFeatures[*].featureSources[*].dataSource', kind: 'table' },
  // A column of the table its source names (`dataSource`): `parent.child` for a nested one.
  { at: 'mlFeatures[*].featureSources[*].name', kind: 'column' },
  { at: 'mlFeatures[*].featureSources[*].tags[*]', kind: 'tag' },
  { at: 'mlFeatures[*].tags[*]', kind: 'tag' },
  { at: 'owners[*].user', kind: 'user' },
  { at: 'owners[*].team', kind: 'team' },
  { at: 'tags[*]', kind: 'tag' },
  { at: 'domain', kind: 'domain' },
  // A list of domains, where the format has one (from OpenMetadata 1.9).
  { at: 'domains[*]', kind: 'domain' },
  { at: 'dataProducts[*]', kind: 'dataProduct' },
];

/**
 * How messages name each kind (`short` where the context says it is about the model: hover,
 * tooltips), and the code of a reference the catalog does not have.
 */
export const KIND_NAMES: Record<EntityKind, { noun: string; short: string; unknown: DiagnosticCode }> = {
  mlmodelService: { noun: 'ML model service', short: 'service', unknown: 'unknown-service' },
  dashboard: { noun: 'dashboard', short: 'dashboard', unknown: 'unknown-dashboard' },
  table: { noun: 'table', short: 'table', unknown: 'unknown-table' },
  column: { noun: 'column', short: 'column', unknown: 'unknown-column' },
  user: { noun: 'user', short: 'user', unknown: 'unknown-user' },
  team: { noun: 'team', short: 'team', unknown: 'unknown-team' },
  tag: { noun: 'tag or glossary term', short: 'tag', unknown: 'unknown-tag' },
  domain: { noun: 'domain', short: 'domain', unknown: 'unknown-domain' },
  dataProduct: { noun: 'data product', short: 'data product', unknown: 'unknown-data-product' },
};

type Pattern = Array<string | '*'>;
const ROWS = REFERENCE_TABLE.map((row) => ({ kind: row.kind, pattern: parsePattern(row.at) }));

function parsePattern(at: string): Pattern {
  return at.split('.').flatMap((part): Pattern => (part.endsWith('[*]') ? [part.slice(0, -3), '*'] : [part]));
}

export interface Reference {
  kind: EntityKind;
  /** The FQN (or name) as written; for a raw reference its `fullyQualifiedName`, for a label its `tagFQN`. */
  name: string;
  /** The scalar that holds the name. */
  node: ScalarNode;
  /** The value at the table's path: `node` itself, or the raw reference's (label's) mapping. */
  value: YamlNode;
  /** Written as a raw `{id, type}` reference or a full tag label, as the server gave it. */
  raw: boolean;
  path: PathSegment[];
  /** Columns: the `dataSource` of the same source, if written as an FQN. */
  table?: string;
  /** Inside a feature source: the source mapping. */
  source?: MapNode;
  /** Inside a feature: the feature mapping. */
  feature?: MapNode;
}

/** Every reference the file makes, in the order the file writes them. */
export function referencesIn(root: YamlNode | null): Reference[] {
  if (!root || root.kind !== 'map') return [];
  const refs: Reference[] = [];
  for (const { kind, pattern } of ROWS) walk(root, pattern, 0, [], {}, (value, path, within) => {
    const named = nameOf(value);
    if (named) refs.push({ kind, ...named, value, path, feature: within.mlFeatures, source: within.featureSources });
  });
  refs.sort((a, b) => a.value.start - b.value.start || a.node.start - b.node.start);
  for (const column of refs) {
    if (column.kind !== 'column') continue;
    const table = refs.find((r) => r.kind === 'table' && r.source === column.source);
    if (table && !table.raw) column.table = table.name;
  }
  return refs;
}

/** The reference whose value contains `offset`, if any. */
export function referenceAt(root: YamlNode | null, offset: number): Reference | undefined {
  return referencesIn(root).find((r) => r.node.start <= offset && offset <= r.node.end);
}

/** The kind of reference a value at `path` is (for completion, where the value is still being typed). */
export function referenceKindAt(path: readonly PathSegment[]): EntityKind | undefined {
  return ROWS.find(({ pattern }) => pattern.length === path.length && pattern.every((p, i) => (p === '*' ? typeof path[i] === 'number' : p === path[i])))?.kind;
}

/** The items of the lists a path goes through, by the list's key (`mlFeatures`, `featureSources`). */
type Within = Partial<Record<string, MapNode>>;

function walk(node: YamlNode | undefined, pattern: Pattern, i: number, path: PathSegment[], within: Within, found: (value: YamlNode, path: PathSegment[], within: Within) => void): void {
  if (!node) return;
  if (i === pattern.length) {
    found(node, path, within);
    return;
  }
  const step = pattern[i];
  if (step === '*') {
    if (node.kind !== 'seq') return;
    const list = String(path[path.length - 1]);
    node.items.forEach((item, k) => walk(item, pattern, i + 1, [...path, k], item.kind === 'map' ? { ...within, [list]: item } : within, found));
  } else if (node.kind === 'map') {
    walk(getValue(node, step), pattern, i + 1, [...path, step], within, found);
  }
}

/** The name a value gives: a scalar's text, or a raw reference's `fullyQualifiedName` / a label's `tagFQN`. */
function nameOf(value: YamlNode): { name: string; node: ScalarNode; raw: boolean } | undefined {
  const written = stringValue(value);
  if (written) return { name: written, node: value as ScalarNode, raw: false };
  if (value.kind !== 'map') return undefined;
  const inner = getValue(value, 'fullyQualifiedName') ?? getValue(value, 'tagFQN');
  const name = stringValue(inner);
  return name ? { name, node: inner as ScalarNode, raw: true } : undefined;
}
