import type { EndpointSettings } from '../registry/endpoint-schema';

/** The origin's own lifetime: `s-maxage` over `max-age`; `no-store`/`no-cache`/`private` mean 0. */
export function originMaxAge(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl.toLowerCase();
  if (/\b(no-store|no-cache|private)\b/.test(directives)) return 0;
  const match = /\bs-maxage=(\d{1,10})\b/.exec(directives) ?? /\bmax-age=(\d{1,10})\b/.exec(directives);
  return match ? Number(match[1]) : undefined;
}

/** Seconds a signed URL stays valid (0 once expired); undefined for URLs without an expiry. */
export function secondsUntilExpiry(expiresAt: number | undefined, nowSeconds: number): number | undefined {
  return expiresAt === undefined ? undefined : Math.max(0, expiresAt - nowSeconds);
}

/** A TTL no longer than what a signed URL has left: an expired URL must not be served from a cache. */
export const capToExpiry = (ttl: number, secondsLeft: number | undefined): number =>
  secondsLeft === undefined ? ttl : Math.min(ttl, secondsLeft);

/**
 * `Cache-Control` for a successful image. A versioned URL changes whenever its original does, so it
 * is immutable for the endpoint's TTL. An unversioned URL gets the origin's lifetime where the endpoint
 * honours it, and at most `unversionedTtlSeconds` once the original has a recorded version (it can
 * change under the same URL, so it must refresh in bounded time). A signed URL with an expiry is never
 * cached past it (and is then not `immutable`).
 */
export function successCacheControl(
  settings: EndpointSettings,
  source: CacheControlSource,
): { value: string; reason: string } {
  let ttl: number;
  let reason: string;
  if (source.versioned) {
    ttl = settings.cacheTtlSeconds;
    reason = 'versioned URL: the endpoint TTL, immutable';
  } else {
    const fromOrigin = settings.honourOriginCacheControl
      ? originMaxAge(source.originCacheControl)
      : undefined;
    ttl = fromOrigin ?? settings.cacheTtlSeconds;
    reason = fromOrigin === undefined ? 'the endpoint TTL' : "the origin's Cache-Control (honoured)";
    if (
      source.hasKnownVersion &&
      settings.unversionedTtlSeconds !== undefined &&
      settings.unversionedTtlSeconds < ttl
    ) {
      ttl = settings.unversionedTtlSeconds;
      reason = 'unversioned URL of an original with a recorded version: unversionedTtlSeconds';
    }
  }
  const capped = capToExpiry(ttl, source.secondsUntilExpiry);
  if (capped < ttl) reason = `${reason}, capped to the signed URL's expiry`;
  const immutable = source.versioned && capped === ttl ? ', immutable' : '';
  return { value: `public, max-age=${capped}${immutable}`, reason };
}

export interface CacheControlSource {
  originCacheControl: string | undefined;
  versioned: boolean;
  hasKnownVersion: boolean;
  secondsUntilExpiry: number | undefined;
}
