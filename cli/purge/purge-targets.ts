import { ImageError } from '../../shared/errors/image-error';
import type { EndpointRegistry } from '../../shared/registry/endpoint-registry';
import { resolveEndpoint, type ResolvedEndpoint } from '../../shared/registry/resolve-endpoint';
import { routeRequest } from '../../shared/routes/route-request';
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

const isUrl = (input: string) => /^https?:\/\//i.test(input);

/** A full URL as the service receives it, or `endpoint/path` as typed (unencoded). */
function rawUrlOf(input: string): RawImageUrl {
  if (isUrl(input)) {
    const url = new URL(input);
    return { rawPath: url.pathname, rawQueryString: url.search.slice(1) };
  }
  return { rawPath: `/${segmentsFromText(input).join('/')}`, rawQueryString: '' };
}

/** A URL in any dialect or route, read as the service reads it; `endpoint/path` names a file directly. */
async function targetOf(input: string, registry: EndpointRegistry): Promise<ResolvedEndpoint> {
  if (!isUrl(input)) return resolveEndpoint(parseImageKitUrl(rawUrlOf(input)), registry);
  const routed = await routeRequest(rawUrlOf(input), registry);
  return { endpoint: routed.endpoint, path: routed.parse().path };
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
    let target: ResolvedEndpoint;
    try {
      target = await targetOf(input, registry);
    } catch (error) {
      // A URL the service would refuse is the operator's typo; "no endpoint" and registry failures are not.
      const typo = (error instanceof ImageError && error.code === 'EINVALID') || error instanceof TypeError;
      if (typo) throw new UsageError(`cannot purge "${input}": ${error.message}`);
      throw error;
    }
    const { endpoint, path } = target;
    targets.push({
      input,
      endpointId: endpoint.id,
      path: path.segments.join('/'),
      paths: purgePathsFor({ endpoint, path }),
    });
  }
  return targets;
}
