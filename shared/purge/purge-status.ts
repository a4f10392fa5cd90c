import { toImageError } from '../errors/image-error';
import type { EventPublisher } from '../events/event-publisher';
import { EVENT_TYPES } from '../events/event-types';
import type { EventLog } from '../log/event-log';
import type { InvalidationApi } from './invalidation-api';
import { COMPLETED, purgeEventDetail, type PurgeRecord, type PurgeRecordStore } from './purge-records';

// A record with CloudFront's final status is never looked up again.
export { COMPLETED };

/** The invalidator's payload from its schedule: check the purges in progress. */
export const CHECK_PURGES_EVENT = { checkPurges: true } as const;

/** Purges one completion check looks at; the oldest come first, the rest wait for the next check. */
export const PURGES_PER_CHECK = 50;

/**
 * Answers "is my purge done?": the purge's record, with its status refreshed from CloudFront
 * (GetInvalidation) unless it already completed, and the refreshed status written back. Undefined
 * when the purge has not been submitted yet (still queued, or waiting for CloudFront to have room).
 * The lookup that first sees it completed publishes `Purge Completed` (records are not re-read after).
 */
interface PurgeStatusDeps {
  records: PurgeRecordStore;
  api: InvalidationApi;
  events?: EventPublisher;
  now?: () => number;
}

export async function getPurgeStatus(
  purgeId: string,
  deps: PurgeStatusDeps,
): Promise<PurgeRecord | undefined> {
  const record = await deps.records.get(purgeId);
  if (record === undefined || record.status === COMPLETED) return record;
  const { status } = await deps.api.get(record.invalidationId);
  const checkedAt = (deps.now ?? Date.now)();
  await deps.records.updateStatus(purgeId, status, checkedAt);
  if (status === COMPLETED && deps.events) {
    await deps.events.publish([
      {
        detailType: EVENT_TYPES.purgeCompleted,
        detail: { ...purgeEventDetail(record), completedAt: checkedAt },
      },
    ]);
  }
  return { ...record, status, checkedAt };
}

/**
 * The scheduled completion check: refreshes the purges still in progress, oldest first, so each
 * `Purge Completed` goes out within a check interval of CloudFront finishing, with nobody asking.
 */
export async function checkPurgesInProgress(
  deps: PurgeStatusDeps & { log: EventLog },
): Promise<{ checked: number; completed: number }> {
  const purgeIds = await deps.records.listInProgress(PURGES_PER_CHECK);
  let completed = 0;
  // One at a time: GetInvalidation is rate-limited, and a check has a minute to finish.
  for (const purgeId of purgeIds) {
    try {
      if ((await getPurgeStatus(purgeId, deps))?.status === COMPLETED) completed += 1;
    } catch (error) {
      // One purge CloudFront cannot answer for must not hold back the others; the next check retries it.
      const failure = toImageError(error);
      deps.log('warn', 'purge status not refreshed', {
        purgeId,
        code: failure.code,
        error: failure.internal,
      });
    }
  }
  return { checked: purgeIds.length, completed };
}
