import type { OriginResponse } from '../../net/origin-http-client';
import type { OriginalImage, Revalidation } from '../types';

function dateHeader(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** What a web origin's answer tells us about the original; the query is left out of `source` (logs). */
export function originalFromResponse(response: OriginResponse): OriginalImage {
  const { headers, url } = response;
  return {
    body: response.body,
    claimedContentType: headers['content-type'],
    lastModified: dateHeader(headers['last-modified']),
    etag: headers.etag,
    cacheControl: headers['cache-control'],
    source: `${url.origin}${url.pathname}`,
  };
}

/** A conditional answer: unchanged (304) or the new original. */
export function revalidationFromResponse(response: OriginResponse): Revalidation {
  if (response.notModified)
    return { unchanged: true, source: `${response.url.origin}${response.url.pathname}` };
  return { unchanged: false, original: originalFromResponse(response) };
}
