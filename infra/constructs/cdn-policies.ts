import { Duration } from 'aws-cdk-lib';
import { EDGE_VERIFIED_HEADER } from '../../shared/edge/edge-verified';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { InfraConfigError } from '../config/config-error';
import { CACHE_KEY_HEADERS, CACHE_TTL_SECONDS, DEVICE_VIEWER_HEADERS } from '../edge/cache-behavior';
import { CORS_POLICY } from '../edge/cors-policy';
import { nameRegionally } from './regional-name';
import {
  ERROR_CACHING_MIN_TTL_SECONDS,
  MAX_SERVER_ERROR_CACHING_SECONDS,
  type CacheableErrorStatus,
} from '../edge/error-caching';

export type { CacheableErrorStatus } from '../edge/error-caching';

/** CloudFront's limit on cache, origin request and response headers policy names. */
const POLICY_NAME_MAX_LENGTH = 128;

/**
 * Cache key = path + every query parameter the viewer-request function left + `CACHE_KEY_HEADERS`,
 * which it has normalised (Accept to three format classes, hints bucketed). No cookies. The function decides
 * the query: ImageKit URLs keep only `KEPT_PARAMS` (edge/viewer-request.js), `/_next/image` only url,
 * w and q, Cloudflare's route none; imgix URLs keep all of theirs, since every imgix parameter can
 * change the output and the endpoint's dialect is not known at the edge.
 */
export function createCachePolicy(scope: Construct, id: string): cloudfront.CachePolicy {
  const policy = new cloudfront.CachePolicy(scope, id, {
    comment: 'imgfront: path, kept query, Accept class, bucketed client hints, Save-Data, device class',
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
    headerBehavior: cloudfront.CacheHeaderBehavior.allowList(...CACHE_KEY_HEADERS),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    minTtl: Duration.seconds(CACHE_TTL_SECONDS.min),
    defaultTtl: Duration.seconds(CACHE_TTL_SECONDS.default),
    maxTtl: Duration.seconds(CACHE_TTL_SECONDS.max),
    // Image bytes are already compressed: Accept-Encoding would only split the cache.
    enableAcceptEncodingGzip: false,
    enableAcceptEncodingBrotli: false,
  });
  return nameRegionally(policy, 'CachePolicyConfig.Name', POLICY_NAME_MAX_LENGTH);
}

/**
 * Forwards nothing beyond the cache key: never `Host` (a function URL refuses a foreign host),
 * cookies or `Authorization` (OAC signs the origin request itself). CORS preflights need nothing
 * either: the transform answers every OPTIONS with the same 204 and the response headers policy
 * adds the `Access-Control-Allow-*` headers per request, so the cached 204 serves every origin.
 */
export function createOriginRequestPolicy(scope: Construct, id: string): cloudfront.OriginRequestPolicy {
  const policy = new cloudfront.OriginRequestPolicy(scope, id, {
    comment: 'imgfront: the cache key and CloudFront device headers (no Host, cookies or Authorization)',
    // CloudFront adds these for the viewer-request function, which folds them into X-Imgfront-Device.
    // And the function's word that it verified the signature, which it removed from the cache key.
    headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(
      ...DEVICE_VIEWER_HEADERS,
      EDGE_VERIFIED_HEADER,
    ),
    cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
  });
  return nameRegionally(policy, 'OriginRequestPolicyConfig.Name', POLICY_NAME_MAX_LENGTH);
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
  const policy = new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: 'imgfront: CORS, Timing-Allow-Origin and security headers',
    corsBehavior: {
      accessControlAllowOrigins: [...options.corsAllowedOrigins],
      accessControlAllowMethods: [...CORS_POLICY.allowMethods],
      accessControlAllowHeaders: [...CORS_POLICY.allowHeaders],
      accessControlExposeHeaders: [...CORS_POLICY.exposeHeaders],
      accessControlAllowCredentials: CORS_POLICY.allowCredentials,
      accessControlMaxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
      originOverride: CORS_POLICY.originOverride,
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
  return nameRegionally(policy, 'ResponseHeadersPolicyConfig.Name', POLICY_NAME_MAX_LENGTH);
}

/** `ERROR_CACHING_MIN_TTL_SECONDS` (see there for the reasons) as CDK durations. */
export const DEFAULT_ERROR_CACHING: Readonly<Record<CacheableErrorStatus, Duration>> = Object.freeze(
  Object.fromEntries(
    Object.entries(ERROR_CACHING_MIN_TTL_SECONDS).map(([status, seconds]) => [
      status,
      Duration.seconds(seconds),
    ]),
  ) as Record<CacheableErrorStatus, Duration>,
);

/**
 * The distribution's error responses: TTL floors only, never a replacement page or status. An
 * override may not cache a 5xx longer than `MAX_SERVER_ERROR_CACHING_SECONDS`.
 */
export function errorResponses(
  overrides: Partial<Record<CacheableErrorStatus, Duration>> = {},
): cloudfront.ErrorResponse[] {
  const ttls = { ...DEFAULT_ERROR_CACHING, ...overrides };
  return Object.entries(ttls).map(([status, ttl]) => {
    const httpStatus = Number(status);
    if (httpStatus >= 500 && ttl.toSeconds() > MAX_SERVER_ERROR_CACHING_SECONDS) {
      throw new InfraConfigError(
        `errorCaching[${httpStatus}] is ${ttl.toSeconds()} s, but a 5xx may be cached at most ${MAX_SERVER_ERROR_CACHING_SECONDS} s: an outage must not outlive its fix.`,
      );
    }
    return { httpStatus, ttl };
  });
}
