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
 * is immutable for the endpoint's TTL; otherwise the origin's lifetime applies where the endpoint
 * honours it.
 */
export function successCacheControl(
  settings: EndpointSettings,
  originCacheControl: string | undefined,
  versioned: boolean,
): string {
  if (versioned) return `public, max-age=${settings.cacheTtlSeconds}, immutable`;
  const fromOrigin = settings.honourOriginCacheControl ? originMaxAge(originCacheControl) : undefined;
  return `public, max-age=${fromOrigin ?? settings.cacheTtlSeconds}`;
}
