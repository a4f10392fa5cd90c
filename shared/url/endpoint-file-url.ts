// Browser-safe (types only from signing): the CLI and the playground page write the same URLs.
import type { Endpoint } from '../registry/endpoint-schema';
import type { UrlSigner } from '../signing/url-signature';
import { buildUrl } from './build-url';
import { DEFAULT_SCHEME } from './dialects/names';

/** A URL the endpoint serves, or why none can be written for it. */
export type EndpointUrl = { url: string } | { unsupported: string };

/** What the builder reads of an endpoint: its id, dialect and signing rule. */
export interface EndpointUrlTarget {
  readonly id: string;
  readonly settings: {
    readonly dialect: Endpoint['settings']['dialect'];
    readonly signing: Pick<Endpoint['settings']['signing'], 'required' | 'scheme'>;
  };
}

export interface EndpointFileUrlOptions {
  /** Resize to this width; the original's size when absent (valid under any allowed-widths policy). */
  width?: number;
  /** Signs URLs of endpoints that require (`imgfront` scheme) signatures. */
  signer?: UrlSigner;
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * The URL of a file of the endpoint, in the endpoint's own dialect, optionally resized. Signed URLs are
 * built for the `imgfront` scheme only; endpoints that require another vendor's signature are left to
 * that vendor's SDK.
 */
export function endpointFileUrl(
  baseUrl: string,
  endpoint: EndpointUrlTarget,
  path: string,
  options: EndpointFileUrlOptions = {},
): EndpointUrl {
  const { dialect, signing } = endpoint.settings;
  const scheme = signing.scheme ?? DEFAULT_SCHEME[dialect];
  if (signing.required && scheme !== 'imgfront') {
    return { unsupported: `it requires ${scheme} signatures, which the CLI does not write` };
  }
  const { width, signer } = options;
  const base = `${baseUrl.replace(/\/+$/, '')}/${endpoint.id}`;
  switch (dialect) {
    case 'imagekit':
      return {
        url: buildUrl({
          baseUrl,
          endpoint: endpoint.id,
          path,
          transformations: width === undefined ? undefined : `w-${width}`,
          signing: signing.required ? signer : undefined,
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
