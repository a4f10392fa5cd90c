import { createHash } from 'node:crypto';
import type { ImageError } from '../errors/image-error';
import type { HttpResponse } from './types';

/** Header naming the error code on failures (ImageKit's `ik-error`). */
export const ERROR_HEADER = 'x-imgfront-error';
export const REQUEST_ID_HEADER = 'x-imgfront-request-id';
/** Transient failures are never cached longer than this, whatever the endpoint's error TTL. */
export const TRANSIENT_ERROR_TTL_SECONDS = 10;

/** Sent on every response: images must never be sniffed into HTML or run anything. */
const SAFETY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
};

export const strongEtag = (body: Buffer): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/** Whether `If-None-Match` names this ETag (weak comparison, lists and `*` included). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export interface ImageResponseOptions {
  body: Buffer;
  contentType: string;
  cacheControl: string;
  vary: string | undefined;
  serverTiming: string;
  requestId: string;
  ifNoneMatch: string | undefined;
  headOnly: boolean;
}

export function imageResponse(options: ImageResponseOptions): HttpResponse {
  const etag = strongEtag(options.body);
  const headers: Record<string, string> = {
    ...SAFETY_HEADERS,
    'content-type': options.contentType,
    'cache-control': options.cacheControl,
    etag,
    'server-timing': options.serverTiming,
    [REQUEST_ID_HEADER]: options.requestId,
  };
  if (options.vary) headers.vary = options.vary;
  if (matchesEtag(options.ifNoneMatch, etag)) return { status: 304, headers, body: Buffer.alloc(0) };
  headers['content-length'] = String(options.body.byteLength);
  return { status: 200, headers, body: options.headOnly ? Buffer.alloc(0) : options.body };
}

export function errorResponse(
  error: ImageError,
  errorTtlSeconds: number,
  serverTiming: string,
  requestId: string,
  headOnly: boolean,
): HttpResponse {
  const ttl = error.transient ? Math.min(errorTtlSeconds, TRANSIENT_ERROR_TTL_SECONDS) : errorTtlSeconds;
  // Only client errors explain themselves; server-side details stay in the log (middy's rule).
  const message = error.status < 500 ? error.message : 'The image could not be served';
  const body = Buffer.from(`${message}\n`, 'utf8');
  return {
    status: error.status,
    headers: {
      ...SAFETY_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(body.byteLength),
      'cache-control': `public, max-age=${ttl}`,
      [ERROR_HEADER]: error.code,
      'server-timing': serverTiming,
      [REQUEST_ID_HEADER]: requestId,
    },
    body: headOnly ? Buffer.alloc(0) : body,
  };
}
