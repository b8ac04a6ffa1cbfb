// The parts of Elasticsearch's query language that OpenMetadata's clients send the search endpoints,
// as predicates over a search document (the entity as indexed): the Python SDK finds owners with
// `q=email.keyword:<mail>` and a `query_filter` holding a `query_string` ("<name> AND isBot:false"
// over name and displayName), and entities by FQN with `/search/fieldQuery` (a wildcard query).
// Anything else is refused with a 400 naming what the sandbox understands, never silently ignored.
import { badRequest } from '../http/apiError';
import { nameTokens } from '../store/search';

export type Doc = Record<string, unknown>;
export type DocPredicate = (doc: Doc) => boolean;

/** The values at a dotted path, arrays flattened: `owners.name` of `{owners: [{name}]}`. A `.keyword` sub-field is the field itself. */
export function fieldValues(doc: unknown, path: string): unknown[] {
  let values: unknown[] = [doc];
  for (const key of path.replace(/\.keyword$/, '').split('.')) {
    values = values
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .flatMap((v) => (typeof v === 'object' && v !== null && key in v ? [(v as Doc)[key]] : []));
  }
  return values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined && v !== null);
}

/**
 * An Elasticsearch wildcard pattern (`*` any run, `?` one character, `\` escapes) as an anchored
 * test. OpenMetadata maps names and FQNs as keywords with a lowercase normalizer, which applies to
 * the pattern too: matching ignores case.
 */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escapeRegExp(c);
  }
  const regExp = new RegExp(`^${source}$`, 'isu');
  return (value) => regExp.test(value);
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A `field:value` clause: the field holds the value (case-insensitively; `*` and `?` as wildcards). */
function fieldClause(field: string, value: string): DocPredicate {
  const matches = wildcardMatcher(value);
  return (doc) => fieldValues(doc, field).some((v) => typeof v !== 'object' && matches(String(v)));
}

/**
 * A bare term, analysed as OpenMetadata's text fields are (lowercased, split into words, the whole
 * kept too): every word of it is a word of one of `fields`. No typos: `fuzziness` in a query string
 * only applies to terms written with `~`.
 */
function textClause(term: string, fields: readonly string[]): DocPredicate {
  const words = nameTokens(term.toLowerCase());
  return (doc) =>
    fields.some((field) =>
      fieldValues(doc, field).some((v) => {
        if (typeof v !== 'string') return false;
        const own = nameTokens(v.toLowerCase());
        return words.length > 0 && words.every((w) => own.includes(w));
      }),
    );
}

const DEFAULT_TEXT_FIELDS = ['name', 'displayName', 'fullyQualifiedName', 'description'];

/** Splits on whitespace outside double quotes. */
function tokens(query: string): string[] {
  return query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/**
 * A Lucene query string made of clauses joined by AND (or by spaces, with `default_operator` AND):
 * `field:value` and bare terms. OR, NOT and parentheses are refused.
 */
export function queryStringPredicate(query: string, fields: readonly string[] = DEFAULT_TEXT_FIELDS): DocPredicate {
  const clauses: DocPredicate[] = [];
  for (const token of tokens(query.trim())) {
    if (token === 'AND' || token === '*') continue;
    if (token === 'OR' || token === 'NOT' || /^[-+!(]|\)$/.test(token)) {
      throw badRequest(`the sandbox's search understands query strings of clauses joined by AND, not "${token}" in "${query}"`);
    }
    const colon = token.search(/(?<!\\):/);
    if (colon > 0) clauses.push(fieldClause(token.slice(0, colon), unquote(token.slice(colon + 1)).replace(/\\:/g, ':')));
    else clauses.push(textClause(unquote(token).replace(/\\(.)/g, '$1'), fields));
  }
  return (doc) => clauses.every((clause) => clause(doc));
}

/** Whether `q` is a query string with fields (`email.keyword:x`) rather than text to rank. */
export function hasFieldClause(q: string | null): boolean {
  return q !== null && tokens(q).some((t) => t.search(/(?<!\\):/) > 0);
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function compile(query: unknown): DocPredicate {
  const [kind, body] = Object.entries((query ?? {}) as Doc)[0] ?? ['match_all', {}];
  const spec = (body ?? {}) as Doc;
  switch (kind) {
    case 'match_all':
      return () => true;
    case 'query_string': {
      const fields = Array.isArray(spec.fields) ? (spec.fields as string[]) : DEFAULT_TEXT_FIELDS;
      return queryStringPredicate(String(spec.query ?? '*'), fields);
    }
    case 'term': {
      const [field, raw] = Object.entries(spec)[0] ?? [];
      if (field === undefined) throw badRequest('query_filter: a term query names no field');
      const value = typeof raw === 'object' && raw !== null ? (raw as Doc).value : raw;
      return (doc) => fieldValues(doc, field).some((v) => String(v).toLowerCase() === String(value).toLowerCase());
    }
    case 'bool': {
      const must = [...list(spec.must), ...list(spec.filter)].map(compile);
      const mustNot = list(spec.must_not).map(compile);
      const should = list(spec.should).map(compile);
      return (doc) =>
        must.every((p) => p(doc)) && !mustNot.some((p) => p(doc)) && (should.length === 0 || must.length > 0 || should.some((p) => p(doc)));
    }
    default:
      throw badRequest(`query_filter: the sandbox's search understands match_all, query_string, term and bool queries, not ${kind}`);
  }
}

/**
 * The `query_filter` parameter (`{"query": {...}}`) as a predicate. Upstream ignores a filter it
 * cannot parse as JSON (it logs "Error parsing query_filter … ignoring filter"), and so does this.
 */
export function queryFilterPredicate(raw: string | null): DocPredicate | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('query' in parsed)) return undefined;
  return compile((parsed as Doc).query);
}
