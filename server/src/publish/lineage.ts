// Which table → model lineage edges a publish adds, keeps and removes. OpenMetadata draws an edge
// from each feature source's table when a model is created, and a publish PUTs one per source
// table; neither ever removes one, so a source dropped from the file would stay in the catalog as
// lineage. A publish removes exactly the edges it (or a model save) could have drawn for a table
// that was a source of the model on the server and is not one in the file any more. Every other
// edge stays: one from a table that was never a source, and one that carries what neither draws
// (a pipeline, a query, column lineage, a description, another lineage source).

import type { OpenMetadataClient } from '../openmetadata/client';
import type { Edge, EntityLineage, EntityReference, LineageDetails, MlModel } from '../openmetadata/types';
import { featureDataSources } from '../openmetadata/mlmodelEntity';
import { tableName, type KeptEdge } from '../shared/wording';

/**
 * Newer servers (1.2+) also fill in who drew an edge, when, and how (`source`, default "Manual");
 * the shared C23 schema predates these fields, so they are read here only.
 */
interface DetailsOnWire extends LineageDetails {
  source?: string;
}

/**
 * The `source` a server gives an edge drawn from a model save (none: the relationship carries no
 * details) or from our PUT without details (none before 1.2; from 1.2 the schema default
 * "Manual", the same a person drawing an edge in the UI gets: with nothing else on the edge the
 * two cannot be told apart, and the model's own source list drew the edge anyway).
 */
const SOURCES_WE_DRAW: ReadonlySet<string | undefined> = new Set([undefined, 'Manual']);

export interface PlannedLineage {
  /** Every distinct source table in the file (each gets a PUT), in the file's order. */
  tables: EntityReference[];
  /** FQNs of those already upstream of the model. */
  present: string[];
  /** Edges to remove after the PUTs: tables that were sources on the server and are not in the file. */
  remove: EntityReference[];
  /** Such tables whose edge stays, with why. */
  kept: KeptEdge[];
  /**
   * The model is soft-deleted and the publish restores it. OpenMetadata shows no lineage of a
   * deleted model (LineageRepository.get looks the model up with Include.NON_DELETED), though its
   * edges are still stored: `present`, `remove` and `kept` are empty here and found by
   * `planLineage` once the model's PUT has restored it (execute.ts).
   */
  afterRestore?: boolean;
}

const hasText = (s: unknown): boolean => typeof s === 'string' && s.trim() !== '';

/** Why an edge is one neither a model save nor a publish draws, or undefined when it could be ours. */
function notOurs(edge: Edge): string | undefined {
  const details = edge.lineageDetails as DetailsOnWire | undefined;
  if (details?.pipeline) return `it has a pipeline${details.pipeline.fullyQualifiedName ? ` (${details.pipeline.fullyQualifiedName})` : ''}`;
  if (hasText(details?.sqlQuery)) return 'it has a SQL query';
  if (details?.columnsLineage?.length) return 'it has column lineage';
  if (hasText(edge.description) || hasText(details?.description)) return 'it has a description (drawn by hand)';
  if (!SOURCES_WE_DRAW.has(details?.source)) return `it comes from ${details!.source}`;
  return undefined;
}

const nameOf = (ref: EntityReference, nodes: Map<string, EntityReference>): string => ref.fullyQualifiedName ?? nodes.get(ref.id)?.fullyQualifiedName ?? ref.id;

/** Source tables of a model (one version of it), by id. */
function sourceTables(model: Pick<MlModel, 'mlFeatures'>): Map<string, EntityReference> {
  return new Map(featureDataSources(model).filter((ref) => ref.type === 'table').map((ref) => [ref.id, ref]));
}

/**
 * Plans the model's lineage against the server: `current` is the model on the server (absent when
 * the publish creates it; not deleted, or its lineage cannot be read), `tables` the file's source
 * tables.
 */
export async function planLineage(client: OpenMetadataClient, current: MlModel | undefined, tables: EntityReference[], signal?: AbortSignal): Promise<PlannedLineage> {
  if (!current) return { tables, present: [], remove: [], kept: [] };
  const lineage: EntityLineage = await client.getLineage('mlmodel', current.id, { upstreamDepth: 1, downstreamDepth: 0 }, { signal });
  const nodes = new Map((lineage.nodes ?? []).map((n) => [n.id, n]));
  const upstream = new Map((lineage.upstreamEdges ?? []).filter((e) => e.toEntity === current.id && nodes.get(e.fromEntity)?.type === 'table').map((e) => [e.fromEntity, e]));
  const inFile = new Set(tables.map((t) => t.id));
  const present = tables.filter((t) => upstream.has(t.id)).map(tableName);

  const now = sourceTables(current);
  const remove: EntityReference[] = [];
  const kept: KeptEdge[] = [];
  // In the order the server's model names its sources, so a preview reads like the model.
  for (const table of now.values()) {
    const edge = upstream.get(table.id);
    if (!edge || inFile.has(table.id)) continue;
    const why = notOurs(edge);
    if (why) kept.push({ table: nameOf(table, nodes), reason: why });
    else remove.push({ id: table.id, type: 'table', fullyQualifiedName: nameOf(table, nodes) });
  }
  // An edge the model's current sources do not explain may be one a publish failed to remove
  // after it had already written the model: it is removed when an earlier version of the model
  // named the table. The history is read only when there is such an edge.
  const unexplained = [...upstream.values()].filter((e) => !inFile.has(e.fromEntity) && !now.has(e.fromEntity) && !notOurs(e));
  if (unexplained.length) {
    const earlier = new Set<string>();
    for (const version of await client.listMlModelVersions(current.id, { signal })) for (const id of sourceTables(version).keys()) earlier.add(id);
    for (const edge of unexplained.filter((e) => earlier.has(e.fromEntity))) {
      const node = nodes.get(edge.fromEntity)!;
      remove.push({ id: node.id, type: 'table', fullyQualifiedName: node.fullyQualifiedName ?? node.id });
    }
  }
  return { tables, present, remove, kept };
}
