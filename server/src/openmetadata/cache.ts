// An in-memory cache with expiry and at most one load in flight per key: concurrent callers of
// the same key share one request. A failed load is not cached.

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export class ExpiringCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value, or the result of `load` (shared with any other caller of this key). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return Promise.resolve(entry.value);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    let started: Promise<T>;
    try {
      started = load();
    } catch (error) {
      // A load that throws before it is under way fails like one that rejects: callers get a promise.
      started = Promise.reject(error);
    }
    const loading = started.then(
      (value) => {
        this.inFlight.delete(key);
        if (this.ttlMs > 0) this.store(key, value);
        return value;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, loading);
    return loading;
  }

  private store(key: string, value: T): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      // Map iteration order is insertion order: the first key is the oldest.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  /** Forget every entry whose key starts with `prefix` (all of them without one). */
  invalidate(prefix = ''): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
