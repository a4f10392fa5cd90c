// Browser-safe (types only from signing): the CLI and the playground page write the same URLs.
import type { Endpoint } from '../registry/endpoint-schema';
import type { UrlSigner } from '../signing/url-signature';
import { buildUrl } from './build-url';
import { DEFAULT_SCHEME } from './dialects/names';
import { writerFor } from './dialects/writers';
import type { TransformStep } from './transform-spec';

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
  /** The transformation; the original at its own size when absent (valid under any allowed-widths policy). */
  steps?: readonly TransformStep[];
  /** Signs URLs of endpoints that require (`imgfront` scheme) signatures. */
  signer?: UrlSigner;
}

/**
 * The URL of a file of the endpoint, in the endpoint's own dialect, optionally transformed: ImageKit's
 * chain as the canonical builder writes it, the others by their writers. Signed URLs are built for the
 * `imgfront` scheme only; endpoints that require another vendor's signature are left to that vendor's SDK.
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
  const { steps = [], signer } = options;
  if (dialect === 'imagekit') {
    const signed = signing.required ? signer : undefined;
    return {
      url: buildUrl({ baseUrl, endpoint: endpoint.id, path, transformations: steps, signing: signed }),
    };
  }
  const written = writerFor(dialect).write(steps, path);
  if ('unsupported' in written)
    return { unsupported: `not expressible in ${dialect}: ${written.unsupported.join(', ')}` };
  return { url: `${baseUrl.replace(/\/+$/, '')}/${endpoint.id}${written.text}` };
}
