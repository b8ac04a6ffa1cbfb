// /api/v1/search/query and /fieldQuery (SearchResource): the raw Elasticsearch-shaped response,
// `hits.hits[]._source` being the indexed entity (a table with its columns, tags and owners…).
import type { SearchHit, SearchResponse } from '../../openmetadata/types';
import { ApiError, badRequest } from '../http/apiError';
import { boolParam, intParam, type RequestContext } from '../http/context';
import type { Router } from '../http/router';
import { mlModelFields, presentEntity, presentMlModel, presentTable, TABLE_FIELDS } from '../present';
import { fqnOf, type Named } from '../store/collection';
import { fieldValues, hasFieldClause, queryFilterPredicate, queryStringPredicate, wildcardMatcher, type DocPredicate } from '../requests/searchQuery';
import { documentScorer, parseQuery, rank, type Scorer, type SearchFields } from '../store/search';
import type { SandboxStore } from '../store/sandboxStore';
import type { ServerRules } from '../serverVersions';

interface SearchSource {
  scorer: Scorer;
  source(i: number, baseUrl: string): Record<string, unknown>;
  fqn(i: number): string;
}

/** A hit with the sort values Elasticsearch adds to every hit of a sorted search. */
type SortedHit = SearchHit<Record<string, unknown>> & { sort: (string | number)[] };

const INDEX_TYPES: Record<string, string> = {
  table_search_index: 'table',
  mlmodel_search_index: 'mlmodel',
  dashboard_search_index: 'dashboard',
  user_search_index: 'user',
  team_search_index: 'team',
  tag_search_index: 'tag',
};

const ALL_TABLE_FIELDS = new Set<string>(TABLE_FIELDS);
const NOTHING_STRIPPED = new Set<string>();

function lower(value: string | undefined): string | undefined {
  return value?.toLowerCase();
}

function named(type: string, items: readonly Named[]): SearchSource {
  const doc = (i: number): SearchFields => ({ name: items[i].name.toLowerCase(), fqn: fqnOf(items[i]).toLowerCase(), description: lower(items[i].description) });
  return {
    scorer: documentScorer(items.length, doc),
    // The index holds the whole entity, relationships included.
    source: (i, baseUrl) => presentEntity(type, items[i], NOTHING_STRIPPED, [], baseUrl) as unknown as Record<string, unknown>,
    fqn: (i) => fqnOf(items[i]),
  };
}

function sourceFor(store: SandboxStore, type: string, deleted: boolean, rules: ServerRules): SearchSource {
  switch (type) {
    case 'table': {
      const tables = store.tables;
      return {
        scorer: deleted ? documentScorer(0, () => ({ name: '', fqn: '' })) : tables.scorer(),
        source: (i, baseUrl) => presentTable(tables.at(i), ALL_TABLE_FIELDS, baseUrl) as unknown as Record<string, unknown>,
        fqn: (i) => tables.fqnAt(i),
      };
    }
    case 'mlmodel': {
      const models = store.mlmodels.list().filter((m) => (m.deleted === true) === deleted);
      return {
        scorer: documentScorer(models.length, (i) => ({
          name: models[i].name.toLowerCase(),
          fqn: (models[i].fullyQualifiedName as string).toLowerCase(),
          description: lower(models[i].description),
          columns: (models[i].mlFeatures ?? []).map((f) => (f.name ?? '').toLowerCase()),
        })),
        source: (i, baseUrl) => presentMlModel(models[i], new Set(mlModelFields(rules)), baseUrl) as unknown as Record<string, unknown>,
        fqn: (i) => models[i].fullyQualifiedName as string,
      };
    }
    case 'dashboard':
      return named(type, deleted ? [] : store.dashboards.list());
    case 'user':
      return named(type, deleted ? [] : store.users.list());
    case 'team':
      return named(type, deleted ? [] : store.teams.list());
    default:
      return named(type, deleted ? [] : store.tags.list());
  }
}

function sourceFields(query: URLSearchParams): string[] | undefined {
  const fields = query.getAll('include_source_fields').flatMap((v) => v.split(',')).map((f) => f.trim()).filter(Boolean);
  return fields.length ? fields : undefined;
}

function indexType(query: URLSearchParams): string {
  const index = query.get('index') ?? 'table_search_index';
  const type = INDEX_TYPES[index] ?? (Object.values(INDEX_TYPES).includes(index) ? index : undefined);
  if (!type) throw new ApiError(400, `no such index [${index}]`);
  return type;
}

function envelope(started: number, total: number, maxScore: number | null, hits: SearchHit<Record<string, unknown>>[]): SearchResponse<Record<string, unknown>> {
  return {
    took: Date.now() - started,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { total: { value: total, relation: 'eq' }, max_score: maxScore, hits },
  };
}

/** Documents (positions) passing `keep`, in index order: a filter reads each whole document. */
function filteredPositions(source: SearchSource, keep: DocPredicate, baseUrl: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < source.scorer.count; i++) if (keep(source.source(i, baseUrl))) out.push(i);
  return out;
}

/**
 * The value a document sorts by: FQNs and names are keywords with a lowercase normalizer upstream,
 * so they sort (and `search_after` compares) lowercased; a document without the field sorts last.
 */
function sortValue(source: SearchSource, position: number, field: string, baseUrl: string): string | number | undefined {
  if (field === 'fullyQualifiedName') return source.fqn(position).toLowerCase();
  const value = fieldValues(source.source(position, baseUrl), field)[0];
  return typeof value === 'string' ? value.toLowerCase() : typeof value === 'number' ? value : undefined;
}

function compareValues(a: string | number | undefined, b: string | number | undefined, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const order = a < b ? -1 : a > b ? 1 : 0;
  return descending ? -order : order;
}

export function searchRoutes(router: Router<RequestContext>, state: { store: SandboxStore }): void {
  router.add('GET', '/api/v1/search/query', (ctx) => {
    const started = Date.now();
    const type = indexType(ctx.query);
    const from = intParam(ctx.query, 'from', 0, 0, 10_000);
    const size = intParam(ctx.query, 'size', 10, 0, 10_000);
    if (from + size > 10_000) throw badRequest('Result window is too large, from + size must be less than or equal to: [10000]');
    const source = sourceFor(state.store, type, boolParam(ctx.query, 'deleted', false), ctx.rules);
    // Upstream always sorts (sort_field defaults to _score, sort_order to desc), so every hit carries
    // `sort`; sorted by a field, hits have no score. search_after resumes past the given sort values.
    const sortField = ctx.query.get('sort_field') || '_score';
    const descending = (ctx.query.get('sort_order') ?? 'desc').toLowerCase() !== 'asc';
    const searchAfter = ctx.query.get('search_after');
    const q = ctx.query.get('q');
    const filters = [queryFilterPredicate(ctx.query.get('query_filter')), hasFieldClause(q) ? queryStringPredicate(q as string) : undefined].filter(
      (p): p is DocPredicate => p !== undefined,
    );
    const text = hasFieldClause(q) ? null : q;
    const byField = sortField !== '_score';
    let page: { position: number; score: number | null; key: string | number | undefined }[];
    let total: number;
    let maxScore: number | null;
    if (!byField && !filters.length && !searchAfter) {
      const ranked = rank(source.scorer, parseQuery(text), from, size);
      page = ranked.positions.map((position, k) => ({ position, score: ranked.scores[k], key: ranked.scores[k] }));
      ({ total, maxScore } = ranked);
    } else {
      const ranked = rank(source.scorer, parseQuery(text), 0, source.scorer.count);
      let matched = ranked.positions.map((position, k) => ({ position, score: ranked.scores[k] }));
      if (filters.length) {
        const keep = new Set(filteredPositions(source, (doc) => filters.every((f) => f(doc)), ctx.baseUrl));
        matched = matched.filter((m) => keep.has(m.position));
      }
      total = matched.length;
      maxScore = byField || !matched.length ? null : Math.max(...matched.map((m) => m.score));
      const keyed = matched.map((m) => ({ position: m.position, score: byField ? null : m.score, key: byField ? sortValue(source, m.position, sortField, ctx.baseUrl) : m.score }));
      if (byField) keyed.sort((x, y) => compareValues(x.key, y.key, descending) || x.position - y.position);
      let start = from;
      if (searchAfter) {
        const first = searchAfter.split(',')[0];
        const after = keyed.some((k) => typeof k.key === 'number') ? Number(first) : first.toLowerCase();
        const next = keyed.findIndex((k) => compareValues(k.key, after, descending) > 0);
        start = next < 0 ? keyed.length : next;
      }
      page = keyed.slice(start, start + size);
    }
    const include = sourceFields(ctx.query);
    const indexName = `${type}_search_index`;
    const hits: SortedHit[] = page.map(({ position, score, key }) => {
      const full: Record<string, unknown> = { ...source.source(position, ctx.baseUrl), entityType: type };
      const picked = include ? Object.fromEntries(include.filter((f) => f in full).map((f) => [f, full[f]])) : full;
      return { _index: indexName, _id: String(full.id), _score: score, _source: picked, sort: key === undefined ? [] : [key] };
    });
    return { status: 200, body: envelope(started, total, maxScore, hits) };
  });

  // searchByField: a wildcard query on one field, filtered by `deleted`; Elasticsearch's default
  // page (the first 10 hits, each scored 1.0: a wildcard query scores constantly). `from` and `size`
  // are not read upstream, so they are not here.
  router.add('GET', '/api/v1/search/fieldQuery', (ctx) => {
    const started = Date.now();
    const type = indexType(ctx.query);
    const field = ctx.query.get('fieldName') ?? '';
    const matches = wildcardMatcher(ctx.query.get('fieldValue') ?? '');
    const source = sourceFor(state.store, type, boolParam(ctx.query, 'deleted', false), ctx.rules);
    const positions =
      field === 'fullyQualifiedName'
        ? Array.from({ length: source.scorer.count }, (_, i) => i).filter((i) => matches(source.fqn(i)))
        : filteredPositions(source, (doc) => fieldValues(doc, field).some((v) => typeof v === 'string' && matches(v)), ctx.baseUrl);
    const hits = positions.slice(0, 10).map((position) => {
      const full: Record<string, unknown> = { ...source.source(position, ctx.baseUrl), entityType: type };
      return { _index: `${type}_search_index`, _id: String(full.id), _score: 1, _source: full };
    });
    return { status: 200, body: envelope(started, positions.length, positions.length ? 1 : null, hits) };
  });
}
