import type { EndpointSettings } from '../registry/endpoint-schema';

/** The origin's own lifetime: `s-maxage` over `max-age`; `no-store`/`no-cache`/`private` mean 0. */
export function originMaxAge(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl.toLowerCase();
  if (/\b(no-store|no-cache|private)\b/.test(directives)) return 0;
  const match = /\bs-maxage=(\d{1,10})\b/.exec(directives) ?? /\bmax-age=(\d{1,10})\b/.exec(directives);
  return match ? Number(match[1]) : undefined;
}

/**
 * `Cache-Control` for a successful image. A versioned URL changes whenever its original does, so it
 * is immutable for the endpoint's TTL. An unversioned URL gets the origin's lifetime where the endpoint
 * honours it, and at most `unversionedTtlSeconds` once the original has a recorded version (it can
 * change under the same URL, so it must refresh in bounded time).
 */
export function successCacheControl(
  settings: EndpointSettings,
  source: { originCacheControl: string | undefined; versioned: boolean; hasKnownVersion: boolean },
): string {
  if (source.versioned) return `public, max-age=${settings.cacheTtlSeconds}, immutable`;
  const fromOrigin = settings.honourOriginCacheControl ? originMaxAge(source.originCacheControl) : undefined;
  let ttl = fromOrigin ?? settings.cacheTtlSeconds;
  if (source.hasKnownVersion && settings.unversionedTtlSeconds !== undefined) {
    ttl = Math.min(ttl, settings.unversionedTtlSeconds);
  }
  return `public, max-age=${ttl}`;
}
