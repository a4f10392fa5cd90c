import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ImageError, invalid, toImageError } from '../errors/image-error';
import { noEventPublisher, type EventPublisher } from '../events/event-publisher';
import { eventLogTo, type EventLog } from '../log/event-log';
import { createLogger, SERVICE_NAME } from '../log/logger';
import type { PurgeMetrics } from '../metrics/purge-metrics';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { CopyPurger } from './delete-copies';
import type { InvalidationApi } from './invalidation-api';
import { parsePurgeMessage, purgeIdOf, type PurgeMessage } from './purge-message';
import type { PurgeRecordStore } from './purge-records';
import { createPurgeSubmitter, type PurgeOutcome } from './submit-purges';

export interface InvalidatorOptions {
  api: InvalidationApi;
  records: PurgeRecordStore;
  distributionId: string;
  log?: EventLog;
  /** Receives `Purge Requested` events. @default none */
  events?: EventPublisher;
  metrics?: PurgeMetrics;
  /** Deletes the kept copies of originals the paths cover (`keepOriginalCopy`). @default none kept */
  deleteCopies?: CopyPurger;
  backoff?: Partial<BackoffOptions>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Turns purge requests into CloudFront invalidations. */
export interface Invalidator {
  /** A purge-queue batch; messages not purged come back as `batchItemFailures` for SQS to redeliver. */
  handleQueueBatch(event: SQSEvent, deadlineAt?: number): Promise<SQSBatchResponse>;
  /** An on-demand purge (`{ paths, requestedAt?, id? }`); throws a transient ImageError if CloudFront stays busy. */
  purgeNow(request: unknown, deadlineAt?: number): Promise<PurgeOutcome>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The invalidation Lambda's logic: reads purge requests from a queue batch or a direct invocation,
 * dedupes them by purge id, and submits them (see `createPurgeSubmitter`), reporting what could not be
 * submitted so SQS redelivers it.
 */
export function createInvalidator(options: InvalidatorOptions): Invalidator {
  const log = options.log ?? eventLogTo(createLogger(SERVICE_NAME.invalidator));
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const now = options.now ?? Date.now;
  const submit = createPurgeSubmitter({
    api: options.api,
    records: options.records,
    distributionId: options.distributionId,
    log,
    events: options.events ?? noEventPublisher,
    metrics: options.metrics,
    backoff,
    now,
    sleep: options.sleep ?? defaultSleep,
  });

  /**
   * Kept copies go before the invalidation: a request after an invalidation made first could re-cache
   * the stale copy for a year. A redelivered purge deletes again (cheap), then finds its invalidation.
   */
  async function deleteCopiesOf(message: PurgeMessage): Promise<void> {
    if (!options.deleteCopies) return;
    const { deleted } = await options.deleteCopies(message.paths);
    if (deleted > 0) log('info', 'kept copies deleted', { deleted, paths: message.paths.length });
  }

  async function handleQueueBatch(event: SQSEvent, deadlineAt = Infinity): Promise<SQSBatchResponse> {
    const failed: string[] = [];
    const purges = new Map<string, PurgeMessage>();
    const messageIds = new Map<string, string[]>();
    for (const record of event.Records) {
      const parsed = parsePurgeMessage(record.body);
      if (!parsed.ok) {
        // Reported as failed so it reaches the dead-letter queue for a human to read, not silently lost.
        log('error', 'malformed purge message', { messageId: record.messageId, error: parsed.error });
        failed.push(record.messageId);
        continue;
      }
      const purgeId = purgeIdOf(parsed.message);
      purges.set(purgeId, parsed.message);
      messageIds.set(purgeId, [...(messageIds.get(purgeId) ?? []), record.messageId]);
    }
    for (const [purgeId, message] of purges) {
      try {
        await deleteCopiesOf(message);
      } catch (error) {
        // Not invalidated either: SQS brings it back, and both happen then, in order.
        const failure = toImageError(error);
        log('error', 'kept copies not deleted', { purgeId, error: failure.internal ?? failure.message });
        failed.push(...(messageIds.get(purgeId) ?? []));
        purges.delete(purgeId);
      }
    }
    try {
      const { unsent, error } = await submit(purges, deadlineAt);
      if (error)
        log('error', 'invalidation failed', { code: error.code, error: error.internal ?? error.message });
      if (unsent.length > 0) log('warn', 'purges left for redelivery', { purges: unsent.length });
      for (const purgeId of unsent) failed.push(...(messageIds.get(purgeId) ?? []));
    } catch (error) {
      const failure = toImageError(error);
      log('error', 'purge batch failed', { code: failure.code, error: failure.internal ?? failure.message });
      for (const ids of messageIds.values()) failed.push(...ids);
    }
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  }

  async function purgeNow(request: unknown, deadlineAt = Infinity): Promise<PurgeOutcome> {
    const withTime =
      isObject(request) && request.requestedAt === undefined ? { ...request, requestedAt: now() } : request;
    const parsed = parsePurgeMessage(withTime);
    if (!parsed.ok) throw invalid(`Invalid purge request: ${parsed.error}`);
    const purgeId = purgeIdOf(parsed.message);
    await deleteCopiesOf(parsed.message);
    const { done, error } = await submit(new Map([[purgeId, parsed.message]]), deadlineAt);
    const outcome = done.get(purgeId);
    if (outcome) return outcome;
    throw (
      error ??
      new ImageError('UNIDENTIFIED', 'CloudFront is busy; try the purge again shortly', {
        retryable: true,
        internal: `purge ${purgeId} not submitted after ${backoff.attempts} attempts`,
      })
    );
  }

  return { handleQueueBatch, purgeNow };
}
