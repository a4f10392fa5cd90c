import { ImageError, toImageError } from '../errors/image-error';
import type { EventPublisher } from '../events/event-publisher';
import { EVENT_TYPES } from '../events/event-types';
import type { EventLog } from '../log/event-log';
import type { PurgeMetrics } from '../metrics/purge-metrics';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { InvalidationApi, InvalidationState } from './invalidation-api';
import { planInvalidation } from './invalidation-plan';
import { hashOf, type PurgeMessage } from './purge-message';
import { purgeEventDetail, type PurgeRecordStore } from './purge-records';

/** Where one purge request ended up. */
export interface PurgeOutcome {
  purgeId: string;
  invalidationId: string;
  /** CloudFront's status when submitted (or when last recorded, for a repeat). */
  status: string;
  /** True when this purge had been submitted before (a redelivered or repeated request). */
  alreadySubmitted: boolean;
}

/** What one submission achieved: purges now submitted (new or earlier), those still waiting, and why. */
export interface SubmitResult {
  done: Map<string, PurgeOutcome>;
  unsent: string[];
  /** A failure that waiting cannot fix (bad request, access denied); `unsent` then holds the rest. */
  error?: ImageError;
}

export interface PurgeSubmitterOptions {
  api: InvalidationApi;
  records: PurgeRecordStore;
  distributionId: string;
  log: EventLog;
  /** Receives a `Purge Requested` event per purge once its invalidation exists. */
  events: EventPublisher;
  metrics?: PurgeMetrics;
  backoff: BackoffOptions;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Submits purges to CloudFront. Purges already submitted (their `PURGE#<id>` record exists) are
 * answered from the record; the rest go out as one CreateInvalidation sized to CloudFront's free slots
 * (see `planInvalidation`) whose CallerReference is a hash of the batch, so resubmitting the same batch
 * never creates a second invalidation. While CloudFront is busy (TooManyInvalidationsInProgress,
 * throttling, no free wildcard slots) it backs off and retries until the attempts or the deadline run
 * out; whatever is left is reported unsent, never dropped.
 */
export function createPurgeSubmitter(options: PurgeSubmitterOptions) {
  const { api, records, distributionId, log, events, metrics, backoff, now, sleep } = options;

  /**
   * Remembers submitted purges. The invalidation exists whatever happens here, so a failure to record it
   * is logged rather than retried: resubmitting would purge twice, and only the status lookup is lost.
   */
  async function saveRecords(
    purgeIds: readonly string[],
    messages: ReadonlyMap<string, PurgeMessage>,
    invalidation: InvalidationState,
  ): Promise<void> {
    const submittedAt = now();
    const saved = purgeIds.map((purgeId) => ({
      purgeId,
      paths: messages.get(purgeId)?.paths ?? [],
      requestedAt: messages.get(purgeId)?.requestedAt ?? submittedAt,
      distributionId,
      invalidationId: invalidation.id,
      status: invalidation.status,
      submittedAt,
      checkedAt: submittedAt,
    }));
    await events.publish(
      saved.map((record) => ({ detailType: EVENT_TYPES.purgeRequested, detail: purgeEventDetail(record) })),
    );
    try {
      await records.save(saved);
    } catch (error) {
      const failure = toImageError(error);
      log('error', 'purge records not saved', {
        invalidationId: invalidation.id,
        error: failure.internal ?? failure.message,
      });
    }
  }

  /** One attempt: the purge ids it submitted, or an empty list when CloudFront had no room. */
  async function submitOnce(
    todo: [string, PurgeMessage][],
    done: Map<string, PurgeOutcome>,
  ): Promise<string[]> {
    const usage = await api.usage();
    const plan = planInvalidation(
      todo.flatMap(([, message]) => message.paths),
      usage,
    );
    const covered = todo.filter(([, message]) => message.paths.every(plan.covers)).map(([id]) => id);
    if (covered.length === 0) return [];
    const callerReference = hashOf(['imgfront', ...[...plan.paths].sort(), '', ...[...covered].sort()]);
    const invalidation = await api.create(plan.paths, callerReference);
    const messages = new Map(todo);
    const createdAt = now();
    metrics?.({
      paths: plan.paths.length,
      requestedAt: covered.map((purgeId) => messages.get(purgeId)?.requestedAt ?? createdAt),
      createdAt,
    });
    for (const purgeId of covered) {
      done.set(purgeId, {
        purgeId,
        invalidationId: invalidation.id,
        status: invalidation.status,
        alreadySubmitted: false,
      });
    }
    await saveRecords(covered, messages, invalidation);
    log('info', 'invalidation created', {
      invalidationId: invalidation.id,
      paths: plan.paths.length,
      purges: covered.length,
      waiting: todo.length - covered.length,
    });
    return covered;
  }

  async function submit(purges: Map<string, PurgeMessage>, deadlineAt: number): Promise<SubmitResult> {
    const done = new Map<string, PurgeOutcome>();
    for (const [purgeId, record] of await records.findExisting([...purges.keys()])) {
      done.set(purgeId, {
        purgeId,
        invalidationId: record.invalidationId,
        status: record.status,
        alreadySubmitted: true,
      });
    }
    let todo = [...purges].filter(([purgeId]) => !done.has(purgeId));
    let busyAttempts = 0;
    while (todo.length > 0) {
      let submitted: string[];
      try {
        submitted = await submitOnce(todo, done);
      } catch (error) {
        const failure = toImageError(error);
        if (!failure.retryable) return { done, unsent: todo.map(([id]) => id), error: failure };
        submitted = [];
      }
      todo = todo.filter(([purgeId]) => !done.has(purgeId));
      if (submitted.length > 0 || todo.length === 0) continue;
      busyAttempts += 1;
      const delay = backoffDelay(busyAttempts, backoff);
      if (busyAttempts >= backoff.attempts || now() + delay > deadlineAt) break;
      log('warn', 'CloudFront busy, backing off', {
        attempt: busyAttempts,
        delayMs: Math.round(delay),
        waiting: todo.length,
      });
      await sleep(delay);
    }
    return { done, unsent: todo.map(([id]) => id) };
  }

  return submit;
}
