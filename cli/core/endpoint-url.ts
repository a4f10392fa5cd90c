import type { Endpoint } from '../../shared/registry/endpoint-schema';
import { hmacSigner } from '../../shared/signing/url-signature';
import { buildUrl } from '../../shared/url/build-url';
import { DEFAULT_SCHEME } from '../../shared/url/dialects/names';

/** A URL the endpoint serves, or why the CLI cannot write one for it. */
export type EndpointUrl = { url: string } | { unsupported: string };

export interface EndpointUrlOptions {
  /** Resize to this width; the original's size when absent (valid under any allowed-widths policy). */
  width?: number;
  /** The key for endpoints that require (`imgfront` scheme) signatures. */
  signingKey?: string;
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * The URL of a file of the endpoint, in the endpoint's own dialect, optionally resized. Signed URLs are
 * built for the `imgfront` scheme, the one `imgfront url --sign` writes; endpoints that require another
 * vendor's signature are left to that vendor's SDK.
 */
export function endpointUrl(
  baseUrl: string,
  endpoint: Endpoint,
  path: string,
  options: EndpointUrlOptions = {},
): EndpointUrl {
  const { dialect, signing } = endpoint.settings;
  const scheme = signing.scheme ?? DEFAULT_SCHEME[dialect];
  if (signing.required && scheme !== 'imgfront') {
    return { unsupported: `it requires ${scheme} signatures, which the CLI does not write` };
  }
  const { width, signingKey } = options;
  const base = `${baseUrl.replace(/\/+$/, '')}/${endpoint.id}`;
  switch (dialect) {
    case 'imagekit':
      return {
        url: buildUrl({
          baseUrl,
          endpoint: endpoint.id,
          path,
          transformations: width === undefined ? undefined : `w-${width}`,
          signing: signing.required && signingKey !== undefined ? hmacSigner(signingKey) : undefined,
        }),
      };
    case 'imgix':
      return { url: `${base}/${encodePath(path)}${width === undefined ? '' : `?w=${width}`}` };
    case 'thumbor':
      return { url: `${base}/unsafe/${width === undefined ? '' : `${width}x0/`}${encodePath(path)}` };
    case 'cloudinary':
      return {
        url: `${base}/imgfront/image/upload/${width === undefined ? '' : `w_${width}/`}${encodePath(path)}`,
      };
  }
}
