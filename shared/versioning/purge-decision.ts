import type { Endpoint } from '../registry/endpoint-schema';
import type { StoredVersion } from './object-version';

/** Why a change must purge an endpoint's cached responses. */
export type PurgeReason = 'overwritten' | 'deleted' | 'recreated' | 'fallback-cached';

/**
 * Whether a recorded version must purge what `endpoint` has cached for the object, and why.
 *
 * - Overwrite (a live previous version with a different ETag) and delete: purge — CloudFront holds the
 *   old bytes for up to a year. Re-uploading identical bytes (same ETag) purges nothing.
 * - A delete of an object already deleted: nothing new to purge.
 * - Create after a delete: purge. The URL was live, so viewers kept asking for it and its 404 (or the
 *   endpoint's default image) is likely cached; deletes followed by re-uploads are rare, so this is cheap.
 * - First create ever seen: no purge. Nothing can have cached its bytes; a 404 cached by an early
 *   request lapses within the endpoint's error TTL (5 minutes by default) — the behaviour ImageKit users
 *   know for new uploads — and bulk imports do not pay one invalidation path per new file. Exception:
 *   an endpoint with a `defaultImage` answered those early requests with the default image, which may
 *   be cached like any image, so it is purged.
 *
 * Objects uploaded before imgfront started recording have no version yet: record a baseline for them
 * (`recordBaselineVersion`, for a backfill) so their first overwrite is recognised as one.
 */
export function purgeReason(version: StoredVersion, endpoint: Endpoint): PurgeReason | undefined {
  if (!endpoint.settings.purgeOnChange) return undefined;
  const { previous } = version;
  if (version.deleted) return previous?.deleted ? undefined : 'deleted';
  if (previous === undefined) return endpoint.settings.defaultImage ? 'fallback-cached' : undefined;
  if (previous.deleted) return 'recreated';
  return previous.etag !== undefined && previous.etag === version.etag ? undefined : 'overwritten';
}
