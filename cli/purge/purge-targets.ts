import { ImageError } from '../../shared/errors/image-error';
import type { EndpointRegistry } from '../../shared/registry/endpoint-registry';
import { resolveEndpoint } from '../../shared/registry/resolve-endpoint';
import { parseImageKitUrl } from '../../shared/url/imagekit-dialect';
import type { RawImageUrl } from '../../shared/url/image-request';
import { purgePathsFor } from '../../shared/versioning/purge-request';
import { segmentsFromText } from '../core/typed-paths';
import { UsageError } from '../core/usage-error';

/** One purge argument and the CloudFront paths that purge every cached transformation of it. */
export interface PurgeTarget {
  input: string;
  endpointId: string;
  /** The file path inside the endpoint, decoded (`photos/a.jpg`, or `photos/*` for a folder). */
  path: string;
  paths: string[];
}

/** A full URL as the service receives it, or `endpoint/path` as typed (unencoded). */
function rawUrlOf(input: string): RawImageUrl {
  if (/^https?:\/\//i.test(input)) {
    const url = new URL(input);
    return { rawPath: url.pathname, rawQueryString: url.search.slice(1) };
  }
  return { rawPath: `/${segmentsFromText(input).join('/')}`, rawQueryString: '' };
}

/**
 * Resolves each argument the way the service resolves a request (dialect parse, endpoint by whole
 * first segment, else the default endpoint), so the purge covers exactly what that URL is cached as.
 */
export async function resolvePurgeTargets(
  inputs: readonly string[],
  registry: EndpointRegistry,
): Promise<PurgeTarget[]> {
  const targets: PurgeTarget[] = [];
  for (const input of inputs) {
    let request;
    try {
      request = parseImageKitUrl(rawUrlOf(input));
    } catch (error) {
      if (error instanceof ImageError || error instanceof TypeError) {
        throw new UsageError(`cannot purge "${input}": ${error.message}`);
      }
      throw error;
    }
    const { endpoint, path } = await resolveEndpoint(request, registry);
    targets.push({
      input,
      endpointId: endpoint.id,
      path: path.segments.join('/'),
      paths: purgePathsFor({ endpoint, path }),
    });
  }
  return targets;
}
