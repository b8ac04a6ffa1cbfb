// Full-text search standing in for Elasticsearch: Lucene-escaped query text split into terms, each
// scored against name (exact > prefix > word > substring), FQN, column names and description, with
// a fuzzy (edit distance) pass only when exact matching finds too few hits. Scores are integers, so
// ranking is a bucket sort: fast enough for 100,000 tables. Typos are counted as Elasticsearch's
// fuzzy query counts them by default (`fuzzy_transpositions`: a swap of two letters is one edit),
// with the edit distance the language service's suggestions use.

import { editDistance } from '../../service/suggest';

export interface ParsedQuery {
  /** Lowercase terms; empty means "match everything" (`*`). */
  terms: string[];
}

/** `q` as the client sends it: Lucene escapes removed, unescaped `*` wildcards dropped. */
export function parseQuery(q: string | null): ParsedQuery {
  const text = (q ?? '*').replace(/\\(.)/g, (_, c: string) => (c === '*' ? '\u0000' : c));
  const terms = text
    .toLowerCase()
    .split(/\s+/)
    .map((t) => t.replace(/\*/g, '').replace(/\u0000/g, '*'))
    .filter((t) => t !== '')
    .slice(0, 20);
  return { terms };
}

export interface SearchFields {
  name: string;
  fqn: string;
  description?: string;
  columns?: readonly string[];
}

function isWordStart(name: string, index: number): boolean {
  return index === 0 || !/[\p{L}\p{N}]/u.test(name[index - 1]);
}

/** How well one term matches a document's name or FQN, without typos; 0 for no match. */
export function nameTermScore(term: string, name: string, fqn: string): number {
  if (name === term) return 100;
  if (name.startsWith(term)) return 60;
  const at = name.indexOf(term);
  if (at > 0) return isWordStart(name, at) ? 50 : 40;
  return fqn.includes(term) ? 20 : 0;
}

/** How well one term matches a document's column names or description; 0 for no match. */
export function detailTermScore(term: string, description?: string, columns?: readonly string[]): number {
  if (columns) {
    if (columns.includes(term)) return 15;
    if (columns.some((c) => c.includes(term))) return 8;
  }
  return description?.includes(term) ? 5 : 0;
}

export function exactTermScore(term: string, name: string, fqn: string, description?: string, columns?: readonly string[]): number {
  return nameTermScore(term, name, fqn) || detailTermScore(term, description, columns);
}

const FUZZY_SCORE = 10;

/** Typos allowed for a term, as Elasticsearch's AUTO fuzziness: none below 4 characters. */
export function fuzzinessOf(term: string): number {
  return term.length < 4 ? 0 : term.length < 7 ? 1 : 2;
}

export function nameTokens(name: string): string[] {
  return name.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
}

export function isNumeric(token: string): boolean {
  return /^\d+$/.test(token);
}

/** A query token matches a name token within its fuzziness (numbers and short words exactly). */
export function tokenMatches(queryToken: string, nameToken: string): boolean {
  const limit = isNumeric(queryToken) ? 0 : fuzzinessOf(queryToken);
  return limit === 0 ? queryToken === nameToken : editDistance(queryToken, nameToken, limit) <= limit;
}

/** Every token of the term matches some token of the name, allowing typos: `custmer_events`. */
export function fuzzyMatches(term: string, name: string): boolean {
  const termTokens = nameTokens(term);
  const tokens = nameTokens(name);
  return termTokens.length > 0 && termTokens.every((t) => tokens.some((n) => tokenMatches(t, n)));
}

/** Scores one document: `fuzzy` is asked only for terms without an exact match. */
export interface Scorer {
  count: number;
  exact(position: number, term: string): number;
  fuzzy(position: number, term: string): boolean;
}

/** A scorer over documents built on demand (small collections). */
export function documentScorer(count: number, docAt: (i: number) => SearchFields): Scorer {
  return {
    count,
    exact: (i, term) => {
      const d = docAt(i);
      return exactTermScore(term, d.name, d.fqn, d.description, d.columns);
    },
    fuzzy: (i, term) => fuzzyMatches(term, docAt(i).name),
  };
}

export interface Ranked {
  /** Positions of the hits in [from, from + size), best first. */
  positions: number[];
  scores: number[];
  total: number;
  maxScore: number | null;
}

/**
 * Ranks the documents; ties keep document order (FQN order). The fuzzy pass runs only when the
 * exact one found fewer than `from + size` hits.
 */
export function rank(scorer: Scorer, query: ParsedQuery, from: number, size: number): Ranked {
  const { count } = scorer;
  const terms = query.terms;
  const buckets = new Map<number, number[]>();
  const add = (position: number, score: number): void => {
    const bucket = buckets.get(score);
    if (bucket) bucket.push(position);
    else buckets.set(score, [position]);
  };
  let total = 0;
  if (terms.length === 0) {
    buckets.set(1, Array.from({ length: count }, (_, i) => i));
    total = count;
  } else {
    const matched = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      let score = 0;
      for (let k = 0; k < terms.length; k++) score += scorer.exact(i, terms[k]);
      if (score > 0) {
        matched[i] = 1;
        total++;
        add(i, score);
      }
    }
    if (total < from + size && terms.some((t) => fuzzinessOf(t) > 0)) {
      const touched = new Set<number>();
      for (let i = 0; i < count; i++) {
        if (matched[i]) continue;
        let score = 0;
        for (let k = 0; k < terms.length; k++) if (scorer.fuzzy(i, terms[k])) score += FUZZY_SCORE;
        if (score > 0) {
          total++;
          add(i, score);
          touched.add(score);
        }
      }
      for (const score of touched) (buckets.get(score) as number[]).sort((a, b) => a - b);
    }
  }
  const ordered = [...buckets.keys()].sort((a, b) => b - a);
  const positions: number[] = [];
  const hitScores: number[] = [];
  let skip = from;
  for (const score of ordered) {
    const bucket = buckets.get(score) as number[];
    if (skip >= bucket.length) {
      skip -= bucket.length;
      continue;
    }
    for (let k = skip; k < bucket.length && positions.length < size; k++) {
      positions.push(bucket[k]);
      hitScores.push(score);
    }
    skip = 0;
    if (positions.length >= size) break;
  }
  return { positions, scores: hitScores, total, maxScore: ordered.length ? ordered[0] : null };
}
