import { eventBridgeEvent, s3Notification, type TestObjectChange } from './testing/s3-events';
import { startPurgeLoop, type PurgeLoop } from './testing/purge-loop';

let loop: PurgeLoop;

beforeAll(async () => {
  loop = await startPurgeLoop({
    endpoints: [
      { id: 'demo', origins: [{ type: 's3', bucket: 'media-bucket', prefix: 'images' }] },
      { id: 'shop', origins: [{ type: 's3', bucket: 'media-bucket' }] },
      {
        id: 'archive',
        origins: [{ type: 's3', bucket: 'archive-bucket' }],
        settings: { purgeOnChange: false },
      },
    ],
  });
});
afterAll(() => loop.close());

const T0 = Date.parse('2024-05-01T10:00:00.000Z');

/** A change with event time and sequencer growing together, as S3's do. */
const change = (kind: TestObjectChange['kind'], key: string, step: number, bucket = 'media-bucket') => ({
  kind,
  bucket,
  key,
  sequencer: `0055AED6DCD9${step.toString(16).toUpperCase().padStart(6, '0')}`,
  time: T0 + step * 1000,
  etag: `etag-${step}`,
});

/** Runs the writer on one payload and lets the purge queue and invalidator finish. */
async function deliver(payload: unknown) {
  const report = await loop.writer(payload);
  await loop.queue.flush();
  return report;
}

/** Paths of the invalidations created while `run` ran. */
async function purgedDuring(run: () => Promise<unknown>): Promise<string[]> {
  const before = loop.cloudFront.invalidations.length;
  await run();
  return loop.cloudFront.invalidations.slice(before).flatMap((invalidation) => invalidation.paths);
}

describe('version writer', () => {
  it('records a first upload without purging, and purges every endpoint serving an overwritten key', async () => {
    const first = await purgedDuring(() =>
      deliver(s3Notification([change('created', 'images/summer/beach.jpg', 1)])),
    );
    expect(first).toEqual([]);
    expect((await loop.lookup.getVersionForEndpointPath('demo', 'summer/beach.jpg'))?.updatedAt).toBe(
      T0 + 1000,
    );

    const overwrite = await purgedDuring(() =>
      deliver(s3Notification([change('created', 'images/summer/beach.jpg', 2)])),
    );
    expect(overwrite.sort()).toEqual([
      '/demo/ik-seo/summer/beach/*',
      '/demo/summer/beach.jpg*',
      '/shop/ik-seo/images/summer/beach/*',
      '/shop/images/summer/beach.jpg*',
    ]);
    expect(await loop.lookup.getVersionForEndpointPath('demo', 'summer/beach.jpg')).toMatchObject({
      updatedAt: T0 + 2000,
      etag: 'etag-2',
      deleted: false,
    });
    expect(await loop.lookup.getCurrentVersion('media-bucket', 'images/summer/beach.jpg')).toMatchObject({
      updatedAt: T0 + 2000,
    });
  });

  it('ignores a late, older event: the newer version stays and nothing more is purged', async () => {
    const key = 'images/out-of-order.jpg';
    await deliver(s3Notification([change('created', key, 1)]));
    await deliver(s3Notification([change('created', key, 3)]));
    let report;
    const purged = await purgedDuring(async () => {
      report = await deliver(s3Notification([change('created', key, 2)]));
    });
    expect(report).toMatchObject({ applied: 0, stale: 1, purges: 0 });
    expect(purged).toEqual([]);
    expect((await loop.lookup.getCurrentVersion('media-bucket', key))?.etag).toBe('etag-3');
  });

  it('applies the events of one payload in sequencer order, whatever order they arrive in', async () => {
    const key = 'images/one-payload.jpg';
    await deliver(
      s3Notification([change('created', key, 5), change('created', key, 4), change('created', key, 6)]),
    );
    expect((await loop.lookup.getCurrentVersion('media-bucket', key))?.etag).toBe('etag-6');
  });

  it('records a duplicated event once and purges for it once', async () => {
    const key = 'images/duplicated.jpg';
    await deliver(s3Notification([change('created', key, 1)]));
    const overwrite = s3Notification([change('created', key, 2)]);
    const reports: unknown[] = [];
    const purged = await purgedDuring(async () => {
      for (let delivery = 0; delivery < 3; delivery += 1) reports.push(await deliver(overwrite));
    });
    expect(reports).toEqual([
      expect.objectContaining({ applied: 1, duplicate: 0 }),
      expect.objectContaining({ applied: 0, duplicate: 1 }),
      expect.objectContaining({ applied: 0, duplicate: 1 }),
    ]);
    expect(purged.sort()).toEqual([
      '/demo/duplicated.jpg*',
      '/demo/ik-seo/duplicated/*',
      '/shop/ik-seo/images/duplicated/*',
      '/shop/images/duplicated.jpg*',
    ]);
  });

  it('keeps a delete when a late create from before it arrives, and purges the delete once', async () => {
    const key = 'images/deleted.jpg';
    await deliver(s3Notification([change('created', key, 1)]));
    const purged = await purgedDuring(async () => {
      await deliver(s3Notification([change('deleted', key, 3)]));
      await deliver(s3Notification([change('created', key, 2)]));
    });
    expect(purged.sort()).toEqual([
      '/demo/deleted.jpg*',
      '/demo/ik-seo/deleted/*',
      '/shop/ik-seo/images/deleted/*',
      '/shop/images/deleted.jpg*',
    ]);
    expect(await loop.lookup.getVersionForEndpointPath('demo', 'deleted.jpg')).toMatchObject({
      deleted: true,
      updatedAt: T0 + 3000,
    });
  });

  it('purges a re-upload after a delete, where a 404 may be cached', async () => {
    const key = 'images/back-again.jpg';
    await deliver(s3Notification([change('created', key, 1)]));
    await deliver(s3Notification([change('deleted', key, 2)]));
    const purged = await purgedDuring(() => deliver(s3Notification([change('created', key, 3)])));
    expect(purged.sort()).toEqual([
      '/demo/back-again.jpg*',
      '/demo/ik-seo/back-again/*',
      '/shop/ik-seo/images/back-again/*',
      '/shop/images/back-again.jpg*',
    ]);
  });

  it('decodes unicode and "+"-encoded keys and purges their percent-encoded URLs', async () => {
    const key = 'images/été 2024/c++ 猫.png';
    await deliver(s3Notification([change('created', key, 1)]));
    const purged = await purgedDuring(() => deliver(s3Notification([change('created', key, 2)])));
    expect(purged.sort()).toEqual([
      '/demo/%C3%A9t%C3%A9%202024/c%2B%2B%20%E7%8C%AB.png*',
      '/demo/ik-seo/%C3%A9t%C3%A9%202024/c%2B%2B%20%E7%8C%AB/*',
      '/shop/ik-seo/images/%C3%A9t%C3%A9%202024/c%2B%2B%20%E7%8C%AB/*',
      '/shop/images/%C3%A9t%C3%A9%202024/c%2B%2B%20%E7%8C%AB.png*',
    ]);
    expect((await loop.lookup.getVersionForEndpointPath('demo', 'été 2024/c++ 猫.png'))?.etag).toBe('etag-2');
  });

  it('accepts EventBridge events as well as S3 notifications, ordered by the same sequencers', async () => {
    const key = 'images/via-eventbridge.jpg';
    await deliver(s3Notification([change('created', key, 1)]));
    const purged = await purgedDuring(() => deliver(eventBridgeEvent(change('created', key, 2))));
    expect(purged).toHaveLength(4);
    await deliver(eventBridgeEvent(change('deleted', key, 3)));
    expect(await loop.lookup.getCurrentVersion('media-bucket', key)).toMatchObject({ deleted: true });
  });

  it('records changes in a bucket whose endpoint has purgeOnChange off, without purging', async () => {
    await deliver(s3Notification([change('created', 'report.pdf', 1, 'archive-bucket')]));
    const purged = await purgedDuring(() =>
      deliver(s3Notification([change('created', 'report.pdf', 2, 'archive-bucket')])),
    );
    expect(purged).toEqual([]);
    expect(await loop.lookup.getVersionForEndpointPath('archive', 'report.pdf')).toMatchObject({
      etag: 'etag-2',
    });
  });

  it('records objects no endpoint serves, so an endpoint added later knows their versions', async () => {
    const report = await deliver(s3Notification([change('created', 'x.jpg', 1, 'unregistered-bucket')]));
    expect(report).toMatchObject({ applied: 1, purges: 0 });
    expect(await loop.lookup.getCurrentVersion('unregistered-bucket', 'x.jpg')).toBeDefined();
  });

  it('reports malformed records without failing the good ones', async () => {
    const payload = s3Notification([
      change('created', 'images/good.jpg', 1),
      change('created', 'images/bad.jpg', 2),
    ]);
    const [, bad] = payload.Records;
    if (bad) bad.s3.object.sequencer = 'not-hex';
    expect(await deliver(payload)).toMatchObject({ applied: 1, rejected: 1 });
  });

  it('answers undefined for unknown endpoints and objects it never saw', async () => {
    expect(await loop.lookup.getVersionForEndpointPath('nope', 'a.jpg')).toBeUndefined();
    expect(await loop.lookup.getVersionForEndpointPath('demo', 'never/seen.jpg')).toBeUndefined();
  });
});
