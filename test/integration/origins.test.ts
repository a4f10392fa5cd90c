import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { pngChunk } from '../../fuzz/image-headers';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack & { dispose(): Promise<void> };
let web: Server;
let webUrl: string;
const webHits: string[] = [];

const png = (width: number, height: number, colour: string) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();

/** A PNG whose header claims 30000x30000 pixels but carries almost no data (a pixel flood). */
function pixelFloodPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(30000, 0);
  header.writeUInt32BE(30000, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(100))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  const webFiles: Record<string, Buffer> = {
    '/assets/only-on-web.png': await png(60, 40, '#00ff00'),
    '/assets/both.png': await png(60, 40, '#0000ff'),
    '/assets/caf%C3%A9%20menu.png': await png(30, 20, '#00ff00'),
  };
  web = createServer((request, response) => {
    webHits.push(request.url ?? '');
    if (request.url?.startsWith('/locked/')) return void response.writeHead(403).end();
    if (request.url === '/assets/redirect.png') {
      return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    }
    const body = webFiles[request.url ?? ''];
    if (!body) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'image/png' }).end(body);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;

  stack = await startTestStack();
  await putObject(stack, DEMO_BUCKET, 'media/both.png', await png(60, 40, '#ff0000'));
  await putObject(stack, DEMO_BUCKET, 'media/flood.png', pixelFloodPng());
  const jpeg = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'media/truncated.jpg', jpeg.subarray(0, jpeg.length / 2));
  await stack.putEndpoint({
    id: 'fallback',
    origins: [
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'media/' },
      { type: 'web', baseUrl: `${webUrl}/assets/` },
    ],
  });
  await stack.putEndpoint({
    id: 'locked-first',
    origins: [
      { type: 'web', baseUrl: `${webUrl}/locked/` },
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'media/' },
    ],
  });
  await stack.putEndpoint({
    id: 'no-bucket',
    origins: [{ type: 's3', bucket: 'no-such-bucket', prefix: '' }],
  });
  await stack.putEndpoint({
    id: 'proxy',
    origins: [{ type: 'webProxy', allowedHosts: [new URL(webUrl).host] }],
  });
  await stack.putEndpoint({
    id: 'bucket-then-proxy',
    origins: [
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'media/' },
      { type: 'webProxy', allowedHosts: [new URL(webUrl).host] },
    ],
  });
});

afterAll(async () => {
  await stack.dispose();
  await new Promise((resolve) => web.close(resolve));
});

async function red(response: { body: Buffer }): Promise<number> {
  const { data } = await sharp(response.body).raw().toBuffer({ resolveWithObject: true });
  return data[0] ?? -1;
}

describe('origins tried in order', () => {
  it('serves from the first origin that has the file', async () => {
    const response = await stack.get('/fallback/tr:f-png/both.png');
    expect(response.status).toBe(200);
    expect(await red(response)).toBeGreaterThan(200);
  });

  it('falls back to the next origin only when the file is not found', async () => {
    const response = await stack.get('/fallback/tr:w-30/only-on-web.png');
    expect(response.status).toBe(200);
    expect((await sharp(response.body).metadata()).width).toBe(30);
  });

  it('re-encodes unicode and space names for web origins', async () => {
    const response = await stack.get(`/fallback/${encodeURIComponent('café menu.png')}`);
    expect(response.status).toBe(200);
    expect(webHits).toContain('/assets/caf%C3%A9%20menu.png');
  });

  it('reports 404 ENOENT when no origin has the file', async () => {
    const response = await stack.get('/fallback/nowhere.png');
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([404, 'ENOENT']);
  });

  it('stops at an origin that refuses access instead of hiding it behind the next one', async () => {
    const response = await stack.get('/locked-first/both.png');
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([404, 'EACCES']);
  });

  it('reports a missing bucket as a refusal, not as a missing file', async () => {
    const response = await stack.get('/no-bucket/a.png');
    expect(response.headers.get('x-imgfront-error')).toBe('EACCES');
  });

  it('never follows a redirect into a private address', async () => {
    const response = await stack.get('/fallback/redirect.png');
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([404, 'ECONNREFUSED']);
  });

  it('proxies only hosts on the allow-list', async () => {
    const allowed = await stack.get(`/proxy/${webUrl}/assets/both.png`);
    expect(allowed.status).toBe(200);
    const refused = await stack.get('/proxy/http://169.254.169.254/latest/meta-data/');
    expect([refused.status, refused.headers.get('x-imgfront-error')]).toEqual([400, 'EINVALID']);
    const relative = await stack.get('/proxy/both.png');
    expect([relative.status, relative.body.toString().trim()]).toEqual([
      400,
      'The proxied URL must start with http:// or https://',
    ]);
  });

  it('passes over a web proxy for a relative path: a file missing from the bucket is a 404', async () => {
    const missing = await stack.get('/bucket-then-proxy/nowhere.png');
    expect([missing.status, missing.headers.get('x-imgfront-error')]).toEqual([404, 'ENOENT']);
    expect((await stack.get('/bucket-then-proxy/both.png')).status).toBe(200);
    expect((await stack.get(`/bucket-then-proxy/${webUrl}/assets/only-on-web.png`)).status).toBe(200);
  });
});

describe('hostile originals', () => {
  it('refuses a pixel-flood header before decoding with 400 ELIMIT', async () => {
    const response = await stack.get('/fallback/flood.png');
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([400, 'ELIMIT']);
  });

  it('refuses a truncated JPEG with 400 EINVALID', async () => {
    const response = await stack.get('/fallback/tr:w-50/truncated.jpg');
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([400, 'EINVALID']);
  });
});

describe('loops', () => {
  it('refuses an origin that points back at imgfront instead of fetching itself', async () => {
    await stack.putEndpoint({ id: 'loop', origins: [{ type: 'web', baseUrl: `${stack.url}/loop/` }] });
    const response = await stack.get('/loop/a.png');
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('public, max-age=10');
    const looped = stack.logs.find((record) => record.error?.startsWith('Request loop'));
    expect(looped).toMatchObject({ status: 400, errorCode: 'EINVALID' });
  });
});
