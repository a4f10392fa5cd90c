import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { toImageError } from '../errors/image-error';
import { eventLogTo, type EventLog } from '../log/event-log';
import { createLogger, SERVICE_NAME } from '../log/logger';
import type { PurgeMessage } from './purge-message';
import type { PurgeSink } from './purge-sink';

/** The local stand-in for the SQS purge queue and its Lambda event source mapping. */
export interface InProcessPurgeQueue extends PurgeSink {
  /** Resolves once every message sent so far has been acknowledged or dead-lettered. */
  drained(): Promise<void>;
  /** Delivers what is queued now instead of at the end of the batch window, then waits until drained. */
  flush(): Promise<void>;
  /** Messages that failed `maxReceiveCount` times (SQS would move them to the dead-letter queue). */
  readonly deadLetters: readonly SQSRecord[];
  /** Stops the timers; messages still queued are dropped. */
  close(): void;
}

export interface InProcessPurgeQueueOptions {
  /** The invalidator: receives SQS-shaped batches and answers with partial batch failures. */
  deliver(event: SQSEvent): Promise<SQSBatchResponse | void>;
  /** How long sends are collected into one batch (the event source's batching window). @default 20 */
  batchWindowMs?: number;
  /** @default 10000 (SQS event sources allow up to 10,000 with a batching window) */
  maxBatchSize?: number;
  /** How long a failed message stays invisible before redelivery (the visibility timeout). @default 1000 */
  redeliveryDelayMs?: number;
  /** Deliveries before a message is dead-lettered. @default 5 */
  maxReceiveCount?: number;
  log?: EventLog;
}

interface QueuedMessage {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
}

function toRecord(message: QueuedMessage, now: number): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}#${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'imgfront-local',
      ApproximateFirstReceiveTimestamp: String(now),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:imgfront-local-purge',
    awsRegion: 'us-east-1',
  };
}

/**
 * An in-memory queue with SQS semantics for the local stack (no SQS emulator exists): sends are
 * batched for `batchWindowMs`, delivered one batch at a time as the same SQS event Lambda would
 * receive, failed items (`batchItemFailures`, or the whole batch when delivery throws) come back after
 * `redeliveryDelayMs`, and are dead-lettered after `maxReceiveCount` deliveries.
 */
export function createInProcessPurgeQueue(options: InProcessPurgeQueueOptions): InProcessPurgeQueue {
  const batchWindowMs = options.batchWindowMs ?? 20;
  const maxBatchSize = options.maxBatchSize ?? 10_000;
  const redeliveryDelayMs = options.redeliveryDelayMs ?? 1000;
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  const log = options.log ?? eventLogTo(createLogger(SERVICE_NAME.invalidator));

  let queued: QueuedMessage[] = [];
  const deadLetters: SQSRecord[] = [];
  let delivering = false;
  let timer: NodeJS.Timeout | undefined;
  let timerDueAt = 0;
  let waiters: (() => void)[] = [];

  function settleWaiters(): void {
    if (queued.length > 0 || delivering) return;
    const ready = waiters;
    waiters = [];
    ready.forEach((resolve) => resolve());
  }

  /** Runs a delivery at `dueAt` unless one is already due sooner (or one is running). */
  function scheduleAt(dueAt: number): void {
    if (delivering || queued.length === 0) return;
    if (timer !== undefined && timerDueAt <= dueAt) return;
    if (timer !== undefined) clearTimeout(timer);
    timerDueAt = dueAt;
    timer = setTimeout(
      () => {
        timer = undefined;
        void deliverVisible();
      },
      Math.max(0, dueAt - Date.now()),
    );
    timer.unref();
  }

  const earliestVisible = () => Math.min(...queued.map((message) => message.visibleAt));

  async function deliverVisible(): Promise<void> {
    const now = Date.now();
    const batch = queued.filter((message) => message.visibleAt <= now).slice(0, maxBatchSize);
    if (batch.length === 0) {
      scheduleAt(earliestVisible());
      return;
    }
    delivering = true;
    batch.forEach((message) => (message.receiveCount += 1));
    let failedIds: Set<string>;
    try {
      const response = await options.deliver({ Records: batch.map((message) => toRecord(message, now)) });
      failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      log('error', 'purge batch delivery failed', { error: toImageError(error).internal ?? String(error) });
      failedIds = new Set(batch.map((message) => message.messageId));
    }
    const inBatch = new Set(batch.map((message) => message.messageId));
    const retryAt = Date.now() + redeliveryDelayMs;
    queued = queued.filter((message) => {
      if (!inBatch.has(message.messageId)) return true;
      if (!failedIds.has(message.messageId)) return false;
      if (message.receiveCount >= maxReceiveCount) {
        deadLetters.push(toRecord(message, now));
        log('error', 'purge message dead-lettered', { messageId: message.messageId, body: message.body });
        return false;
      }
      message.visibleAt = retryAt;
      return true;
    });
    delivering = false;
    settleWaiters();
    scheduleAt(earliestVisible());
  }

  function drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      waiters.push(resolve);
      settleWaiters();
    });
  }

  return {
    async send(messages: readonly PurgeMessage[]) {
      const sentAt = Date.now();
      for (const message of messages) {
        queued.push({
          messageId: randomUUID(),
          body: JSON.stringify(message),
          sentAt,
          receiveCount: 0,
          visibleAt: sentAt,
        });
      }
      scheduleAt(sentAt + batchWindowMs);
    },
    drained,
    flush() {
      scheduleAt(Date.now());
      return drained();
    },
    deadLetters,
    close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      queued = [];
      settleWaiters();
    },
  };
}
