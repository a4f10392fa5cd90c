import type { Endpoint } from '../../../shared/registry/endpoint-schema';
import { hmacSigner } from '../../../shared/signing/url-signature';
import { buildUrl } from '../../../shared/url/build-url';
import { DEFAULT_SCHEME } from '../../../shared/url/dialects/names';

/** A URL for an original, or why the doctor cannot write one for this endpoint. */
export type SampleUrl = { url: string } | { unsupported: string };

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * The URL of an original, untransformed, in the endpoint's own dialect (an untransformed request is
 * valid under any allowed-widths policy). Signed URLs are built for the `imgfront` scheme, the one
 * `imgfront url --sign` writes; endpoints that require another vendor's signature are left to that
 * vendor's SDK.
 */
export function sampleUrl(
  baseUrl: string,
  endpoint: Endpoint,
  path: string,
  signingKey: string | undefined,
): SampleUrl {
  const { dialect, signing } = endpoint.settings;
  const scheme = signing.scheme ?? DEFAULT_SCHEME[dialect];
  if (signing.required && scheme !== 'imgfront') {
    return { unsupported: `it requires ${scheme} signatures, which the doctor does not write` };
  }
  const base = `${baseUrl.replace(/\/+$/, '')}/${endpoint.id}`;
  switch (dialect) {
    case 'imagekit':
      return {
        url: buildUrl({
          baseUrl,
          endpoint: endpoint.id,
          path,
          signing: signing.required && signingKey !== undefined ? hmacSigner(signingKey) : undefined,
        }),
      };
    case 'imgix':
      return { url: `${base}/${encodePath(path)}` };
    case 'thumbor':
      return { url: `${base}/unsafe/${encodePath(path)}` };
    case 'cloudinary':
      return { url: `${base}/imgfront-doctor/image/upload/${encodePath(path)}` };
  }
}
