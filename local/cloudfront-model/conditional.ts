import { matchesEtag } from '../../shared/http/responses';

type Headers = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Whether a conditional GET or HEAD of this 200 gets a 304: `If-None-Match` against its ETag, else
 * `If-Modified-Since` against its `Last-Modified` (RFC 9110 13.2.2: the ETag check wins).
 */
export function isNotModified(request: Headers, response: Headers): boolean {
  const ifNoneMatch = one(request['if-none-match']);
  const etag = one(response.etag);
  if (ifNoneMatch !== undefined) return etag !== undefined && matchesEtag(ifNoneMatch, etag);
  const since = Date.parse(one(request['if-modified-since']) ?? '');
  const lastModified = Date.parse(one(response['last-modified']) ?? '');
  return !Number.isNaN(since) && !Number.isNaN(lastModified) && lastModified <= since;
}

/** The headers a 304 repeats from the full response (RFC 9110 15.4.5); no body headers. */
const NOT_MODIFIED_HEADERS = [
  'cache-control',
  'content-location',
  'date',
  'etag',
  'expires',
  'last-modified',
  'vary',
];

export function notModifiedHeaders(response: Headers): Headers {
  return Object.fromEntries(Object.entries(response).filter(([name]) => NOT_MODIFIED_HEADERS.includes(name)));
}
