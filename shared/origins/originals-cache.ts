import { LRUCache } from 'lru-cache';
import { pathKey } from '../url/path';
import type { FetchContext, ImagePath, OriginSource, OriginalImage, Revalidation } from './types';

export interface OriginalsCacheOptions {
  /** Bytes of originals kept; the least recently used go first. */
  maxBytes: number;
  /** How long an original is served without asking its origin again (then `If-None-Match`). */
  ttlMs: number;
  /** @default Date.now */
  now?: () => number;
}

interface Entry {
  original: OriginalImage;
  /** When these bytes came from the origin: a URL version newer than this forces a new look. */
  fetchedAt: number;
  /** When the origin last confirmed them (fetched, or answered 304). */
  checkedAt: number;
}

/** Keys and Maps hold strings and small objects besides the bytes. */
const ENTRY_OVERHEAD_BYTES = 1024;

/**
 * Originals a warm function downloaded, by origin, path and ETag, bounded by bytes. An entry is
 * served as-is for `ttlMs`, then revalidated conditionally (an unchanged original costs no bytes);
 * a versioned URL newer than the entry's download (`FetchContext.fetchedAfterMs`) revalidates at once.
 * Concurrent requests for one original share one download; failures are never kept.
 */
export function createOriginalsCache(options: OriginalsCacheOptions) {
  const now = options.now ?? Date.now;
  const entries = new LRUCache<string, Entry>({
    maxSize: options.maxBytes,
    // One original may take at most a quarter of the cache, so a huge file cannot flush it.
    maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 4)),
    sizeCalculation: (entry) => entry.original.body.byteLength + ENTRY_OVERHEAD_BYTES,
  });
  const loading = new Map<string, Promise<OriginalImage>>();

  const isFresh = (entry: Entry, context: FetchContext) =>
    now() - entry.checkedAt < options.ttlMs &&
    (context.fetchedAfterMs === undefined || entry.fetchedAt >= context.fetchedAfterMs);

  function store(key: string, original: OriginalImage): OriginalImage {
    const at = now();
    entries.set(key, { original, fetchedAt: at, checkedAt: at });
    return original;
  }

  /** Asks the origin whether the cached bytes are still current; keeps whichever bytes it confirms. */
  async function refresh(source: OriginSource, key: string, path: ImagePath, context: FetchContext) {
    const cached = entries.get(key);
    if (cached?.original.etag === undefined) return store(key, await source.fetch(path, context));
    try {
      const check = await source.revalidate(path, cached.original.etag, context);
      if (!check.unchanged) return store(key, check.original);
      cached.checkedAt = now();
      return cached.original;
    } catch (error) {
      // Gone or refused now: the old bytes must not answer the next request either.
      entries.delete(key);
      throw error;
    }
  }

  /** Wraps one origin; `scope` names it (endpoint and origin settings), so origins never share entries. */
  function wrap(source: OriginSource, scope: string): OriginSource {
    const keyOf = (path: ImagePath) => `${scope}\n${pathKey(path)}`;
    return {
      description: source.description,
      fetch(path: ImagePath, context: FetchContext): Promise<OriginalImage> {
        const key = keyOf(path);
        const cached = entries.get(key);
        if (cached && isFresh(cached, context)) return Promise.resolve(cached.original);
        const inFlight = loading.get(key);
        if (inFlight) return inFlight;
        const loaded = refresh(source, key, path, context).finally(() => loading.delete(key));
        loading.set(key, loaded);
        return loaded;
      },
      async revalidate(path: ImagePath, etag: string, context: FetchContext): Promise<Revalidation> {
        const key = keyOf(path);
        const cached = entries.get(key);
        if (cached && isFresh(cached, context) && cached.original.etag === etag)
          return { unchanged: true, source: cached.original.source };
        const check = await source.revalidate(path, etag, context);
        if (!check.unchanged) store(key, check.original);
        return check;
      },
    };
  }

  return {
    wrap,
    /** Bytes held now (at most `maxBytes`). */
    get bytes(): number {
      return entries.calculatedSize;
    },
  };
}

export type OriginalsCache = ReturnType<typeof createOriginalsCache>;
