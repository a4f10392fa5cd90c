import { createHash } from 'node:crypto';
import { BoundedCache } from '../cache/bounded-cache';
import type { FaceBox, FaceDetector } from './face-detector';

export interface CachedDetectorOptions {
  /** @default 1000 (a few hundred bytes each) */
  maxEntries?: number;
  /** @default one hour */
  ttlMs?: number;
}

/**
 * Remembers the faces found per image bytes (SHA-256), so renditions of one original in a warm
 * Lambda (other sizes, formats, a HEAD after a GET) ask Rekognition once. Failures are not cached.
 */
export function cachedFaceDetector(
  detector: FaceDetector,
  options: CachedDetectorOptions = {},
): FaceDetector {
  const cache = new BoundedCache<readonly FaceBox[]>({
    maxEntries: options.maxEntries ?? 1000,
    ttlMs: options.ttlMs ?? 60 * 60 * 1000,
  });
  return (image, options) => {
    const key = createHash('sha256').update(image).digest('base64');
    return cache.getOrLoad(key, () => detector(image, options));
  };
}
