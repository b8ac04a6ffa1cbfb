// /api/v1/lineage (LineageResource): PUT an edge, GET the graph around an entity by id or by name
// (depths 0–3), GET and PATCH one edge's details, DELETE an edge. Graph edges are ids; nodes are references.
import type { AddLineageRequest, Edge, EntityLineage, EntityReference, LineageDetails } from '../../openmetadata/types';
import { ApiError, badRequest, entityNotFound } from '../http/apiError';
import { intParam, type RequestContext } from '../http/context';
import type { Router } from '../http/router';
import { withHref } from '../present';
import { requireEntity } from '../references';
import { applyJsonPatch, JsonPatchError } from '../requests/jsonPatch';
import { addLineageSpec } from '../requests/mlmodelSpecs';
import { checkBody } from '../requests/shapes';
import { referenceTo } from '../store/collection';
import type { StoredEdge } from '../store/lineage';
import type { SandboxStore } from '../store/sandboxStore';

/** What java.util.UUID.fromString accepts: five dash-separated groups of hex digits. */
const UUID = /^[0-9a-f]{1,8}-[0-9a-f]{1,4}-[0-9a-f]{1,4}-[0-9a-f]{1,4}-[0-9a-f]{1,12}$/i;

function edgeOf(stored: StoredEdge): Edge {
  const edge: Edge = { fromEntity: stored.from.id, toEntity: stored.to.id };
  if (stored.description !== undefined) edge.description = stored.description;
  if (stored.lineageDetails !== undefined) edge.lineageDetails = stored.lineageDetails;
  return edge;
}

/** Walks `depth` hops in one direction, collecting edges and the entities they reach. */
function walk(
  store: SandboxStore,
  start: string,
  depth: number,
  next: (id: string) => StoredEdge[],
  far: (edge: StoredEdge) => StoredEdge['from'],
  nodes: Map<string, EntityReference>,
): Edge[] {
  const edges = new Map<string, Edge>();
  let frontier = [start];
  for (let hop = 0; hop < depth && frontier.length; hop++) {
    const reached: string[] = [];
    for (const id of frontier) {
      for (const stored of next(id)) {
        const end = far(stored);
        const ref = store.reference(end.type, end.id);
        if (!ref || ref.deleted) continue;
        const key = `${stored.from.id}>${stored.to.id}`;
        if (edges.has(key)) continue;
        edges.set(key, edgeOf(stored));
        if (end.id !== start && !nodes.has(end.id)) nodes.set(end.id, ref);
        reached.push(end.id);
      }
    }
    frontier = reached;
  }
  return [...edges.values()];
}

function lineageOf(store: SandboxStore, entity: EntityReference, ctx: RequestContext): EntityLineage {
  const upstreamDepth = intParam(ctx.query, 'upstreamDepth', 1, 0, 3);
  const downstreamDepth = intParam(ctx.query, 'downstreamDepth', 1, 0, 3);
  const nodes = new Map<string, EntityReference>();
  const upstreamEdges = walk(store, entity.id, upstreamDepth, (id) => store.lineage.upstreamOf(id), (e) => e.from, nodes);
  const downstreamEdges = walk(store, entity.id, downstreamDepth, (id) => store.lineage.downstreamOf(id), (e) => e.to, nodes);
  return {
    entity: withHref(ctx.baseUrl, entity),
    nodes: [...nodes.values()].map((n) => withHref(ctx.baseUrl, n)),
    upstreamEdges,
    downstreamEdges,
  };
}

/** Column lineage between tables must name columns of those tables. */
function checkColumns(store: SandboxStore, request: AddLineageRequest): void {
  const { fromEntity, toEntity, lineageDetails } = request.edge;
  if (!lineageDetails?.columnsLineage || fromEntity.type !== 'table' || toEntity.type !== 'table') return;
  const columnsOf = (id: string): Set<string> => {
    const out = new Set<string>();
    const add = (cols: { fullyQualifiedName?: string; children?: unknown[] }[] | undefined): void => {
      for (const c of cols ?? []) {
        if (c.fullyQualifiedName) out.add(c.fullyQualifiedName);
        add(c.children as typeof cols);
      }
    };
    add(store.tables.byId(id)?.columns);
    return out;
  };
  const fromColumns = columnsOf(fromEntity.id);
  const toColumns = columnsOf(toEntity.id);
  for (const column of lineageDetails.columnsLineage) {
    for (const from of column.fromColumns ?? []) if (!fromColumns.has(from)) throw badRequest(`Invalid fully qualified column name ${from}`);
    if (column.toColumn !== undefined && !toColumns.has(column.toColumn)) throw badRequest(`Invalid fully qualified column name ${column.toColumn}`);
  }
}

export function lineageRoutes(router: Router<RequestContext>, state: { store: SandboxStore }): void {
  const base = '/api/v1/lineage';

  router.add('PUT', base, async (ctx) => {
    const request = checkBody<AddLineageRequest>(addLineageSpec, await ctx.readJson());
    const { fromEntity, toEntity } = request.edge;
    requireEntity(state.store, fromEntity.type, fromEntity.id);
    requireEntity(state.store, toEntity.type, toEntity.id);
    if (request.edge.lineageDetails?.pipeline) requireEntity(state.store, request.edge.lineageDetails.pipeline.type, request.edge.lineageDetails.pipeline.id);
    checkColumns(state.store, request);
    // LineageRepository.addLineage writes a fresh details object and the DAO upserts it: re-sending
    // an edge replaces its SQL query, column lineage, pipeline and description with what this
    // request has, and (from 1.7) stamps it as created now by the caller.
    const given = request.edge.lineageDetails as (LineageDetails & { source?: string }) | undefined;
    const details: LineageDetails & Record<string, unknown> = { ...given, source: given?.source ?? 'Manual' };
    if (ctx.rules.lineageStamps) Object.assign(details, { createdAt: ctx.now(), createdBy: ctx.principal.name, updatedAt: ctx.now(), updatedBy: ctx.principal.name });
    state.store.lineage.add({ from: fromEntity, to: toEntity, description: request.edge.description, lineageDetails: details });
    return { status: 200 };
  });

  router.add('GET', `${base}/:entity/name/:fqn`, (ctx, { entity, fqn }) => {
    if (!state.store.knowsType(entity)) throw new ApiError(404, `Entity repository for ${entity} not found. Is the ENTITY_TYPE_MAP initialized?`);
    const found = state.store.entityByFqn(entity, fqn);
    if (!found || found.deleted) throw entityNotFound(entity, fqn);
    return { status: 200, body: lineageOf(state.store, referenceTo(entity, found), ctx) };
  });

  router.add('GET', `${base}/:entity/:id`, (ctx, { entity, id }) => {
    const found = requireEntity(state.store, entity, id);
    return { status: 200, body: lineageOf(state.store, referenceTo(entity, found), ctx) };
  });

  // LineageRepository.getLineageEdge: the edge's stored details as `{"edge": …}`. Both ids are
  // UUID path parameters (Jersey answers 404 for one that is not).
  router.add('GET', `${base}/getLineageEdge/:fromId/:toId`, (_ctx, { fromId, toId }) => {
    if (!UUID.test(fromId) || !UUID.test(toId)) throw new ApiError(404, 'HTTP 404 Not Found');
    const stored = state.store.lineage.upstreamOf(toId).find((e) => e.from.id === fromId);
    if (!stored) throw new ApiError(404, `Lineage edge not found between ${fromId} and  ${toId}`);
    return { status: 200, body: { edge: stored.lineageDetails ?? {} } };
  });

  // LineageRepository.patchLineageEdge: a JSON Patch of the edge's details; the pipeline must exist,
  // column lineage must name the tables' columns, and the details record who changed them when.
  router.add('PATCH', `${base}/:fromEntity/:fromId/:toEntity/:toId`, async (ctx, params) => {
    const operations = await ctx.readJson('application/json-patch+json');
    const from = requireEntity(state.store, params.fromEntity, params.fromId);
    const to = requireEntity(state.store, params.toEntity, params.toId);
    const stored = state.store.lineage.upstreamOf(params.toId).find((e) => e.from.id === params.fromId);
    if (!stored) {
      throw new ApiError(404, `Lineage edge not found between ${params.fromEntity} ${params.fromId} and ${params.toEntity} ${params.toId}`);
    }
    let patched: unknown;
    try {
      patched = applyJsonPatch(stored.lineageDetails ?? {}, operations);
    } catch (error) {
      if (error instanceof JsonPatchError) throw badRequest(error.message);
      throw error;
    }
    const edge = { fromEntity: { id: from.id, type: params.fromEntity }, toEntity: { id: to.id, type: params.toEntity }, lineageDetails: patched };
    const request = checkBody<AddLineageRequest>(addLineageSpec, { edge });
    const details = { ...request.edge.lineageDetails, updatedAt: ctx.now(), updatedBy: ctx.principal.name } as LineageDetails;
    if (details.pipeline) details.pipeline = referenceTo(details.pipeline.type, requireEntity(state.store, details.pipeline.type, details.pipeline.id));
    checkColumns(state.store, { edge: { ...request.edge, lineageDetails: details } });
    state.store.lineage.add({ ...stored, lineageDetails: details });
    return { status: 200, body: details };
  });

  // LineageRepository.deleteLineage: ids are parsed as UUIDs (400 otherwise) and both ends looked
  // up with Include.ALL, so the edge of a soft-deleted entity can still be removed.
  router.add('DELETE', `${base}/:fromEntity/:fromId/:toEntity/:toId`, (_ctx, params) => {
    for (const id of [params.fromId, params.toId]) if (!UUID.test(id)) throw badRequest(`Invalid UUID string: ${id}`);
    for (const [type, id] of [[params.fromEntity, params.fromId], [params.toEntity, params.toId]]) {
      if (!state.store.knowsType(type)) throw new ApiError(404, `Entity repository for ${type} not found. Is the ENTITY_TYPE_MAP initialized?`);
      if (!state.store.entity(type, id)) throw entityNotFound(type, id);
    }
    if (!state.store.lineage.remove(params.fromId, params.toId)) throw new ApiError(404, 'Lineage edge not found');
    return { status: 200 };
  });
}
