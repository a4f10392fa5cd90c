import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { createRegistryTable, startDynamo, type RunningDynamo } from '../../local/emulators';
import { recordBaselineVersion } from './baseline-version';
import type { ObjectEvent } from './object-event';
import { normalizeSequencer } from './sequencer';
import { createVersionStore, type VersionStore } from './version-store';

let dynamo: RunningDynamo;
let store: VersionStore;

beforeAll(async () => {
  dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, 'versions');
  store = createVersionStore({ client: dynamo.client, tableName: 'versions' });
});
afterAll(() => dynamo.close());

let keyCounter = 0;
const freshKey = () => `photos/item-${++keyCounter}.jpg`;

/** Event time grows with the sequencer, like S3's. */
const timeOf = (sequencer: string) => 1_700_000_000_000 + (parseInt(sequencer.slice(-6), 16) % 1_000_000);

function created(key: string, sequencer: string, etag = `etag-${sequencer}`): ObjectEvent {
  return {
    kind: 'created',
    bucket: 'media',
    key,
    sequencer: normalizeSequencer(sequencer),
    eventTimeMs: timeOf(sequencer),
    etag,
    size: 100,
  };
}

const deleted = (key: string, sequencer: string): ObjectEvent => ({
  kind: 'deleted',
  bucket: 'media',
  key,
  sequencer: normalizeSequencer(sequencer),
  eventTimeMs: timeOf(sequencer),
});

describe('version store', () => {
  it('records the first event of a key with no previous version', async () => {
    const key = freshKey();
    const result = await store.record(created(key, '0055AED6DCD90281E5'));
    expect(result.outcome).toBe('applied');
    const current = await store.getCurrent('media', key);
    expect(current).toMatchObject({ key, deleted: false, etag: 'etag-0055AED6DCD90281E5', size: 100 });
    expect(current?.previous).toBeUndefined();
    expect(current?.updatedAt).toBe(timeOf('0055AED6DCD90281E5'));
  });

  it('remembers the version an overwrite replaced', async () => {
    const key = freshKey();
    await store.record(created(key, 'A1', 'first'));
    const result = await store.record(created(key, 'A2', 'second'));
    expect(result).toMatchObject({
      outcome: 'applied',
      version: {
        etag: 'second',
        previous: { sequencer: normalizeSequencer('A1'), etag: 'first', deleted: false },
      },
    });
  });

  it('ignores a late, older event and keeps the newer version', async () => {
    const key = freshKey();
    await store.record(created(key, 'B2', 'newer'));
    const late = await store.record(created(key, 'B1', 'older'));
    expect(late.outcome).toBe('stale');
    expect((await store.getCurrent('media', key))?.etag).toBe('newer');
  });

  it('compares sequencers of different lengths by left-padding them', async () => {
    const key = freshKey();
    await store.record(created(key, 'FF', 'short-but-older'));
    expect((await store.record(created(key, '0100', 'longer-and-newer'))).outcome).toBe('applied');
    expect((await store.record(created(key, 'FE', 'older-still'))).outcome).toBe('stale');
    expect((await store.getCurrent('media', key))?.etag).toBe('longer-and-newer');
  });

  it('treats a repeated event as a duplicate that changes nothing, keeping what it first replaced', async () => {
    const key = freshKey();
    await store.record(created(key, 'C1', 'first'));
    await store.record(created(key, 'C2', 'second'));
    const again = await store.record(created(key, 'C2', 'second'));
    expect(again).toMatchObject({
      outcome: 'duplicate',
      version: { etag: 'second', previous: { etag: 'first' } },
    });
  });

  it('keeps a tombstone so a late create from before the delete cannot resurrect the object', async () => {
    const key = freshKey();
    await store.record(created(key, 'D1'));
    expect((await store.record(deleted(key, 'D3'))).outcome).toBe('applied');
    expect((await store.record(created(key, 'D2'))).outcome).toBe('stale');
    const current = await store.getCurrent('media', key);
    expect(current).toMatchObject({ deleted: true, sequencer: normalizeSequencer('D3') });
    expect(current?.etag).toBeUndefined();
    expect(current?.previous).toMatchObject({ deleted: false, etag: 'etag-D1' });
  });

  it('records a create after a delete as replacing a tombstone', async () => {
    const key = freshKey();
    await store.record(deleted(key, 'E1'));
    const result = await store.record(created(key, 'E2'));
    expect(result).toMatchObject({ outcome: 'applied', version: { previous: { deleted: true } } });
    expect(result.outcome === 'applied' && result.version.previous?.etag).toBeUndefined();
  });

  it('keeps each written version in the object history', async () => {
    const key = freshKey();
    const results = [await store.record(created(key, 'F1')), await store.record(created(key, 'F2'))];
    await store.writeHistory(
      results.flatMap((result) => (result.outcome === 'applied' ? [result.version] : [])),
    );
    const { Items } = await dynamo.client.send(
      new QueryCommand({
        TableName: 'versions',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
        ExpressionAttributeValues: { ':pk': { S: `OBJECT#media/${key}` }, ':history': { S: 'V#' } },
      }),
    );
    expect(Items?.map((item) => item.etag?.S)).toEqual(['etag-F1', 'etag-F2']);
  });

  it('records a baseline for an existing object that any real event overwrites', async () => {
    const key = freshKey();
    const baseline = { bucket: 'media', key, lastModifiedMs: 1_600_000_000_000, etag: '"listed"', size: 7 };
    expect((await recordBaselineVersion(store, baseline)).outcome).toBe('applied');
    const overwrite = await store.record(created(key, '01', 'uploaded'));
    expect(overwrite).toMatchObject({
      outcome: 'applied',
      version: { previous: { etag: 'listed', deleted: false } },
    });
    expect((await recordBaselineVersion(store, baseline)).outcome).toBe('stale');
  });

  it('answers undefined for an object it has never seen', async () => {
    expect(await store.getCurrent('media', 'never/seen.jpg')).toBeUndefined();
  });
});
