import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { SQSEvent } from 'aws-lambda';
import { startCloudFrontStub, type CloudFrontStub } from '../../local/cloudfront-stub';
import {
  createRegistryTable,
  LOCAL_CREDENTIALS,
  startDynamo,
  type RunningDynamo,
} from '../../local/emulators';
import { silentEventLog } from '../log/event-log';
import { createInvalidationApi, type InvalidationApi } from './invalidation-api';
import { createInvalidator, type Invalidator } from './invalidator';
import type { PurgeMessage } from './purge-message';
import { createPurgeRecordStore, type PurgeRecordStore } from './purge-records';
import type { EventPublisher } from '../events/event-publisher';
import type { ImgfrontEvent } from '../events/event-types';
import { checkPurgesInProgress, getPurgeStatus } from './purge-status';
import { sqsRecord } from './testing/sqs-records';

let dynamo: RunningDynamo;
let stub: CloudFrontStub;
let cloudFront: CloudFrontClient;
let records: PurgeRecordStore;

let distributionCounter = 0;
let api: InvalidationApi;
let invalidator: Invalidator;
let requestedAt = 1_700_000_000_000;

beforeAll(async () => {
  dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, 'purges');
  records = createPurgeRecordStore({ client: dynamo.client, tableName: 'purges' });
  stub = await startCloudFrontStub({ completeAfterMs: 'manual' });
  cloudFront = new CloudFrontClient({
    endpoint: stub.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
});
afterAll(async () => {
  cloudFront.destroy();
  await Promise.all([stub.close(), dynamo.close()]);
});

/** A fresh distribution per test: the stub keeps each one's invalidations apart. */
beforeEach(() => {
  const distributionId = `EDIST${++distributionCounter}`;
  api = createInvalidationApi({ client: cloudFront, distributionId });
  invalidator = createInvalidator({
    api,
    records,
    distributionId,
    log: silentEventLog,
    backoff: { attempts: 5, baseDelayMs: 2, maxDelayMs: 10 },
  });
});

const invalidationsNow = () =>
  stub.invalidations.filter((item) => item.distributionId === `EDIST${distributionCounter}`);

const purge = (...paths: string[]): PurgeMessage => ({ paths, requestedAt: ++requestedAt });

function sqsEvent(messages: readonly (PurgeMessage | string)[]): SQSEvent {
  return {
    Records: messages.map((message, index) =>
      sqsRecord(`message-${index}`, typeof message === 'string' ? message : JSON.stringify(message)),
    ),
  };
}

describe('invalidator', () => {
  it('batches a queue batch into one invalidation and records every purge', async () => {
    const messages = [purge('/demo/a.jpg*'), purge('/demo/b.jpg*', '/shop/b.jpg*'), purge('/demo/a.jpg*')];
    const response = await invalidator.handleQueueBatch(sqsEvent(messages));
    expect(response.batchItemFailures).toEqual([]);
    expect(invalidationsNow()).toHaveLength(1);
    expect([...(invalidationsNow()[0]?.paths ?? [])].sort()).toEqual([
      '/demo/a.jpg*',
      '/demo/b.jpg*',
      '/shop/b.jpg*',
    ]);
  });

  it('creates no second invalidation for a redelivered message', async () => {
    const message = purge('/demo/redelivered.jpg*');
    await invalidator.handleQueueBatch(sqsEvent([message]));
    const requestsBefore = stub.createRequests;
    const again = await invalidator.handleQueueBatch(sqsEvent([message, message]));
    expect(again.batchItemFailures).toEqual([]);
    expect(invalidationsNow()).toHaveLength(1);
    expect(stub.createRequests).toBe(requestsBefore);
  });

  it('backs off through TooManyInvalidationsInProgress and succeeds when CloudFront has room', async () => {
    stub.failNext(3);
    const requestsBefore = stub.createRequests;
    const response = await invalidator.handleQueueBatch(sqsEvent([purge('/demo/busy.jpg*')]));
    expect(response.batchItemFailures).toEqual([]);
    expect(stub.createRequests - requestsBefore).toBe(4);
    expect(invalidationsNow()).toHaveLength(1);
  });

  it('backs off through throttling the SDK gave up on', async () => {
    stub.failNext(2, 'Throttling');
    const response = await invalidator.handleQueueBatch(sqsEvent([purge('/demo/throttled.jpg*')]));
    expect(response.batchItemFailures).toEqual([]);
    expect(invalidationsNow()).toHaveLength(1);
  });

  it('hands every message back for redelivery when CloudFront stays busy, and loses none', async () => {
    stub.failNext(5);
    const messages = [purge('/demo/x.jpg*'), purge('/demo/y.jpg*')];
    const busy = await invalidator.handleQueueBatch(sqsEvent(messages));
    expect(busy.batchItemFailures).toEqual([
      { itemIdentifier: 'message-0' },
      { itemIdentifier: 'message-1' },
    ]);
    expect(invalidationsNow()).toHaveLength(0);

    const redelivered = await invalidator.handleQueueBatch(sqsEvent(messages));
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(invalidationsNow()[0]?.paths).toEqual(['/demo/x.jpg*', '/demo/y.jpg*']);
  });

  it('waits while other invalidations hold every wildcard slot', async () => {
    await invalidator.purgeNow({ paths: Array.from({ length: 15 }, (_, index) => `/console/${index}.jpg*`) });
    const blocked = await invalidator.handleQueueBatch(sqsEvent([purge('/demo/later.jpg*')]));
    expect(blocked.batchItemFailures).toHaveLength(1);
    expect(invalidationsNow()).toHaveLength(1);

    stub.completeAll();
    const later = await invalidator.handleQueueBatch(sqsEvent([purge('/demo/later.jpg*')]));
    expect(later.batchItemFailures).toEqual([]);
    expect(invalidationsNow()[1]?.paths).toEqual(['/demo/later.jpg*']);
  });

  it('sends malformed messages to the dead-letter path and purges the rest', async () => {
    const response = await invalidator.handleQueueBatch(
      sqsEvent([
        'not json',
        JSON.stringify({ paths: ['no-slash.jpg'], requestedAt: 1 }),
        purge('/demo/ok.jpg*'),
      ]),
    );
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'message-0' },
      { itemIdentifier: 'message-1' },
    ]);
    expect(invalidationsNow()[0]?.paths).toEqual(['/demo/ok.jpg*']);
  });

  it('purges on demand and answers "is my purge done?" from CloudFront', async () => {
    const outcome = await invalidator.purgeNow({ paths: ['/demo/on-demand.jpg*'] });
    expect(outcome).toMatchObject({ status: 'InProgress', alreadySubmitted: false });
    expect(outcome.invalidationId).toBe(invalidationsNow()[0]?.id);

    expect(await getPurgeStatus(outcome.purgeId, { records, api })).toMatchObject({
      status: 'InProgress',
      paths: ['/demo/on-demand.jpg*'],
    });
    stub.completeAll();
    expect(await getPurgeStatus(outcome.purgeId, { records, api })).toMatchObject({ status: 'Completed' });
    expect(await records.get(outcome.purgeId)).toMatchObject({ status: 'Completed' });
    expect(await getPurgeStatus('never-submitted', { records, api })).toBeUndefined();
  });

  it('treats a repeated on-demand purge with the same id as the same purge', async () => {
    const first = await invalidator.purgeNow({ id: 'release-42', paths: ['/demo/release.jpg*'] });
    const again = await invalidator.purgeNow({ id: 'release-42', paths: ['/demo/release.jpg*'] });
    expect(again).toEqual({ ...first, alreadySubmitted: true });
    expect(invalidationsNow()).toHaveLength(1);
  });

  it('refuses an invalid on-demand purge, naming the problem', async () => {
    await expect(invalidator.purgeNow({ paths: ['/demo/*/inner.jpg'] })).rejects.toMatchObject({
      code: 'EINVALID',
      message: expect.stringContaining('may contain "*" only at the end'),
    });
    await expect(invalidator.purgeNow({ paths: [] })).rejects.toMatchObject({ code: 'EINVALID' });
  });

  it('reports a busy CloudFront to an on-demand caller as a transient error', async () => {
    stub.failNext(5);
    await expect(invalidator.purgeNow({ paths: ['/demo/busy-now.jpg*'] })).rejects.toMatchObject({
      retryable: true,
      status: 503,
    });
  });
});

describe('completion checks', () => {
  it('announce each purge once CloudFront completes it, then stop looking at it', async () => {
    // A table of its own: the other tests leave purges in progress on other distributions.
    await createRegistryTable(dynamo.client, 'purge-checks');
    const checked = createPurgeRecordStore({ client: dynamo.client, tableName: 'purge-checks' });
    const published: ImgfrontEvent[] = [];
    const events: EventPublisher = {
      publish: async (batch) => {
        published.push(...batch);
      },
    };
    const distributionId = `EDIST${distributionCounter}`;
    const purges = createInvalidator({ api, records: checked, distributionId, log: silentEventLog, events });
    const deps = { records: checked, api, events, log: silentEventLog };

    const outcome = await purges.purgeNow({ paths: ['/demo/checked.jpg*'] });
    expect(await checkPurgesInProgress(deps)).toEqual({ checked: 1, completed: 0 });
    expect(published.map((event) => event.detailType)).toEqual(['Purge Requested']);

    stub.completeAll();
    expect(await checkPurgesInProgress(deps)).toEqual({ checked: 1, completed: 1 });
    expect(published[1]).toEqual({
      detailType: 'Purge Completed',
      detail: {
        purgeId: outcome.purgeId,
        paths: ['/demo/checked.jpg*'],
        distributionId,
        invalidationId: outcome.invalidationId,
        requestedAt: expect.any(Number),
        submittedAt: expect.any(Number),
        completedAt: expect.any(Number),
      },
    });
    expect(await checkPurgesInProgress(deps)).toEqual({ checked: 0, completed: 0 });
    expect(published).toHaveLength(2);
  });

  it('skip a purge CloudFront cannot answer for, and still check the rest', async () => {
    await createRegistryTable(dynamo.client, 'purge-checks-unknown');
    const checked = createPurgeRecordStore({ client: dynamo.client, tableName: 'purge-checks-unknown' });
    const distributionId = `EDIST${distributionCounter}`;
    await checked.save([
      {
        purgeId: 'lost',
        paths: ['/demo/lost.jpg*'],
        requestedAt: 1,
        distributionId,
        invalidationId: 'INOSUCHINVALIDATION',
        status: 'InProgress',
        submittedAt: 1,
        checkedAt: 1,
      },
    ]);
    const purges = createInvalidator({ api, records: checked, distributionId, log: silentEventLog });
    const outcome = await purges.purgeNow({ paths: ['/demo/found.jpg*'] });
    stub.completeAll();

    const deps = { records: checked, api, log: silentEventLog };
    expect(await checkPurgesInProgress(deps)).toEqual({ checked: 2, completed: 1 });
    expect(await checked.get(outcome.purgeId)).toMatchObject({ status: 'Completed' });
    expect(await checked.listInProgress(10)).toEqual(['lost']);
  });
});
