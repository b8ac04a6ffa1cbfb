// All tables, seed and generated, in FQN order: one sorted array of FQNs (and their lowercase
// forms, for search) plus where each table comes from. Generated tables are materialised on demand.
import type { Table } from '../../openmetadata/types';
import { compare, fqnKey } from './collection';
import type { GeneratedTables } from './generatedTables';
import { detailTermScore, isNumeric, nameTermScore, nameTokens, tokenMatches, type Scorer } from './search';

export class TableStore {
  /** FQNs in sort order; `source[i] >= 0` is a generated index, `< 0` is seed table `-source[i] - 1`. */
  private readonly fqns: string[];
  private readonly source: Int32Array;
  /** Lowercase name and FQN per position, for search. */
  readonly namesLower: string[];
  readonly fqnsLower: string[];
  /** Each table's parent (schema) FQN, lowercase, by index into `parents`: few distinct values. */
  private readonly parentOf: Int32Array;
  private readonly parents: string[] = [];
  private readonly position = new Map<string, number>();
  private readonly seedById = new Map<string, Table>();
  /** Seed tables are also searched by description and column names (by position). */
  private readonly seedSearch = new Map<number, { description?: string; columns: string[] }>();
  /** Alphabetic name tokens → positions, built on the first fuzzy search. */
  private tokenIndex?: Map<string, number[]>;

  constructor(
    private readonly seed: readonly Table[],
    private readonly generated: GeneratedTables | undefined,
  ) {
    const total = seed.length + (generated?.count ?? 0);
    const unsorted: string[] = new Array(total);
    seed.forEach((t, i) => (unsorted[i] = t.fullyQualifiedName as string));
    for (let g = 0; g < (generated?.count ?? 0); g++) unsorted[seed.length + g] = (generated as GeneratedTables).fullyQualifiedName(g);
    const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => compare(unsorted[a], unsorted[b]));

    this.fqns = new Array(total);
    this.source = new Int32Array(total);
    this.namesLower = new Array(total);
    this.fqnsLower = new Array(total);
    this.parentOf = new Int32Array(total);
    const parentIds = new Map<string, number>();
    order.forEach((original, pos) => {
      const fqn = unsorted[original];
      const isSeed = original < seed.length;
      this.fqns[pos] = fqn;
      this.source[pos] = isSeed ? -original - 1 : original - seed.length;
      this.namesLower[pos] = (isSeed ? seed[original].name : (generated as GeneratedTables).name(original - seed.length)).toLowerCase();
      this.fqnsLower[pos] = fqn.toLowerCase();
      const parent = this.fqnsLower[pos].slice(0, this.fqnsLower[pos].length - this.namesLower[pos].length - 1);
      let parentId = parentIds.get(parent);
      if (parentId === undefined) {
        parentId = this.parents.push(parent) - 1;
        parentIds.set(parent, parentId);
      }
      this.parentOf[pos] = parentId;
      this.position.set(fqnKey(fqn), pos);
      if (isSeed) {
        const table = seed[original];
        this.seedSearch.set(pos, { description: table.description?.toLowerCase(), columns: table.columns.map((c) => c.name.toLowerCase()) });
      }
    });
    for (const t of seed) this.seedById.set(t.id, t);
  }

  get size(): number {
    return this.fqns.length;
  }

  fqnAt(position: number): string {
    return this.fqns[position];
  }

  isSeed(position: number): boolean {
    return this.source[position] < 0;
  }

  at(position: number): Table {
    const source = this.source[position];
    return source < 0 ? this.seed[-source - 1] : (this.generated as GeneratedTables).table(source);
  }

  private tokens(): Map<string, number[]> {
    if (!this.tokenIndex) {
      this.tokenIndex = new Map();
      this.namesLower.forEach((name, pos) => {
        for (const token of nameTokens(name)) {
          // Numbers are matched exactly, from the name itself: indexing them would make the index as big as the catalog.
          if (isNumeric(token)) continue;
          const list = this.tokenIndex?.get(token);
          if (list) list.push(pos);
          else this.tokenIndex?.set(token, [pos]);
        }
      });
    }
    return this.tokenIndex;
  }

  /** Positions whose name matches every token of the term, with typos (see `fuzzyMatches`). */
  private fuzzyPositions(term: string): Set<number> {
    const termTokens = nameTokens(term);
    const words = termTokens.filter((t) => !isNumeric(t));
    if (words.length === 0) return new Set();
    let result: Set<number> | undefined;
    for (const word of words) {
      const matching = new Set<number>();
      for (const [token, positions] of this.tokens()) {
        if (tokenMatches(word, token)) for (const p of positions) if (!result || result.has(p)) matching.add(p);
      }
      result = matching;
    }
    const numbers = termTokens.filter(isNumeric);
    return new Set([...(result as Set<number>)].filter((p) => numbers.every((n) => nameTokens(this.namesLower[p]).includes(n))));
  }

  /**
   * Scores tables by name, FQN and, for seed tables, description and column names. A term without
   * a dot or quote can only match the FQN within the name or the parent, and parents are few: they
   * are matched once per query instead of once per table.
   */
  scorer(): Scorer {
    const fuzzy = new Map<string, Set<number>>();
    const inParent = new Map<string, Uint8Array>();
    const parentMatches = (term: string): Uint8Array => {
      let matches = inParent.get(term);
      if (!matches) inParent.set(term, (matches = Uint8Array.from(this.parents, (p) => (p.includes(term) ? 1 : 0))));
      return matches;
    };
    return {
      count: this.size,
      exact: (pos, term) => {
        const name = this.namesLower[pos];
        let score: number;
        if (term.includes('.') || term.includes('"')) score = nameTermScore(term, name, this.fqnsLower[pos]);
        else score = nameTermScore(term, name, '') || (parentMatches(term)[this.parentOf[pos]] ? 20 : 0);
        if (score > 0 || this.source[pos] >= 0) return score;
        const extra = this.seedSearch.get(pos);
        return extra ? detailTermScore(term, extra.description, extra.columns) : 0;
      },
      fuzzy: (pos, term) => {
        let set = fuzzy.get(term);
        if (!set) fuzzy.set(term, (set = this.fuzzyPositions(term)));
        return set.has(pos);
      },
    };
  }

  byFqn(fqn: string): Table | undefined {
    const pos = this.position.get(fqnKey(fqn));
    return pos === undefined ? undefined : this.at(pos);
  }

  byId(id: string): Table | undefined {
    const seedTable = this.seedById.get(id);
    if (seedTable) return seedTable;
    const index = this.generated?.indexOfId(id);
    return index === undefined ? undefined : this.generated?.table(index);
  }
}
