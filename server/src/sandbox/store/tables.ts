// All tables, seed and generated, in FQN order: one sorted array of FQNs (and their lowercase
// forms, for search) plus where each table comes from. Generated tables are materialised on demand.
import type { Table } from '../../openmetadata/types';
import { compare, fqnKey } from './collection';
import type { GeneratedTables } from './generatedTables';
import { boundedDistance, detailTermScore, fuzzinessOf, nameTermScore, nameTokens, type Scorer } from './search';

export class TableStore {
  /** FQNs in sort order; `source[i] >= 0` is a generated index, `< 0` is seed table `-source[i] - 1`. */
  private readonly fqns: string[];
  private readonly source: Int32Array;
  /** Lowercase name and FQN per position, for search. */
  readonly namesLower: string[];
  readonly fqnsLower: string[];
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
    order.forEach((original, pos) => {
      const fqn = unsorted[original];
      const isSeed = original < seed.length;
      this.fqns[pos] = fqn;
      this.source[pos] = isSeed ? -original - 1 : original - seed.length;
      this.namesLower[pos] = (isSeed ? seed[original].name : (generated as GeneratedTables).name(original - seed.length)).toLowerCase();
      this.fqnsLower[pos] = fqn.toLowerCase();
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
          // Numbers are not worth a typo-tolerant match, and would make the index as big as the catalog.
          if (/^\d+$/.test(token)) continue;
          const list = this.tokenIndex?.get(token);
          if (list) list.push(pos);
          else this.tokenIndex?.set(token, [pos]);
        }
      });
    }
    return this.tokenIndex;
  }

  /** Positions whose name has a token within the term's fuzziness. */
  private fuzzyPositions(term: string): Set<number> {
    const limit = fuzzinessOf(term);
    const out = new Set<number>();
    if (limit === 0) return out;
    for (const [token, positions] of this.tokens()) {
      if (boundedDistance(term, token, limit) <= limit) for (const p of positions) out.add(p);
    }
    return out;
  }

  /** Scores tables by name, FQN and, for seed tables, description and column names. */
  scorer(): Scorer {
    const fuzzy = new Map<string, Set<number>>();
    return {
      count: this.size,
      exact: (pos, term) => {
        const score = nameTermScore(term, this.namesLower[pos], this.fqnsLower[pos]);
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
