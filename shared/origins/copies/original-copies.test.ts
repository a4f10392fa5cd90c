import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startS3Proxy, type S3Proxy } from '../../../cli/test/support/s3-proxy';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startS3, type RunningS3 } from '../../../local/emulators';
import { quadrantImage } from '../../../test/support/images';
import { DEFAULT_LIMITS, type ServiceConfig } from '../../config/config';
import type { RequestLogRecord } from '../../log/request-log';
import { startTestOrigin, type TestOriginServer } from '../../net/testing/test-origin-server';
import { endpointSchema } from '../../registry/endpoint-schema';
import { createStaticSecretResolver } from '../../secrets/static-secret-resolver';
import { createImageService } from '../../service/image-service';
import { createOriginFactory } from '../origin-factory';

/*
 * The copies bucket is an optimisation, never a new way to fail: through the service, with s3rver behind
 * a proxy that can refuse writes, and a node:http origin that counts its requests.
 */
const BUCKET = 'copies';
let directory: string;
let s3: RunningS3;
let proxy: S3Proxy;
let origin: TestOriginServer;
let photo: Buffer;

const serve = (request: IncomingMessage, response: ServerResponse) => {
  if (request.url !== '/photo.png') return void response.writeHead(404).end();
  response
    .writeHead(200, { 'content-type': 'image/png', etag: '"p1"', 'cache-control': 'max-age=60' })
    .end(photo);
};

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'imgfront-copies-'));
  s3 = await startS3({ directory, buckets: [BUCKET] });
  proxy = await startS3Proxy(s3.endpoint);
  origin = await startTestOrigin(serve);
  photo = await quadrantImage({ width: 64, height: 48, format: 'png' });
});
afterAll(async () => {
  await Promise.all([origin.close(), proxy.close(), s3.close()]);
  rmSync(directory, { recursive: true, force: true });
});

/** The service with one endpoint keeping copies in `bucket`, reached through the proxy. */
function serviceWith(bucket: string, logs: RequestLogRecord[]) {
  const config: ServiceConfig = {
    registryTable: 'unused',
    registryCacheSeconds: 60,
    limits: DEFAULT_LIMITS,
    allowPrivateHosts: ['127.0.0.1'],
    s3Endpoint: proxy.url,
    dynamoEndpoint: undefined,
    purgeQueueUrl: undefined,
    distributionId: undefined,
    cloudFrontEndpoint: undefined,
    originalCopiesBucket: bucket,
  };
  const endpoint = endpointSchema.parse({
    id: 'slow',
    origins: [{ type: 'web', baseUrl: `${origin.origin}/` }],
    settings: { keepOriginalCopy: true },
  });
  const secrets = createStaticSecretResolver({});
  const service = createImageService({
    config,
    registry: {
      find: async (id) => (id === 'slow' ? endpoint : undefined),
      findDefault: async () => undefined,
    },
    originsFor: createOriginFactory(config, secrets, {
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    }),
    secrets,
    log: (record) => logs.push(record),
  });
  return (rawPath: string) =>
    service({ method: 'GET', rawPath, rawQueryString: '', headers: {}, requestId: 'test' });
}

const keysIn = async (bucket: string) =>
  ((await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

describe('kept copies when their bucket fails', () => {
  it('answers 200 from the origin when the copy cannot be written, and reports it', async () => {
    const logs: RequestLogRecord[] = [];
    const get = serviceWith(BUCKET, logs);
    proxy.failPuts(2); // both attempts of the copy's PutObject
    const response = await get('/slow/tr:w-32/photo.png');
    expect([response.status, (await sharp(response.body).metadata()).width]).toEqual([200, 32]);
    expect(response.headers['server-timing']).toBeDefined();
    expect(logs[0]).toMatchObject({ status: 200, originalCopy: 'write-failed' });
    expect(logs[0]?.originalCopyError).toContain('SlowDown');
    expect(await keysIn(BUCKET)).toEqual([]);

    // The next miss writes it, with what the origin said about the bytes.
    await get('/slow/tr:w-16/photo.png');
    expect(logs[1]?.originalCopy).toBe('stored');
    const [key] = await keysIn(BUCKET);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect([head.ContentType, head.ContentLength]).toEqual(['image/png', photo.byteLength]);
    expect(head.Metadata).toMatchObject({
      'origin-etag': encodeURIComponent('"p1"'),
      'origin-cache-control': encodeURIComponent('max-age=60'),
    });
    const seen = origin.requests.length;
    expect((await get('/slow/tr:w-8/photo.png')).status).toBe(200);
    expect([origin.requests.length, logs[2]?.originalCopy]).toEqual([seen, 'hit']);
  });

  it('asks the origin when the copies bucket cannot be read, and answers 200', async () => {
    const logs: RequestLogRecord[] = [];
    const get = serviceWith('no-such-bucket', logs);
    const seen = origin.requests.length;
    const response = await get('/slow/tr:w-20/photo.png');
    expect([response.status, (await sharp(response.body).metadata()).width]).toEqual([200, 20]);
    expect(origin.requests.length).toBe(seen + 1);
    expect(logs[0]).toMatchObject({ status: 200, originalCopy: 'read-failed' });
    expect(logs[0]?.originalCopyError).toContain('NoSuchBucket');
  });
});
