import type { Endpoint } from '../../shared/registry/endpoint-schema';
import { hmacSigner } from '../../shared/signing/url-signature';
import { endpointFileUrl, type EndpointUrl } from '../../shared/url/endpoint-file-url';

export type { EndpointUrl };

export interface EndpointUrlOptions {
  /** Resize to this width; the original's size when absent (valid under any allowed-widths policy). */
  width?: number;
  /** The key for endpoints that require (`imgfront` scheme) signatures. */
  signingKey?: string;
}

/**
 * The URL of a file of the endpoint, in the endpoint's own dialect, optionally resized, signed with
 * `signingKey` where the endpoint requires `imgfront` signatures (see `endpointFileUrl`).
 */
export function endpointUrl(
  baseUrl: string,
  endpoint: Endpoint,
  path: string,
  options: EndpointUrlOptions = {},
): EndpointUrl {
  const { width, signingKey } = options;
  return endpointFileUrl(baseUrl, endpoint, path, {
    steps: width === undefined ? undefined : [{ width }],
    signer: signingKey === undefined ? undefined : hmacSigner(signingKey),
  });
}
