import { LRUCache } from 'lru-cache';
import sharp, { type SharpOptions } from 'sharp';
import type { Size } from './geometry';

/** Decoded pixels, as sharp's raw input reads them. */
export interface RawImage {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

/** A JPEG decoded once at 1/level of its size, for every later resize that decodes no larger. */
export interface DecodeRequest {
  /** The original's identity (origin and ETag, or a digest of its bytes): a new version is a new key. */
  original: string;
  body: Buffer;
  /** Its size after EXIF orientation. */
  size: Size;
  level: ShrinkLevel;
  decodeOptions: SharpOptions;
  timeoutSeconds: number;
}

export type ShrinkLevel = 1 | 2 | 4 | 8;

/**
 * The scale libjpeg decodes at for a resize from `input` to `target`, as sharp picks it (its
 * `pipeline.cc`: the largest of 8, 4, 2 the shrink reaches, halved when the shrink is that integer).
 * A decode at this level holds every pixel the direct path would have read.
 */
export function shrinkLevelFor(input: Size, target: Size): ShrinkLevel {
  const shrink = Math.min(input.width / target.width, input.height / target.height);
  let level: ShrinkLevel = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
  if (level > 1 && Math.trunc(shrink) === level) level = (level / 2) as ShrinkLevel;
  return level;
}

/** Keys, the entry object and the LRU's bookkeeping, beside the pixels. */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * Shrunk decodes of JPEG originals a warm function made, bounded by bytes (one entry at most a
 * quarter), keyed by the original's identity and the level. Distinct widths of one photo then cost a
 * resize from raw pixels instead of a decode of the whole file (a 4000x3000 JPEG to 300-450 px WebP:
 * 58 ms of CPU direct, 20 ms from the kept decode). Concurrent misses share one decode; failures are
 * never kept. No TTL is needed: the key names the version, so a changed original is a new entry and
 * the old one ages out.
 */
export function createDecodedCache(maxBytes: number) {
  const maxEntryBytes = Math.max(1, Math.floor(maxBytes / 4));
  const entries = new LRUCache<string, RawImage>({
    maxSize: maxBytes,
    maxEntrySize: maxEntryBytes,
    sizeCalculation: (entry) => entry.data.byteLength + ENTRY_OVERHEAD_BYTES,
  });
  const loading = new Map<string, Promise<RawImage>>();

  async function decode(request: DecodeRequest): Promise<RawImage> {
    const { size, level } = request;
    const image = sharp(request.body, request.decodeOptions).timeout({ seconds: request.timeoutSeconds });
    // libjpeg's scaled sizes round up; level 1 is the plain decode.
    if (level > 1) {
      image.resize({
        width: Math.ceil(size.width / level),
        height: Math.ceil(size.height / level),
        fit: 'fill',
      });
    }
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    return { data, info: { width: info.width, height: info.height, channels: info.channels } };
  }

  return {
    /** Whether a decode of `size` at `level` (3 channels) would be kept; if not, decoding it is waste. */
    keeps(size: Size, level: ShrinkLevel): boolean {
      const pixels = Math.ceil(size.width / level) * Math.ceil(size.height / level);
      return pixels * 3 + ENTRY_OVERHEAD_BYTES <= maxEntryBytes;
    },
    /** The kept decode, or a new one (kept when it fits). */
    get(request: DecodeRequest): Promise<RawImage> {
      const key = `${request.original}\n${request.level}`;
      const kept = entries.get(key);
      if (kept) return Promise.resolve(kept);
      const inFlight = loading.get(key);
      if (inFlight) return inFlight;
      const loaded = decode(request)
        .then((raw) => {
          entries.set(key, raw);
          return raw;
        })
        .finally(() => loading.delete(key));
      loading.set(key, loaded);
      return loaded;
    },
    /** Bytes held now (at most `maxBytes`). */
    get bytes(): number {
      return entries.calculatedSize;
    },
  };
}

export type DecodedCache = ReturnType<typeof createDecodedCache>;
