import { notFound } from '../errors/image-error';
import type { Endpoint } from '../registry/endpoint-schema';
import type { EndpointRegistry } from '../registry/endpoint-registry';
import { routeEndpoint } from '../registry/route-endpoint';
import { dialectFor } from '../url/dialects';
import type { DialectRequest } from '../url/dialects/dialect';
import type { RawImageUrl } from '../url/image-request';
import { CLOUDFLARE_PREFIX, parseCloudflare } from './cloudflare';
import { NEXT_IMAGE_PATH, nextImageEndpoint, parseNextImage } from './next-image';

export interface RoutedImageRequest {
  endpoint: Endpoint;
  /** The canonical request, parsed in whichever grammar the route speaks. */
  parse(): DialectRequest;
}

async function defaultEndpoint(registry: EndpointRegistry): Promise<Endpoint> {
  const endpoint = await registry.findDefault();
  if (endpoint === undefined)
    throw notFound('No endpoint serves this URL', { internal: 'no default endpoint' });
  return endpoint;
}

/**
 * Which endpoint serves a request and in which grammar: Cloudflare's `/cdn-cgi/image/` and Next.js's
 * `/_next/image` for the whole deployment (default endpoint), otherwise the endpoint named by the first
 * segment, in its `settings.dialect`.
 */
export async function routeRequest(
  raw: RawImageUrl,
  registry: EndpointRegistry,
): Promise<RoutedImageRequest> {
  if (raw.rawPath.startsWith(CLOUDFLARE_PREFIX)) {
    const endpoint = await defaultEndpoint(registry);
    return { endpoint, parse: () => parseCloudflare(raw.rawPath.slice(CLOUDFLARE_PREFIX.length), endpoint) };
  }
  if (raw.rawPath === NEXT_IMAGE_PATH) {
    const endpoint = nextImageEndpoint(await defaultEndpoint(registry));
    return { endpoint, parse: () => parseNextImage(raw.rawQueryString, endpoint) };
  }
  const { endpoint, input } = await routeEndpoint(raw, registry);
  return { endpoint, parse: () => dialectFor(endpoint.settings.dialect).parse(input) };
}
