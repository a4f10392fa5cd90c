import { cutAtEscapeBoundary, wildcardPathFor } from '../purge/invalidation-path';
import { hashOf, type PurgeMessage } from '../purge/purge-message';
import type { Endpoint } from '../registry/endpoint-schema';
import { SEO_SEGMENT, seoPrefixOf } from '../url/seo-path';
import { endpointFilesForObject, type EndpointFile } from './endpoint-paths';
import type { StoredVersion } from './object-version';
import { purgeReason } from './purge-decision';

/**
 * The cached URLs of one file: `/<endpoint>/<path>*` covers every transformation (the cache key puts
 * the original's path first). A default endpoint also serves the file without its id, so that form is
 * purged too. The other URL shapes are purged wider, never missed: Thumbor and Cloudinary put options
 * before the path (the whole endpoint), signed ImageKit URLs pass the edge unrewritten (every path-form
 * transformation), and a default endpoint also serves Cloudflare's and Next.js's routes. ImageKit
 * endpoints also serve each file under SEO names: `/<endpoint>/ik-seo/<dirs>/<stem>/*` covers them all.
 */
export function purgePathsFor(file: EndpointFile): string[] {
  const { endpoint, path } = file;
  const { dialect, signing } = endpoint.settings;
  const optionsFirst = dialect === 'thumbor' || dialect === 'cloudinary';
  const prefixes = endpoint.isDefault ? [[endpoint.id], []] : [[endpoint.id]];
  return prefixes
    .flatMap((prefix) => {
      const base = prefix.map((segment) => `/${encodeURIComponent(segment)}`).join('');
      if (optionsFirst) return [`${base}/*`];
      if (dialect !== 'imagekit') return [wildcardPathFor([...prefix, ...path.segments])];
      const seoPaths = wildcardPathFor([...prefix, ...seoPrefixOf(path.segments), '']);
      // Signed URLs keep their path-form chain in the uri: before the SEO marker or after it.
      const signedPathForms = signing.keys.length > 0 ? [`${base}/tr:*`, `${base}/${SEO_SEGMENT}/tr:*`] : [];
      return [wildcardPathFor([...prefix, ...path.segments]), seoPaths, ...signedPathForms];
    })
    .concat(endpoint.isDefault ? deploymentRoutePaths(path.segments) : []);
}

/**
 * A default endpoint's files through the deployment-wide routes: Next's `url` comes first in the query
 * the edge keeps (encoded as next/image's loader encodes it), Cloudflare's options precede the path.
 */
function deploymentRoutePaths(segments: readonly string[]): string[] {
  const src = encodeURIComponent(`/${segments.join('/')}`);
  const literalStar = src.indexOf('*');
  const next = `/_next/image?url=${cutAtEscapeBoundary(literalStar === -1 ? src : src.slice(0, literalStar), 3000)}*`;
  return ['/cdn-cgi/image/*', next];
}

/** One purge per recorded version: the same version always yields the same purge id. */
export const versionPurgeId = (version: Pick<StoredVersion, 'bucket' | 'key' | 'sequencer'>): string =>
  hashOf(['version', version.bucket, version.key, version.sequencer]).slice(0, 40);

/**
 * The purge a recorded version needs across every endpoint serving the object, or undefined when no
 * endpoint needs one (see `purgeReason`). Its id derives from the version, so recording the same event
 * twice requests the same purge, which the invalidator carries out once.
 */
export function purgeRequestFor(
  version: StoredVersion,
  endpoints: readonly Endpoint[],
  requestedAt: number,
): PurgeMessage | undefined {
  const paths = endpointFilesForObject(endpoints, version.bucket, version.key)
    .filter((file) => purgeReason(version, file.endpoint) !== undefined)
    .flatMap(purgePathsFor);
  if (paths.length === 0) return undefined;
  return { id: versionPurgeId(version), paths: [...new Set(paths)], requestedAt };
}
