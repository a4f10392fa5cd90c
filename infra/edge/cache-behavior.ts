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

/**
 * The request headers in the cache key, each normalised by the viewer-request function: `Accept` as a
 * format class; the client hints bucketed and present only for `w-auto`/`dpr-auto` URLs; `Save-Data`
 * only when `on`; the device class only for endpoints with `settings.deviceLimits`. A header absent
 * from a request keys as empty, so URLs without them share one entry.
 */
export const CACHE_KEY_HEADERS = [
  'Accept',
  'Sec-CH-DPR',
  'Sec-CH-Width',
  'Sec-CH-Viewport-Width',
  'Save-Data',
  'X-Imgfront-Device',
] as const;

/** CloudFront's device headers, sent to the viewer-request function (not keyed) to derive the class. */
export const DEVICE_VIEWER_HEADERS = [
  'CloudFront-Is-Mobile-Viewer',
  'CloudFront-Is-Tablet-Viewer',
  'CloudFront-Is-Desktop-Viewer',
] as const;
