import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp from 'sharp';
import { DEMO_BUCKET } from '../../local/local-stack';
import { LOCAL_COPIES_BUCKET, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-names';
import { ENV } from '../../shared/config/env-names';
import { silentEventLog } from '../../shared/log/event-log';
import { startTestOrigin, type TestOriginServer } from '../../shared/net/testing/test-origin-server';
import { composeInvalidator } from '../../shared/purge/compose-invalidator';
import { endpointSchema, type EndpointInput } from '../../shared/registry/endpoint-schema';
import { parseImagePath } from '../../shared/url/path';
import { purgePathsFor } from '../../shared/versioning/purge-request';
import { quadrantImage } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

/*
 * `settings.keepOriginalCopy` through the real local stack: s3rver holds the copies bucket, a node:http
 * origin counts what reaches it, and purges run the invalidator as `imgfront purge --local` does. The
 * local stack keeps no originals in memory (IMGFRONT_ORIGINALS_CACHE_MB is 0 outside Lambda; set here
 * too), so every second request below is answered by the copy or by the origin, nothing else.
 */
let stack: TestStack & { dispose(): Promise<void> };
let origin: TestOriginServer;
let down = false;
const files = new Map<string, Buffer>();

function serve(request: IncomingMessage, response: ServerResponse) {
  // An origin that is down: the connection drops before any answer.
  if (down) return void request.socket.destroy();
  const file = files.get(decodeURIComponent((request.url ?? '').slice(1)));
  if (!file) return void response.writeHead(404).end();
  response
    .writeHead(200, {
      'content-type': 'image/png',
      etag: `"${file.byteLength}"`,
      'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT',
    })
    .end(file);
}

const KEEPING: EndpointInput = { id: 'slow', origins: [], settings: { keepOriginalCopy: true } };
const hits = (file: string) => origin.requests.filter((seen) => seen.url === `/${file}`).length;

async function copies(prefix: string) {
  const listed = await stack.s3.client.send(
    new ListObjectsV2Command({ Bucket: LOCAL_COPIES_BUCKET, Prefix: prefix }),
  );
  return (listed.Contents ?? []).map((object) => object.Key);
}

/** What `imgfront purge --local slow/<file>` sends: every cached URL of the file. */
async function purge(document: EndpointInput, file: string) {
  const endpoint = endpointSchema.parse(document);
  const paths = purgePathsFor({ endpoint, path: parseImagePath(file.split('/')) });
  const { invalidator } = composeInvalidator(stack.config, {
    clientDefaults: { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS },
    log: silentEventLog,
  });
  await invalidator.purgeNow({ paths });
}

beforeAll(async () => {
  origin = await startTestOrigin(serve);
  KEEPING.origins = [{ type: 'web', baseUrl: `${origin.origin}/` }];
  stack = await startTestStack({ env: { [ENV.originalsCacheMb]: '0' } });
  await stack.putEndpoint(KEEPING);
  await stack.putEndpoint({ id: 'plain', origins: KEEPING.origins });
});
afterAll(async () => {
  await stack.dispose();
  await origin.close();
});
beforeEach(() => {
  down = false;
});

describe('an endpoint with keepOriginalCopy', () => {
  it('fetches from the origin once, keeps the copy, and answers from it after that', async () => {
    files.set('photos/a.png', await quadrantImage({ width: 64, height: 48, format: 'png' }));
    const first = await stack.get('/slow/tr:w-32/photos/a.png');
    expect([first.status, (await sharp(first.body).metadata()).width]).toEqual([200, 32]);
    expect(hits('photos/a.png')).toBe(1);
    expect(await copies('slow/')).toEqual([expect.stringMatching(/^slow\/photos\/a\.png@[\w-]+$/)]);
    expect(stack.logs.at(-1)?.originalCopy).toBe('stored');

    const second = await stack.get('/slow/tr:w-16/photos/a.png');
    expect([second.status, (await sharp(second.body).metadata()).width]).toEqual([200, 16]);
    expect(second.headers.get('server-timing')).toContain('download');
    expect(hits('photos/a.png')).toBe(1);
    expect(stack.logs.at(-1)).toMatchObject({ originalCopy: 'hit', source: `${origin.origin}/photos/a.png` });

    // The copy answers with the original's bytes and description: the same URL, the same answer.
    const again = await stack.get('/slow/tr:w-32/photos/a.png');
    expect([again.body.equals(first.body), again.headers.get('etag')]).toEqual([
      true,
      first.headers.get('etag'),
    ]);
  });

  it('answers from the copy while the origin is down', async () => {
    files.set('down.png', await quadrantImage({ width: 40, height: 40, format: 'png' }));
    expect((await stack.get('/slow/tr:w-20/down.png')).status).toBe(200);
    down = true;
    const seen = origin.requests.length;
    const answer = await stack.get('/slow/tr:w-10/down.png');
    expect([answer.status, (await sharp(answer.body).metadata()).width]).toEqual([200, 10]);
    expect(origin.requests.length).toBe(seen);
    // Without a copy the same outage answers as before: the origin's failure, with its code.
    const missing = await stack.get('/slow/tr:w-10/never-kept.png');
    expect([missing.status, missing.headers.get('x-imgfront-error')]).toEqual([503, 'UNIDENTIFIED']);
  });

  it('asks the origin again after a purge of the path, and keeps the new bytes', async () => {
    files.set('purged.png', await quadrantImage({ width: 30, height: 30, format: 'png' }));
    await stack.get('/slow/tr:w-10/purged.png');
    files.set('purged.png', await quadrantImage({ width: 60, height: 60, format: 'png' }));
    await stack.get('/slow/tr:w-10/purged.png');
    expect(hits('purged.png')).toBe(1);

    await purge(KEEPING, 'purged.png');
    expect(await copies('slow/purged.png')).toEqual([]);
    expect(await copies('slow/photos/')).toHaveLength(1); // other files keep theirs
    const fresh = await stack.get('/slow/purged.png');
    expect((await sharp(fresh.body).metadata()).width).toBe(60);
    expect(hits('purged.png')).toBe(2);
    expect(await copies('slow/purged.png')).toHaveLength(1);
  });

  it('asks the origin for a versioned URL newer than the copy', async () => {
    files.set('versioned.png', await quadrantImage({ width: 30, height: 30, format: 'png' }));
    await stack.get('/slow/versioned.png');
    await stack.get(`/slow/versioned.png?updatedAt=${Date.now() + 60_000}`);
    expect(hits('versioned.png')).toBe(2);
  });

  it('passes a missing file on as the origin answers it, and keeps nothing', async () => {
    const missing = await stack.get('/slow/nothing-here.png');
    expect([missing.status, missing.headers.get('x-imgfront-error')]).toEqual([404, 'ENOENT']);
    expect(missing.headers.get('server-timing')).not.toBeNull();
    expect(await copies('slow/nothing-here')).toEqual([]);
  });
});

describe('endpoints without the setting', () => {
  it('never write copies', async () => {
    files.set('plain.png', await quadrantImage({ width: 30, height: 30, format: 'png' }));
    await stack.get('/plain/tr:w-10/plain.png');
    await stack.get('/plain/tr:w-12/plain.png');
    expect(hits('plain.png')).toBe(2);
    expect(await copies('plain/')).toEqual([]);
    expect(stack.logs.at(-1)?.originalCopy).toBeUndefined();
  });

  it('refuses it on an endpoint whose origins are all S3 buckets, naming the setting', async () => {
    await expect(
      stack.putEndpoint({
        id: 'bucket-only',
        origins: [{ type: 's3', bucket: DEMO_BUCKET }],
        settings: { keepOriginalCopy: true },
      }),
    ).rejects.toThrow(
      'settings.keepOriginalCopy: keeps copies of web and webProxy originals only, and this endpoint has only s3 origins',
    );
  });
});
