import { PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

const WEBP_ACCEPT = { accept: 'image/webp,image/*,*/*;q=0.8' };
let stack: TestStack & { dispose(): Promise<void> };

async function jpeg(width: number, height: number, colour = '#3366cc'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

beforeAll(async () => {
  stack = await startTestStack();
  await putObject(stack, DEMO_BUCKET, 'photos/cat.jpg', await jpeg(800, 600), 'image/jpeg');
  await putObject(stack, DEMO_BUCKET, 'fallback/missing.jpg', await jpeg(50, 50, '#ff0000'), 'image/jpeg');
  await putObject(
    stack,
    DEMO_BUCKET,
    'notes/readme.jpg',
    Buffer.from('this is text, not a JPEG'),
    'image/jpeg',
  );
  await putObject(stack, DEMO_BUCKET, 'unicode/café menu ✓.jpg', await jpeg(100, 80), 'image/jpeg');
  await putObject(stack, DEMO_BUCKET, 'outside.jpg', await jpeg(10, 10), 'image/jpeg');
  await stack.putEndpoint({
    id: 'product-images',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'photos' }],
    settings: { namedTransformations: { thumb: 'w-100,h-100' } },
  });
  await stack.putEndpoint({
    id: 'site',
    isDefault: true,
    origins: [{ type: 's3', bucket: DEMO_BUCKET }],
    settings: { defaultImage: 'fallback/missing.jpg', errorCacheTtlSeconds: 60 },
  });
});

afterAll(() => stack.dispose());

describe('the transform handler behind the local function URL', () => {
  it('serves a path-form transformation as a resized WebP with long-lived cache headers', async () => {
    const response = await stack.get('/product-images/tr:w-400,h-300/cat.jpg', WEBP_ACCEPT);
    expect(response.status).toBe(200);
    const metadata = await sharp(response.body).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 400, 300]);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('content-length')).toBe(String(response.body.byteLength));
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000');
    expect(response.headers.get('vary')).toBe('Accept');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('server-timing')).toMatch(
      /download;dur=[\d.]+.*transformation;dur=[\d.]+.*total;dur=[\d.]+/,
    );
  });

  it('gives the query form the same bytes as the path form', async () => {
    const pathForm = await stack.get('/product-images/tr:h-300,w-400/cat.jpg', WEBP_ACCEPT);
    const queryForm = await stack.get('/product-images/cat.jpg?tr=w-400,h-300', WEBP_ACCEPT);
    expect(queryForm.status).toBe(200);
    expect(queryForm.headers.get('etag')).toBe(pathForm.headers.get('etag'));
  });

  it('marks versioned URLs immutable', async () => {
    const response = await stack.get('/product-images/tr:w-100/cat.jpg?updatedAt=1700000000000');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('keeps the original format without an explicit or negotiated one and says nothing about Accept', async () => {
    const response = await stack.get('/product-images/tr:w-100,f-orig/cat.jpg', WEBP_ACCEPT);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('vary')).toBeNull();
  });

  it('answers If-None-Match with 304, no body and no render', async () => {
    const first = await stack.get('/product-images/tr:w-120/cat.jpg');
    stack.logs.length = 0;
    const second = await stack.get('/product-images/tr:w-120/cat.jpg', {
      'if-none-match': first.headers.get('etag') ?? '',
    });
    expect(second.status).toBe(304);
    expect(second.body.byteLength).toBe(0);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(stack.logs[0]?.timings.transformation).toBeUndefined();
  });

  it('revalidates with S3 conditionally: a matching If-None-Match downloads nothing', async () => {
    const first = await stack.get('/product-images/tr:w-110/cat.jpg');
    stack.logs.length = 0;
    const again = await stack.get('/product-images/tr:w-110/cat.jpg', {
      'if-none-match': first.headers.get('etag') ?? '',
    });
    expect(again.status).toBe(304);
    expect(stack.logs[0]).toMatchObject({ status: 304 });
    expect(stack.logs[0]?.bytesIn).toBeUndefined();
    expect(stack.logs[0]?.timings.transformation).toBeUndefined();
  });

  it('derives the ETag from the original, the transformation and the output, not from a render', async () => {
    const etagOf = async (path: string, headers: Record<string, string> = {}) =>
      (await stack.get(path, headers)).headers.get('etag');
    const webp = await etagOf('/product-images/tr:w-130/cat.jpg', WEBP_ACCEPT);
    expect(await etagOf('/product-images/tr:w-130/cat.jpg', WEBP_ACCEPT)).toBe(webp);
    expect(await etagOf('/product-images/tr:w-131/cat.jpg', WEBP_ACCEPT)).not.toBe(webp);
    expect(await etagOf('/product-images/tr:w-130/cat.jpg')).not.toBe(webp);
    await putObject(stack, DEMO_BUCKET, 'photos/cat.jpg', await jpeg(800, 600, '#cc3366'), 'image/jpeg');
    expect(await etagOf('/product-images/tr:w-130/cat.jpg', WEBP_ACCEPT)).not.toBe(webp);
  });

  it('answers a missing file with 404, the ENOENT code header and the short error TTL', async () => {
    const response = await stack.get('/product-images/tr:w-100/dog.jpg');
    expect(response.status).toBe(404);
    expect(response.headers.get('x-imgfront-error')).toBe('ENOENT');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('server-timing')).toMatch(/total;dur=/);
  });

  it('names the offending parameter in a 400 EINVALID', async () => {
    const response = await stack.get('/product-images/tr:w-400,zoom-2/cat.jpg');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('EINVALID');
    expect(response.body.toString()).toContain('zoom-2');
  });

  it('refuses outputs beyond the size cap with 400 ELIMIT', async () => {
    const response = await stack.get('/product-images/tr:w-9000/cat.jpg');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('ELIMIT');
  });

  it('refuses a text file served as image/jpeg with 400 EINVALID', async () => {
    const response = await stack.get('/site/notes/readme.jpg');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('EINVALID');
  });

  it('expands named transformations from the endpoint settings', async () => {
    const response = await stack.get('/product-images/tr:n-thumb/cat.jpg');
    const metadata = await sharp(response.body).metadata();
    expect([metadata.width, metadata.height]).toEqual([100, 100]);
  });

  it('serves unmatched first segments from the default endpoint, whole path included', async () => {
    const response = await stack.get('/photos/cat.jpg?tr=w-64');
    expect(response.status).toBe(200);
    expect((await sharp(response.body).metadata()).width).toBe(64);
  });

  it("serves the endpoint's default image when the original is missing", async () => {
    const response = await stack.get('/site/tr:w-20/no/such/file.jpg');
    expect(response.status).toBe(200);
    const { data } = await sharp(response.body).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
  });

  it('decodes unicode and space file names exactly once', async () => {
    const response = await stack.get(`/site/unicode/${encodeURIComponent('café menu ✓.jpg')}?tr=w-10`);
    expect(response.status).toBe(200);
  });

  it('never lets ".." or an encoded slash climb out of the endpoint prefix', async () => {
    const tricks = [
      '/product-images/../outside.jpg',
      '/product-images/%2e%2e/outside.jpg',
      '/product-images/x%2f..%2f..%2foutside.jpg',
      '/product-images/..%5coutside.jpg',
      '/product-images//outside.jpg',
    ];
    for (const path of tricks) {
      expect([path, await stack.rawGet(path)]).toEqual([path, { status: 400, errorCode: 'EINVALID' }]);
    }
  });

  it('answers HEAD with the GET headers and no render, OPTIONS with 204 and other methods with 405', async () => {
    const url = `${stack.url}/product-images/tr:w-50/cat.jpg`;
    const get = await fetch(url);
    stack.logs.length = 0;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('server-timing')).not.toMatch(/transformation/);
    expect(stack.logs[0]?.timings.transformation).toBeUndefined();
    const options = await fetch(url, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    const post = await fetch(`${stack.url}/product-images/cat.jpg`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('x-imgfront-error')).toBe('EMETHOD');
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('writes one structured log line per request with the canonical transformation and timings', async () => {
    stack.logs.length = 0;
    await stack.get('/product-images/tr:h-30,w-40/cat.jpg');
    expect(stack.logs).toHaveLength(1);
    expect(stack.logs[0]).toMatchObject({
      endpoint: 'product-images',
      path: 'cat.jpg',
      transformation: 'w-40,h-30',
      status: 200,
    });
    expect(stack.logs[0]?.timings.download).toBeGreaterThan(0);
    expect(stack.logs[0]?.timings.total).toBeGreaterThan(0);
  });
});

describe("an endpoint that honours the origin's Cache-Control", () => {
  beforeAll(async () => {
    await stack.s3.client.send(
      new PutObjectCommand({
        Bucket: DEMO_BUCKET,
        Key: 'short/news.jpg',
        Body: await jpeg(40, 40),
        CacheControl: 'public, max-age=600',
      }),
    );
    await stack.putEndpoint({
      id: 'news',
      origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'short' }],
      settings: { honourOriginCacheControl: true },
    });
  });

  it("uses the origin's lifetime for unversioned URLs", async () => {
    const response = await stack.get('/news/tr:w-20/news.jpg');
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
  });

  it('keeps versioned URLs immutable for the endpoint TTL', async () => {
    const response = await stack.get('/news/tr:w-20/news.jpg?v=2');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
