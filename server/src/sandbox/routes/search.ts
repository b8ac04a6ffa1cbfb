// /api/v1/search/query (SearchResource): the raw Elasticsearch-shaped response,
// `hits.hits[]._source` being the indexed entity (a table with its columns, tags and owners…).
import type { SearchHit, SearchResponse } from '../../openmetadata/types';
import { ApiError, badRequest } from '../http/apiError';
import { boolParam, intParam, type RequestContext } from '../http/context';
import type { Router } from '../http/router';
import { mlModelFields, presentEntity, presentMlModel, presentTable, TABLE_FIELDS } from '../present';
import { fqnOf, type Named } from '../store/collection';
import { documentScorer, parseQuery, rank, type Scorer, type SearchFields } from '../store/search';
import type { SandboxStore } from '../store/sandboxStore';
import type { ServerRules } from '../serverVersions';

interface SearchSource {
  scorer: Scorer;
  source(i: number, baseUrl: string): Record<string, unknown>;
}

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
  };
}

function sourceFor(store: SandboxStore, type: string, deleted: boolean, rules: ServerRules): SearchSource {
  switch (type) {
    case 'table': {
      const tables = store.tables;
      return {
        scorer: deleted ? documentScorer(0, () => ({ name: '', fqn: '' })) : tables.scorer(),
        source: (i, baseUrl) => presentTable(tables.at(i), ALL_TABLE_FIELDS, baseUrl) as unknown as Record<string, unknown>,
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

export function searchRoutes(router: Router<RequestContext>, state: { store: SandboxStore }): void {
  router.add('GET', '/api/v1/search/query', (ctx) => {
    const started = Date.now();
    const index = ctx.query.get('index') ?? 'table_search_index';
    const type = INDEX_TYPES[index] ?? (Object.values(INDEX_TYPES).includes(index) ? index : undefined);
    if (!type) throw new ApiError(400, `no such index [${index}]`);
    const from = intParam(ctx.query, 'from', 0, 0, 10_000);
    const size = intParam(ctx.query, 'size', 10, 0, 10_000);
    if (from + size > 10_000) throw badRequest('Result window is too large, from + size must be less than or equal to: [10000]');
    const source = sourceFor(state.store, type, boolParam(ctx.query, 'deleted', false), ctx.rules);
    const ranked = rank(source.scorer, parseQuery(ctx.query.get('q')), from, size);
    const include = sourceFields(ctx.query);
    const indexName = `${type}_search_index`;
    const hits: SearchHit<Record<string, unknown>>[] = ranked.positions.map((position, k) => {
      const full: Record<string, unknown> = { ...source.source(position, ctx.baseUrl), entityType: type };
      const picked = include ? Object.fromEntries(include.filter((f) => f in full).map((f) => [f, full[f]])) : full;
      return { _index: indexName, _id: String(full.id), _score: ranked.scores[k], _source: picked };
    });
    const body: SearchResponse<Record<string, unknown>> = {
      took: Date.now() - started,
      timed_out: false,
      _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
      hits: { total: { value: ranked.total, relation: 'eq' }, max_score: ranked.maxScore, hits },
    };
    return { status: 200, body };
  });
}
