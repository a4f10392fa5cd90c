import type { EventLog } from '../log/event-log';
import { startPurgeLoop, type PurgeLoop } from './testing/purge-loop';
import { putEndpointElsewhere } from './testing/put-endpoint-elsewhere';
import { eventBridgeEvent, s3Notification, type TestObjectChange } from './testing/s3-events';

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const TABLE = 'imgfront-registry';

let loop: PurgeLoop;
let clock = T0;
const logLines: { message: string; fields: Record<string, unknown> }[] = [];
const log: EventLog = (_level, message, fields = {}) => logLines.push({ message, fields });

beforeAll(async () => {
  loop = await startPurgeLoop({
    endpoints: [{ id: 'shop', origins: [{ type: 's3', bucket: 'media-bucket' }] }],
    now: () => clock,
    log,
  });
});
afterAll(() => loop.close());

let step = 0;
/** A change at `time` (S3's clock), with a sequencer that grows with every change made. */
const change = (
  kind: TestObjectChange['kind'],
  bucket: string,
  key: string,
  time: number,
): TestObjectChange => {
  step += 1;
  const sequencer = `0066AED6DCD9${step.toString(16).toUpperCase().padStart(6, '0')}`;
  return { kind, bucket, key, time, sequencer, etag: `etag-${step}` };
};

/** Paths of the invalidations created by delivering `payload` at `at` on the writer's clock. */
async function purgedBy(payload: unknown, at: number): Promise<string[]> {
  clock = at;
  const before = loop.cloudFront.invalidations.length;
  await loop.writer(payload);
  await loop.queue.flush();
  return loop.cloudFront.invalidations
    .slice(before)
    .flatMap((invalidation) => invalidation.paths)
    .sort();
}

describe('purges decided on a fresh endpoint listing', () => {
  it('purges an overwrite for an endpoint stored one second before it, by another process', async () => {
    const key = 'new/photo.jpg';
    // The first upload loads the listing before endpoint "fresh" exists.
    await purgedBy(s3Notification([change('created', 'media-bucket', key, T0)]), T0 + 500);
    await putEndpointElsewhere(loop.dynamo.endpoint, TABLE, {
      id: 'fresh',
      origins: [{ type: 's3', bucket: 'media-bucket', prefix: 'new/' }],
    });

    const overwrite = s3Notification([change('created', 'media-bucket', key, T0 + 2_000)]);
    expect(await purgedBy(overwrite, T0 + 2_500)).toEqual([
      '/fresh/ik-seo/photo/*',
      '/fresh/photo.jpg*',
      '/shop/ik-seo/new/photo/*',
      '/shop/new/photo.jpg*',
    ]);
    expect(logLines.at(-1)).toMatchObject({
      message: 'object event recorded',
      fields: {
        key,
        outcome: 'applied',
        purgePaths: expect.arrayContaining(['/fresh/photo.jpg*', '/shop/new/photo.jpg*']),
      },
    });
  });

  it('reads EventBridge times, given to the second, as late as the end of their second', async () => {
    const key = 'eventbridge/photo.jpg';
    // Loaded at 10:00:11.500, before endpoint "bridged" exists.
    await purgedBy(s3Notification([change('created', 'media-bucket', key, T0 + 10_000)]), T0 + 11_500);
    await putEndpointElsewhere(loop.dynamo.endpoint, TABLE, {
      id: 'bridged',
      origins: [{ type: 's3', bucket: 'media-bucket', prefix: 'eventbridge/' }],
    });
    // Overwritten at 10:00:11.900, after the endpoint was stored; EventBridge says 10:00:11.
    const overwrite = eventBridgeEvent(change('created', 'media-bucket', key, T0 + 11_000));
    expect(await purgedBy(overwrite, T0 + 12_000)).toEqual([
      '/bridged/ik-seo/photo/*',
      '/bridged/photo.jpg*',
      '/shop/eventbridge/photo.jpg*',
      '/shop/ik-seo/eventbridge/photo/*',
    ]);
  });
});

describe('objects no listed endpoint serves', () => {
  it('load the listing again at most once a second, however many events arrive', async () => {
    const start = T0 + 60_000;
    const queriesDuring = async (at: number, events: number) => {
      const before = loop.listingQueries();
      for (let index = 0; index < events; index += 1) {
        await purgedBy(s3Notification([change('created', 'unserved-bucket', `${index}.jpg`, T0)]), at);
      }
      return loop.listingQueries() - before;
    };
    expect(await queriesDuring(start, 50)).toBe(1);
    expect(await queriesDuring(start + 999, 50)).toBe(0);
    expect(await queriesDuring(start + 1_001, 50)).toBe(1);
  });

  it('are purged for an endpoint the listing missed once it is loaded again', async () => {
    const start = T0 + 120_000;
    const key = 'missed.jpg';
    // Both changes happened before the listing was loaded, but the listing lacks the endpoint (as a
    // listing read from an index that had not caught up yet would).
    await purgedBy(s3Notification([change('created', 'late-bucket', key, T0)]), start);
    await putEndpointElsewhere(loop.dynamo.endpoint, TABLE, {
      id: 'late',
      origins: [{ type: 's3', bucket: 'late-bucket' }],
    });
    const overwrite = s3Notification([change('created', 'late-bucket', key, T0 + 1)]);
    expect(await purgedBy(overwrite, start + 1_001)).toEqual(['/late/ik-seo/missed/*', '/late/missed.jpg*']);
  });
});
