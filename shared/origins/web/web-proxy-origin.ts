import { invalid } from '../../errors/image-error';
import { refusedDestination } from '../../net/origin-errors';
import type { WebProxyOrigin } from '../../registry/endpoint-schema';
import { encodePath } from '../../url/path';
import type { FetchContext, ImagePath, OriginSource, OriginalImage, Revalidation } from '../types';
import { originalFromResponse, revalidationFromResponse } from './original-from-response';
import type { WebOriginDeps } from './web-origin-deps';

const SCHEME_SEGMENT = /^https?:$/i;
/** A DNS name or bracketed IPv6 literal with an optional port: no userinfo, path, query or backslash. */
const HOST_SEGMENT = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The proxied URL a path names (`['https:', 'host', ...rest]`), refused unless its host is on the
 * allow-list. A host off the list is the viewer's URL being wrong for this endpoint, so it is EINVALID
 * (400, the same answer every time) rather than EACCES, which means an origin refused our credentials.
 */
export function webProxyUrl(config: WebProxyOrigin, path: ImagePath): URL {
  const [scheme, host, ...rest] = path.segments;
  if (scheme === undefined || !SCHEME_SEGMENT.test(scheme)) {
    throw invalid('The proxied URL must start with http:// or https://');
  }
  if (host === undefined || !HOST_SEGMENT.test(host)) throw invalid('The proxied URL has no valid host');
  if (rest.length === 0) throw invalid('The proxied URL names no file');
  const url = new URL(`${scheme.toLowerCase()}//${host}/${encodePath({ segments: rest })}`);
  if (!config.allowedHosts.includes(url.host)) {
    throw invalid('The proxied host is not allowed for this endpoint', { internal: `host ${url.host}` });
  }
  return url;
}

/**
 * Fetches `/<endpoint>/https://host/path` from allow-listed hosts only, re-checking the allow-list on
 * every redirect. Hosts match exactly (`host[:port]`, lowercase); nothing but our own identifying
 * headers is sent.
 */
export function createWebProxyOrigin(
  config: WebProxyOrigin,
  deps: Pick<WebOriginDeps, 'client'>,
): OriginSource {
  const request = {
    headersFor: () => ({}),
    checkRedirect(url: URL) {
      if (!config.allowedHosts.includes(url.host)) {
        throw refusedDestination(`redirect to ${url.host}, which is not on the allow-list`);
      }
    },
  };
  const get = (path: ImagePath, context: FetchContext, ifNoneMatch?: string) =>
    deps.client.get(webProxyUrl(config, path), request, {
      maxBytes: context.limits.maxSourceBytes,
      signal: context.signal,
      ifNoneMatch,
    });

  return {
    description: `web proxy for ${config.allowedHosts.join(', ')}`,
    accepts: (path) => SCHEME_SEGMENT.test(path.segments[0] ?? ''),
    async fetch(path: ImagePath, context: FetchContext): Promise<OriginalImage> {
      return originalFromResponse(await get(path, context));
    },
    async revalidate(path: ImagePath, etag: string, context: FetchContext): Promise<Revalidation> {
      return revalidationFromResponse(await get(path, context, etag));
    },
  };
}
