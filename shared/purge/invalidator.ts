import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ImageError, invalid, toImageError } from '../errors/image-error';
import { jsonEventLog, type EventLog } from '../log/event-log';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { InvalidationApi, InvalidationState } from './invalidation-api';
import { planInvalidation } from './invalidation-plan';
import { hashOf, parsePurgeMessage, purgeIdOf, type PurgeMessage } from './purge-message';
import type { PurgeRecordStore } from './purge-records';

/** Where one purge request ended up. */
export interface PurgeOutcome {
  purgeId: string;
  invalidationId: string;
  /** CloudFront's status when submitted (or when last recorded, for a repeat). */
  status: string;
  /** True when this purge had been submitted before (a redelivered or repeated request). */
  alreadySubmitted: boolean;
}

export interface InvalidatorOptions {
  api: InvalidationApi;
  records: PurgeRecordStore;
  distributionId: string;
  log?: EventLog;
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

interface SubmitResult {
  done: Map<string, PurgeOutcome>;
  unsent: string[];
  error?: ImageError;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Dedupes purge requests, skips those already submitted (their `PURGE#<id>` record exists), and
 * submits the rest as one CreateInvalidation sized to CloudFront's free slots (see
 * `planInvalidation`). The CallerReference is a hash of the batch, so resubmitting the same batch
 * never creates a second invalidation. While CloudFront is busy (TooManyInvalidationsInProgress,
 * throttling, no free wildcard slots) it backs off and retries until the attempts or the deadline run
 * out; whatever is left is reported unsent, never dropped.
 */
export function createInvalidator(options: InvalidatorOptions): Invalidator {
  const { api, records, distributionId } = options;
  const log = options.log ?? jsonEventLog;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;

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
    try {
      await records.save(
        purgeIds.map((purgeId) => ({
          purgeId,
          paths: messages.get(purgeId)?.paths ?? [],
          requestedAt: messages.get(purgeId)?.requestedAt ?? submittedAt,
          distributionId,
          invalidationId: invalidation.id,
          status: invalidation.status,
          submittedAt,
          checkedAt: submittedAt,
        })),
      );
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
    for (const purgeId of covered) {
      done.set(purgeId, {
        purgeId,
        invalidationId: invalidation.id,
        status: invalidation.status,
        alreadySubmitted: false,
      });
    }
    await saveRecords(covered, new Map(todo), invalidation);
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
    for (let busyAttempts = 0; todo.length > 0;) {
      let submitted: string[];
      try {
        submitted = await submitOnce(todo, done);
      } catch (error) {
        const failure = toImageError(error);
        if (!failure.transient) return { done, unsent: todo.map(([id]) => id), error: failure };
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
    const { done, error } = await submit(new Map([[purgeId, parsed.message]]), deadlineAt);
    const outcome = done.get(purgeId);
    if (outcome) return outcome;
    throw (
      error ??
      new ImageError('UNIDENTIFIED', 'CloudFront is busy; try the purge again shortly', {
        transient: true,
        status: 503,
        internal: `purge ${purgeId} not submitted after ${backoff.attempts} attempts`,
      })
    );
  }

  return { handleQueueBatch, purgeNow };
}
