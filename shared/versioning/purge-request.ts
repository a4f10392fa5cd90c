import { wildcardPathFor } from '../purge/invalidation-path';
import { hashOf, type PurgeMessage } from '../purge/purge-message';
import type { Endpoint } from '../registry/endpoint-schema';
import { endpointFilesForObject, type EndpointFile } from './endpoint-paths';
import type { StoredVersion } from './object-version';
import { purgeReason } from './purge-decision';

/**
 * The cached URLs of one file: `/<endpoint>/<path>*` covers every transformation (the cache key puts
 * the original's path first). A default endpoint also serves the file without its id, so that form is
 * purged too.
 */
export function purgePathsFor(file: EndpointFile): string[] {
  const { endpoint, path } = file;
  const paths = [wildcardPathFor([endpoint.id, ...path.segments])];
  if (endpoint.isDefault) paths.push(wildcardPathFor(path.segments));
  return paths;
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
