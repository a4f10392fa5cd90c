import type { RecordResult } from './object-version';
import { BASELINE_SEQUENCER } from './sequencer';
import type { VersionStore } from './version-store';

/**
 * Records an object that existed before imgfront saw any event for it (a bucket's existing contents,
 * listed by a backfill) with the lowest possible sequencer: any real S3 event wins over it, and the
 * first overwrite after deployment is recognised as an overwrite and purged. A no-op for objects that
 * already have a version.
 */
export function recordBaselineVersion(
  store: VersionStore,
  object: { bucket: string; key: string; lastModifiedMs: number; etag?: string; size?: number },
): Promise<RecordResult> {
  return store.record({
    kind: 'created',
    bucket: object.bucket,
    key: object.key,
    sequencer: BASELINE_SEQUENCER,
    eventTimeMs: object.lastModifiedMs,
    ...(object.etag === undefined ? {} : { etag: object.etag.replace(/"/g, '') }),
    ...(object.size === undefined ? {} : { size: object.size }),
  });
}
