import { ImageError } from '../errors/image-error';
import { startKvsStub, type KvsStub } from '../../test/support/kvs-stub';
import { syncEdgeStore } from './edge-store-sync';
import { kvsStoreWriter } from './kvs-store-writer';

const STORE_ARN = 'arn:aws:cloudfront::123456789012:key-value-store/0a1b2c3d-edge';
const clientDefaults = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

let stub: KvsStub;
const writerFor = (target: KvsStub) =>
  kvsStoreWriter(STORE_ARN, { clientDefaults, endpoint: target.endpoint });
const entriesOf = (count: number, prefix: string) =>
  new Map(Array.from({ length: count }, (_, i) => [`${prefix}${String(i).padStart(3, '0')}`, `{"n":${i}}`]));

beforeEach(async () => {
  stub = await startKvsStub(STORE_ARN, { 'e:old': '{}', 'k:old:0': 'old-key', 'e:kept': '{"r":1}' });
});
afterEach(() => stub.close());

describe('kvsStoreWriter (real SDK, local KeyValueStore API)', () => {
  it('makes the store hold exactly the desired entries, signed with SigV4A, conditional on the ETag', async () => {
    const before = stub.etag;
    const desired = new Map([
      ['e:kept', '{"r":1}'],
      ['e:new', '{"w":[100,200]}'],
      ['d', 'new'],
    ]);
    expect(await syncEdgeStore(writerFor(stub), desired)).toEqual({ put: 2, deleted: 2 });
    expect(Object.fromEntries(stub.values)).toEqual(Object.fromEntries(desired));

    const update = stub.requests.find((request) => request.method === 'POST');
    expect(update).toMatchObject({
      path: `/key-value-stores/${STORE_ARN}/keys`,
      ifMatch: before,
      algorithm: 'AWS4-ECDSA-P256-SHA256',
      regionSet: '*',
      body: {
        Puts: expect.arrayContaining([
          { Key: 'e:new', Value: '{"w":[100,200]}' },
          { Key: 'd', Value: 'new' },
        ]),
        // The endpoint's settings go before the key they count.
        Deletes: [{ Key: 'e:old' }, { Key: 'k:old:0' }],
      },
    });
    expect(stub.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /key-value-stores/${STORE_ARN}/keys`,
      `GET /key-value-stores/${STORE_ARN}`,
      `POST /key-value-stores/${STORE_ARN}/keys`,
    ]);
  });

  it('reads every ListKeys page and writes in batches of 50, each on the previous batch’s ETag', async () => {
    const desired = entriesOf(120, 'e:ep');
    expect(await syncEdgeStore(writerFor(stub), desired)).toEqual({ put: 120, deleted: 3 });
    expect(Object.fromEntries(stub.values)).toEqual(Object.fromEntries(desired));
    const updates = stub.requests.filter((request) => request.method === 'POST');
    expect(updates.map(({ body }) => JSON.stringify(body).match(/"Key"/g)?.length)).toEqual([50, 50, 23]);
    expect(new Set(updates.map((request) => request.ifMatch)).size).toBe(3);

    const seen = stub.requests.length;
    expect(await syncEdgeStore(writerFor(stub), desired)).toEqual({ put: 0, deleted: 0 });
    const again = stub.requests.slice(seen);
    const pages = again.filter((request) => request.path.endsWith('/keys'));
    expect(pages.map((request) => request.query.NextToken !== undefined)).toEqual([false, true, true]);
    expect(again.some((request) => request.method === 'POST')).toBe(false);
  });

  it('retries a batch on a fresh ETag when another writer changed the store first', async () => {
    stub.conflictNext(1);
    await syncEdgeStore(writerFor(stub), new Map([['e:kept', '{}']]));
    expect(Object.fromEntries(stub.values)).toEqual({ 'e:kept': '{}' });
    const updates = stub.requests.filter((request) => request.method === 'POST');
    const describes = stub.requests.filter(
      (request) => request.method === 'GET' && !request.path.endsWith('/keys'),
    );
    expect([updates.length, describes.length]).toEqual([2, 2]);
    expect(updates[0]?.ifMatch).not.toBe(updates[1]?.ifMatch);
  });

  it('gives up after a bounded number of conflicts with a retryable ImageError', async () => {
    stub.conflictNext(10);
    const failure = await syncEdgeStore(writerFor(stub), new Map()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImageError);
    expect(failure).toMatchObject({ code: 'UNIDENTIFIED', status: 503, retryable: true });
    expect(stub.requests.filter((request) => request.method === 'POST')).toHaveLength(4);
    expect(stub.values.size).toBe(3);
  });

  it('reports a store it cannot reach as a retryable ImageError', async () => {
    await stub.close();
    const failure = await writerFor(stub)
      .entries()
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'UNIDENTIFIED', status: 503 });
    stub = await startKvsStub(STORE_ARN);
  });
});
