// The lineage the file describes, as a graph for the lineage view: source tables (with the tables
// the catalog's lineage names one level above them) → source columns → features → model →
// dashboard. Built from the file's references (./references.ts: every node knows where the file
// writes it) and from what the catalog index already holds in memory: sensitive tags, "unknown in catalog" marks, upstream
// tables and links. What the index does not know yet it fetches in the background; the view asks
// again when the catalog changes. Without a catalog the graph has only what the file names.

import type { Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CatalogIndex } from './catalogIndex';
import { findColumn } from './catalogValidation';
import type { ModelDocument } from './document';
import { joinFqn, normalizeFqn, splitFqn } from './fqn';
import { entityUrl } from './links';
import type { LineageGraph, LineageNode } from '../shared/lineageGraph';
import { referencesIn, type Reference } from './references';
import type { MapNode, YamlNode } from './yaml/ast';
import { getValue, stringValue } from './yaml/query';

export interface LineageSettings {
  sensitiveTags: readonly string[];
}

/** Most features drawn. */
export const MAX_LINEAGE_FEATURES = 200;

export function lineageGraph(document: TextDocument, model: ModelDocument, index: CatalogIndex | undefined, settings: LineageSettings): LineageGraph {
  const graph: LineageGraph = { nodes: [], edges: [], catalog: index ? index.state.kind : 'off', omittedFeatures: 0 };
  const root = model.yaml.root;
  if (model.tooLarge || !root || root.kind !== 'map') return graph;

  const sensitive = new Set(settings.sensitiveTags);
  const byId = new Map<string, LineageNode>();
  const edges = new Set<string>();
  const rangeOf = (node: YamlNode): Range => ({ start: document.positionAt(node.start), end: document.positionAt(node.end) });
  const base = index?.uiBaseUrl ?? '';
  const add = (node: Omit<LineageNode, 'sensitiveTags'> & { sensitiveTags?: string[] }): LineageNode => {
    const existing = byId.get(node.id);
    if (existing) return existing;
    const created: LineageNode = { ...node, sensitiveTags: node.sensitiveTags ?? [] };
    byId.set(created.id, created);
    graph.nodes.push(created);
    return created;
  };
  const link = (from: LineageNode, to: LineageNode) => {
    const key = `${from.id}\u0000${to.id}`;
    if (edges.has(key)) return;
    edges.add(key);
    graph.edges.push({ from: from.id, to: to.id });
  };
  const markSensitive = (node: LineageNode, tags: Iterable<string>) => {
    for (const tag of tags) if (sensitive.has(tag) && !node.sensitiveTags.includes(tag)) node.sensitiveTags.push(tag);
  };

  const refs = referencesIn(root);
  // The references inside each feature source, and those of each feature and of the model itself.
  const within = new Map<MapNode | undefined, Reference[]>();
  for (const ref of refs) {
    const owner = ref.source ?? ref.feature;
    within.set(owner, [...(within.get(owner) ?? []), ref]);
  }
  const refsOf = (owner: MapNode | undefined, kind: Reference['kind']) => (within.get(owner) ?? []).filter((r) => r.kind === kind);
  const tagsOf = (owner: MapNode | undefined) => refsOf(owner, 'tag').map((r) => r.name);

  const nameNode = getValue(root, 'name');
  const name = stringValue(nameNode);
  const service = refsOf(undefined, 'mlmodelService')[0]?.name;
  const modelFqn = service && name ? joinFqnSafe(service, name) : undefined;
  const modelNode = add({
    id: 'model',
    kind: 'model',
    label: stringValue(getValue(root, 'displayName')) || name || '(unnamed model)',
    detail: stringValue(getValue(root, 'algorithm')),
    fqn: modelFqn,
    range: rangeOf(nameNode ?? root.pairs[0]?.key ?? root),
    // Only a model the server has: a link to a page that does not exist yet helps no one.
    url: modelFqn && index?.mlModel(modelFqn).status === 'found' ? entityUrl(base, 'mlmodel', modelFqn) : undefined,
  });
  markSensitive(modelNode, tagsOf(undefined));

  const features = getValue(root, 'mlFeatures');
  const items = features?.kind === 'seq' ? features.items : [];
  graph.omittedFeatures = Math.max(0, items.length - MAX_LINEAGE_FEATURES);
  items.slice(0, MAX_LINEAGE_FEATURES).forEach((feature, f) => {
    if (feature.kind !== 'map') return;
    const featureName = stringValue(getValue(feature, 'name'));
    const featureNode = add({
      id: `feature:${f}`,
      kind: 'feature',
      label: featureName || `(feature ${f + 1})`,
      detail: stringValue(getValue(feature, 'dataType')),
      range: rangeOf(getValue(feature, 'name') ?? feature),
    });
    markSensitive(featureNode, tagsOf(feature));
    link(featureNode, modelNode);

    const sources = getValue(feature, 'featureSources');
    if (sources?.kind !== 'seq') return;
    sources.items.forEach((source, s) => {
      if (source.kind !== 'map') return;
      const tableRef = refsOf(source, 'table')[0];
      const table = tableRef ? tableNode(tableRef.name, tableRef.value) : undefined;
      const columnRef = refsOf(source, 'column')[0];
      const columnName = columnRef?.name;
      if (!columnRef || !columnName) {
        // A source that names no column still ties its table to the feature.
        if (table) link(table, featureNode);
        return;
      }
      const column = add({
        // One node per column of a table, however many features use it; a column of no named table is its source's own.
        id: table ? `column:${table.fqn}\u0000${columnName}` : `column:#${f}.${s}`,
        kind: 'column',
        label: columnName,
        detail: stringValue(getValue(source, 'dataType')),
        fqn: table ? `${table.fqn}.${columnName}` : undefined,
        range: rangeOf(columnRef.value),
        url: table ? entityUrl(base, 'column', columnName, table.fqn) : undefined,
      });
      markSensitive(column, tagsOf(source));
      if (table && index) {
        const found = index.table(table.fqn!);
        if (found.status === 'found' && found.value.columns) {
          const known = findColumn(found.value, columnName);
          if (known) {
            markSensitive(column, known.tags);
            column.detail ??= known.dataTypeDisplay ?? known.dataType;
          } else column.unknown = true;
        }
      }
      if (table) link(table, column);
      link(column, featureNode);
    });
  });

  const dashboardRef = refsOf(undefined, 'dashboard')[0];
  if (dashboardRef) {
    const dashboard = dashboardRef.name;
    const node = add({ id: `dashboard:${dashboard}`, kind: 'dashboard', label: lastPart(dashboard), fqn: dashboard, range: rangeOf(dashboardRef.value), url: entityUrl(base, 'dashboard', dashboard) });
    if (index?.entity('dashboard', dashboard).status === 'missing') node.unknown = true;
    link(modelNode, node);
  }
  return graph;

  function tableNode(written: string, value: YamlNode): LineageNode {
    const fqn = normalizeFqn(written) ?? written;
    const id = `table:${fqn}`;
    let node = byId.get(id);
    if (node && node.kind !== 'upstreamTable') return node;
    if (node) {
      // Lineage names it above another source, and this file reads it too: it is one of the file's tables.
      node.kind = 'table';
      node.range = rangeOf(value);
    } else node = add({ id, kind: 'table', label: lastPart(fqn), fqn, range: rangeOf(value), url: entityUrl(base, 'table', fqn) });
    if (!index) return node;
    const found = index.table(fqn);
    if (found.status === 'missing') node.unknown = true;
    if (found.status === 'found') {
      markSensitive(node, found.value.tags);
      if (found.value.displayName) node.label = found.value.displayName;
    }
    const upstream = found.status === 'found' ? index.upstreamTables(fqn) : undefined;
    if (upstream?.status === 'found') {
      for (const up of upstream.value) {
        const upFqn = normalizeFqn(up.fullyQualifiedName) ?? up.fullyQualifiedName;
        const upNode = add({ id: `table:${upFqn}`, kind: 'upstreamTable', label: up.displayName || up.name, fqn: upFqn, url: entityUrl(base, 'table', upFqn) });
        link(upNode, node);
      }
    }
    return node;
  }
}

/** The last part of an FQN, unquoted: the entity's own name. */
function lastPart(fqn: string): string {
  return splitFqn(fqn)?.at(-1) ?? fqn;
}

function joinFqnSafe(service: string, name: string): string | undefined {
  try {
    return joinFqn(normalizeFqn(service) ?? service, name);
  } catch {
    // A name with a double quote: no entity can have it.
    return undefined;
  }
}
