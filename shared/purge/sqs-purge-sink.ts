import {
  SendMessageBatchCommand,
  type BatchResultErrorEntry,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { ImageError, invalid } from '../errors/image-error';
import type { PurgeSink } from './purge-sink';

/** SQS takes at most 10 messages per SendMessageBatch. */
const ENTRIES_PER_BATCH = 10;
/** The classic SQS message size limit; purge messages are far smaller. */
const MAX_BODY_BYTES = 256 * 1024;
/** Entries SQS failed for its own reasons are resent this many times in total. */
const SEND_ATTEMPTS = 3;

/**
 * Sends purge messages to the purge queue with SendMessageBatch (10 per call). Entries SQS rejects for
 * transient reasons are resent; if any still fail, or an entry is the sender's fault, the whole send
 * fails so the event that produced them is retried (the invalidator dedupes repeats by purge id).
 */
export function createSqsPurgeSink(options: { client: SQSClient; queueUrl: string }): PurgeSink {
  async function sendEntries(entries: SendMessageBatchRequestEntry[]): Promise<BatchResultErrorEntry[]> {
    try {
      const result = await options.client.send(
        new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: entries }),
      );
      return result.Failed ?? [];
    } catch (error) {
      throw fromDependencySdkError(error, 'send purge messages');
    }
  }

  async function sendBatch(bodies: string[]): Promise<void> {
    let pending = bodies.map((body, index) => ({ Id: String(index), MessageBody: body }));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const failed = await sendEntries(pending);
      const senderFault = failed.find((entry) => entry.SenderFault);
      if (senderFault)
        throw invalid(`purge message rejected by SQS: ${senderFault.Code} ${senderFault.Message}`);
      const failedIds = new Set(failed.map((entry) => entry.Id));
      pending = pending.filter((entry) => failedIds.has(entry.Id));
      if (pending.length > 0 && attempt >= SEND_ATTEMPTS) {
        throw new ImageError('UNIDENTIFIED', 'Purge queue unavailable', {
          retryable: true,
          internal: `SQS failed ${pending.length} purge messages after ${attempt} attempts`,
        });
      }
    }
  }

  return {
    async send(messages) {
      const bodies = messages.map((message) => JSON.stringify(message));
      const oversized = bodies.find((body) => Buffer.byteLength(body) > MAX_BODY_BYTES);
      if (oversized)
        throw invalid(`a purge message is larger than ${MAX_BODY_BYTES} bytes; send fewer paths per message`);
      for (let start = 0; start < bodies.length; start += ENTRIES_PER_BATCH) {
        await sendBatch(bodies.slice(start, start + ENTRIES_PER_BATCH));
      }
    },
  };
}
