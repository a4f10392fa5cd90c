import type { ImageError } from '../errors/image-error';
import type { HttpResponse } from './types';

/** Header naming the error code on failures (ImageKit's `ik-error`). */
export const ERROR_HEADER = 'x-imgfront-error';
export const REQUEST_ID_HEADER = 'x-imgfront-request-id';
/**
 * Failures that may pass (retryable) and every 5xx are cached at most this long, by CloudFront and
 * browsers alike, whatever the endpoint's error TTL: an outage or a bug must not outlive its fix.
 */
export const SHORT_ERROR_TTL_SECONDS = 10;
/** The methods the service answers; anything else is `405 EMETHOD`. */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

/** Sent on every response: images must never be sniffed into HTML or run anything. */
const SAFETY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
};

/** Whether `If-None-Match` names this ETag (weak comparison, lists and `*` included). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** Common to every response the service builds. */
export interface ResponseContext {
  serverTiming: string;
  requestId: string;
  headOnly: boolean;
}

export interface ImageResponseOptions extends ResponseContext {
  /** The image; undefined when the request is answered without rendering (HEAD, a matching ETag). */
  body: Buffer | undefined;
  etag: string;
  contentType: string;
  cacheControl: string;
  vary: string | undefined;
  /** ImageKit's `Content-DPR`: the density the image was sized for, so the browser lays it out right. */
  contentDpr?: number | undefined;
  /** `Content-Disposition`, for downloads (see `content-disposition.ts`); inline images send none. */
  contentDisposition?: string | undefined;
  ifNoneMatch: string | undefined;
}

export function imageResponse(options: ImageResponseOptions): HttpResponse {
  const headers: Record<string, string> = {
    ...SAFETY_HEADERS,
    'content-type': options.contentType,
    'cache-control': options.cacheControl,
    etag: options.etag,
    'server-timing': options.serverTiming,
    [REQUEST_ID_HEADER]: options.requestId,
  };
  if (options.vary) headers.vary = options.vary;
  if (options.contentDpr !== undefined) headers['content-dpr'] = String(options.contentDpr);
  if (options.contentDisposition !== undefined) headers['content-disposition'] = options.contentDisposition;
  if (matchesEtag(options.ifNoneMatch, options.etag)) return { status: 304, headers, body: Buffer.alloc(0) };
  if (options.body) headers['content-length'] = String(options.body.byteLength);
  return { status: 200, headers, body: options.headOnly || !options.body ? Buffer.alloc(0) : options.body };
}

/** How long an error may be cached: short for anything that may pass or is ours, else the endpoint's TTL. */
export function errorTtlFor(error: ImageError, endpointErrorTtlSeconds: number): number {
  const short = error.retryable || error.status >= 500;
  return short ? Math.min(endpointErrorTtlSeconds, SHORT_ERROR_TTL_SECONDS) : endpointErrorTtlSeconds;
}

export function errorResponse(error: ImageError, ttlSeconds: number, context: ResponseContext): HttpResponse {
  // Only client errors explain themselves; server-side details stay in the log (middy's rule).
  const message = error.status < 500 ? error.message : 'The image could not be served';
  const body = Buffer.from(`${message}\n`, 'utf8');
  const headers: Record<string, string> = {
    ...SAFETY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(body.byteLength),
    'cache-control': `public, max-age=${ttlSeconds}`,
    [ERROR_HEADER]: error.code,
    'server-timing': context.serverTiming,
    [REQUEST_ID_HEADER]: context.requestId,
  };
  if (error.code === 'EMETHOD') headers.allow = ALLOWED_METHODS;
  return { status: error.status, headers, body: context.headOnly ? Buffer.alloc(0) : body };
}

/**
 * A CORS preflight or `OPTIONS` probe: 204 with the allowed methods. CloudFront's response headers
 * policy adds the `Access-Control-Allow-*` headers; a preflight needs an ok status to succeed.
 */
export function optionsResponse(context: ResponseContext): HttpResponse {
  return {
    status: 204,
    headers: {
      ...SAFETY_HEADERS,
      allow: ALLOWED_METHODS,
      'cache-control': 'public, max-age=86400',
      'server-timing': context.serverTiming,
      [REQUEST_ID_HEADER]: context.requestId,
    },
    body: Buffer.alloc(0),
  };
}

/**
 * The explanation of a request instead of its image (`imgfront explain`). Never stored by CloudFront or
 * a browser: it must not answer a later request for the image, nor the image answer it.
 */
export function explainResponse(explanation: unknown, context: ResponseContext): HttpResponse {
  const body = Buffer.from(`${JSON.stringify(explanation, null, 2)}\n`, 'utf8');
  return {
    status: 200,
    headers: {
      ...SAFETY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(body.byteLength),
      'cache-control': 'private, no-store',
      'server-timing': context.serverTiming,
      [REQUEST_ID_HEADER]: context.requestId,
    },
    body: context.headOnly ? Buffer.alloc(0) : body,
  };
}
