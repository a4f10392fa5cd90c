import { LRUCache } from 'lru-cache';

export interface BoundedCacheOptions {
  /** Most entries kept; the least recently used go first, so junk keys cannot grow memory. */
  maxEntries: number;
  /** How long a loaded value (a miss included) is reused before it is loaded again. */
  ttlMs: number;
  /**
   * How long past its TTL a value may still be served when loading it again fails (stale-if-error):
   * a dependency outage then degrades to slightly old answers instead of failures. @default 0
   */
  staleIfErrorMs?: number;
  /** While serving stale, how long to wait before trying the dependency again. @default 5000 */
  retryAfterErrorMs?: number;
  /** @default Date.now */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  loadedAt: number;
  /** Before this time a stale entry is served without trying to load (the last load failed). */
  retryAt: number;
}

/**
 * A bounded in-memory cache with a time-to-live that also remembers misses (store `undefined`), shares
 * one in-flight load between concurrent callers, never caches a failure, and can serve a value past
 * its TTL while loading it fails.
 */
export class BoundedCache<V> {
  private readonly entries: LRUCache<string, Entry<V>>;
  private readonly loading = new Map<string, Promise<V>>();
  private readonly now: () => number;
  private readonly staleIfErrorMs: number;
  private readonly retryAfterErrorMs: number;

  constructor(private readonly options: BoundedCacheOptions) {
    this.entries = new LRUCache({ max: options.maxEntries });
    this.now = options.now ?? Date.now;
    this.staleIfErrorMs = options.staleIfErrorMs ?? 0;
    this.retryAfterErrorMs = options.retryAfterErrorMs ?? 5000;
  }

  /** Entries held now (at most `maxEntries`). */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets every value, so the next reads load again (after a write through this process). */
  clear(): void {
    this.entries.clear();
  }

  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.loadedAt < this.options.ttlMs) return Promise.resolve(cached.value);
    const servableStale = cached && now - cached.loadedAt < this.options.ttlMs + this.staleIfErrorMs;
    if (servableStale && now < cached.retryAt) return Promise.resolve(cached.value);
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;

    const loaded = load().then(
      (value) => {
        this.entries.set(key, { value, loadedAt: this.now(), retryAt: 0 });
        return value;
      },
      (error: unknown) => {
        if (!servableStale) throw error;
        cached.retryAt = this.now() + this.retryAfterErrorMs;
        return cached.value;
      },
    );
    const settled = loaded.finally(() => this.loading.delete(key));
    this.loading.set(key, settled);
    return settled;
  }
}
