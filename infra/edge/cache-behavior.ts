/**
 * The distribution's cache behaviour as plain data: `ImageDistribution` deploys it and the local
 * CloudFront stand-in (`local/cdn-stand-in.ts`) behaves by it, so the two cannot drift.
 */

/**
 * Methods CloudFront accepts; any other answers 403 without reaching the function. OPTIONS is
 * allowed for CORS preflights, which the transform answers with a cacheable 204.
 */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
/** Methods whose responses CloudFront caches (OPTIONS separately from GET and HEAD). */
export const CACHED_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;

export type AllowedMethod = (typeof ALLOWED_METHODS)[number];

/**
 * The cache policy's TTL bounds: the transform sends its own `Cache-Control`; these bound it
 * (a year at most, a day for a response without one).
 */
export const CACHE_TTL_SECONDS = {
  min: 0,
  default: 86_400,
  max: 31_536_000,
} as const;

/** CloudFront's default origin read timeout; the transform Lambda times out before it. */
export const ORIGIN_READ_TIMEOUT_SECONDS = 30;
