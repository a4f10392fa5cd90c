import { invalid, notFound } from '../errors/image-error';
import type { DialectInput } from '../url/dialects/dialect';
import type { RawImageUrl } from '../url/image-request';
import { MAX_PATH_LENGTH } from '../url/path';
import { endpointIdSchema, type Endpoint } from './endpoint-schema';
import type { EndpointRegistry } from './endpoint-registry';

export interface RoutedRequest {
  endpoint: Endpoint;
  /** The rest of the URL, for the endpoint's dialect to parse. */
  input: DialectInput;
}

function decodedId(raw: string): string | undefined {
  try {
    const id = endpointIdSchema.safeParse(decodeURIComponent(raw));
    return id.success ? id.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds the endpoint before anything else is parsed, because the endpoint decides the dialect: the
 * first path segment (a whole segment, never a prefix) when it names one and more follows, otherwise
 * the default endpoint with the whole path.
 */
export async function routeEndpoint(raw: RawImageUrl, registry: EndpointRegistry): Promise<RoutedRequest> {
  const { rawPath, rawQueryString } = raw;
  if (rawPath.length > MAX_PATH_LENGTH) throw invalid('The URL path is too long');
  if (!rawPath.startsWith('/')) throw invalid('The URL path must start with "/"');
  const slash = rawPath.indexOf('/', 1);
  const first = slash < 0 ? undefined : rawPath.slice(1, slash);
  const id = first === undefined ? undefined : decodedId(first);
  if (first !== undefined && id !== undefined) {
    const endpoint = await registry.find(id);
    if (endpoint)
      return { endpoint, input: { endpointSegment: first, rawPath: rawPath.slice(slash), rawQueryString } };
  }
  const fallback = await registry.findDefault();
  if (fallback) return { endpoint: fallback, input: { endpointSegment: undefined, rawPath, rawQueryString } };
  throw notFound('No endpoint serves this URL', {
    internal: `no endpoint "${first ?? rawPath.slice(1)}" and no default endpoint`,
  });
}
