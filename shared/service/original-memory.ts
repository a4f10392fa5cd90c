import { LRUCache } from 'lru-cache';
import { originalIdentity } from '../http/derived-etag';
import type { OriginalImage } from '../origins/types';
import type { SourceInfo } from '../transform/source-info';
import type { AnswerBasis } from './plan-answer';

/** What a warm function remembers of an original it served: enough to ask its origin conditionally. */
export interface RememberedOriginal extends AnswerBasis {
  source: string;
  /** The origin's ETag, sent back as `If-None-Match`. */
  etag: string;
}

/**
 * Descriptions (never bytes) of recently served originals, by endpoint and path, bounded by count. A
 * stale entry is harmless: it is only a question to the origin, which answers with the truth.
 */
export function createOriginalMemory(maxEntries = 5000) {
  const entries = new LRUCache<string, RememberedOriginal>({ max: maxEntries });
  return {
    recall: (key: string): RememberedOriginal | undefined => entries.get(key),
    remember(key: string, original: OriginalImage, info: SourceInfo): void {
      // Without an ETag there is nothing to ask conditionally.
      if (original.etag === undefined) return;
      entries.set(key, {
        source: original.source,
        etag: original.etag,
        identity: originalIdentity(original),
        info,
        originCacheControl: original.cacheControl,
      });
    },
  };
}
