import type { EventPublisher } from '../events/event-publisher';
import { EVENT_TYPES } from '../events/event-types';
import type { InvalidationApi } from './invalidation-api';
import type { PurgeRecord, PurgeRecordStore } from './purge-records';

/** CloudFront's final invalidation status; a record with it is never looked up again. */
export const COMPLETED = 'Completed';

/**
 * Answers "is my purge done?": the purge's record, with its status refreshed from CloudFront
 * (GetInvalidation) unless it already completed, and the refreshed status written back. Undefined
 * when the purge has not been submitted yet (still queued, or waiting for CloudFront to have room).
 * The lookup that first sees it completed publishes `Purge Completed` (records are not re-read after).
 */
export async function getPurgeStatus(
  purgeId: string,
  deps: { records: PurgeRecordStore; api: InvalidationApi; events?: EventPublisher; now?: () => number },
): Promise<PurgeRecord | undefined> {
  const record = await deps.records.get(purgeId);
  if (record === undefined || record.status === COMPLETED) return record;
  const { status } = await deps.api.get(record.invalidationId);
  const checkedAt = (deps.now ?? Date.now)();
  await deps.records.updateStatus(purgeId, status, checkedAt);
  if (status === COMPLETED && deps.events) {
    const { status: _status, checkedAt: _checkedAt, ...submitted } = record;
    await deps.events.publish([
      { detailType: EVENT_TYPES.purgeCompleted, detail: { ...submitted, completedAt: checkedAt } },
    ]);
  }
  return { ...record, status, checkedAt };
}
