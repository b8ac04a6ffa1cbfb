// /api/v1/tables (TableResource): list with paging and database/databaseSchema filters, by id, by
// name, and the (single-version) history. Columns are always included, their tags with fields=tags.
import type { Table } from '../../openmetadata/types';
import { ApiError, badRequest, entityNotFound } from '../http/apiError';
import { includeParam, includes, intParam, type RequestContext } from '../http/context';
import type { Router } from '../http/router';
import { parseFields, presentTable, TABLE_FIELDS } from '../present';
import { canonicalFqn } from '../fqn';
import { pageOf } from '../store/paging';
import type { SandboxStore } from '../store/sandboxStore';

function byId(store: SandboxStore, id: string): Table {
  const table = store.tables.byId(id);
  if (!table) throw entityNotFound('table', id);
  return table;
}

/** Positions of the tables under a database or schema FQN prefix (all when no filter). */
function filtered(store: SandboxStore, prefix: string | undefined): { size: number; at: (i: number) => number } {
  const all = store.tables;
  if (!prefix) return { size: all.size, at: (i) => i };
  const positions: number[] = [];
  for (let p = 0; p < all.size; p++) if (all.fqnAt(p).startsWith(prefix)) positions.push(p);
  return { size: positions.length, at: (i) => positions[i] };
}

export function tableRoutes(router: Router<RequestContext>, state: { store: SandboxStore }): void {
  const base = '/api/v1/tables';

  router.add('GET', base, (ctx) => {
    const fields = parseFields(ctx.query.get('fields'), TABLE_FIELDS);
    const include = includeParam(ctx.query);
    const limit = intParam(ctx.query, 'limit', 10, 0, 1_000_000);
    const parent = ctx.query.get('databaseSchema') ?? ctx.query.get('database');
    const view = include === 'deleted' ? { size: 0, at: (i: number) => i } : filtered(state.store, parent ? `${canonicalFqn(parent)}.` : undefined);
    const page = pageOf(view.size, (i) => state.store.tables.fqnAt(view.at(i)), {
      limit,
      after: ctx.query.get('after') ?? undefined,
      before: ctx.query.get('before') ?? undefined,
    });
    const data: Table[] = [];
    for (let i = page.start; i < page.end; i++) data.push(presentTable(state.store.tables.at(view.at(i)), fields, ctx.baseUrl));
    return { status: 200, body: { data, paging: page.paging } };
  });

  router.add('GET', `${base}/name/:fqn`, (ctx, { fqn }) => {
    const fields = parseFields(ctx.query.get('fields'), TABLE_FIELDS);
    const table = state.store.tables.byFqn(fqn);
    if (!table || !includes(includeParam(ctx.query), table.deleted)) throw entityNotFound('table', fqn);
    return { status: 200, body: presentTable(table, fields, ctx.baseUrl) };
  });

  router.add('GET', `${base}/:id`, (ctx, { id }) => {
    const fields = parseFields(ctx.query.get('fields'), TABLE_FIELDS);
    const table = byId(state.store, id);
    if (!includes(includeParam(ctx.query), table.deleted)) throw entityNotFound('table', id);
    return { status: 200, body: presentTable(table, fields, ctx.baseUrl) };
  });

  router.add('GET', `${base}/:id/versions`, (_ctx, { id }) => {
    return { status: 200, body: { entityType: 'table', versions: [JSON.stringify(byId(state.store, id))] } };
  });

  router.add('GET', `${base}/:id/versions/:version`, (_ctx, { id, version }) => {
    const table = byId(state.store, id);
    if (!Number.isFinite(Number(version))) throw badRequest(`Invalid version ${version}`);
    if (Number(version) !== table.version) throw new ApiError(404, `table instance for ${id} and version ${version} not found`);
    return { status: 200, body: table };
  });
}
