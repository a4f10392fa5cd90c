import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp from 'sharp';
import { DEFAULT_LIMITS, type ServiceConfig } from '../config/config';
import type { HttpResponse } from '../http/types';
import {
  createTestOriginClient,
  startTestOrigin,
  type TestOriginServer,
} from '../net/testing/test-origin-server';
import { endpointSchema } from '../registry/endpoint-schema';
import { createStaticSecretResolver } from '../secrets/static-secret-resolver';
import { createImageService } from '../service/image-service';
import { quadrantImage } from '../../test/support/images';
import { createOriginalsCache } from './originals-cache';
import { createOriginFactory } from './origin-factory';
import type { FetchContext } from './types';
import { createWebFolderOrigin } from './web/web-folder-origin';

/*
 * Originals kept by a warm process, seen from the origin's side: which requests reach a real
 * node:http origin, with which conditional headers, and which bytes come back.
 */

/** Files the origin serves, each with an ETag derived from its current bytes' generation. */
const files = new Map<string, { body: Buffer; etag: string }>();
const serve = (request: IncomingMessage, response: ServerResponse) => {
  const file = files.get((request.url ?? '').slice(1));
  if (!file) return response.writeHead(404).end();
  if (request.headers['if-none-match'] === file.etag) return response.writeHead(304).end();
  response.writeHead(200, { 'content-type': 'image/png', etag: file.etag }).end(file.body);
};

let server: TestOriginServer;
let clock = 1_000_000;
const now = () => clock;
const context = (extra: Partial<FetchContext> = {}): FetchContext => ({
  limits: DEFAULT_LIMITS,
  signal: new AbortController().signal,
  ...extra,
});
const path = (name: string) => ({ segments: [name] });
const hitsFor = (name: string) => server.requests.filter((seen) => seen.url === `/${name}`);

function cachedOrigin(maxBytes = 1024 * 1024) {
  const cache = createOriginalsCache({ maxBytes, ttlMs: 5000, now });
  const source = createWebFolderOrigin(
    { type: 'web', baseUrl: `${server.origin}/`, headers: {} },
    { client: createTestOriginClient(), secrets: createStaticSecretResolver({}) },
  );
  return { cache, origin: cache.wrap(source, 'demo') };
}

beforeEach(async () => {
  files.clear();
  files.set('a.png', { body: Buffer.from('first'), etag: '"1"' });
  server = await startTestOrigin(serve);
});
afterEach(() => server.close());

describe('originals cache', () => {
  it('answers a second request from memory, without reaching the origin', async () => {
    const { origin } = cachedOrigin();
    const first = await origin.fetch(path('a.png'), context());
    const second = await origin.fetch(path('a.png'), context());
    expect(second.body.toString()).toBe('first');
    expect(first.body.equals(second.body)).toBe(true);
    expect(hitsFor('a.png')).toHaveLength(1);
  });

  it('shares one download between concurrent requests for the same original', async () => {
    const { origin } = cachedOrigin();
    const bodies = await Promise.all([1, 2, 3].map(() => origin.fetch(path('a.png'), context())));
    expect(bodies.map((original) => original.body.toString())).toEqual(['first', 'first', 'first']);
    expect(hitsFor('a.png')).toHaveLength(1);
  });

  it('asks the origin conditionally after the TTL, and sees a changed original', async () => {
    const { origin } = cachedOrigin();
    await origin.fetch(path('a.png'), context());
    clock += 6000;
    expect((await origin.fetch(path('a.png'), context())).body.toString()).toBe('first');
    expect(hitsFor('a.png')[1]?.headers['if-none-match']).toBe('"1"');

    files.set('a.png', { body: Buffer.from('second'), etag: '"2"' });
    expect((await origin.fetch(path('a.png'), context())).body.toString()).toBe('first');
    clock += 6000;
    expect((await origin.fetch(path('a.png'), context())).body.toString()).toBe('second');
    expect((await origin.fetch(path('a.png'), context())).body.toString()).toBe('second');
    expect(hitsFor('a.png')).toHaveLength(3);
  });

  it('forgets an original its origin no longer has', async () => {
    const { origin } = cachedOrigin();
    await origin.fetch(path('a.png'), context());
    files.delete('a.png');
    clock += 6000;
    await expect(origin.fetch(path('a.png'), context())).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(origin.fetch(path('a.png'), context())).rejects.toMatchObject({ code: 'ENOENT' });
    expect(hitsFor('a.png')).toHaveLength(3);
  });

  it('revalidates at once for a URL version newer than the kept copy', async () => {
    const { origin } = cachedOrigin();
    await origin.fetch(path('a.png'), context());
    files.set('a.png', { body: Buffer.from('second'), etag: '"2"' });
    const older = await origin.fetch(path('a.png'), context({ fetchedAfterMs: clock - 1 }));
    expect(older.body.toString()).toBe('first');
    const newer = await origin.fetch(path('a.png'), context({ fetchedAfterMs: clock + 1 }));
    expect(newer.body.toString()).toBe('second');
    expect(hitsFor('a.png')).toHaveLength(2);
  });

  it('keeps at most its byte bound, evicting the least recently used', async () => {
    const names = ['b.png', 'c.png', 'd.png', 'e.png', 'f.png'];
    names.forEach((name, index) => files.set(name, { body: Buffer.alloc(3000, index), etag: `"${index}"` }));
    // Five 3 KB originals (4 KB with bookkeeping) in a 16 KB cache: the first one read goes.
    const { cache, origin } = cachedOrigin(16 * 1024);
    for (const name of names) await origin.fetch(path(name), context());
    expect(cache.bytes).toBeLessThanOrEqual(16 * 1024);
    await origin.fetch(path('c.png'), context());
    await origin.fetch(path('b.png'), context());
    expect(hitsFor('c.png')).toHaveLength(1);
    expect(hitsFor('b.png')).toHaveLength(2);
  });

  it('never keeps one original larger than a quarter of the cache', async () => {
    files.set('huge.png', { body: Buffer.alloc(5000), etag: '"h"' });
    const { cache, origin } = cachedOrigin(16 * 1024);
    await origin.fetch(path('huge.png'), context());
    await origin.fetch(path('huge.png'), context());
    expect(cache.bytes).toBe(0);
    expect(hitsFor('huge.png')).toHaveLength(2);
  });
});

describe('originals cache in the service', () => {
  const config: ServiceConfig = {
    registryTable: 'unused',
    registryCacheSeconds: 60,
    limits: DEFAULT_LIMITS,
    allowPrivateHosts: ['127.0.0.1'],
    s3Endpoint: undefined,
    dynamoEndpoint: undefined,
    purgeQueueUrl: undefined,
    distributionId: undefined,
    cloudFrontEndpoint: undefined,
    originalsCache: { maxBytes: 8 * 1024 * 1024, ttlSeconds: 60 },
  };

  async function serviceFor(id: string) {
    const endpoint = endpointSchema.parse({ id, origins: [{ type: 'web', baseUrl: `${server.origin}/` }] });
    const secrets = createStaticSecretResolver({});
    const service = createImageService({
      config,
      registry: {
        find: async (wanted) => (wanted === id ? endpoint : undefined),
        findDefault: async () => undefined,
      },
      originsFor: createOriginFactory(config, secrets),
      secrets,
      log: () => undefined,
    });
    return (target: string): Promise<HttpResponse> => {
      const [rawPath = '', rawQueryString = ''] = target.split('?');
      return service({ method: 'GET', rawPath, rawQueryString, headers: {}, requestId: 'test' });
    };
  }

  it('renders distinct widths and layers of one original from a single download', async () => {
    files.set('photo.png', {
      body: await quadrantImage({ width: 64, height: 48, format: 'png' }),
      etag: '"p"',
    });
    files.set('logo.png', { body: await quadrantImage({ width: 8, height: 8, format: 'png' }), etag: '"l"' });
    const get = await serviceFor('demo');
    for (const width of [10, 20, 30]) {
      const response = await get(`/demo/tr:w-${width},f-png/photo.png`);
      expect(response.status).toBe(200);
      expect((await sharp(response.body).metadata()).width).toBe(width);
    }
    for (const width of [16, 24]) {
      const response = await get(`/demo/tr:w-${width},f-png,l-image,i-logo.png,l-end/photo.png`);
      expect(response.status).toBe(200);
    }
    expect(hitsFor('photo.png')).toHaveLength(1);
    expect(hitsFor('logo.png')).toHaveLength(1);

    // A URL versioned after the download (`updatedAt`, epoch ms) makes the origin confirm the bytes.
    const later = await get(`/demo/tr:w-10,f-png/photo.png?updatedAt=${Date.now() + 60_000}`);
    expect(later.status).toBe(200);
    expect(hitsFor('photo.png')).toHaveLength(2);
    expect(hitsFor('photo.png')[1]?.headers['if-none-match']).toBe('"p"');
  });

  it('keeps nothing when the stage sets no cache', async () => {
    files.set('photo.png', {
      body: await quadrantImage({ width: 64, height: 48, format: 'png' }),
      etag: '"p"',
    });
    config.originalsCache = { maxBytes: 0, ttlSeconds: 60 };
    const get = await serviceFor('plain');
    expect((await get('/plain/tr:w-10/photo.png')).status).toBe(200);
    expect((await get('/plain/tr:w-20/photo.png')).status).toBe(200);
    expect(hitsFor('photo.png')).toHaveLength(2);
  });
});
