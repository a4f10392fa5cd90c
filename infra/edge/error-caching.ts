/**
 * How long CloudFront keeps an error, as plain data: `errorResponses` deploys it and the local
 * CloudFront stand-in caches errors by it.
 */

/** HTTP statuses CloudFront can cache errors for (401 and 429 are not configurable). */
export const CACHEABLE_ERROR_STATUSES = [400, 403, 404, 405, 414, 500, 501, 502, 503, 504] as const;
export type CacheableErrorStatus = (typeof CACHEABLE_ERROR_STATUSES)[number];

/**
 * Transient and internal failures (every 5xx) are cached at most this long, so an outage or a bug
 * never outlives its fix by more than a few seconds.
 */
export const MAX_SERVER_ERROR_CACHING_SECONDS = 10;

/**
 * Floors on how long CloudFront keeps an error (it keeps the larger of this and the response's
 * max-age, and ignores `no-store` except on 404/410/414/501):
 * - 4xx from the transform carry the endpoint's error TTL in `Cache-Control`, so the floor is 0 and
 *   the endpoint decides (an upload also purges a cached 404 through the version writer);
 * - 414 and 405 depend on the URL or method alone: five minutes;
 * - 5xx are transient or a bug; a few seconds shield a struggling function from a stampede without
 *   serving the failure for long (never more than `MAX_SERVER_ERROR_CACHING_SECONDS`).
 */
export const ERROR_CACHING_MIN_TTL_SECONDS: Readonly<Record<CacheableErrorStatus, number>> = {
  400: 0,
  403: 0,
  404: 0,
  405: 300,
  414: 300,
  500: 5,
  501: 10,
  502: 5,
  503: 2,
  504: 10,
};

/** Statuses whose `no-store`, `no-cache` or `private` CloudFront honours instead of its floor. */
export const NO_STORE_HONOURED_STATUSES: readonly number[] = [404, 410, 414, 501];

export function isCacheableErrorStatus(status: number): status is CacheableErrorStatus {
  return (CACHEABLE_ERROR_STATUSES as readonly number[]).includes(status);
}
