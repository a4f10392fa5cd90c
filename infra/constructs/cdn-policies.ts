import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { ERROR_HEADER, REQUEST_ID_HEADER } from '../../shared/http/responses';

/**
 * The query parameters that change the output: canonical transformation, version, signature and
 * expiry. The viewer-request function keeps exactly these (`KEPT_PARAMS` in edge/viewer-request.js).
 */
export const CACHE_KEY_QUERY_STRINGS = ['tr', 'updatedAt', 'v', 'ik-s', 'ik-t'] as const;

/**
 * Cache key = path + the parameters above + `Accept`, which the viewer-request function has already
 * reduced to one of three format classes. No cookies, no other headers.
 */
export function createCachePolicy(scope: Construct, id: string): cloudfront.CachePolicy {
  return new cloudfront.CachePolicy(scope, id, {
    comment: 'imgfront: path, canonical transformation, version, signature and Accept format class',
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList(...CACHE_KEY_QUERY_STRINGS),
    headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Accept'),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    // The transform sends its own Cache-Control; these bound it (a year at most, a day without one).
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.days(1),
    maxTtl: Duration.days(365),
    // Image bytes are already compressed: Accept-Encoding would only split the cache.
    enableAcceptEncodingGzip: false,
    enableAcceptEncodingBrotli: false,
  });
}

/**
 * Forwards nothing beyond the cache key: never `Host` (a function URL refuses a foreign host),
 * cookies or `Authorization` (OAC signs the origin request itself).
 */
export function createOriginRequestPolicy(scope: Construct, id: string): cloudfront.OriginRequestPolicy {
  return new cloudfront.OriginRequestPolicy(scope, id, {
    comment: 'imgfront: nothing beyond the cache key (no Host, cookies or Authorization)',
    headerBehavior: cloudfront.OriginRequestHeaderBehavior.none(),
    cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
  });
}

/**
 * CORS for the allowed origins (images read by canvas/fetch), `Timing-Allow-Origin` so browsers
 * expose `Server-Timing`, and security headers. The transform's own CSP wins where it sends one.
 */
export function createResponseHeadersPolicy(
  scope: Construct,
  id: string,
  options: { corsAllowedOrigins: readonly string[] },
): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: 'imgfront: CORS, Timing-Allow-Origin and security headers',
    corsBehavior: {
      accessControlAllowOrigins: [...options.corsAllowedOrigins],
      accessControlAllowMethods: ['GET', 'HEAD'],
      accessControlAllowHeaders: ['*'],
      accessControlExposeHeaders: [
        'Server-Timing',
        'ETag',
        'Content-Length',
        ERROR_HEADER,
        REQUEST_ID_HEADER,
      ],
      accessControlAllowCredentials: false,
      accessControlMaxAge: Duration.hours(1),
      originOverride: true,
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: 'Timing-Allow-Origin', value: options.corsAllowedOrigins.join(', '), override: true },
      ],
    },
    securityHeadersBehavior: {
      contentTypeOptions: { override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(365),
        includeSubdomains: true,
        override: true,
      },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      contentSecurityPolicy: {
        contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        override: false,
      },
    },
    // CloudFront adds its own timings (cache hit or miss, edge and origin time) to Server-Timing.
    serverTimingSamplingRate: 100,
  });
}

/** HTTP statuses CloudFront can cache errors for (401 and 429 are not configurable). */
export type CacheableErrorStatus = 400 | 403 | 404 | 405 | 414 | 500 | 501 | 502 | 503 | 504;

/**
 * Floors on how long CloudFront keeps an error (it keeps the larger of this and the response's
 * max-age, and ignores `no-store` except on 404/410/414/501):
 * - 4xx from the transform carry the endpoint's error TTL in `Cache-Control`, so the floor is 0 and
 *   the endpoint decides (an upload also purges a cached 404 through the version writer);
 * - 414 and 405 depend on the URL or method alone: five minutes;
 * - 5xx are transient by nature; a few seconds shield a struggling function from a stampede
 *   without serving the failure for long (CloudFront's default would be 10 s for all of them).
 */
export const DEFAULT_ERROR_CACHING: Readonly<Record<CacheableErrorStatus, Duration>> = {
  400: Duration.seconds(0),
  403: Duration.seconds(0),
  404: Duration.seconds(0),
  405: Duration.minutes(5),
  414: Duration.minutes(5),
  500: Duration.seconds(5),
  501: Duration.minutes(5),
  502: Duration.seconds(5),
  503: Duration.seconds(2),
  504: Duration.seconds(10),
};

/** The distribution's error responses: TTL floors only, never a replacement page or status. */
export function errorResponses(
  overrides: Partial<Record<CacheableErrorStatus, Duration>> = {},
): cloudfront.ErrorResponse[] {
  const ttls = { ...DEFAULT_ERROR_CACHING, ...overrides };
  return Object.entries(ttls).map(([status, ttl]) => ({ httpStatus: Number(status), ttl }));
}
