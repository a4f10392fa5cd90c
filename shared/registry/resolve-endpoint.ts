import { notFound } from '../errors/image-error';
import type { ImagePath } from '../origins/types';
import type { ImageRequest } from '../url/image-request';
import { endpointIdSchema, type Endpoint } from './endpoint-schema';
import type { EndpointRegistry } from './endpoint-registry';

export interface ResolvedEndpoint {
  endpoint: Endpoint;
  /** The file path inside the endpoint. */
  path: ImagePath;
}

/**
 * Matches the first path segment (whole segment, never a prefix) against the registry; otherwise the
 * default endpoint serves the whole path. Registry failures pass through as the registry reports them.
 */
export async function resolveEndpoint(
  request: ImageRequest,
  registry: EndpointRegistry,
): Promise<ResolvedEndpoint> {
  const [first, ...rest] = request.path.segments;
  // Only well-formed ids are looked up: anything else cannot be an endpoint.
  const id = endpointIdSchema.safeParse(first);
  if (!request.endpointOmitted && rest.length > 0 && id.success) {
    const endpoint = await registry.find(id.data);
    if (endpoint) return { endpoint, path: { segments: rest } };
  }
  const fallback = await registry.findDefault();
  if (fallback) return { endpoint: fallback, path: request.path };
  throw notFound('No endpoint serves this URL', {
    internal: `no endpoint "${first}" and no default endpoint`,
  });
}
