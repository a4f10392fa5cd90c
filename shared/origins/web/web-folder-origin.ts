import { invalid } from '../../errors/image-error';
import type { WebFolderOrigin } from '../../registry/endpoint-schema';
import { encodePath } from '../../url/path';
import type { FetchContext, ImagePath, OriginSource, OriginalImage, Revalidation } from '../types';
import { originalFromResponse, revalidationFromResponse } from './original-from-response';
import { signOriginRequest } from './request-signature';
import type { WebOriginDeps } from './web-origin-deps';

/**
 * The URL of `path` inside the folder `baseUrl`: each decoded segment re-encoded on its own (never
 * `new URL(userPath, base)`), then checked to still lie inside the folder on the same origin.
 */
export function webFolderUrl(baseUrl: string, path: ImagePath): URL {
  const base = new URL(baseUrl);
  const folder = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const url = new URL(`${base.origin}${folder}${encodePath(path)}${base.search}`);
  if (url.origin !== base.origin || !url.pathname.startsWith(folder)) {
    throw invalid('The path leaves the origin folder', { internal: `${url.href} is outside ${baseUrl}` });
  }
  return url;
}

/**
 * Reads originals from a web folder (`baseUrl` + path). Configured headers, Basic auth and request
 * signatures are sent to the configured origin only: a redirect elsewhere gets none of them.
 */
export function createWebFolderOrigin(config: WebFolderOrigin, deps: WebOriginDeps): OriginSource {
  const base = new URL(config.baseUrl);
  const now = deps.now ?? Date.now;

  async function credentialHeaders(): Promise<(url: URL) => Record<string, string>> {
    const [password, signingKey] = await Promise.all([
      config.basicAuth && deps.secrets.resolve(config.basicAuth.password),
      config.requestSigningKey && deps.secrets.resolve(config.requestSigningKey),
    ]);
    const fixed: Record<string, string> = { ...config.headers };
    if (config.basicAuth && password !== undefined) {
      const token = Buffer.from(`${config.basicAuth.username}:${password}`, 'utf8').toString('base64');
      fixed.authorization = `Basic ${token}`;
    }
    return (url) => {
      if (url.origin !== base.origin) return {};
      return signingKey === undefined ? fixed : { ...fixed, ...signOriginRequest(url, signingKey, now()) };
    };
  }

  async function get(path: ImagePath, context: FetchContext, ifNoneMatch?: string) {
    const url = webFolderUrl(config.baseUrl, path);
    const headersFor = await credentialHeaders();
    return deps.client.get(
      url,
      { headersFor },
      { maxBytes: context.limits.maxSourceBytes, signal: context.signal, ifNoneMatch },
    );
  }

  return {
    // The base URL's query may carry a token: keep it out of descriptions, which are logged.
    description: `web ${base.origin}${base.pathname}`,
    async fetch(path: ImagePath, context: FetchContext): Promise<OriginalImage> {
      return originalFromResponse(await get(path, context));
    },
    async revalidate(path: ImagePath, etag: string, context: FetchContext): Promise<Revalidation> {
      return revalidationFromResponse(await get(path, context, etag));
    },
  };
}
