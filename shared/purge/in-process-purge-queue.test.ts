import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { silentEventLog } from '../log/event-log';
import { createInProcessPurgeQueue } from './in-process-purge-queue';
import type { PurgeMessage } from './purge-message';

const message = (name: string): PurgeMessage => ({ paths: [`/demo/${name}*`], requestedAt: 1 });
const pathsOf = (event: SQSEvent) => event.Records.map((record) => JSON.parse(record.body).paths[0]);

describe('in-process purge queue', () => {
  it('delivers sends made within the batch window as one SQS-shaped batch', async () => {
    const batches: SQSEvent[] = [];
    const queue = createInProcessPurgeQueue({
      deliver: async (event) => {
        batches.push(event);
      },
      batchWindowMs: 20,
      log: silentEventLog,
    });
    await queue.send([message('a')]);
    await queue.send([message('b'), message('c')]);
    await queue.drained();
    expect(batches.map(pathsOf)).toEqual([['/demo/a*', '/demo/b*', '/demo/c*']]);
    expect(batches[0]?.Records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      attributes: { ApproximateReceiveCount: '1' },
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    queue.close();
  });

  it('redelivers only the failed items, counting receives, until they succeed', async () => {
    const batches: SQSEvent[] = [];
    const queue = createInProcessPurgeQueue({
      deliver: async (event): Promise<SQSBatchResponse> => {
        batches.push(event);
        const failing =
          batches.length < 3 ? event.Records.filter((record) => record.body.includes('/demo/b*')) : [];
        return { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.messageId })) };
      },
      batchWindowMs: 1,
      redeliveryDelayMs: 5,
      log: silentEventLog,
    });
    await queue.send([message('a'), message('b')]);
    await queue.drained();
    expect(batches.map(pathsOf)).toEqual([['/demo/a*', '/demo/b*'], ['/demo/b*'], ['/demo/b*']]);
    expect(batches[2]?.Records[0]?.attributes.ApproximateReceiveCount).toBe('3');
    expect(queue.deadLetters).toEqual([]);
    queue.close();
  });

  it('dead-letters a message that keeps failing, and redelivers whole batches whose delivery threw', async () => {
    let deliveries = 0;
    const queue = createInProcessPurgeQueue({
      deliver: async () => {
        deliveries += 1;
        throw new Error('invalidator down');
      },
      batchWindowMs: 1,
      redeliveryDelayMs: 1,
      maxReceiveCount: 3,
      log: silentEventLog,
    });
    await queue.send([message('doomed')]);
    await queue.drained();
    expect(deliveries).toBe(3);
    expect(queue.deadLetters.map((record) => JSON.parse(record.body))).toEqual([message('doomed')]);
    queue.close();
  });
});
