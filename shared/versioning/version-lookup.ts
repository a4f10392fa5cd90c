import type { ImagePath } from '../origins/types';
import type { EndpointRegistry } from '../registry/endpoint-registry';
import { objectsForEndpointPath } from './endpoint-paths';
import type { ObjectVersion } from './object-version';
import type { VersionStore } from './version-store';

/** Current-version lookups for the URL builder (`updatedAt=`) and the transform handler. */
export interface VersionLookup {
  /** The latest recorded version of `s3://<bucket>/<key>` (a tombstone if it was deleted). */
  getCurrentVersion(bucket: string, key: string): Promise<ObjectVersion | undefined>;
  /**
   * The version an endpoint path serves: its S3 origins in order, the first live version wins; when
   * every recorded version is a tombstone, the newest tombstone (`deleted: true`). Undefined for an
   * unknown endpoint or an object no event has described. `path` is the decoded file path inside the
   * endpoint (`"a/b c.jpg"`) or its segments.
   */
  getVersionForEndpointPath(endpointId: string, path: string | ImagePath): Promise<ObjectVersion | undefined>;
}

const withoutHistory = ({
  previous: _previous,
  ...version
}: ObjectVersion & { previous?: unknown }): ObjectVersion => version;

/** Builds the lookup over the version store and the endpoint registry. */
export function createVersionLookup(deps: {
  store: VersionStore;
  registry: Pick<EndpointRegistry, 'find'>;
}): VersionLookup {
  async function getCurrentVersion(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    const version = await deps.store.getCurrent(bucket, key);
    return version && withoutHistory(version);
  }

  async function getVersionForEndpointPath(endpointId: string, path: string | ImagePath) {
    const endpoint = await deps.registry.find(endpointId);
    if (endpoint === undefined) return undefined;
    const imagePath = typeof path === 'string' ? { segments: path.split('/') } : path;
    let newestTombstone: ObjectVersion | undefined;
    for (const { bucket, key } of objectsForEndpointPath(endpoint, imagePath)) {
      const version = await getCurrentVersion(bucket, key);
      if (version && !version.deleted) return version;
      if (version && (newestTombstone === undefined || version.updatedAt > newestTombstone.updatedAt)) {
        newestTombstone = version;
      }
    }
    return newestTombstone;
  }

  return { getCurrentVersion, getVersionForEndpointPath };
}
