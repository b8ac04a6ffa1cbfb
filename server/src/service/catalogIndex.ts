// What the language service knows of the catalog, in memory. Every question is answered at once
// from what is known; what is not known yet is fetched in the background through the Catalog, and
// `onChange` tells the owner (the LSP server) to validate again when it arrives. Entries older than
// the TTL are served while they are refreshed. The editor never waits on the network.
//
// When the server fails, what is known keeps being answered (a table known to be missing stays
// missing: its diagnostic does not vanish). A request that fails in passing (a 500) is asked again
// after 1 s, 2 s and 4 s before the index gives up on it; only then, or at once when the server
// cannot be reached, times out or refuses the token, are the checks paused (state `error`), and the
// index reconnects on its own after a delay that doubles with each failure (1 s, 2 s, 4 s… 30 s).

import { failureKind, type Catalog, type CatalogFailureKind, type CatalogEntity, type CatalogTable, type ListedKind, type Identity, type LineageTable, type MlModelSummary, type ServerInfo } from './catalog';
import { MAX_FQN_LENGTH, nameQuotingOf, normalizeFqn, splitFqn, type NameQuoting } from './fqn';
import { suggest } from './suggest';

export type Lookup<T> =
  | { status: 'found'; value: T }
  | { status: 'missing' }
  /** Not known yet: being fetched. */
  | { status: 'pending' }
  /** The catalog cannot be asked (unreachable, token rejected); see `state`. */
  | { status: 'unavailable' };

export type CatalogState =
  | { kind: 'connecting' }
  | { kind: 'ready'; info: ServerInfo; identity: Identity }
  /** `failure`: what kind of failure (the Catalog error's `kind`), so the editor can say what failed. */
  | { kind: 'error'; auth: boolean; failure: CatalogFailureKind; message: string };

export interface CatalogIndexOptions {
  /** Called (possibly often: debounce it) when an answer changed because data arrived or the state changed. */
  onChange?: () => void;
  now?: () => number;
  /** How long answers are fresh. */
  ttlMs?: number;
  /** The first delay before a failed request is asked again; it doubles with each failure. */
  retryBaseMs?: number;
  /** The longest delay before asking again (and the delay after a rejected token). */
  retryMaxMs?: number;
  /** How many times a request that fails in passing is asked again before the checks pause. */
  requestRetries?: number;
  /** Most tables whose names are preloaded for local search. */
  tablePreload?: number;
  /** Most entities of each other kind that are listed. */
  listMax?: number;
}

/** What completion searches by: a name and its FQN, lowercased once. */
interface Searchable {
  lowerName: string;
  lowerFqn: string;
}

interface TableEntry extends Searchable {
  fqn: string;
  name: string;
  description?: string;
}

interface Cached<T> {
  value?: T;
  missing?: boolean;
  fetchedAt: number;
  pending?: Promise<void>;
}

interface EntityList {
  items: CatalogEntity[];
  byFqn: Map<string, CatalogEntity>;
  searchable: Array<Searchable & { entity: CatalogEntity }>;
  complete: boolean;
  fetchedAt: number;
  pending?: Promise<void>;
}

const LIST_KINDS: ListedKind[] = ['mlmodelService', 'dashboard', 'user', 'team', 'tag', 'domain', 'dataProduct'];

/**
 * Failures of one request that the same request may well not meet again: a server error (a 500), a
 * garbled answer. Not what the HTTP client already asked again for (throttling, gateway errors, a
 * lost connection: `retryable`), nor a timeout (each attempt already waited long): those, an
 * unreachable server and a rejected token pause the checks at once, and the index reconnects.
 */
const PASSING: ReadonlySet<CatalogFailureKind> = new Set(['server', 'malformed']);

function passing(error: unknown): boolean {
  return PASSING.has(failureKind(error)) && (error as { retryable?: unknown } | null)?.retryable !== true;
}

export class CatalogIndex {
  state: CatalogState = { kind: 'connecting' };
  private readonly tables = new Map<string, Cached<CatalogTable>>();
  private readonly entities = new Map<string, Cached<CatalogEntity>>();
  private readonly mlModels = new Map<string, Cached<MlModelSummary>>();
  private readonly upstream = new Map<string, Cached<LineageTable[]>>();
  private readonly lists = new Map<ListedKind, EntityList>();
  private readonly tableNames = new Map<string, TableEntry>();
  private readonly searches = new Map<string, Promise<void>>();
  private retryAt = 0;
  /** Failures since the server last answered a question about the catalog: the backoff's exponent. */
  private failures = 0;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private started?: Promise<void>;
  /** Aborts every request of this index once it is replaced (another server URL, or none). */
  private readonly stopping = new AbortController();
  private readonly call = { signal: this.stopping.signal };
  private readonly now: () => number;
  private readonly ttl: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly requestRetries: number;

  constructor(
    readonly catalog: Catalog,
    private readonly options: CatalogIndexOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ttl = options.ttlMs ?? 5 * 60_000;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.requestRetries = options.requestRetries ?? 3;
  }

  get uiBaseUrl(): string {
    return this.catalog.uiBaseUrl;
  }

  /** The server's version once connected (its rules depend on it: ./serverVersion.ts). */
  get serverVersion(): string | undefined {
    return this.state.kind === 'ready' ? this.state.info.version : undefined;
  }

  /** How the server quotes a name containing `"`: FQNs looked up are written its way. */
  get quoting(): NameQuoting {
    return nameQuotingOf(this.serverVersion);
  }

  /** Connect: server version and identity, then the lists and table names in the background. */
  start(): Promise<void> {
    this.started ??= this.connect();
    return this.started;
  }

  private async connect(): Promise<void> {
    try {
      const [info, identity] = await Promise.all([this.ask(() => this.catalog.serverInfo(this.call)), this.ask(() => this.catalog.whoAmI(this.call))]);
      this.state = { kind: 'ready', info, identity };
      this.changed();
    } catch (e) {
      this.fail(e);
      return;
    }
    await Promise.all([...LIST_KINDS.map((k) => this.loadList(k)), this.preloadTableNames()]);
  }

  /** Resolves when nothing is being fetched (the CLI waits for it; the editor never does). */
  async settled(): Promise<void> {
    await this.started;
    // Answers can start further fetches (a list that was truncated): a few rounds settle them.
    for (let round = 0; round < 10; round++) {
      const pending = [...this.tables.values(), ...this.entities.values(), ...this.mlModels.values(), ...this.upstream.values(), ...this.lists.values()].map((c) => c.pending).filter((p) => p !== undefined);
      if (!pending.length) return;
      await Promise.all(pending);
    }
  }

  // ---------------------------------------------------------------- tables

  /** A table with its columns. */
  table(fqn: string): Lookup<CatalogTable> {
    const key = normalizeFqn(fqn, this.quoting) ?? fqn;
    return this.lookup(this.tables, key, () => this.catalog.getTable(key, this.call));
  }

  /** Resolves when the table's pending fetch (if any) is done. */
  whenTable(fqn: string): Promise<void> {
    return this.tables.get(normalizeFqn(fqn, this.quoting) ?? fqn)?.pending ?? Promise.resolve();
  }

  /** Known table FQNs close to `fqn`, for "did you mean". */
  similarTables(fqn: string): string[] {
    const parts = splitFqn(fqn);
    const name = parts ? parts[parts.length - 1] : fqn;
    const prefix = parts && parts.length > 1 ? fqn.slice(0, fqn.length - name.length) : '';
    const sameSchema = [...this.tableNames.values()].filter((t) => !prefix || t.fqn.startsWith(prefix));
    const byName = new Map(sameSchema.map((t) => [t.name, t.fqn]));
    return suggest(name, byName.keys()).map((n) => byName.get(n)!);
  }

  /** Tables matching what the user typed, best first, from memory. */
  searchLocal(query: string, limit: number): TableEntry[] {
    return bestMatches(query, this.tableNames.values(), limit);
  }

  /**
   * Ask the server to search too; resolves when its answer is merged (or failed). Callers race it
   * against their time budget. One request in flight per query.
   */
  searchRemote(query: string, limit: number): Promise<void> {
    if (!this.usable()) return Promise.resolve();
    const key = `${query}\u0000${limit}`;
    let pending = this.searches.get(key);
    if (!pending) {
      pending = this.ask(() => this.catalog.searchTables(query, limit, this.call))
        .then((tables) => {
          this.failures = 0;
          let added = false;
          for (const t of tables) added = this.addTableName(t.fullyQualifiedName, t.name, t.description) || added;
          if (added) this.changed();
        })
        .catch((e) => this.fail(e))
        .finally(() => setTimeout(() => this.searches.delete(key), 30_000).unref?.());
      this.searches.set(key, pending);
    }
    return pending;
  }

  get knownTables(): number {
    return this.tableNames.size;
  }

  /** The tables lineage names one level above a table (for the lineage view). */
  upstreamTables(fqn: string): Lookup<LineageTable[]> {
    const upstream = this.catalog.upstreamTables?.bind(this.catalog);
    if (!upstream) return { status: 'unavailable' };
    const key = normalizeFqn(fqn, this.quoting) ?? fqn;
    return this.lookup(this.upstream, key, () => upstream(key, this.call));
  }

  // ---------------------------------------------------------------- ML models

  /** Whether the model is on the server (for the "Open in OpenMetadata" lens). */
  mlModel(fqn: string): Lookup<MlModelSummary> {
    const find = this.catalog.findMlModel?.bind(this.catalog);
    if (!find) return { status: 'unavailable' };
    return this.lookup(this.mlModels, fqn, () => find(fqn, this.call));
  }

  /** What a publish just wrote: known without asking. */
  noteMlModel(summary: MlModelSummary): void {
    this.mlModels.set(summary.fullyQualifiedName, { value: summary, fetchedAt: this.now() });
    this.changed();
  }

  // ---------------------------------------------------------------- other entities

  /** Every known entity of a kind (from its list; a partial list when the catalog has more). */
  list(kind: ListedKind): CatalogEntity[] {
    const list = this.lists.get(kind);
    if (!list || this.now() - list.fetchedAt > this.ttl) void this.loadList(kind);
    return list?.items ?? [];
  }

  /** Known entities of a kind matching what the user typed, best first, as tables are searched. */
  searchList(kind: ListedKind, query: string, limit: number): CatalogEntity[] {
    this.list(kind);
    return bestMatches(query, this.lists.get(kind)?.searchable ?? [], limit).map((s) => s.entity);
  }

  entity(kind: ListedKind, fqn: string): Lookup<CatalogEntity> {
    const list = this.lists.get(kind);
    if (!list || this.now() - list.fetchedAt > this.ttl) void this.loadList(kind);
    const known = list?.byFqn.get(fqn);
    if (known) return { status: 'found', value: known };
    // A complete list settles it; otherwise ask for this one.
    if (list?.complete) return { status: 'missing' };
    return this.lookup(this.entities, `${kind}\u0000${fqn}`, () => this.catalog.getEntity(kind, fqn, this.call));
  }

  similarEntities(kind: ListedKind, fqn: string): string[] {
    return suggest(fqn, (this.lists.get(kind)?.items ?? []).map((e) => e.fullyQualifiedName));
  }

  // ---------------------------------------------------------------- internals

  /** Stop for good: requests in flight are aborted, no new ones start, no more change events. */
  stop(): void {
    this.stopping.abort();
    clearTimeout(this.reconnectTimer);
  }

  private usable(): boolean {
    if (this.stopping.signal.aborted) return false;
    if (this.state.kind !== 'error') return true;
    if (this.now() >= this.retryAt) this.reconnect();
    return false;
  }

  /**
   * Ask the server again after a failure, in the background. The state stays `error` (and what is
   * known is still answered) until it answers: an outage does not flicker through "connecting".
   */
  private reconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this.stopping.signal.aborted || this.state.kind !== 'error') return;
    this.retryAt = Number.POSITIVE_INFINITY; // one reconnection at a time; fail() sets the next
    this.started = this.connect();
  }

  /** The delay before asking again after the n-th failure in a row (n ≥ 1): 1 s, 2 s, 4 s… capped. */
  private backoff(n: number): number {
    return Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(n - 1, 30));
  }

  /** A request, asked again after 1 s, 2 s, 4 s while it fails in passing; the last failure is thrown. */
  private async ask<T>(request: () => Promise<T>): Promise<T> {
    for (let retry = 1; ; retry++) {
      try {
        return await request();
      } catch (e) {
        if (retry > this.requestRetries || !passing(e) || this.stopping.signal.aborted) throw e;
        // A timer that keeps the process alive: the CLI waits on these answers (settled()).
        const stopped = await sleep(this.backoff(retry), this.stopping.signal);
        if (stopped) throw e;
      }
    }
  }

  private lookup<T>(cache: Map<string, Cached<T>>, key: string, fetch: () => Promise<T | undefined>): Lookup<T> {
    // No FQN is longer (the schema reports such a value); a request for one would only fail.
    if (key.length > MAX_FQN_LENGTH) return { status: 'missing' };
    const entry = cache.get(key);
    const stale = !entry || this.now() - entry.fetchedAt > this.ttl;
    if (stale && !entry?.pending && this.usable()) {
      const next: Cached<T> = entry ?? { fetchedAt: 0 };
      next.pending = this.ask(fetch)
        .then((value) => {
          this.failures = 0;
          next.value = value;
          next.missing = value === undefined;
          next.fetchedAt = this.now();
          this.changed();
        })
        .catch((e) => this.fail(e))
        .finally(() => {
          next.pending = undefined;
        });
      cache.set(key, next);
    }
    const current = cache.get(key);
    if (current?.value !== undefined) return { status: 'found', value: current.value };
    if (current?.missing) return { status: 'missing' };
    return this.state.kind === 'error' ? { status: 'unavailable' } : { status: 'pending' };
  }

  private loadList(kind: ListedKind): Promise<void> {
    const existing = this.lists.get(kind);
    if (existing?.pending) return existing.pending;
    if (!this.usable()) return Promise.resolve();
    const max = this.options.listMax ?? 10_000;
    const list: EntityList = existing ?? { items: [], byFqn: new Map(), searchable: [], complete: false, fetchedAt: 0 };
    list.fetchedAt = this.now();
    list.pending = this.ask(() => this.catalog.listEntities(kind, max, this.call))
      .then((items) => {
        this.failures = 0;
        list.items = items;
        list.byFqn = new Map(items.map((e) => [e.fullyQualifiedName, e]));
        list.searchable = items.map((entity) => ({ entity, lowerName: entity.name.toLowerCase(), lowerFqn: entity.fullyQualifiedName.toLowerCase() }));
        list.complete = items.length < max;
        list.fetchedAt = this.now();
        this.changed();
      })
      .catch((e) => {
        list.fetchedAt = 0;
        this.fail(e);
      })
      .finally(() => {
        list.pending = undefined;
      });
    this.lists.set(kind, list);
    return list.pending;
  }

  private async preloadTableNames(): Promise<void> {
    // Listing tables brings their columns too (about 4 KB a table): search finds the rest.
    const max = this.options.tablePreload ?? 5_000;
    if (!this.catalog.listTables) return;
    try {
      const listTables = this.catalog.listTables.bind(this.catalog);
      const tables = await this.ask(() => listTables(max, this.call));
      this.failures = 0;
      for (const t of tables) this.addTableName(t.fullyQualifiedName, t.name, t.description);
      this.changed();
    } catch (e) {
      this.fail(e);
    }
  }

  private addTableName(fqn: string, name: string, description?: string): boolean {
    if (this.tableNames.has(fqn)) return false;
    this.tableNames.set(fqn, { fqn, name, lowerName: name.toLowerCase(), lowerFqn: fqn.toLowerCase(), description });
    return true;
  }

  private fail(error: unknown): void {
    if (this.stopping.signal.aborted) return;
    const kind = failureKind(error);
    if (kind === 'notFound') return;
    const message = error instanceof Error ? error.message : String(error);
    const auth = kind === 'unauthorized' || kind === 'forbidden';
    // A rejected token is not accepted a second later: ask again at the longest delay.
    const delay = auth ? this.retryMaxMs : this.backoff(++this.failures);
    this.retryAt = this.now() + delay;
    clearTimeout(this.reconnectTimer);
    // Reconnect without waiting for someone to ask (the editor asks only when the file changes);
    // an unref'd timer, which never keeps a process alive for its own sake.
    this.reconnectTimer = setTimeout(() => this.reconnect(), delay);
    (this.reconnectTimer as { unref?: () => void }).unref?.();
    if (this.state.kind === 'error' && this.state.message === message) return;
    this.state = { kind: 'error', auth, failure: kind, message };
    this.changed();
  }

  private changed(): void {
    if (!this.stopping.signal.aborted) this.options.onChange?.();
  }
}

/** Resolves after `ms`, or at once when `signal` aborts; true when it aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (aborted: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(aborted);
    };
    const onAbort = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The entries matching what the user typed, best first: the name starting with it, then holding
 * it anywhere (`eta` finds `eta_predictions_performance` and `fact_eta`), then an FQN holding it
 * (`shopify`), then its letters in order. Typed with a dot, it is matched against the FQN (quotes
 * ignored). Ties go to the shorter name, then the FQN's order.
 */
function bestMatches<T extends Searchable>(query: string, entries: Iterable<T>, limit: number): T[] {
  const q = query.toLowerCase().replace(/"/g, '');
  const byFqn = q.includes('.');
  const scored: Array<[number, T]> = [];
  for (const e of entries) {
    const hay = byFqn ? e.lowerFqn.replace(/"/g, '') : e.lowerName;
    let score: number;
    if (!q) score = 3;
    else if (hay.startsWith(q)) score = 0;
    else if (hay.includes(q)) score = 1;
    else if (!byFqn && e.lowerFqn.includes(q)) score = 2;
    else if (isSubsequence(q, hay)) score = 3;
    else continue;
    scored.push([score, e]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].lowerName.length - b[1].lowerName.length || (a[1].lowerFqn < b[1].lowerFqn ? -1 : a[1].lowerFqn > b[1].lowerFqn ? 1 : 0));
  return scored.slice(0, limit).map(([, e]) => e);
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (let j = 0; j < hay.length && i < needle.length; j++) if (hay.charCodeAt(j) === needle.charCodeAt(i)) i++;
  return i === needle.length;
}
